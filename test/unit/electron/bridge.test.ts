// The renderer's Platform (renderer/core/platform/electron.ts) over the real preload bridge, the real IPC
// registration and the real secret store; only Electron's ipc and safeStorage are hand-written fakes.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EVENT_CHANNELS } from "../../../electron/ipc-channels.ts";
import { registerIpc } from "../../../electron/ipc.ts";
import { appVersionFrom, createBridge } from "../../../electron/preload-bridge.ts";
import { openSecretStore } from "../../../electron/secrets.ts";
import { createSsoService } from "../../../electron/sso-loopback.ts";
import { createServer } from "node:http";
import {
  createElectronPlatform,
  desktopBridge,
  ElectronPlatform,
} from "../../../renderer/core/platform/electron.ts";
import { DEFAULT_CONFIG, type DesktopNotification } from "../../../contract/index.ts";
import { FakeIpc, FakeSafeStorage } from "./electron-fakes.ts";
import { captureLog } from "./log-capture.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "wsc-bridge-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function desktop() {
  const ipc = new FakeIpc();
  const log = captureLog();
  const { store } = await openSecretStore({
    safeStorage: new FakeSafeStorage(),
    platform: "linux",
    file: join(dir, "secrets.json"),
    policy: "refuse",
    log: log.log,
  });
  const shown: DesktopNotification[] = [];
  const badge: number[] = [];
  const opened: string[] = [];
  const onScreen: Array<string | null> = [];
  // The shell's real single sign-on service; the "system browser" plays the homeserver's part: it follows the
  // start URL's redirectUrl with a login token added, as Synapse's redirect does.
  const browsed: string[] = [];
  const sso = createSsoService({
    createServer: (handler) => createServer(handler),
    openBrowser: async (url) => {
      browsed.push(url);
      const back = new URL(new URL(url).searchParams.get("redirectUrl")!);
      back.searchParams.set("loginToken", "syl_from_the_homeserver");
      void fetch(back);
    },
  });
  registerIpc(
    ipc.main,
    {
      secrets: store,
      adminConfig: () => ({ ...DEFAULT_CONFIG, homeserverUrl: "https://matrix.acme.example" }),
      notify: (notification) => void shown.push(notification),
      setBadgeCount: (count) => void badge.push(count),
      openLink: async (url) => (url.startsWith("https://") ? (opened.push(url), true) : false),
      setOpenConversation: (id) => void onScreen.push(id),
      ...sso,
    },
    log.log,
  );
  const bridge = createBridge(ipc.renderer, [
    "/opt/console/electron",
    "--wallet-support-console-version=1.2.3",
  ]);
  const platform = createElectronPlatform(bridge)!;
  return { ipc, platform, shown, badge, opened, onScreen, log, browsed };
}

