// The answers to the homeserver's user-interactive auth when cross-signing keys are uploaded: the password, or a
// page the agent finishes in a browser (single sign-on's fallback page, or the account service of a server
// behind OAuth 2.0). No SDK import at run time, so the app-lifetime sign-in flow can build one before
// matrix-js-sdk loads.
import type { AuthDict, UIAuthCallback } from "matrix-js-sdk";
import { isAuthChallenge, RecoveryError } from "./errors.ts";

/**
 * Answers the homeserver's auth challenge for uploading cross-signing keys: first without auth (Synapse accepts a
 * first upload without it, MSC3967), then with the account's password if the server asks for it.
 */
export function passwordAuth(userId: string, password: string | undefined): UIAuthCallback<void> {
  return async (makeRequest) => {
    try {
      await makeRequest(null);
      return;
    } catch (err) {
      if (!isAuthChallenge(err)) throw err;
      if (!password) throw new RecoveryError("password-needed", {}, { cause: err });
      const auth: AuthDict = {
        type: "m.login.password",
        identifier: { type: "m.id.user", user: userId },
        password,
        ...(err.data.session ? { session: err.data.session } : {}),
      };
      try {
        await makeRequest(auth);
      } catch (retryErr) {
        if (isAuthChallenge(retryErr)) throw new RecoveryError("wrong-password", {}, { cause: retryErr });
        throw retryErr;
      }
    }
  };
}

/** Shows a page to the agent and resolves true once they say they finished there (false: they cancelled). */
export type ConfirmInBrowser = (url: string, notYet: boolean) => Promise<boolean>;

/** How many times "I've finished" may come too early before the set-up gives up with "password-needed". */
const BROWSER_ATTEMPTS = 3;

/**
 * Like `passwordAuth`, and for accounts without a password: when the server offers single sign-on as an auth
 * stage, the agent confirms their identity on the homeserver's fallback page
 * (`/_matrix/client/v3/auth/m.login.sso/fallback/web?session=…`); on a server behind an account service
 * (`m.oauth`, MSC4312's cross-signing reset) they approve it at the URL the server names. Either way the request
 * is then retried with the session alone, as the spec's fallback asks.
 */
export function interactiveAuth(
  userId: string,
  homeserverUrl: string,
  options: { password?: string; confirmInBrowser?: ConfirmInBrowser },
): UIAuthCallback<void> {
  const withPassword = passwordAuth(userId, options.password);
  return async (makeRequest) => {
    let challenge: unknown;
    try {
      await makeRequest(null);
      return;
    } catch (err) {
      if (!isAuthChallenge(err)) throw err;
      challenge = err;
    }
    const data = (challenge as { data: ChallengeData }).data;
    const page = browserPage(homeserverUrl, data);
    if ((options.password && offers(data, "m.login.password")) || !page || !options.confirmInBrowser) {
      // The password path asks again without auth first; that costs one request and keeps one code path.
      return withPassword(makeRequest);
    }
    for (let attempt = 0; attempt < BROWSER_ATTEMPTS; attempt++) {
      if (!(await options.confirmInBrowser(page, attempt > 0))) {
        throw new RecoveryError("password-needed", {}, { cause: challenge });
      }
      try {
        await makeRequest({ session: data.session });
        return;
      } catch (err) {
        if (!isAuthChallenge(err)) throw err;
        challenge = err; // not finished yet: show the page again
      }
    }
    throw new RecoveryError("password-needed", {}, { cause: challenge });
  };
}

interface ChallengeData {
  session?: string;
  flows?: Array<{ stages?: string[] }>;
  params?: Record<string, { url?: unknown } | undefined>;
}

function offers(data: ChallengeData, stage: string): boolean {
  return (data.flows ?? []).some((f) => f.stages?.length === 1 && f.stages[0] === stage);
}

/** The page the agent finishes the challenge on, if the server offers one this console can use. */
function browserPage(homeserverUrl: string, data: ChallengeData): string | null {
  if (!data.session) return null;
  if (offers(data, "m.login.sso")) {
    const base = homeserverUrl.replace(/\/+$/, "");
    return `${base}/_matrix/client/v3/auth/m.login.sso/fallback/web?session=${encodeURIComponent(data.session)}`;
  }
  for (const stage of ["m.oauth", "org.matrix.cross_signing_reset"]) {
    const url = data.params?.[stage]?.url;
    if (offers(data, stage) && typeof url === "string" && /^https?:\/\//.test(url)) return url;
  }
  return null;
}
