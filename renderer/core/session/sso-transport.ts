// Where a sign-in answer comes from and goes to, per platform: the web build sends the browser to the homeserver
// and reads the answer from its own address when it comes back; the desktop app asks the shell, which opens the
// system browser and listens on a loopback port (electron/sso-loopback.ts). Deep links (the demo's) arrive
// through the shell's onSignInCallback and go to SignInFlow.receive like everything else.
import type { ElectronPlatform } from "../platform/electron.ts";
import { ssoRedirectUrl } from "./login-options.ts";
import type { LinkAnswer, SsoTransport } from "./sign-in-flow.ts";

/** Where single sign-on goes in the web build: the homeserver, then back to this page with the state value. */
export function webSsoTransport(location: Pick<Location, "origin" | "pathname" | "assign">): SsoTransport {
  return {
    start: async ({ homeserverUrl, providerId, state }) => {
      const back = `${location.origin}${location.pathname}?${SSO_STATE_PARAM}=${encodeURIComponent(state)}`;
      location.assign(ssoRedirectUrl(homeserverUrl, back, providerId));
      return null;
    },
  };
}

export const SSO_STATE_PARAM = "wsc_sso";

/**
 * The sign-in answer in the web build's address, taken out of the address bar and history at once: the
 * homeserver's single sign-on redirect (`?wsc_sso=STATE&loginToken=…`) or a one-time link (`#loginToken=…`, the
 * demo's). Hand it to `SignInFlow.receive`.
 */
export function takeSignInAnswer(
  location: Pick<Location, "hash" | "search" | "pathname">,
  history: Pick<History, "replaceState">,
): LinkAnswer | null {
  const query = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  const loginToken = query.get("loginToken") ?? hash.get("loginToken");
  if (!loginToken && !query.has(SSO_STATE_PARAM)) return null;
  query.delete("loginToken");
  const state = query.get(SSO_STATE_PARAM);
  query.delete(SSO_STATE_PARAM);
  const rest = query.toString();
  history.replaceState(null, "", location.pathname + (rest ? `?${rest}` : ""));
  if (!loginToken) return null;
  return state ? { loginToken, state } : { loginToken };
}

/** The desktop app's single sign-on: the shell opens the system browser and answers from its loopback port. */
export function desktopSsoTransport(
  platform: Pick<ElectronPlatform, "startSso" | "cancelSso">,
): SsoTransport {
  return {
    start: (request) => platform.startSso(request),
    cancel: () => platform.cancelSso(),
  };
}
