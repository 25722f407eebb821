import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserWindowConstructorOptions } from "electron";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appPaths, profileDirFrom, userDataPaths } from "../../../electron/app-paths.ts";
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  parseWindowState,
  trackWindowState,
  type Rectangle,
} from "../../../electron/window-state.ts";
import { createMainWindow, revealWindow } from "../../../electron/window.ts";

/** A hand-written fake of the BrowserWindow constructor: keeps the options it was given. */
class FakeBrowserWindow {
  static last: BrowserWindowConstructorOptions | null = null;
  readonly options: BrowserWindowConstructorOptions;
  constructor(options: BrowserWindowConstructorOptions) {
    this.options = options;
    FakeBrowserWindow.last = options;
  }
}

describe("the main window", () => {
  const window = createMainWindow(FakeBrowserWindow, {
    state: { x: 40, y: 60, width: 1300, height: 900, maximized: false },
    preloadPath: "/app/dist/electron/preload.cjs",
    iconPath: "/app/dist/electron/icon.png",
    title: "Acme Support",
    appVersion: "0.1.0",
    devTools: false,
  });
  const preferences = window.options.webPreferences ?? {};

  it("is sandboxed and context-isolated, with no Node, no <webview> and web security on", () => {
    expect(preferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(preferences).not.toHaveProperty("enableBlinkFeatures");
  });

  it("loads only the bundled preload and tells it the app version", () => {
    expect(preferences.preload).toBe("/app/dist/electron/preload.cjs");
    expect(preferences.additionalArguments).toEqual(["--wallet-support-console-version=0.1.0"]);
  });

  it("keeps developer tools closed in packaged builds", () => {
    expect(preferences.devTools).toBe(false);
  });

  it("opens where it was left, hidden until ready to show", () => {
    expect(window.options).toMatchObject({
      x: 40,
      y: 60,
      width: 1300,
      height: 900,
      show: false,
      title: "Acme Support",
    });
  });

  it("lets the OS place it when no position was saved", () => {
    createMainWindow(FakeBrowserWindow, {
      state: DEFAULT_WINDOW_STATE,
      preloadPath: "/p.cjs",
      title: "t",
      appVersion: "0",
      devTools: true,
    });
    expect(FakeBrowserWindow.last).not.toHaveProperty("x");
    expect(FakeBrowserWindow.last).not.toHaveProperty("icon");
  });

  it("comes back from minimised or hidden when revealed", () => {
    const calls: string[] = [];
    revealWindow({
      isMinimized: () => true,
      restore: () => calls.push("restore"),
      show: () => calls.push("show"),
      focus: () => calls.push("focus"),
    });
    expect(calls).toEqual(["restore", "show", "focus"]);
  });
});

describe("remembering the window's size and position", () => {
  const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
  const external: Rectangle = { x: 1440, y: 0, width: 2560, height: 1415 };

  it.each([
    [
      "on the laptop screen",
      { x: 100, y: 80, width: 1200, height: 800, maximized: false },
      [laptop],
      { x: 100, y: 80, width: 1200, height: 800, maximized: false },
    ],
    [
      "on the external screen, still connected",
      { x: 1600, y: 100, width: 2000, height: 1200, maximized: true },
      [laptop, external],
      { x: 1600, y: 100, width: 2000, height: 1200, maximized: true },
    ],
    [
      "on the external screen, now unplugged",
      { x: 1600, y: 100, width: 2000, height: 1200, maximized: false },
      [laptop],
      { width: 1440, height: 875, maximized: false },
    ],
    [
      "with its title bar above the screen",
      { x: 100, y: -500, width: 1000, height: 700, maximized: false },
      [laptop],
      { width: 1000, height: 700, maximized: false },
    ],
    [
      "absurdly small",
      { x: 10, y: 10, width: 50, height: 20, maximized: false },
      [laptop],
      { x: 10, y: 10, width: 720, height: 480, maximized: false },
    ],
  ])("a window saved %s", (_label, saved, displays, expected) => {
    expect(fitToDisplays(saved, displays)).toEqual(expected);
  });

  it.each([null, "", "not json", "[]", '{"width":"wide","height":600}', '{"width":1e999,"height":600}'])(
    "falls back to the default for %j",
    (text) => {
      expect(parseWindowState(text)).toEqual(DEFAULT_WINDOW_STATE);
    },
  );

  describe("on disk", () => {
    let dir = "";
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "wsc-window-"));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("saves the normal bounds when the window closes and restores them next time", async () => {
      const file = join(dir, "window-state.json");
      expect(loadWindowState(file, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
      let onClose: () => void = () => {};
      const errors: unknown[] = [];
      trackWindowState(
        {
          getNormalBounds: () => ({ x: 30, y: 40, width: 1100, height: 700 }),
          isMaximized: () => true,
          on: (_event, listener) => (onClose = listener),
        },
        file,
        (error) => errors.push(error),
      );
      onClose();
      // The save is asynchronous and lands by rename: the file appears whole or not at all.
      await expect.poll(() => existsSync(file)).toBe(true);
      expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
        x: 30,
        y: 40,
        width: 1100,
        height: 700,
        maximized: true,
      });
      expect(loadWindowState(file, [laptop])).toEqual({
        x: 30,
        y: 40,
        width: 1100,
        height: 700,
        maximized: true,
      });
      expect(errors).toEqual([]);
    });

    it("ignores a damaged state file", async () => {
      const file = join(dir, "window-state.json");
      await writeFile(file, "{truncated");
      expect(loadWindowState(file, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
    });
  });
});

describe("where the shell's files are", () => {
  it("finds the preload, web build, installer config and icon next to the bundle", () => {
    expect(appPaths("/opt/console/resources/app.asar/dist/electron")).toEqual({
      preload: "/opt/console/resources/app.asar/dist/electron/preload.cjs",
      webRoot: "/opt/console/resources/app.asar/dist/web",
      bundledConfig: "/opt/console/resources/app.asar/dist/electron/config.json",
      icon: "/opt/console/resources/app.asar/dist/electron/icon.png",
    });
    expect(userDataPaths("/home/agent/.config/Wallet Support Console").config).toBe(
      "/home/agent/.config/Wallet Support Console/config.json",
    );
  });

  it.each([
    [["electron", ".", "--profile-dir=/tmp/agent-2"], "/tmp/agent-2"],
    [["electron", ".", "--profile-dir", "/tmp/agent-3"], "/tmp/agent-3"],
    [["electron", ".", "--profile-dir="], null],
    [["electron", "."], null],
  ])("--profile-dir in %j → %s", (argv, expected) => {
    expect(profileDirFrom(argv)).toBe(expected);
  });
});
