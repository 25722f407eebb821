// The app:// scheme the console is served from: its privileges, and a handler that serves dist/web with
// path-traversal protection, correct MIME types (application/wasm for the crypto) and the CSP header.
// A custom scheme instead of file:// gives the app a real origin, so the file:// fuse can stay off.
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import type { CustomScheme } from "electron";

export const APP_SCHEME = "app";
export const APP_HOST = "console";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard + secure: a real origin with IndexedDB/localStorage and a secure context (the crypto store needs
 * both); supportFetchAPI: the WASM is fetched by URL; codeCache: faster start. Deliberately NOT bypassCSP,
 * corsEnabled, allowServiceWorkers or stream: the app needs none of them.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};

/** The Content-Type for a served file; unknown types are served as opaque bytes, which nosniff keeps inert. */
export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Maps an app:// URL onto a file under `webRoot`, or null when the URL must not be served: another host,
 * credentials, encoded slashes or backslashes, NUL bytes. Dot segments (even percent-encoded) are already
 * resolved by the URL parser and stop at the root; any that survive decoding are refused.
 */
export function resolveAppPath(webRoot: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (parsed.username !== "" || parsed.password !== "") return null;
  const segments: string[] = [];
  for (const raw of parsed.pathname.split("/").slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === "." || segment === ".." || /[/\\\0]/.test(segment)) return null;
    if (segment !== "") segments.push(segment);
  }
  if (parsed.pathname.endsWith("/")) segments.push("index.html");
  const root = resolve(webRoot);
  const file = resolve(join(root, ...segments));
  // Belt and braces: whatever the parsing above missed, never leave the web root.
  return file.startsWith(root + sep) ? file : null;
}

export interface AppProtocolOptions {
  /** dist/web: the renderer build. */
  webRoot: string;
  /** Called per request so a changed config (and so policy) needs no re-registration. */
  contentSecurityPolicy: () => string;
  /** Requests that were refused, for the log. */
  onRefused?: (url: string, reason: string) => void;
}

/** The function given to `protocol.handle("app", …)`. Only GET and HEAD; everything else is refused. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      options.onRefused?.(request.url, `method ${request.method}`);
      return plain(405, "Method not allowed", options);
    }
    const file = resolveAppPath(options.webRoot, request.url);
    if (file === null) {
      options.onRefused?.(request.url, "outside the app");
      return plain(404, "Not found", options);
    }
    try {
      if (!(await stat(file)).isFile()) return plain(404, "Not found", options);
      const body = request.method === "HEAD" ? null : new Uint8Array(await readFile(file));
      return new Response(body, { status: 200, headers: headers(mimeTypeFor(file), options) });
    } catch {
      return plain(404, "Not found", options);
    }
  };
}

function plain(status: number, text: string, options: AppProtocolOptions): Response {
  return new Response(text, { status, headers: headers("text/plain; charset=utf-8", options) });
}

function headers(contentType: string, options: AppProtocolOptions): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Security-Policy": options.contentSecurityPolicy(),
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  };
}
