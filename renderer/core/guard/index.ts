// The seed-phrase and key guard: what the rest of the console uses. Incoming, `detectSecrets` finds recovery
// phrases and private keys in a wallet's message (so it is hidden everywhere it could be seen or stored);
// outgoing, `detectSecretRequest` finds a draft that asks a wallet user for one (so it is held); and the
// suggested reply that tells the user what to do, in their language.
import { wordLookup } from "./wordlists.ts";

export {
  detectSecrets,
  textOfHtml,
  type SecretDetection,
  type SecretKind,
  type SecretMatch,
} from "./secrets.ts";
export { detectSecretRequest, type RequestedSecret, type SecretRequest } from "./request.ts";
export { replyLanguage, suggestedReply, type ReplyLanguage } from "./replies.ts";
export type { WordlistName } from "./wordlists.ts";

/** Builds the word-list lookups (≈ 0.1–0.3 s once) ahead of the first message, e.g. when the session starts idle. */
export function prepareGuard(): void {
  wordLookup();
}
