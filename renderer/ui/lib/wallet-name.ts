// A wallet's name in the agent's language. The core labels every wallet "Wallet 7f3k-c2xq-9pm" (keyed,
// core/labels.ts) or, on a device without the team's label key yet, "Wallet 7f3k·c2" (provisional): stable,
// searchable, kept in the sealed snapshot. The screen says it in the agent's language ("Portefeuille
// 7f3k-c2xq-9pm"), the code unchanged so agents of different languages can name it to each other.
import { tr } from "../i18n/index.svelte.ts";
import type { Translator } from "../i18n/translate.ts";

// The code is one word of letters, digits and its separators ('-' keyed, '·' provisional).
const CORE_LABEL = /^Wallet (\S+)$/;

/** `words` defaults to the agent's language (components re-render when it changes). */
export function walletName(label: string, words: Translator = tr()): string {
  const code = CORE_LABEL.exec(label)?.[1];
  return code ? words.t("wallet.name", { code }) : label;
}

/**
 * The name in two parts, for a narrow row: the word may give way (an ellipsis), the code never — it is what
 * tells wallets apart. A language that puts the word after the code gets it whole in `word`.
 */
export function walletNameParts(label: string, words: Translator = tr()): { word: string; code: string } {
  const code = CORE_LABEL.exec(label)?.[1];
  if (!code) return { word: label, code: "" };
  const [before = "", after = ""] = words.t("wallet.name", { code: "\u0000" }).split("\u0000");
  return after ? { word: walletName(label, words), code: "" } : { word: before, code };
}
