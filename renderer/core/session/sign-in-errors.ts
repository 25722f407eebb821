// Why a sign-in link, a single sign-on or a homeserver check did not sign the agent in, as kinds the sign-in
// screen words in English and French (renderer/ui/signin/describe.ts switches over every kind, so a new kind is
// a compile error until it has words). A failed link always leaves the running session as it was.

export type SignInErrorKind =
  /** The homeserver refused the token: expired, already used, or never valid. */
  | "link-invalid"
  /** A link arrived but the admin configured no homeserver, so there is no server a link may use. */
  | "link-needs-homeserver"
  /** The token belongs to another account than the configured support account. */
  | "wrong-account"
  /** The link is for the account this console is already signed in as: nothing to do. */
  | "already-signed-in"
  /** The browser answered a single sign-on the console no longer waits for (expired, or already answered). */
  | "sso-expired"
  /** The agent closed the browser or waited too long; nothing changed. */
  | "sso-cancelled"
  /** The content security policy stopped the request before it left (the admin's homeserverUrl decides). */
  | "blocked-by-policy"
  /** The server signs in only through OAuth 2.0 (MAS), which this console does not speak yet. */
  | "oauth-only";

export type SignInErrorParams = Record<string, string>;

const MESSAGES: Record<SignInErrorKind, (p: SignInErrorParams) => string> = {
  "link-invalid": (p) =>
    `This sign-in link has expired or was already used (${p.server} refused it). Nothing was changed.`,
  "link-needs-homeserver": () =>
    "Sign-in links work only when the administrator has set homeserverUrl in config.json. Nothing was changed.",
  "wrong-account": (p) =>
    `This link signs in as ${p.userId}, but this console is for ${p.expected}. Nothing was changed.`,
  "already-signed-in": (p) => `You are already signed in as ${p.userId}. Nothing was changed.`,
  "sso-expired": () => "This single sign-on answer is no longer expected. Start the sign-in again.",
  "sso-cancelled": () => "Single sign-on did not finish. Nothing was changed.",
  "blocked-by-policy": (p) =>
    `The console's security policy blocked ${p.server} before the request left. Your administrator sets homeserverUrl in config.json to this server's address (${p.origin}).`,
  "oauth-only": (p) =>
    `${p.server} signs in only through its account service (OAuth 2.0, Matrix Authentication Service), which this console does not support yet. Ask your administrator for a password or single sign-on login.`,
};

export class SignInError extends Error {
  override name = "SignInError";
  readonly kind: SignInErrorKind;
  readonly params: SignInErrorParams;

  constructor(kind: SignInErrorKind, params: SignInErrorParams = {}, options?: { cause?: unknown }) {
    super(MESSAGES[kind](params), options);
    this.kind = kind;
    this.params = params;
  }
}

export function isSignInError(err: unknown): err is SignInError {
  return err instanceof SignInError || (err as { name?: unknown } | null)?.name === "SignInError";
}
