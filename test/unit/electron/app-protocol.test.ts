import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  mimeTypeFor,
  resolveAppPath,
} from "../../../electron/app-protocol.ts";

const root = "/srv/console/web";

describe("mapping app:// URLs onto dist/web", () => {
  it.each([
    ["app://console/index.html", `${root}/index.html`],
    ["app://console/", `${root}/index.html`],
    ["app://console/assets/index-abc.js", `${root}/assets/index-abc.js`],
    ["app://console/assets/crypto%20wasm.wasm", `${root}/assets/crypto wasm.wasm`],
    ["app://console/assets/app.js?v=1#x", `${root}/assets/app.js`],
    // The URL parser itself resolves plain dot segments before we see them.
    ["app://console/assets/../index.html", `${root}/index.html`],
  ])("serves %s", (url, expected) => {
    expect(resolveAppPath(root, url)).toBe(expected);
  });

  it.each([
    "app://console/%2e%2e/%2e%2e/etc/passwd",
    "app://console/assets/%2E%2E/%2E%2E/%2e%2E/secrets.json",
    "app://console/../../../../etc/passwd",
    "app://console/assets/.%2e/.%2E/x",
  ])("keeps %s inside the web root (dot segments, encoded or not, stop at the root)", (url) => {
    const resolved = resolveAppPath(root, url);
    expect(resolved === null || resolved.startsWith(`${root}/`)).toBe(true);
    expect(resolved).not.toMatch(/^\/etc\//);
  });

  it.each([
    ["app://console/..%2f..%2fetc/passwd", "encoded slash"],
    ["app://console/..%5c..%5cwindows", "encoded backslash"],
    ["app://console/a\\..\\..\\b", "raw backslashes"],
    ["app://console/index.html%00.png", "NUL byte"],
    ["app://console/%E0%A4%A", "malformed percent-encoding"],
    ["app://evil/index.html", "another host"],
    ["app://user@console/index.html", "credentials"],
    ["file:///etc/passwd", "another scheme"],
    ["not a url", "garbage"],
  ])("refuses %s (%s)", (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe("content types", () => {
  it.each([
    ["index.html", "text/html; charset=utf-8"],
    ["assets/index-abc.js", "text/javascript; charset=utf-8"],
    ["assets/style.CSS", "text/css; charset=utf-8"],
    ["assets/matrix_sdk_crypto_wasm_bg.wasm", "application/wasm"],
    ["icon.svg", "image/svg+xml"],
    ["icon.png", "image/png"],
    ["fonts/inter.woff2", "font/woff2"],
    ["manifest.webmanifest", "application/manifest+json; charset=utf-8"],
    ["config.json", "application/json; charset=utf-8"],
    ["README", "application/octet-stream"],
  ])("%s is served as %s", (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });
});

describe("the app:// scheme's privileges", () => {
  it("is standard and secure (an origin with storage), fetchable, and nothing more", () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: "app",
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    });
  });
});

describe("the protocol handler over a real web root", () => {
  let dir = "";
  let web = "";
  const refused: string[] = [];
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "wsc-protocol-"));
    web = join(dir, "web");
    await mkdir(join(web, "assets"), { recursive: true });
    await writeFile(join(web, "index.html"), "<!doctype html><title>console</title>");
    await writeFile(join(web, "assets", "crypto.wasm"), Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    await writeFile(join(dir, "secret.txt"), "outside the web root");
    handler = createAppProtocolHandler({
      webRoot: web,
      contentSecurityPolicy: () => "default-src 'none'",
      onRefused: (_url, reason) => refused.push(reason),
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the page with the CSP and hardening headers", async () => {
    const response = await handler(new Request("app://console/index.html"));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>console</title>");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });

  it("serves the crypto WASM as application/wasm, byte for byte", async () => {
    const response = await handler(new Request("app://console/assets/crypto.wasm"));
    expect(response.headers.get("content-type")).toBe("application/wasm");
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  });

  it("never serves a file outside the web root", async () => {
    const climbing = await handler(new Request("app://console/%2e%2e/%2e%2e/secret.txt"));
    expect(climbing.status).toBe(404);
    expect(await climbing.text()).not.toContain("outside the web root");
    const smuggled = await handler(new Request("app://console/..%2fsecret.txt"));
    expect(smuggled.status).toBe(404);
    expect(await smuggled.text()).not.toContain("outside the web root");
    expect(refused).toEqual(["outside the app"]);
  });

  it("answers 404 for missing files and directories", async () => {
    expect((await handler(new Request("app://console/missing.js"))).status).toBe(404);
    expect((await handler(new Request("app://console/assets"))).status).toBe(404);
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await handler(new Request("app://console/index.html", { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await handler(new Request("app://console/index.html", { method: "POST", body: "x" }));
    expect(post.status).toBe(405);
  });
});
