// The Content-Security-Policy the app:// handler sends with every page: scripts and styles only from the app
// (plus 'wasm-unsafe-eval' for the crypto WASM), network only to the configured homeserver (and, for the web
// build served on loopback for development, plain-http loopback homeservers), nothing framed.
import type { AdminConfig } from "../contract/index.ts";

export interface CspResult {
  policy: string;
  /** Set when no homeserver is configured and the policy had to allow any https:// origin for discovery. */
  warning?: string;
}

/**
 * The remote origins are derived from the admin configuration: the homeserver URL and the support account's
 * server (for `.well-known` discovery) for connections, the brand logo for one image. Without either of the first two the console
 * cannot know its server in advance, so connect-src falls back to any https:// origin and says so.
 */
export function buildCsp(
  config: Pick<AdminConfig, "homeserverUrl" | "supportUserId"> & { brand?: AdminConfig["brand"] },
  options: { loopbackHomeservers?: boolean } = {},
): CspResult {
  const homeserver = originOf(config.homeserverUrl);
  const discovery = discoveryOrigin(config.supportUserId);
  const logoUrl = config.brand?.logoUrl;
  // The admin's logo is the only image that may come from elsewhere: its https origin, or data: if inline.
  const logo = logoUrl?.startsWith("data:") === true ? "data:" : originOf(logoUrl);
  const servers = unique([homeserver, discovery]);
  const warning =
    servers.length === 0
      ? "config.json sets neither homeserverUrl nor supportUserId, so the console may contact any https:// server; set homeserverUrl to limit it to yours"
      : undefined;
  const directives: Record<string, string[]> = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    // No 'unsafe-inline': the UI ships its styles as files (the web build's CSP, which the Chromium tests
    // enforce, has the same rule).
    "style-src": ["'self'"],
    // Wallet images are fetched with authentication and shown as decrypted blob: URLs.
    "img-src": unique(["'self'", "blob:", logo]),
    "media-src": ["'none'"],
    "font-src": ["'self'"],
    "connect-src": [
      "'self'",
      ...(servers.length > 0 ? servers : ["https:"]),
      ...(options.loopbackHomeservers === true ? LOOPBACK_HTTP : []),
    ],
    "worker-src": ["'self'", "blob:"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "child-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'none'"],
    "base-uri": ["'none'"],
  };
  const policy = Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
  return warning === undefined ? { policy } : { policy, warning };
}

/**
 * Plain-http homeservers on this machine, any port: what a developer runs (`npm run homeserver`). Only for the
 * web build served on loopback itself (scripts/web.ts), never the desktop app's policy.
 */
// (IPv6 literals have no CSP source syntax, so [::1] cannot be listed.)
const LOOPBACK_HTTP = ["http://127.0.0.1:*", "http://localhost:*"];

/** The origin of an http(s) URL, or undefined (data: URLs and bad input add nothing to the policy). */
function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** `@support:example.org` → `https://example.org`, where matrix-js-sdk looks for `.well-known/matrix/client`. */
function discoveryOrigin(userId: string | undefined): string | undefined {
  if (userId === undefined) return undefined;
  const colon = userId.indexOf(":");
  return colon < 0 ? undefined : originOf(`https://${userId.slice(colon + 1)}`);
}

function unique(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}
