// The language the console speaks right now, as Svelte state: components call `t(…)` in their markup and
// re-render when the agent switches language in Settings.
import { CATALOGUES, translatorFor } from "./catalogues.ts";
import { en } from "./en.ts";
import { createTranslator, type Locale, type MessageKey, type Params, type Translator } from "./translate.ts";

let current = $state<Translator>(createTranslator("en", en));
// Compared without reading the state, so effects that set the locale don't come to depend on it.
let active: Locale = "en";

export function setLocale(locale: Locale): void {
  if (active === locale) return;
  active = locale;
  current = createTranslator(locale, CATALOGUES[locale]);
  document.documentElement.lang = locale;
}

/** The active translator (date, time and number formats in the agent's language). */
export function tr(): Translator {
  return current;
}

export function t(key: MessageKey, params?: Params): string {
  return current.t(key, params);
}

export { translatorFor };

export type { Locale, MessageKey };
