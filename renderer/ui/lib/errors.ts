// Errors from the core, in the agent's language. Every core error is a CoreError with a `domain` and a code; each
// domain's codes map to a message key in a Record, so a code the core adds without words here fails to compile.
import type { BroadcastErrorReason } from "../../core/broadcast/errors.ts";
import type { ConversationErrorKind } from "../../core/conversation/errors.ts";
import { isCoreError, type CoreError } from "../../core/errors.ts";
import type { MediaErrorReason } from "../../core/media/errors.ts";
import type { RecoveryErrorKind } from "../../core/recovery/errors.ts";
import type { ErrorKind } from "../../core/session/errors.ts";
import type { MessageKey, Translator } from "../i18n/translate.ts";

const SESSION: Record<ErrorKind, MessageKey> = {
  "invalid-user-id": "error.invalid-user-id",
  "wrong-password": "error.wrong-password",
  "unknown-user": "error.unknown-user",
  deactivated: "error.deactivated",
  "rate-limited": "error.rate-limited",
  unreachable: "error.unreachable",
  "not-matrix": "error.not-matrix",
  "no-password-login": "error.no-password-login",
  "session-ended": "error.session-ended",
  "homeserver-error": "error.homeserver-error",
};

const RECOVERY: Record<RecoveryErrorKind, MessageKey> = {
  "not-a-recovery-key": "recoveryError.not-a-recovery-key",
  "wrong-recovery-key": "recoveryError.wrong-recovery-key",
  "no-recovery-set-up": "recoveryError.no-recovery-set-up",
  "password-needed": "recoveryError.password-needed",
  "wrong-password": "recoveryError.wrong-password",
  unreachable: "recoveryError.unreachable",
  "encryption-unavailable": "recoveryError.encryption-unavailable",
  failed: "recoveryError.failed",
};

const MEDIA: Record<MediaErrorReason, MessageKey> = {
  "too-large": "media.too-large",
  "not-an-image": "media.not-an-image",
  "too-many-pixels": "media.too-many-pixels",
  "decrypt-failed": "media.decrypt-failed",
  unavailable: "media.unavailable",
  network: "media.network",
  malformed: "media.malformed",
};

const BROADCAST: Record<BroadcastErrorReason, MessageKey> = {
  "invalid-address": "broadcastError.invalid-address",
  "no-such-alias": "broadcastError.no-such-alias",
  "room-not-found": "broadcastError.room-not-found",
  "not-allowed": "broadcastError.not-allowed",
  unreachable: "broadcastError.unreachable",
  "not-joined": "broadcastError.not-joined",
  encrypted: "broadcastError.encrypted",
  "alias-taken": "broadcastError.alias-taken",
  "invalid-alias": "broadcastError.invalid-alias",
  "alias-wrong-server": "broadcastError.alias-wrong-server",
  "server-forces-encryption": "broadcastError.server-forces-encryption",
  empty: "broadcastError.empty",
  forbidden: "broadcastError.forbidden",
  failed: "broadcastError.failed",
};

const CONVERSATION: Record<ConversationErrorKind, MessageKey> = {
  "unencrypted-not-allowed": "conversationError.unencrypted-not-allowed",
  "room-not-loaded": "conversationError.room-not-loaded",
  "not-known-encrypted": "conversationError.not-known-encrypted",
};

export interface ErrorContext {
  /** The admin's image limit, already formatted ("20 MB"), for "too large" messages. */
  imageLimit?: string;
}

function describeCoreError(tr: Translator, err: CoreError, context: ErrorContext): string {
  switch (err.domain) {
    case "session":
      return tr.t(SESSION[err.kind], err.params);
    case "recovery":
      return tr.t(RECOVERY[err.kind], { step: "", detail: "", ...err.params });
    case "media":
      return tr.t(MEDIA[err.reason], { limit: context.imageLimit ?? "" });
    case "broadcast":
      // "failed" carries specifics (server, error code) only the English sentence has.
      return tr.t(BROADCAST[err.reason], { detail: err.message, limit: context.imageLimit ?? "" });
    case "conversation":
      return tr.t(CONVERSATION[err.kind]);
    default: {
      const never: never = err;
      return String(never);
    }
  }
}

/** A sentence for the agent, translated when the error is one of the core's. */
export function describeError(tr: Translator, err: unknown, context: ErrorContext = {}): string {
  if (isCoreError(err)) return describeCoreError(tr, err, context);
  const message = err instanceof Error ? err.message : String(err);
  return tr.t("error.unknown", { detail: message });
}
