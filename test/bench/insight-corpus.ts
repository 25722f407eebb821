// The search and export benchmarks' generated support chat: French and English words drawn by a Zipf-like law,
// sentences of 6–21 words, an occasional reference code, an image file name per conversation. Plain TypeScript
// with no Node import, so the same generator feeds the index in Node (insight.ts) and in Chromium (the paint
// page in search-paint/), rather than two copies drifting apart.
import type { SearchDoc } from "../../renderer/core/search/documents.ts";

const FR = `bonjour merci portefeuille attestation identité réinitialiser mot passe application téléphone
  sauvegarde clé récupération erreur connexion impossible ouvrir mise jour version compte diplôme permis
  vérifier vérification envoyer reçu problème aide urgent depuis hier matin soir écran bloqué chargement
  crédential émetteur présentation partager refusé accepté code QR scanner caméra notification paramètres
  sécurité biométrie empreinte visage PIN oublié supprimé réinstaller perdu nouveau ancien transfert données`;
const EN = `hello thanks wallet credential identity reset password app phone backup recovery key error login
  cannot open update version account diploma license verify verification send received problem help urgent
  since yesterday morning evening screen stuck loading issuer presentation share refused accepted code scan
  camera notification settings security biometric fingerprint face forgot deleted reinstall lost new old
  transfer data please still waiting answer question issue fixed works again`;
const FILLER =
  "le la les un une de des du et ou mais donc je vous il elle nous the a an of to and is it my your".split(
    " ",
  );
const VOCAB = [...FR.split(/\s+/), ...EN.split(/\s+/)].filter(Boolean);

/** The first day of the generated history (UTC). */
export const CORPUS_START = Date.UTC(2026, 0, 1);

/** A word by a Zipf-like law: common words often, rare ones seldom, like real support chat. */
function word(): string {
  const i = Math.floor(VOCAB.length * Math.random() ** 2.2);
  return VOCAB[i]!;
}

/** Three random bytes as hex (Web Crypto: the same in Node and in the browser). */
function refCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function sentence(): string {
  const n = 6 + Math.floor(Math.random() * 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(Math.random() < 0.35 ? FILLER[i % FILLER.length]! : word());
  if (Math.random() < 0.05) words.push(`ref-${refCode()}`);
  return `${words.join(" ")}${Math.random() < 0.3 ? " ?" : "."}`;
}

/** The room ID of generated conversation `c`. */
export const corpusRoomId = (c: number): string => `!room${c}:bench`;

/**
 * `conversations` × `perConversation` search documents: every third message from support, the eighth an image
 * (its file name is what is indexed), one minute between conversations and a second between messages.
 */
export function generateMessages(conversations: number, perConversation: number): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (let c = 0; c < conversations; c++) {
    for (let m = 0; m < perConversation; m++) {
      docs.push({
        id: `$ev${c}_${m}`,
        roomId: corpusRoomId(c),
        ts: CORPUS_START + c * 60_000 + m * 1000,
        from: m % 3 === 2 ? "support" : "wallet",
        kind: m === 7 ? "image" : "text",
        text: m === 7 ? `photo_${c}.jpg` : sentence(),
      });
    }
  }
  return docs;
}
