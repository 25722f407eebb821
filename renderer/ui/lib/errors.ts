// Errors from the core, in the agent's language: each core error carries a machine-readable kind or reason
// (HumanError.kind, MediaError.reason, BroadcastError.reason); the English message is the fallback.
import type { MessageKey, Translator } from "../i18n/translate.ts";

interface KindError {
  kind: string;
  params?: Record<string, string | number>;
  message: string;
}
interface ReasonError {
  name: string;
  reason: string;
  message: string;
}

const HUMAN_KINDS = new Set([
  "invalid-user-id",
  "wrong-password",
  "unknown-user",
  "deactivated",
  "rate-limited",
  "unreachable",
  "not-matrix",
  "no-password-login",
  "session-ended",
  "homeserver-error",
]);

const MEDIA_REASONS = new Set([
  "too-large",
  "not-an-image",
  "too-many-pixels",
  "decrypt-failed",
  "unavailable",
  "network",
  "malformed",
]);

const BROADCAST_REASONS = new Set([
  "invalid_address",
  "no_such_alias",
  "room_not_found",
  "not_allowed",
  "unreachable",
  "not_joined",
  "encrypted",
  "alias_taken",
  "invalid_alias",
  "alias_wrong_server",
  "server_forces_encryption",
  "empty",
  "not_an_image",
  "too_large",
  "forbidden",
  "failed",
]);

function isKindError(err: unknown): err is KindError {
  return !!err && typeof err === "object" && typeof (err as KindError).kind === "string";
}
function isReasonError(err: unknown): err is ReasonError {
  return !!err && typeof err === "object" && typeof (err as ReasonError).reason === "string";
}

export interface ErrorContext {
  /** The admin's image limit, already formatted ("20 MB"), for "too large" messages. */
  imageLimit?: string;
}

const RECOVERY_KINDS = new Set([
  "not-a-recovery-key",
  "wrong-recovery-key",
  "no-recovery-set-up",
  "password-needed",
  "wrong-password",
  "unreachable",
  "encryption-unavailable",
  "failed",
]);

/** A sentence for the agent, translated when the core said what kind of error it is. */
export function describeError(tr: Translator, err: unknown, context: ErrorContext = {}): string {
  // Recovery errors share some kind names with sign-in errors but say something else.
  if (
    isKindError(err) &&
    (err as { name?: unknown }).name === "RecoveryError" &&
    RECOVERY_KINDS.has(err.kind)
  ) {
    return tr.t(`recoveryError.${err.kind}` as MessageKey, { step: "", detail: "", ...(err.params ?? {}) });
  }
  if (isKindError(err) && HUMAN_KINDS.has(err.kind)) {
    return tr.t(`error.${err.kind}` as MessageKey, { ...(err.params ?? {}) });
  }
  if (isReasonError(err)) {
    const limit = context.imageLimit ?? "";
    if (err.name === "MediaError" && MEDIA_REASONS.has(err.reason)) {
      return tr.t(`media.${err.reason}` as MessageKey, { limit });
    }
    if (
      BROADCAST_REASONS.has(err.reason) &&
      (err.name === "BroadcastError" || err.name === "BroadcastSendError")
    ) {
      // "failed" and "unreachable" carry specifics (server, error code) only the English sentence has.
      if (err.reason === "failed") return tr.t("broadcastError.failed", { detail: err.message });
      return tr.t(`broadcastError.${err.reason}` as MessageKey, { limit });
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return tr.t("error.unknown", { detail: message });
}
