import { describe, expect, it } from "vitest";
import { checkExternalUrl, openExternalLink } from "../../../electron/external-links.ts";
import {
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  guardPermissions,
  guardWebContents,
  isLocalNetworkUrl,
  type GuardedSession,
  type GuardedWebContents,
  type PreventableEvent,
} from "../../../electron/web-security.ts";
import { captureLog } from "./log-capture.ts";

describe("links that leave the app", () => {
  it.each([
    ["https://example.org/help", "https://example.org/help"],
    ["http://example.org", "http://example.org/"],
    ["mailto:support@acme.example?subject=Wallet", "mailto:support@acme.example?subject=Wallet"],
    ["HTTPS://EXAMPLE.ORG/A", "https://example.org/A"],
  ])("opens %s in the system browser", (url, normalised) => {
    expect(checkExternalUrl(url)).toEqual({ ok: true, url: normalised });
  });

  it.each([
    ["file:///etc/passwd", "scheme file:"],
    ["javascript:alert(1)", "scheme javascript:"],
    ["app://console/index.html", "scheme app:"],
    ["wallet-support-console://sign-in/callback?loginToken=x", "scheme wallet-support-console:"],
    ["smb://server/share", "scheme smb:"],
    ["https://bank.example@evil.example/", "credentials in URL"],
    ["https://user:pass@example.org/", "credentials in URL"],
    ["mailto:", "mailto without an address"],
    ["mailto:a@b.example?attach=/etc/passwd", "mailto with attach="],
    ["mailto:a@b.example?subject=x&BCC=spy@evil.example", "mailto with BCC="],
    ["https://example.org/\u0000x", "control characters or spaces"],
    ["https://example.org/ x", "control characters or spaces"],
    ["not a url", "control characters or spaces"],
    ["nota-url", "not a URL"],
    ["", "length 0 outside 1..2048"],
    [`https://example.org/${"a".repeat(2048)}`, "length 2068 outside 1..2048"],
    [42, "not a string"],
  ])("refuses %s (%s)", (url, reason) => {
    expect(checkExternalUrl(url)).toEqual({ ok: false, reason });
  });

  it("hands only validated links to shell.openExternal, and logs refusals without the URL", async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    const captured = captureLog();
    expect(await openExternalLink(shell, "https://example.org/a", captured.log)).toBe(true);
    expect(await openExternalLink(shell, "file:///home/agent/.ssh/id_rsa", captured.log)).toBe(false);
    expect(opened).toEqual(["https://example.org/a"]);
    expect(captured.at("warn")).toEqual(["Refused to open a link outside the app (scheme file:)"]);
  });
});

describe("navigation and new windows", () => {
  it.each([
    ["app://console/index.html", { allow: true }],
    ["app://console/index.html#/conversation/!abc:example.org", { allow: true }],
    ["https://example.org/", { allow: false, openExternally: "https://example.org/" }],
    ["mailto:a@b.example", { allow: false, openExternally: "mailto:a@b.example" }],
    ["app://other/index.html", { allow: false, openExternally: null }],
    ["app://user@console/index.html", { allow: false, openExternally: null }],
    ["file:///etc/passwd", { allow: false, openExternally: null }],
    ["javascript:alert(1)", { allow: false, openExternally: null }],
    ["data:text/html,<script>alert(1)</script>", { allow: false, openExternally: null }],
    ["chrome://gpu", { allow: false, openExternally: null }],
  ])("navigating to %s", (url, decision) => {
    expect(decideNavigation(url)).toEqual(decision);
  });

  it.each([
    ["https://example.org/", "https://example.org/"],
    ["app://console/index.html", null],
    ["about:blank", null],
    ["file:///tmp/x.html", null],
  ])("window.open(%s) is denied; external links go to the browser", (url, external) => {
    expect(decideWindowOpen(url)).toEqual({ action: "deny", openExternally: external });
  });
});

