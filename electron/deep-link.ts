// The wallet-support-console:// deep link, reserved for sign-in links
// (wallet-support-console://sign-in/callback?loginToken=…[&state=…], e.g. the demo's). Registered with the OS;
// any other link is ignored. Anyone can send such a link, so the renderer's sign-in flow treats it as a question
// ("Sign in as …?"), never as an order; single sign-on comes back through the loopback redirect instead
// (sso-loopback.ts), with the attempt's state value.
import type { SignInCallback } from "../contract/index.ts";
import type { Logger } from "./logging.ts";

export const DEEP_LINK_SCHEME = "wallet-support-console";
export const SIGN_IN_CALLBACK_URL = `${DEEP_LINK_SCHEME}://sign-in/callback`;

const MAX_DEEP_LINK_LENGTH = 2048;
/** Homeserver login tokens are opaque but URL-safe; anything else is not one. */
export const LOGIN_TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{8,512}$/;
const STATE_PATTERN = /^[0-9a-f]{32}$/;

/** The sign-in callback in `url`, or null for anything that is not exactly one. */
export function parseSignInCallback(url: unknown): SignInCallback | null {
  if (typeof url !== "string" || url.length > MAX_DEEP_LINK_LENGTH) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${DEEP_LINK_SCHEME}:` || parsed.host !== "sign-in") return null;
  if (parsed.pathname !== "/callback" || parsed.username !== "" || parsed.password !== "") return null;
  const tokens = parsed.searchParams.getAll("loginToken");
  const token = tokens.length === 1 ? tokens[0] : undefined;
  if (token === undefined || !LOGIN_TOKEN_PATTERN.test(token)) return null;
  // A state value is passed on only in its one shape; the renderer decides whether it answers anything.
  const states = parsed.searchParams.getAll("state");
  const state = states.length === 1 && STATE_PATTERN.test(states[0]!) ? states[0] : undefined;
  return state === undefined ? { loginToken: token } : { loginToken: token, state };
}

/** On Windows and Linux the OS starts a second instance with the link among its arguments. */
export function findDeepLink(argv: readonly string[]): string | null {
  return argv.find((argument) => argument.startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

export interface ProtocolClientApp {
  setAsDefaultProtocolClient(protocol: string): boolean;
}

/**
 * Registers the scheme with the OS, for packaged builds only: installers declare it too (electron-builder
 * `protocols`), and a development run must not take over the system's handler for the real app.
 */
export function registerDeepLinkScheme(app: ProtocolClientApp): boolean {
  // Reviewed: the scheme is a constant and every incoming link goes through parseSignInCallback.
  return app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
}

/**
 * Routes links to the renderer once it is listening (a link can arrive before the window has loaded:
 * it is what started the app). Invalid links are logged by scheme only and dropped.
 */
export function createDeepLinkRouter(deliver: (callback: SignInCallback) => void, log: Logger) {
  let ready = false;
  let pending: SignInCallback | null = null;
  return {
    handle(url: string | null): void {
      if (url === null) return;
      const callback = parseSignInCallback(url);
      if (callback === null) {
        log.warn(`Ignored a ${DEEP_LINK_SCHEME}:// link that is not a sign-in callback`);
        return;
      }
      if (ready) deliver(callback);
      else pending = callback;
    },
    /** Called when the renderer has loaded; delivers a link that arrived earlier. */
    rendererReady(): void {
      ready = true;
      if (pending !== null) deliver(pending);
      pending = null;
    },
  };
}
