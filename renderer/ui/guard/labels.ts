// The guard's words for what it found (word list names, key formats), shared by its components.
import type { SecretSummary } from "../../core/conversation/items.ts";
import type { MessageKey } from "../i18n/translate.ts";
import { t } from "../i18n/index.svelte.ts";

export function hiddenTitle(secret: SecretSummary): string {
  return t(secret.kind === "private-key" ? "guard.hidden.key" : "guard.hidden.mnemonic");
}

/** "24 words, French word list" or "Format: WIF"; empty when the guard could not say more. */
export function hiddenDetail(secret: SecretSummary): string {
  if (secret.kind === "mnemonic" && secret.language && secret.wordCount) {
    const language = t(`guard.language.${secret.language}` as MessageKey);
    return t("guard.hidden.detail.mnemonic", { count: secret.wordCount, language });
  }
  if (secret.kind === "private-key" && secret.format) {
    return t("guard.hidden.detail.key", { format: t(`guard.format.${secret.format}` as MessageKey) });
  }
  return "";
}

/** The text cut into plain and secret pieces, for showing a revealed message with its secret marked. */
export function pieces(
  text: string,
  ranges: Array<[number, number]>,
): Array<{ text: string; secret: boolean }> {
  const out: Array<{ text: string; secret: boolean }> = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) out.push({ text: text.slice(at, start), secret: false });
    out.push({ text: text.slice(start, end), secret: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), secret: false });
  return out;
}
