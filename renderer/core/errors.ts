// Every error the core hands the UI, as one discriminated union: `domain` says which module spoke, `kind` (or a
// media/broadcast `reason`) says what happened. The UI switches on them exhaustively (ui/lib/errors.ts maps every
// code to words), so a new code is a compile error until it has words in English and French.
import type { BroadcastError } from "./broadcast/errors.ts";
import type { ConversationError } from "./conversation/errors.ts";
import type { MediaError } from "./media/errors.ts";
import type { RecoveryError } from "./recovery/errors.ts";
import type { HumanError } from "./session/errors.ts";

export type CoreError = HumanError | RecoveryError | MediaError | BroadcastError | ConversationError;

const DOMAINS = new Set(["session", "recovery", "media", "broadcast", "conversation"]);

export function isCoreError(err: unknown): err is CoreError {
  return (
    err instanceof Error && DOMAINS.has(String((err as { domain?: unknown }).domain)) && "message" in err
  );
}
