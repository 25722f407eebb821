import { describe, expect, it } from "vitest";
import { buildCsp } from "../../../electron/csp.ts";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("the console's Content-Security-Policy", () => {
  const { policy, warning } = buildCsp({
    homeserverUrl: "https://matrix.acme.example:8448/",
    supportUserId: "@support:acme.example",
    brand: { name: "Acme", logoUrl: "https://cdn.acme.example/logo.png" },
  });
  const csp = directives(policy);

  it("runs only the app's own scripts, plus WebAssembly for the crypto", () => {
    expect(csp.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy).not.toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("talks to the homeserver and the support account's server for discovery, nothing else", () => {
    expect(csp.get("connect-src")).toEqual([
      "'self'",
      "https://matrix.acme.example:8448",
      "https://acme.example",
    ]);
    expect(warning).toBeUndefined();
  });

  it("shows images from the app, decrypted blobs and the configured logo only", () => {
    expect(csp.get("img-src")).toEqual(["'self'", "blob:", "https://cdn.acme.example"]);
  });

  it("takes styles only from the app's files", () => {
    expect(csp.get("style-src")).toEqual(["'self'"]);
    expect(csp.get("font-src")).toEqual(["'self'"]);
    expect(csp.get("media-src")).toEqual(["'none'"]);
  });

  it("denies by default and forbids plugins, frames, forms and <base>", () => {
    expect(csp.get("default-src")).toEqual(["'none'"]);
    for (const name of [
      "object-src",
      "frame-src",
      "child-src",
      "frame-ancestors",
      "form-action",
      "base-uri",
    ]) {
      expect(csp.get(name), name).toEqual(["'none'"]);
    }
  });

  it("allows a plain-http homeserver only by its exact origin (local test servers)", () => {
    const local = directives(buildCsp({ homeserverUrl: "http://127.0.0.1:8008" }).policy);
    expect(local.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:8008"]);
  });

  it("allows data: images only when the logo is inline", () => {
    const inline = buildCsp({
      homeserverUrl: "https://m.example",
      brand: { name: "X", logoUrl: "data:image/png;base64,AAAA" },
    });
    expect(directives(inline.policy).get("img-src")).toEqual(["'self'", "blob:", "data:"]);
    expect(directives(buildCsp({ homeserverUrl: "https://m.example" }).policy).get("img-src")).toEqual([
      "'self'",
      "blob:",
    ]);
  });

  it("says so when no server is configured and any https:// server must be reachable", () => {
    const open = buildCsp({});
    expect(directives(open.policy).get("connect-src")).toEqual(["'self'", "https:"]);
    expect(open.warning).toMatch(/set homeserverUrl/);
  });

  it("lets plain-http homeservers on this machine through only when asked (the web build served on loopback)", () => {
    const bare = directives(buildCsp({}).policy).get("connect-src");
    expect(bare).toEqual(["'self'", "https:"]);
    const dev = directives(buildCsp({}, { loopbackHomeservers: true }).policy).get("connect-src");
    expect(dev).toEqual(["'self'", "https:", "http://127.0.0.1:*", "http://localhost:*"]);
    // Never any other plain-http origin.
    expect(dev!.filter((s) => s.startsWith("http:"))).toEqual(["http://127.0.0.1:*", "http://localhost:*"]);
  });
});
