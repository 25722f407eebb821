// What a homeserver lets an agent sign in with, read before the sign-in form asks for anything: password, single
// sign-on with its identity providers, or only OAuth 2.0 (a server behind the Matrix Authentication Service that
// offers neither). Also the URLs single sign-on starts at. Plain fetch, no SDK: the form loads it while the
// agent types, before matrix-js-sdk is needed.
import { HumanError } from "./errors.ts";
import { blockedByPolicy, watchPolicyBlocks } from "./policy-block.ts";
import { SignInError } from "./sign-in-errors.ts";

export interface IdentityProvider {
  /** The server's id for it (goes into the SSO redirect URL). */
  id: string;
  /** The name to show ("Company SSO"); the id when the server gives none. */
  name: string;
  /** An mxc:// icon. Not shown: see README ("Single sign-on"), authenticated media needs a token we don't have yet. */
  icon?: string;
}

export interface LoginOptions {
  password: boolean;
  /** Single sign-on: null when the server has none; an empty list is one unnamed provider. */
  sso: IdentityProvider[] | null;
  /** The server advertises the OAuth 2.0 API (`auth_metadata`). */
  oauth: boolean;
}

const TIMEOUT_MS = 8000;
const MAX_PROVIDERS = 20;

/** The server's login flows (`GET /login`), and whether it advertises OAuth 2.0 when it offers no other way. */
export async function fetchLoginOptions(
  homeserverUrl: string,
  fetchFn: typeof fetch = fetch,
): Promise<LoginOptions> {
  const server = hostOf(homeserverUrl);
  let body: { flows?: unknown } | null;
  watchPolicyBlocks();
  try {
    const res = await fetchFn(`${homeserverUrl}/_matrix/client/v3/login`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = res.ok ? ((await res.json().catch(() => null)) as { flows?: unknown } | null) : null;
  } catch (err) {
    // Synapse answers an unknown endpoint (no /login: all sign-in delegated to OAuth 2.0) without CORS headers,
    // which a browser reports as a network failure.
    if (await advertisesOAuth(homeserverUrl, fetchFn)) return { password: false, sso: null, oauth: true };
    if (await blockedByPolicy(homeserverUrl)) {
      throw new SignInError(
        "blocked-by-policy",
        { server, origin: new URL(homeserverUrl).origin },
        { cause: err },
      );
    }
    throw new HumanError("unreachable", { server }, { cause: err });
  }
  if (!body || !Array.isArray(body.flows)) {
    // A server whose sign-in is all OAuth 2.0 (MAS without its compatibility layer) has no /login at all.
    if (await advertisesOAuth(homeserverUrl, fetchFn)) return { password: false, sso: null, oauth: true };
    throw new HumanError("not-matrix", { server });
  }
  const flows = body.flows.filter((f): f is Record<string, unknown> => !!f && typeof f === "object");
  const password = flows.some((f) => f.type === "m.login.password");
  const ssoFlows = flows.filter((f) => f.type === "m.login.sso");
  const sso = ssoFlows.length ? ssoFlows.flatMap((f) => providersOf(f.identity_providers)) : null;
  const oauth = password || sso ? false : await advertisesOAuth(homeserverUrl, fetchFn);
  return { password, sso: sso?.slice(0, MAX_PROVIDERS) ?? null, oauth };
}

function providersOf(raw: unknown): IdentityProvider[] {
  if (!Array.isArray(raw)) return [];
  const out: IdentityProvider[] = [];
  for (const p of raw as Array<Record<string, unknown>>) {
    if (!p || typeof p.id !== "string" || !/^[A-Za-z0-9._~-]{1,255}$/.test(p.id)) continue;
    // Names come from the server's admin; still plain text, one line, bounded.
    const name = typeof p.name === "string" && p.name.trim() ? p.name.trim().slice(0, 64) : p.id;
    const icon = typeof p.icon === "string" && p.icon.startsWith("mxc://") ? p.icon : undefined;
    out.push({ id: p.id, name, ...(icon ? { icon } : {}) });
  }
  return out;
}

/** The OAuth 2.0 API (MSC2965): stable path first, then the unstable one MAS deployments still serve. */
async function advertisesOAuth(homeserverUrl: string, fetchFn: typeof fetch): Promise<boolean> {
  for (const path of [
    "/_matrix/client/v1/auth_metadata",
    "/_matrix/client/unstable/org.matrix.msc2965/auth_metadata",
  ]) {
    try {
      const res = await fetchFn(`${homeserverUrl}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      const body = res.ok ? ((await res.json().catch(() => null)) as { issuer?: unknown } | null) : null;
      if (typeof body?.issuer === "string") return true;
    } catch {
      // Unreachable here means unknown: the flows said enough.
    }
  }
  return false;
}

/**
 * Where single sign-on starts: the homeserver's redirect endpoint (per provider when it has a list), which sends
 * the browser back to `redirectUrl` with `loginToken` added to its query.
 */
export function ssoRedirectUrl(homeserverUrl: string, redirectUrl: string, providerId?: string): string {
  const base = `${homeserverUrl.replace(/\/+$/, "")}/_matrix/client/v3/login/sso/redirect`;
  const path = providerId ? `${base}/${encodeURIComponent(providerId)}` : base;
  return `${path}?redirectUrl=${encodeURIComponent(redirectUrl)}`;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
