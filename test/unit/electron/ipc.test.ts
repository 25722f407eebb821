import { describe, expect, it } from "vitest";
import {
  parseBadgeCount,
  parseExternalUrl,
  parseNoArguments,
  parseNotification,
  parseOpenConversation,
  parseSecretName,
  parseSecretWrite,
  parseSsoRequest,
} from "../../../electron/ipc-arguments.ts";
import { INVOKE_CHANNELS, SEND_CHANNELS } from "../../../electron/ipc-channels.ts";
import { ALLOWED_CHANNELS, isTrustedSender, registerIpc, type ShellServices } from "../../../electron/ipc.ts";
import { DEFAULT_CONFIG, type DesktopNotification } from "../../../contract/index.ts";
import { FakeIpc } from "./electron-fakes.ts";
import { captureLog } from "./log-capture.ts";

describe("IPC argument validation", () => {
  it.each([
    [["accessToken"], true],
    [["crypto.pickleKey"], true],
    [["session_v2-device"], true],
    [["../../etc/passwd"], false],
    [["has space"], false],
    [[""], false],
    [["a".repeat(65)], false],
    [[42], false],
    [[], false],
    [["accessToken", "extra"], false],
  ])("secret name %j → %s", (args, ok) => {
    expect(parseSecretName(args).ok).toBe(ok);
  });

  it("secret values: strings up to 64 KiB", () => {
    expect(parseSecretWrite(["accessToken", "x".repeat(64 * 1024)]).ok).toBe(true);
    expect(parseSecretWrite(["accessToken", "x".repeat(64 * 1024 + 1)])).toEqual({
      ok: false,
      reason: "secret value longer than 65536",
    });
    expect(parseSecretWrite(["accessToken", { toString: () => "x" }]).ok).toBe(false);
    expect(parseSecretWrite(["accessToken"]).ok).toBe(false);
  });

  const good: DesktopNotification = {
    title: "Wallet 7f3a",
    body: "Hello, my credential…",
    conversationId: "!abc:wallets.example.org",
  };
  it.each([
    [[good], true],
    [[{ ...good, conversationId: "!opaqueRoomIdV12" }], true],
    [[{ ...good, body: "" }], true],
    [[{ ...good, title: "" }], false],
    [[{ ...good, title: "t".repeat(257) }], false],
    [[{ ...good, body: "b".repeat(1025) }], false],
    [[{ ...good, conversationId: "#alias:example.org" }], false],
    [[{ ...good, conversationId: "!with space:example.org" }], false],
    [[{ ...good, icon: "file:///etc/passwd" }], false],
    [[{ title: "t", body: "b" }], false],
    [["not an object"], false],
    [[[good]], false],
    [[null], false],
  ])("notification %j → %s", (args, ok) => {
    expect(parseNotification(args).ok).toBe(ok);
  });

  it.each([
    [[0], true],
    [[7], true],
    [[99_999], true],
    [[-1], false],
    [[1.5], false],
    [[Number.NaN], false],
    [[100_000], false],
    [["3"], false],
    [[], false],
  ])("badge count %j → %s", (args, ok) => {
    expect(parseBadgeCount(args).ok).toBe(ok);
  });

  it("external URL: a string of sane length (the URL itself is checked by external-links)", () => {
    expect(parseExternalUrl(["https://example.org"]).ok).toBe(true);
    expect(parseExternalUrl([""]).ok).toBe(false);
    expect(parseExternalUrl(["x".repeat(2049)]).ok).toBe(false);
    expect(parseExternalUrl([new URL("https://example.org")]).ok).toBe(false);
  });

  it("single sign-on: an https homeserver (http only on loopback), a provider id and a 32-hex state", () => {
    const state = "0123456789abcdef0123456789abcdef";
    expect(parseSsoRequest([{ homeserverUrl: "https://matrix.example.org/", state }])).toEqual({
      ok: true,
      value: { homeserverUrl: "https://matrix.example.org", state },
    });
    expect(
      parseSsoRequest([{ homeserverUrl: "http://127.0.0.1:8008", providerId: "oidc-company", state }]).ok,
    ).toBe(true);
    for (const bad of [
      { homeserverUrl: "http://matrix.example.org", state },
      { homeserverUrl: "javascript:alert(1)", state },
      { homeserverUrl: "https://user:pw@matrix.example.org", state },
      { homeserverUrl: "https://matrix.example.org/?redirectUrl=https://evil.example", state },
      { homeserverUrl: "https://matrix.example.org", state: "short" },
      { homeserverUrl: "https://matrix.example.org", providerId: "../../x", state },
      { homeserverUrl: "https://matrix.example.org", state, extra: 1 },
    ]) {
      expect(parseSsoRequest([bad]).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it("open conversation: a room ID or null", () => {
    expect(parseOpenConversation([null])).toEqual({ ok: true, value: null });
    expect(parseOpenConversation(["!abc:example.org"])).toEqual({ ok: true, value: "!abc:example.org" });
    expect(parseOpenConversation([undefined]).ok).toBe(false);
    expect(parseNoArguments([]).ok).toBe(true);
    expect(parseNoArguments(["sneaky"]).ok).toBe(false);
  });
});

describe("which frames may use IPC", () => {
  it.each([
    [{ url: "app://console/index.html", parent: null }, true],
    [{ url: "app://console/index.html", parent: { url: "app://console/index.html" } }, false],
    [{ url: "https://evil.example/", parent: null }, false],
    [{ url: "file:///tmp/x.html", parent: null }, false],
    [{ url: "app://evil/index.html", parent: null }, false],
    [null, false],
  ])("sender frame %j → %s", (senderFrame, trusted) => {
    expect(isTrustedSender({ senderFrame })).toBe(trusted);
  });
});

function servicesRecording() {
  const calls: Array<[string, unknown]> = [];
  const secrets = new Map<string, string>();
  const services: ShellServices = {
    secrets: {
      get: async (name) => secrets.get(name) ?? null,
      set: async (name, value) => void secrets.set(name, value),
      delete: async (name) => void secrets.delete(name),
    },
    adminConfig: () => DEFAULT_CONFIG,
    notify: (notification) => void calls.push(["notify", notification]),
    setBadgeCount: (count) => void calls.push(["badge", count]),
    openLink: async (url) => {
      calls.push(["openLink", url]);
      return url.startsWith("https://");
    },
    setOpenConversation: (id) => void calls.push(["open", id]),
    startSso: async (request) => {
      calls.push(["sso", request]);
      return { loginToken: "syl_token", state: request.state };
    },
    cancelSso: () => void calls.push(["sso-cancel", null]),
  };
  return { services, calls, secrets };
}

describe("the IPC surface", () => {
  it("registers exactly the allowlisted channels and no others", () => {
    const ipc = new FakeIpc();
    registerIpc(ipc.main, servicesRecording().services, captureLog().log);
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect([...ipc.listeners.keys()].sort()).toEqual(Object.values(SEND_CHANNELS).sort());
    expect([...ALLOWED_CHANNELS].sort()).toEqual([...ipc.handlers.keys(), ...ipc.listeners.keys()].sort());
  });

  it("passes valid requests from the app through", async () => {
    const ipc = new FakeIpc();
    const { services, calls } = servicesRecording();
    registerIpc(ipc.main, services, captureLog().log);
    await ipc.renderer.invoke(INVOKE_CHANNELS.secretsSet, "accessToken", "t0k3n");
    expect(await ipc.renderer.invoke(INVOKE_CHANNELS.secretsGet, "accessToken")).toBe("t0k3n");
    expect(await ipc.renderer.invoke(INVOKE_CHANNELS.configGet)).toEqual(DEFAULT_CONFIG);
    ipc.renderer.send(SEND_CHANNELS.setBadgeCount, 3);
    ipc.renderer.send(SEND_CHANNELS.setOpenConversation, "!abc:example.org");
    expect(calls).toEqual([
      ["badge", 3],
      ["open", "!abc:example.org"],
    ]);
  });

  it("refuses and logs bad arguments, without echoing them", async () => {
    const ipc = new FakeIpc();
    const { services, calls, secrets } = servicesRecording();
    const captured = captureLog();
    registerIpc(ipc.main, services, captured.log);
    await expect(ipc.renderer.invoke(INVOKE_CHANNELS.secretsSet, "../escape", "value")).rejects.toThrow(
      'The desktop shell refused the request on "secrets:set"',
    );
    ipc.renderer.send(SEND_CHANNELS.setBadgeCount, "lots");
    ipc.renderer.send(SEND_CHANNELS.notify, { title: "x", body: "y", conversationId: "javascript:alert(1)" });
    expect(calls).toEqual([]);
    expect(secrets.size).toBe(0);
    expect(captured.at("warn")).toEqual([
      'IPC "secrets:set" refused: secret name is not an allowed identifier',
      'IPC "badge:set" refused: badge count must be a whole number 0..99999',
      'IPC "notify" refused: conversationId is not a Matrix room ID',
    ]);
  });

  it("refuses every channel to a frame that is not the app's top-level document", async () => {
    const ipc = new FakeIpc();
    const { services, calls } = servicesRecording();
    const captured = captureLog();
    registerIpc(ipc.main, services, captured.log);
    ipc.senderFrame = { url: "https://evil.example/", parent: null };
    await expect(ipc.renderer.invoke(INVOKE_CHANNELS.secretsGet, "accessToken")).rejects.toThrow("refused");
    await expect(ipc.renderer.invoke(INVOKE_CHANNELS.configGet)).rejects.toThrow("refused");
    ipc.senderFrame = { url: "app://console/index.html", parent: { url: "app://console/index.html" } };
    ipc.renderer.send(SEND_CHANNELS.setBadgeCount, 1);
    expect(calls).toEqual([]);
    expect(captured.at("warn")).toHaveLength(3);
    expect(captured.at("warn")[0]).toBe(`IPC "secrets:get" refused: sender is not the app's top-level frame`);
  });

  it("reports a refused external link back to the renderer", async () => {
    const ipc = new FakeIpc();
    registerIpc(ipc.main, servicesRecording().services, captureLog().log);
    await expect(
      ipc.renderer.invoke(INVOKE_CHANNELS.openExternal, "https://example.org"),
    ).resolves.toBeUndefined();
    await expect(ipc.renderer.invoke(INVOKE_CHANNELS.openExternal, "file:///etc/passwd")).rejects.toThrow(
      "refused",
    );
  });
});