describe("the desktop Platform, end to end through the bridge", () => {
  it("is the Electron platform with the version the shell passed in", async () => {
    const { platform } = await desktop();
    expect(platform).toBeInstanceOf(ElectronPlatform);
    expect(platform.kind).toBe("electron");
    expect(platform.appVersion).toBe("1.2.3");
  });

  it("stores a token encrypted in the shell and reads it back", async () => {
    const { platform } = await desktop();
    await platform.secrets.set("accessToken", "syt_round_trip_token");
    expect(await platform.secrets.get("accessToken")).toBe("syt_round_trip_token");
    expect(await readFile(join(dir, "secrets.json"), "utf8")).not.toContain("syt_round_trip_token");
    await platform.secrets.delete("accessToken");
    expect(await platform.secrets.get("accessToken")).toBeNull();
  });

  it("a secret name the shell does not accept is refused, not stored", async () => {
    const { platform } = await desktop();
    await expect(platform.secrets.set("../../outside", "x")).rejects.toThrow("refused");
  });

  it("loads the admin configuration once", async () => {
    const { platform } = await desktop();
    const config = await platform.loadConfig();
    expect(config.homeserverUrl).toBe("https://matrix.acme.example");
    expect(await platform.loadConfig()).toBe(config);
  });

  it("sends notifications with only their three fields", async () => {
    const { platform, shown } = await desktop();
    const notification = Object.assign(
      { title: "Wallet 7f3a", body: "Hello", conversationId: "!abc:wallets.example.org" },
      { icon: "file:///etc/passwd" },
    );
    platform.notify(notification);
    expect(shown).toEqual([
      { title: "Wallet 7f3a", body: "Hello", conversationId: "!abc:wallets.example.org" },
    ]);
  });

  it("a notification click from the shell reaches the handler, and only with a conversation ID", async () => {
    const { ipc, platform } = await desktop();
    const clicked: string[] = [];
    platform.onNotificationClick((id) => clicked.push(id));
    ipc.sendToRenderer(EVENT_CHANNELS.notificationClick, "!abc:wallets.example.org");
    ipc.sendToRenderer(EVENT_CHANNELS.notificationClick, { not: "a string" });
    // A second handler replaces the first instead of stacking.
    platform.onNotificationClick((id) => clicked.push(`second ${id}`));
    ipc.sendToRenderer(EVENT_CHANNELS.notificationClick, "!def:wallets.example.org");
    expect(clicked).toEqual(["!abc:wallets.example.org", "second !def:wallets.example.org"]);
  });

  it("sets the badge, tracks the open conversation and opens external links through the shell", async () => {
    const { platform, badge, onScreen, opened } = await desktop();
    platform.setBadgeCount(4);
    platform.setBadgeCount(-2);
    platform.setOpenConversation("!abc:wallets.example.org");
    platform.setOpenConversation(null);
    await platform.openExternal("https://example.org/help");
    await expect(platform.openExternal("file:///etc/passwd")).rejects.toThrow("refused");
    expect(badge).toEqual([4, 0]);
    expect(onScreen).toEqual(["!abc:wallets.example.org", null]);
    expect(opened).toEqual(["https://example.org/help"]);
  });

  it("delivers sign-in callbacks and stops after unsubscribing", async () => {
    const { ipc, platform } = await desktop();
    const tokens: string[] = [];
    const stop = platform.onSignInCallback(({ loginToken }) => tokens.push(loginToken));
    ipc.sendToRenderer(EVENT_CHANNELS.signInCallback, { loginToken: "syl_abcdefgh" });
    stop();
    ipc.sendToRenderer(EVENT_CHANNELS.signInCallback, { loginToken: "syl_later" });
    expect(tokens).toEqual(["syl_abcdefgh"]);
  });

  it("runs single sign-on through the system browser and answers from the loopback redirect", async () => {
    const { platform, browsed } = await desktop();
    const state = "0123456789abcdef0123456789abcdef";
    const answer = await platform.startSso({
      homeserverUrl: "https://matrix.acme.example",
      providerId: "company",
      state,
    });
    expect(answer).toEqual({ loginToken: "syl_from_the_homeserver", state });
    const start = new URL(browsed[0]!);
    expect(start.origin + start.pathname).toBe(
      "https://matrix.acme.example/_matrix/client/v3/login/sso/redirect/company",
    );
    expect(start.searchParams.get("redirectUrl")).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:\\d+/sso-callback\\?state=${state}$`),
    );
    // A page can't smuggle another server or scheme through the bridge.
    await expect(platform.startSso({ homeserverUrl: "file:///etc/passwd", state })).rejects.toThrow(
      "refused",
    );
    await expect(platform.startSso({ homeserverUrl: "http://matrix.acme.example", state })).rejects.toThrow(
      "refused",
    );
  });
});

describe("finding the bridge", () => {
  it("is absent outside the desktop shell (web build)", () => {
    expect(desktopBridge({})).toBeUndefined();
    expect(createElectronPlatform(undefined)).toBeNull();
  });

  it("reads the app version from the preload's arguments", () => {
    expect(appVersionFrom(["electron", "--wallet-support-console-version=0.1.0"])).toBe("0.1.0");
    expect(appVersionFrom(["electron"])).toBe("unknown");
  });
});
