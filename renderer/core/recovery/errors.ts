// Errors from setting up or using the recovery key, as sentences an agent can act on. Each carries a `kind` the
// UI translates (English and French) and the parameters its sentence needs; Matrix error codes never show.

export type RecoveryErrorKind =
  | "not-a-recovery-key"
  | "wrong-recovery-key"
  | "no-recovery-set-up"
  | "password-needed"
  | "wrong-password"
  | "unreachable"
  | "encryption-unavailable"
  | "failed";

export type RecoveryErrorParams = Record<string, string | number>;

const MESSAGES: Record<RecoveryErrorKind, (p: RecoveryErrorParams) => string> = {
  "not-a-recovery-key": () =>
    "That is not a recovery key. Check for typos: a recovery key starts with “Es” and has 12 groups of 4 letters and digits.",
  "wrong-recovery-key": () => "That recovery key doesn't match this account's backup.",
  "no-recovery-set-up": () =>
    "This support account has no recovery key yet. Sign in on the device that set up encryption, or set it up here.",
  "password-needed": () => "Enter the account's password to set up encryption.",
  "wrong-password": () => "Wrong password: encryption was not set up. Try again.",
  unreachable: () => "The homeserver could not be reached. Check your connection and try again.",
  "encryption-unavailable": () => "Encryption is not available in this session. Sign out and sign in again.",
  failed: (p) =>
    `Encryption setup failed (${p.step}): ${p.detail}. Try again; if it keeps failing, tell your administrator.`,
};

export class RecoveryError extends Error {
  override name = "RecoveryError";
  readonly domain = "recovery" as const;
  readonly kind: RecoveryErrorKind;
  readonly params: RecoveryErrorParams;

  constructor(kind: RecoveryErrorKind, params: RecoveryErrorParams = {}, options?: { cause?: unknown }) {
    super(MESSAGES[kind](params), options);
    this.kind = kind;
    this.params = params;
  }
}

interface HttpErrorLike {
  name?: string;
  httpStatus?: number;
  errcode?: string;
  data?: { errcode?: string; flows?: unknown; session?: string; completed?: unknown };
  message?: string;
}

/** A user-interactive-auth challenge: HTTP 401 carrying the flows the server accepts. */
export function isAuthChallenge(err: unknown): err is HttpErrorLike & { data: { session?: string } } {
  const e = err as HttpErrorLike;
  return e?.httpStatus === 401 && Array.isArray(e.data?.flows);
}

/** Wraps whatever a step threw into a RecoveryError (already-human errors pass through). */
export function asRecoveryError(err: unknown, step: string): RecoveryError {
  if (err instanceof RecoveryError) return err;
  const e = err as HttpErrorLike;
  if (
    !e?.httpStatus &&
    (e?.name === "ConnectionError" || e?.name === "TypeError" || e?.name === "TimeoutError")
  ) {
    return new RecoveryError("unreachable", {}, { cause: err });
  }
  const detail = e?.data?.errcode ?? e?.errcode ?? e?.message ?? String(err);
  return new RecoveryError("failed", { step, detail }, { cause: err });
}
