// A wallet's name in the agent's language. The core labels every wallet "Wallet 7f3k·c2" (core/labels.ts: stable,
// searchable, kept in the sealed snapshot, the same on every device); the screen says it in the agent's
// language ("Portefeuille 7f3k·c2"), the code unchanged so agents of different languages can name it to each
// other.
import { t } from "../i18n/index.svelte.ts";

const CORE_LABEL = /^Wallet (\S+)$/;

export function walletName(label: string): string {
  const code = CORE_LABEL.exec(label)?.[1];
  return code ? t("wallet.name", { code }) : label;
}

/**
 * The name in two parts, for a narrow row: the word may give way (an ellipsis), the code never — it is what
 * tells wallets apart.
 */
export function walletNameParts(label: string): { word: string; code: string } {
  const code = CORE_LABEL.exec(label)?.[1];
  if (!code) return { word: label, code: "" };
  const [before = "", after = ""] = t("wallet.name", { code: "\u0000" }).split("\u0000");
  return after ? { word: walletName(label), code: "" } : { word: before, code };
}
