// The real desktop app, launched with Playwright's Electron driver: it starts hardened, signs in against the
// test Synapse and shows the inbox. Runs wherever Electron's binary is installed; elsewhere (no network to
// download it) it is reported as skipped, never as passed.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { _electron, type ElectronApplication, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findElectronBinary } from "../../scripts/electron-binary.ts";
import { newSupportAccount, testHomeserver } from "../harness/accounts.ts";

const root = join(import.meta.dirname, "../..");
const binary = findElectronBinary(root);
if (binary === null) console.log("skipped: Electron binary not installed");

describe.skipIf(binary === null)("the desktop app", () => {
  let profile = "";
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), "wsc-electron-"));
    // The admin's user-data config.json: this homeserver, and (CI has no keyring) the explicit weaker
    // secret storage, which is exactly what an admin of a keyring-less Linux desk would set.
    await writeFile(
      join(profile, "config.json"),
      JSON.stringify({ homeserverUrl: testHomeserver().url, linuxSecretStorageWithoutKeyring: "basic_text" }),
    );
    app = await _electron.launch({
      executablePath: binary!,
      args: [root, `--profile-dir=${profile}`, "--password-store=basic"],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: "1" },
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    if (profile !== "") await rm(profile, { recursive: true, force: true });
  });

  it("serves the console from app:// with Node kept out of the page", async () => {
    await page.waitForLoadState("domcontentloaded");
    expect(page.url()).toBe("app://console/index.html");
    const surface = await page.evaluate(() => ({
      bridge: typeof (window as { walletSupportConsole?: unknown }).walletSupportConsole,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      ipcRenderer: "ipcRenderer" in window,
    }));
    expect(surface).toEqual({
      bridge: "object",
      require: "undefined",
      process: "undefined",
      ipcRenderer: false,
    });
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(windows).toBe(1);
  });

  it("signs in against Synapse and shows the wallet conversations", async () => {
    const account = await newSupportAccount("electron");
    await page.getByLabel("User ID").fill(account.userId);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const name = "Wallet conversations";
    const inbox = page
      .getByRole("region", { name })
      .or(page.getByRole("main", { name }))
      .or(page.getByRole("navigation", { name }))
      .or(page.getByRole("complementary", { name }));
    await inbox.first().waitFor({ state: "visible", timeout: 60_000 });
  });
});
