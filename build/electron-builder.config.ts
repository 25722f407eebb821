// The installers, as code (electron-builder 26 loads .ts configs through jiti; scripts/dist.ts passes
// this file). Linux AppImage/deb/tar.gz, Windows NSIS, macOS dmg with the hardened runtime, every Electron
// Fuse spelled out, and only the bundled shell and web build in app.asar. Checked by
// test/unit/electron/electron-builder-config.test.ts, since installers cannot be built without network.
import type { Configuration } from "electron-builder";
import packageJson from "../package.json" with { type: "json" };
import { APP_ID, PRODUCT_NAME } from "../electron/app-identity.ts";
import { DEEP_LINK_SCHEME } from "../electron/deep-link.ts";

const config: Configuration = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  copyright: "Licensed under the Apache License 2.0",
  // Pinned to the version tested with, not whatever node_modules resolves.
  electronVersion: packageJson.devDependencies.electron,
  directories: { output: "release", buildResources: "build" },
  // Main and preload are bundled (ajv and electron-log included) and the renderer is built by Vite, so
  // no node_modules are needed at run time: shipping them would only add size and attack surface.
  files: ["package.json", "dist/electron/**/*", "dist/web/**/*", "!**/*.map", "!**/node_modules/**"],
  asar: true,
  // No native modules: nothing to rebuild, nothing to unpack outside the integrity-checked archive.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  protocols: [{ name: `${PRODUCT_NAME} sign-in`, schemes: [DEEP_LINK_SCHEME] }],
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would turn the signed binary into a general-purpose Node.
    runAsNode: false,
    // Cookies (and the session state Chromium keeps with them) encrypted with the OS key store.
    enableCookieEncryption: true,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS and --inspect would let anyone who can set an environment
    // variable or a shortcut's arguments run code inside the signed app.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // With onlyLoadAppFromAsar, Electron loads nothing but the integrity-checked app.asar (macOS and
    // Windows; Linux has no integrity check, the other fuses still apply).
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // Off: the console ships no custom browser-process V8 snapshot; on, Electron would need one.
    loadBrowserProcessSpecificV8Snapshot: false,
    // Off: the app is served from app://, never file://, so file:// needs no extra privileges.
    grantFileProtocolExtraPrivileges: false,
    // Flipping fuses invalidates the ad-hoc signature on Apple silicon; re-sign ad hoc so an unsigned
    // admin build still launches (a real signing identity signs again afterwards).
    resetAdHocDarwinSignature: true,
  },
  linux: {
    target: ["AppImage", "deb", "tar.gz"],
    icon: "build/icon.png",
    category: "Network;InstantMessaging",
    executableName: "wallet-support-console",
    synopsis: "Answer identity-wallet users over Matrix",
    maintainer: "Wallet Support Console maintainers <support@wallet-support-console.invalid>",
    vendor: "Wallet Support Console",
  },
  deb: {
    // A keyring keeps the sign-in safe (safeStorage); without one the console refuses by default.
    recommends: ["gnome-keyring | kwalletmanager", "libayatana-appindicator3-1"],
  },
  win: {
    target: ["nsis"],
    icon: "build/icon.png",
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // Uninstalling must not take the agent's saved sign-in and config.json with it.
    deleteAppDataOnUninstall: false,
  },
  mac: {
    target: ["dmg"],
    icon: "build/icon.png",
    category: "public.app-category.business",
    hardenedRuntime: true,
    entitlements: "build/entitlements.mac.plist",
    entitlementsInherit: "build/entitlements.mac.plist",
  },
  dmg: { title: PRODUCT_NAME },
  publish: null,
};

export default config;
