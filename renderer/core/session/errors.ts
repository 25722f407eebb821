// Errors a person can act on. Each has a `kind` (for the UI's translations), the parameters its sentence needs,
// and an English message; raw Matrix error codes never reach the screen.

export type ErrorKind =
  | "invalid-user-id"
  | "wrong-password"
  | "unknown-user"
  | "deactivated"
  | "rate-limited"
  | "unreachable"
  | "not-matrix"
  | "no-password-login"
  | "session-ended"
  | "homeserver-error";

export type ErrorParams = Record<string, string | number>;

const MESSAGES: Record<ErrorKind, (p: ErrorParams) => string> = {
  "invalid-user-id": (p) => `"${p.input}" is not a Matrix user ID. It looks like @support:example.org.`,
  "wrong-password": (p) => `Wrong password for ${p.userId}.`,
  "unknown-user": (p) => `There is no account ${p.userId} on ${p.server}.`,
  deactivated: (p) => `The account ${p.userId} has been deactivated. Ask your administrator.`,
  "rate-limited": (p) => `Too many attempts. Try again in ${p.seconds} s.`,
  unreachable: (p) => `Cannot reach ${p.server}. Check the address and your connection.`,
  "not-matrix": (p) => `${p.server} is not a Matrix homeserver.`,
  "no-password-login": (p) => `${p.server} does not accept password sign-in.`,
  "session-ended": (p) => `Your session for ${p.userId} has ended. Sign in again.`,
  "homeserver-error": (p) => `The homeserver refused: ${p.detail}.`,
};

export class HumanError extends Error {
  override name = "HumanError";
  readonly domain = "session" as const;
  readonly kind: ErrorKind;
  readonly params: ErrorParams;

  constructor(kind: ErrorKind, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(MESSAGES[kind](params), options);
    this.kind = kind;
    this.params = params;
  }
}

/** The shape of matrix-js-sdk's MatrixError and of a raw Matrix JSON error body, read defensively. */
export interface MatrixErrorLike {
  errcode?: string;
  httpStatus?: number;
  data?: { retry_after_ms?: number; error?: string; soft_logout?: boolean };
  message?: string;
}

export function retryAfterMs(err: unknown, fallbackMs = 5000): number {
  const e = err as MatrixErrorLike;
  const ms = e?.data?.retry_after_ms;
  return typeof ms === "number" && ms >= 0 ? ms : fallbackMs;
}

export function isRateLimited(err: unknown): boolean {
  const e = err as MatrixErrorLike;
  return e?.errcode === "M_LIMIT_EXCEEDED" || e?.httpStatus === 429;
}

/** Network failure (no HTTP answer at all), as opposed to an answer we don't like. */
export function isNetworkError(err: unknown): boolean {
  const e = err as { name?: string; httpStatus?: number };
  return (
    !e?.httpStatus && (e?.name === "ConnectionError" || e?.name === "TypeError" || e?.name === "TimeoutError")
  );
}
