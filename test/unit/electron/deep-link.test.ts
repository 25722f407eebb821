import { describe, expect, it } from "vitest";
import {
  createDeepLinkRouter,
  DEEP_LINK_SCHEME,
  findDeepLink,
  parseSignInCallback,
  registerDeepLinkScheme,
} from "../../../electron/deep-link.ts";
import { captureLog } from "./log-capture.ts";

describe("wallet-support-console:// links", () => {
  it.each([
    ["wallet-support-console://sign-in/callback?loginToken=syl_abc123_DEF456", "syl_abc123_DEF456"],
    ["wallet-support-console://sign-in/callback?loginToken=abcdefgh&state=ignored", "abcdefgh"],
  ])("%s is a sign-in callback", (url, token) => {
    expect(parseSignInCallback(url)).toEqual({ loginToken: token });
  });

  it("passes on a state value only in its one shape (the renderer decides whether it answers anything)", () => {
    const state = "0123456789abcdef0123456789abcdef";
    expect(
      parseSignInCallback(`wallet-support-console://sign-in/callback?loginToken=abcdefgh&state=${state}`),
    ).toEqual({ loginToken: "abcdefgh", state });
    expect(
      parseSignInCallback(
        `wallet-support-console://sign-in/callback?loginToken=abcdefgh&state=${state}&state=${state}`,
      ),
    ).toEqual({ loginToken: "abcdefgh" });
  });

  it.each([
    "wallet-support-console://open?url=https://evil.example",
    "wallet-support-console://sign-in/other?loginToken=abcdefgh",
    "wallet-support-console://sign-in/callback",
    "wallet-support-console://sign-in/callback?loginToken=short",
    "wallet-support-console://sign-in/callback?loginToken=abcdefgh&loginToken=ijklmnop",
    "wallet-support-console://sign-in/callback?loginToken=has%20space%20inside",
    "wallet-support-console://user:pw@sign-in/callback?loginToken=abcdefgh",
    "https://sign-in/callback?loginToken=abcdefgh",
    `wallet-support-console://sign-in/callback?loginToken=${"a".repeat(3000)}`,
    "not a url",
  ])("ignores %s", (url) => {
    expect(parseSignInCallback(url)).toBeNull();
  });

  it("finds the link among a second instance's arguments", () => {
    expect(
      findDeepLink([
        "/opt/console/wallet-support-console",
        "--flag",
        "wallet-support-console://sign-in/callback?loginToken=abcdefgh",
      ]),
    ).toBe("wallet-support-console://sign-in/callback?loginToken=abcdefgh");
    expect(findDeepLink(["/opt/console/wallet-support-console"])).toBeNull();
  });

  it("registers the scheme with the OS", () => {
    const registered: string[] = [];
    const app = { setAsDefaultProtocolClient: (scheme: string) => (registered.push(scheme), true) };
    expect(registerDeepLinkScheme(app)).toBe(true);
    expect(registered).toEqual([DEEP_LINK_SCHEME]);
  });

  it("holds a link that arrives before the window loaded, delivers it once ready, and drops the rest", () => {
    const delivered: string[] = [];
    const captured = captureLog();
    const router = createDeepLinkRouter(({ loginToken }) => delivered.push(loginToken), captured.log);
    router.handle("wallet-support-console://sign-in/callback?loginToken=early-token");
    router.handle("wallet-support-console://evil");
    router.handle(null);
    expect(delivered).toEqual([]);
    router.rendererReady();
    router.handle("wallet-support-console://sign-in/callback?loginToken=later-token");
    expect(delivered).toEqual(["early-token", "later-token"]);
    expect(captured.at("warn")).toEqual([
      "Ignored a wallet-support-console:// link that is not a sign-in callback",
    ]);
  });
});