describe("permissions", () => {
  const strict = { allowLocalNetwork: false };
  const local = { allowLocalNetwork: true };
  it.each([
    ["notifications", "app://console/index.html", strict, true],
    ["notifications", "app://console", strict, true],
    ["notifications", "https://evil.example/", strict, false],
    ["media", "app://console/index.html", strict, false],
    ["geolocation", "app://console/index.html", strict, false],
    ["clipboard-read", "app://console/index.html", strict, false],
    ["clipboard-sanitized-write", "app://console/index.html", strict, true],
    ["clipboard-sanitized-write", "https://evil.example/", strict, false],
    ["openExternal", "app://console/index.html", strict, false],
    ["display-capture", "app://console/index.html", strict, false],
    ["local-network-access", "app://console/index.html", strict, false],
    ["local-network-access", "app://console/index.html", local, true],
    ["loopback-network", "app://console/index.html", local, true],
    ["local-network-access", "https://evil.example/", local, false],
  ] as const)("%s for %s (%o) → %s", (permission, origin, policy, granted) => {
    expect(decidePermission(permission, origin, policy)).toBe(granted);
  });

  it.each([
    ["http://127.0.0.1:8008", true],
    ["http://localhost:8008", true],
    ["http://[::1]:8008", true],
    ["https://10.1.2.3", true],
    ["https://172.20.0.5", true],
    ["https://192.168.1.10:8448", true],
    ["https://matrix.corp.local", true],
    ["https://matrix.example.org", false],
    ["https://172.32.0.1", false],
    ["https://8.8.8.8", false],
    [undefined, false],
  ])("a homeserver at %s is on the local network: %s", (url, expected) => {
    expect(isLocalNetworkUrl(url)).toBe(expected);
  });
});

/** A hand-written fake of the parts of Electron's WebContents that guardWebContents uses. */
class FakeWebContents implements GuardedWebContents {
  readonly listeners = new Map<string, (event: PreventableEvent, url: string) => void>();
  windowOpenHandler: ((details: { url: string }) => { action: "deny" }) | null = null;
  on(event: string, listener: (event: PreventableEvent, url: string) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void {
    this.windowOpenHandler = handler;
  }
  emit(event: string, url = ""): boolean {
    let prevented = false;
    this.listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe("guarding every web contents", () => {
  function guarded() {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    const captured = captureLog();
    guardWebContents(contents, (url) => opened.push(url), captured.log);
    return { contents, opened, captured };
  }

  it("lets in-app navigation through and stops everything else", () => {
    const { contents, opened, captured } = guarded();
    expect(contents.emit("will-navigate", "app://console/index.html")).toBe(false);
    expect(contents.emit("will-navigate", "https://example.org/")).toBe(true);
    expect(contents.emit("will-redirect", "file:///etc/passwd")).toBe(true);
    expect(opened).toEqual(["https://example.org/"]);
    expect(captured.at("warn")).toEqual(["Blocked navigation away from the app to a file URL"]);
  });

  it("denies every new window and hands web links to the browser", () => {
    const { contents, opened } = guarded();
    expect(contents.windowOpenHandler?.({ url: "https://example.org/doc" })).toEqual({ action: "deny" });
    expect(contents.windowOpenHandler?.({ url: "app://console/index.html" })).toEqual({ action: "deny" });
    expect(opened).toEqual(["https://example.org/doc"]);
  });

  it("refuses to attach a <webview>", () => {
    const { contents } = guarded();
    expect(contents.emit("will-attach-webview")).toBe(true);
  });
});

describe("guarding the session's permissions", () => {
  it("answers both the request and the check paths from the same policy", () => {
    let requestHandler: Parameters<GuardedSession["setPermissionRequestHandler"]>[0] | null = null;
    let checkHandler: Parameters<GuardedSession["setPermissionCheckHandler"]>[0] | null = null;
    const session: GuardedSession = {
      setPermissionRequestHandler: (handler) => (requestHandler = handler),
      setPermissionCheckHandler: (handler) => (checkHandler = handler),
    };
    const captured = captureLog();
    guardPermissions(session, { allowLocalNetwork: false }, captured.log);
    const answers: boolean[] = [];
    requestHandler!(null, "notifications", (granted) => answers.push(granted), {
      requestingUrl: "app://console/index.html",
    });
    requestHandler!(null, "media", (granted) => answers.push(granted), {
      requestingUrl: "app://console/index.html",
    });
    expect(answers).toEqual([true, false]);
    expect(checkHandler!(null, "notifications", "app://console")).toBe(true);
    expect(checkHandler!(null, "geolocation", "app://console")).toBe(false);
    expect(captured.at("info")).toEqual(['Denied permission "media"']);
  });
});
