// Installers cannot be built here (electron-builder downloads Electron), so the configuration is checked
// instead: loaded by electron-builder's own loader and validated against its own schema, then its
// security-relevant choices asserted one by one.
import { join } from "node:path";
import { getConfig, validateConfiguration } from "app-builder-lib/out/util/config/config.js";
import type { Configuration } from "electron-builder";
import { beforeAll, describe, expect, it } from "vitest";
import { APP_ID } from "../../../electron/app-identity.ts";
import packageJson from "../../../package.json" with { type: "json" };

const root = join(import.meta.dirname, "../../..");
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, "build/electron-builder.config.ts", null);
}, 60_000);

describe("the electron-builder configuration", () => {
  // Validating compiles electron-builder's JSON schema: seconds of CPU, many more on a busy machine.
  it("loads through electron-builder's own loader and passes its schema", { timeout: 60_000 }, async () => {
    await expect(
      validateConfiguration(structuredClone(config), { isEnabled: false } as never),
    ).resolves.toBeUndefined();
  });

  it("has the app's identity and pins the tested Electron", () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.productName).toBe(packageJson.productName);
    expect(config.electronVersion).toBe(packageJson.devDependencies.electron);
  });

  it("builds AppImage, deb and tar.gz on Linux, NSIS on Windows, dmg on macOS", () => {
    expect(config.linux?.target).toEqual(["AppImage", "deb", "tar.gz"]);
    expect(config.win?.target).toEqual(["nsis"]);
    expect(config.mac?.target).toEqual(["dmg"]);
  });

  it("signs macOS builds with the hardened runtime and only the JIT entitlement", async () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe("build/entitlements.mac.plist");
    const { readFile } = await import("node:fs/promises");
    const plist = await readFile(join(root, "build/entitlements.mac.plist"), "utf8");
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1]);
    expect(keys).toEqual(["com.apple.security.cs.allow-jit"]);
  });

  it("spells out every Fuse, locked down", () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it("packs only the bundled shell and the web build into an asar, without node_modules or source maps", () => {
    expect(config.asar).toBe(true);
    // electron-builder's loader normalises `files` into a single file set.
    expect(config.files).toEqual([
      { filter: ["package.json", "dist/electron/**/*", "dist/web/**/*", "!**/*.map", "!**/node_modules/**"] },
    ]);
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toBeUndefined();
  });

  it("registers the sign-in link scheme with the OS", () => {
    expect(config.protocols).toEqual([
      { name: "Wallet Support Console sign-in", schemes: ["wallet-support-console"] },
    ]);
  });

  it("keeps the agent's data when uninstalled on Windows, and recommends a keyring on Debian", () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
    expect(config.nsis?.oneClick).toBe(false);
    expect(config.deb?.recommends).toContain("gnome-keyring | kwalletmanager");
  });
});
