// Sign-in errors in the agent's language: the sign-in flow's own kinds (links, single sign-on, the security
// policy), switched over exhaustively so a new kind fails to compile until it has words, and everything else
// through the app's shared describer.
import type { SignInErrorKind } from "../../core/session/sign-in-errors.ts";
import { isSignInError } from "../../core/session/sign-in-errors.ts";
import type { MessageKey, Translator } from "../i18n/translate.ts";
import { describeError } from "../lib/errors.ts";

function keyFor(kind: SignInErrorKind): MessageKey {
  switch (kind) {
    case "link-invalid":
      return "signinError.link-invalid";
    case "link-needs-homeserver":
      return "signinError.link-needs-homeserver";
    case "wrong-account":
      return "signinError.wrong-account";
    case "already-signed-in":
      return "signinError.already-signed-in";
    case "sso-expired":
      return "signinError.sso-expired";
    case "sso-cancelled":
      return "signinError.sso-cancelled";
    case "blocked-by-policy":
      return "signinError.blocked-by-policy";
    case "oauth-only":
      return "signinError.oauth-only";
  }
}

export function describeSignInError(tr: Translator, err: unknown): string {
  if (isSignInError(err)) return tr.t(keyFor(err.kind), { ...err.params });
  return describeError(tr, err);
}
