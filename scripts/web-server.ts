// A small static server for the web build (dist/web): what `npm run web` and `npm run demo` serve, and what
// the browser tests load. It sends the same strict Content-Security-Policy the desktop shell uses, so the
// Chromium tests exercise it, and serves the admin's config.json next to the app (as Element Web does).
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { buildCsp } from "../electron/csp.ts";
import type { AdminConfig } from "../contract/index.ts";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

export const WEB_ROOT = resolve(import.meta.dirname, "..", "dist", "web");

/** The web build sends the desktop shell's policy (electron/csp.ts), so the browser tests enforce the real one. */
export function webContentSecurityPolicy(
  config: AdminConfig,
  options: { loopbackHomeservers?: boolean } = {},
): string {
  return buildCsp(config, options).policy;
}

export interface WebServerOptions {
  port?: number;
  host?: string;
  root?: string;
  config: AdminConfig;
  /** Also let the app reach plain-http homeservers on loopback (development use of `npm run web`). */
  loopbackHomeservers?: boolean;
}

export interface WebServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const root = options.root ?? WEB_ROOT;
  if (!existsSync(join(root, "index.html"))) {
    throw new Error(`The web build is missing (${root}/index.html); run \`npm run build:web\` first.`);
  }
  const csp = webContentSecurityPolicy(options.config, {
    loopbackHomeservers: options.loopbackHomeservers === true,
  });
  const configJson = JSON.stringify(options.config);
  const server = createServer((req, res) => {
    const headers: Record<string, string> = {
      "content-security-policy": csp,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
      "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      "cache-control": "no-cache",
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, headers).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path === "/config.json") {
      res.writeHead(200, { ...headers, "content-type": MIME[".json"]! }).end(configJson);
      return;
    }
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...headers, "content-type": MIME[".txt"]! }).end("Not found");
      return;
    }
    res.writeHead(200, { ...headers, "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((r, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => r());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
