// What support answers a wallet user who pasted a recovery phrase or a private key: the suggested reply the
// guard's banner offers, in the WALLET's language (not the agent's: these words go to the user), and the guess
// of that language from what the wallet wrote. The reply never repeats the secret and never asks for it: it
// says it was exposed and tells the user to move their funds to a new wallet now.
import type { SecretKind } from "./secrets.ts";
import type { WordlistName } from "./wordlists.ts";

export type ReplyLanguage = "en" | "fr";

const REPLIES: Record<ReplyLanguage, Record<"phrase" | "key", string>> = {
  en: {
    phrase:
      "For your safety, we have hidden the message with your recovery phrase. Please consider it exposed: " +
      "anyone who sees a recovery phrase can take everything in the wallet. Create a new wallet now, write " +
      "its new recovery phrase on paper, and move your funds and credentials to it. Never share a recovery " +
      "phrase with anyone — our team will never ask you for it.",
    key:
      "For your safety, we have hidden the message with your private key. Please consider it exposed: anyone " +
      "who has a private key can take the funds it controls. Create a new wallet now and move your funds to " +
      "it. Never share a private key with anyone — our team will never ask you for it.",
  },
  fr: {
    phrase:
      "Pour votre sécurité, nous avons masqué le message contenant votre phrase de récupération. Considérez-la " +
      "comme compromise : quiconque voit une phrase de récupération peut prendre tout ce que contient le " +
      "portefeuille. Créez dès maintenant un nouveau portefeuille, notez sa nouvelle phrase de récupération " +
      "sur papier et transférez-y vos fonds et vos attestations. Ne communiquez jamais une phrase de " +
      "récupération à qui que ce soit : notre équipe ne vous la demandera jamais.",
    key:
      "Pour votre sécurité, nous avons masqué le message contenant votre clé privée. Considérez-la comme " +
      "compromise : quiconque possède une clé privée peut prendre les fonds qu'elle contrôle. Créez dès " +
      "maintenant un nouveau portefeuille et transférez-y vos fonds. Ne communiquez jamais une clé privée à " +
      "qui que ce soit : notre équipe ne vous la demandera jamais.",
  },
};

export function suggestedReply(kind: SecretKind, language: ReplyLanguage): string {
  return REPLIES[language][kind === "private-key" ? "key" : "phrase"];
}

// Short, frequent French words that English does not use (accents already removed), and the reverse.
const FRENCH = /* @__PURE__ */ new Set(
  /* @__PURE__ */ "je tu il nous vous le la les un une des du de et est pas ne mon ma mes votre vos bonjour merci oui avec pour dans sur ai avez suis cest jai".split(
    " ",
  ),
);
const ENGLISH = /* @__PURE__ */ new Set(
  /* @__PURE__ */ "i you he we the a an and is are not my your hello hi thanks thank yes with for in on have has am it this that please".split(
    " ",
  ),
);

/**
 * The language to answer a wallet in: the phrase's own word list when it is French (a French phrase means a
 * French wallet app), otherwise the wallet's recent messages by their most common small words; English
 * when nothing tells.
 */
export function replyLanguage(walletTexts: readonly string[], phraseLanguage?: WordlistName): ReplyLanguage {
  if (phraseLanguage === "french") return "fr";
  let fr = 0;
  let en = 0;
  for (const text of walletTexts) {
    const words = text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/'/g, "")
      .split(/[^a-z]+/);
    for (const w of words) {
      if (FRENCH.has(w)) fr++;
      if (ENGLISH.has(w)) en++;
    }
  }
  return fr > en ? "fr" : "en";
}
