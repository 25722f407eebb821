// Every language's catalogue, and a translator for any of them — plain TypeScript (no Svelte state), so the
// transcript's words can be made outside the UI too (tests, the benchmark).
import { en } from "./en.ts";
import { fr } from "./fr.ts";
import { createTranslator, type Catalogue, type Locale, type Translator } from "./translate.ts";

export const CATALOGUES: Record<Locale, Catalogue> = { en, fr };

/** A translator for another language than the agent's (a transcript exported in French from an English UI). */
export function translatorFor(locale: Locale): Translator {
  return createTranslator(locale, CATALOGUES[locale]);
}
