// What survives a restart, and what never reaches the disk in clear. Chromium runs on a profile directory that
// outlives it (like the desktop app's), so closing and launching again is a real restart; killing it is a crash.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { launchPersistentChromium, screenshot } from "../harness/browser.ts";
import { inboxRegion, inboxRow, signIn, startConsoleSite, type ConsoleSite } from "../harness/e2e.ts";
import { createQuickWallet, sendRaw } from "../harness/fixtures.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

let site: ConsoleSite;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  site = await startConsoleSite();
});
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await site?.close();
});

function profileDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wsc-profile-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Session {
  context: BrowserContext;
  page: Page;
  /** Tokens seen on the wire (the test's only way to know them: the app never exposes them). */
  tokens: Set<string>;
  cspViolations: string[];
}

async function launch(dir: string): Promise<Session> {
  const context = await launchPersistentChromium(dir);
  const page = context.pages()[0] ?? (await context.newPage());
  const tokens = new Set<string>();
  const cspViolations: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && cspViolations.push(m.text()));
  page.on("request", (req) => {
    const auth = req.headers()["authorization"];
    if (auth?.startsWith("Bearer ")) tokens.add(auth.slice(7));
  });
  page.on("response", async (res) => {
    if (!/\/_matrix\/client\/v3\/(login|refresh)$/.test(res.url()) || !res.ok()) return;
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string };
    if (body.access_token) tokens.add(body.access_token);
    if (body.refresh_token) tokens.add(body.refresh_token);
  });
  await page.goto(site.url);
  return { context, page, tokens, cspViolations };
}

/** A crash: every Chromium process of this profile killed at once, nothing flushed. */
async function crash(dir: string): Promise<void> {
  const alive = () => {
    try {
      execFileSync("pgrep", ["-f", "--", `--user-data-dir=${dir}`]);
      return true;
    } catch {
      return false; // pgrep exits 1 when nothing matches
    }
  };
  try {
    execFileSync("pkill", ["-KILL", "-f", "--", `--user-data-dir=${dir}`]);
  } catch {
    // nothing matched
  }
  await waitFor("Chromium to be gone", () => !alive(), { timeoutMs: 10_000 });
  // A crashed Chromium leaves its profile lock behind, as it would on a real machine; the next start takes over.
  for (const lock of ["SingletonLock", "SingletonSocket", "SingletonCookie"])
    rmSync(join(dir, lock), { force: true });
}

async function conversationText(page: Page): Promise<string> {
  return (await page.getByRole("log").textContent()) ?? "";
}

async function consoleDevices(accessToken: string): Promise<string[]> {
  const res = await fetch(`${testHomeserver().url}/_matrix/client/v3/devices`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const body = (await res.json()) as { devices: Array<{ device_id: string; display_name?: string }> };
  return body.devices
    .filter((d) => d.display_name?.startsWith("Wallet Support Console"))
    .map((d) => d.device_id);
}

/** Every file under the profile, read raw. */
function profileFiles(dir: string): Array<{ path: string; bytes: Buffer }> {
  const out: Array<{ path: string; bytes: Buffer }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push({ path: p, bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

/** Files containing the secret as UTF-8, UTF-16LE (Chromium stores IndexedDB strings both ways) or base64. */
function filesContaining(files: Array<{ path: string; bytes: Buffer }>, secret: string): string[] {
  const needles = [Buffer.from(secret, "utf8"), Buffer.from(secret, "utf16le")];
  return files.filter((f) => needles.some((n) => f.bytes.includes(n))).map((f) => f.path);
}

describe("restart and storage at rest", () => {
  let dir: string;
  let wallet: Wallet;
  let account: Awaited<ReturnType<typeof newSupportAccount>>;
  let first: Session;
  const secretText = `My diploma number is ${Date.now()}-confidential`;

  it("a restart keeps the session and the same device, and earlier history still decrypts", async () => {
    dir = profileDir();
    account = await newSupportAccount();
    first = await launch(dir);
    await signIn(first.page, account);
    wallet = await newWallet(account.userId, "e2ee");
    cleanups.push(() => wallet.stop());
    await wallet.startSupportChat();
    await inboxRow(first.page, wallet.label).waitFor();
    await wallet.sendText(secretText);
    await inboxRow(first.page, wallet.label).click();
    await first.page.getByRole("log").getByText(secretText).waitFor();
    const devicesBefore = await consoleDevices(account.accessToken);
    expect(devicesBefore).toHaveLength(1);
    await first.context.close();

    const second = await launch(dir);
    cleanups.push(() => second.context.close());
    // No sign-in form: straight to the inbox, from the saved session.
    await inboxRegion(second.page).waitFor({ timeout: 30_000 });
    expect(await second.page.getByLabel(/^Password$/).count()).toBe(0);
    await inboxRow(second.page, wallet.label).click();
    await second.page.getByRole("log").getByText(secretText).waitFor({ timeout: 30_000 });
    expect(await conversationText(second.page)).not.toMatch(/can't be decrypted|could not be decrypted/i);
    expect(await consoleDevices(account.accessToken)).toEqual(devicesBefore);
    await wallet.sendText("and after the restart");
    await second.page.getByRole("log").getByText("and after the restart").waitFor();
    await screenshot(second.page, "persistence-after-restart");
    expect([...first.cspViolations, ...second.cspViolations]).toEqual([]);
    first.tokens.forEach((t) => second.tokens.add(t));
    first = second;
    await second.context.close();
  });

  it("tokens, the device key and decrypted messages are nowhere in clear under the profile", async () => {
    // A canary written in clear by the page proves the scan can see what the browser stores.
    const canary = `CANARY-${Date.now()}-plaintext`;
    const probe = await launch(dir);
    await inboxRegion(probe.page).waitFor({ timeout: 30_000 });
    await probe.page.evaluate(async (value) => {
      localStorage.setItem("scan-canary", value);
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("scan-canary", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("kv");
        open.onsuccess = () => {
          const tx = open.result.transaction("kv", "readwrite");
          tx.objectStore("kv").put({ value }, "canary");
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      });
    }, canary);
    await probe.context.close();

    const files = profileFiles(dir);
    expect(filesContaining(files, canary).length).toBeGreaterThan(0);
    const tokens = [...first.tokens];
    expect(tokens.length).toBeGreaterThanOrEqual(2); // the access token and the refresh token were seen
    for (const token of tokens)
      expect(filesContaining(files, token), `token ${token.slice(0, 8)}…`).toEqual([]);
    // The session record (which holds the tokens and the device key) is sealed: its field names never appear.
    for (const field of ['"deviceKey"', '"accessToken"', '"refreshToken"', "syt_", "syr_"]) {
      expect(filesContaining(files, field), field).toEqual([]);
    }
    // The wallet's message was decrypted and shown (and is in the inbox snapshot): it is sealed on disk.
    expect(filesContaining(files, secretText)).toEqual([]);
    console.log(
      `[at rest] scanned ${files.length} files; canary found, ${tokens.length} tokens and the message text not found`,
    );
  });
});

describe("a crash in the middle of syncing", () => {
  it("no wallet message is missed and unread counts are right after a restart", async () => {
    const dir = profileDir();
    const account = await newSupportAccount();
    const hs = testHomeserver();
    const session = await launch(dir);
    await signIn(session.page, account);
    const opts = {
      homeserverUrl: hs.url,
      registrationSecret: hs.registrationSecret,
      support: account.userId,
    };
    const wallets = await Promise.all([
      createQuickWallet(opts),
      createQuickWallet(opts),
      createQuickWallet(opts),
    ]);
    await waitFor(
      "three conversations",
      async () => (await inboxRegion(session.page).locator(".inbox-row").count()) === 3,
    );
    // Messages keep coming while the console is killed mid-sync, and while it is away.
    const sending = (async () => {
      for (let i = 1; i <= 6; i++)
        for (const w of wallets)
          await sendRaw(hs.url, w, "m.room.message", { msgtype: "m.text", body: `msg ${i}` });
    })();
    // Killed once the console is taking them in (a first one has reached its inbox), not before.
    await inboxRegion(session.page)
      .locator(".inbox-row")
      .getByText(/^msg \d$/)
      .first()
      .waitFor({ timeout: 30_000 });
    await crash(dir);
    await sending;
    for (const w of wallets)
      await sendRaw(hs.url, w, "m.room.message", { msgtype: "m.text", body: "last words" });
    // A wallet that opens its conversation while the console is away: after the restart it is joined and listed.
    const late = await createQuickWallet({ ...opts, messages: ["first words while you were away"] });

    const after = await launch(dir);
    cleanups.push(() => after.context.close());
    await inboxRegion(after.page)
      .waitFor({ timeout: 30_000 })
      .catch(async (err: Error) => {
        await screenshot(after.page, "persistence-after-crash-failed");
        throw new Error(
          `${err.message}\nThe page showed: ${(await after.page.locator("body").innerText()).slice(0, 500)}`,
        );
      });
    for (const [i, w] of wallets.entries()) {
      const row = after.page.locator(`.inbox-row[data-room-id="${w.roomId}"]`);
      await row.getByText("last words").waitFor({ timeout: 30_000 });
      await waitFor(`wallet ${i + 1}'s unread count to read 7`, async () =>
        (await row.textContent())?.includes("7"),
      );
      expect(await row.textContent()).not.toContain("7+");
    }
    await after.page
      .locator(`.inbox-row[data-room-id="${late.roomId}"]`)
      .getByText("first words while you were away")
      .waitFor({ timeout: 30_000 });
    await after.page.locator(`.inbox-row[data-room-id="${wallets[0]!.roomId}"]`).click();
    const log = after.page.getByRole("log");
    await log.getByText("last words").waitFor();
    const text = await conversationText(after.page);
    for (let i = 1; i <= 6; i++) expect(text).toContain(`msg ${i}`);
    await screenshot(after.page, "persistence-after-crash");
  });
});

describe("a sign-in link", () => {
  it("signs in with a one-time token after the agent confirms the account, and takes it out of the address bar", async () => {
    const account = await newSupportAccount();
    const res = await fetch(`${testHomeserver().url}/_matrix/client/v1/login/get_token`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    const { login_token } = (await res.json()) as { login_token: string };
    const context = await launchPersistentChromium(profileDir());
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${site.url}/#loginToken=${encodeURIComponent(login_token)}`);
    // A link nobody asked for is a question, not a command: the account is named first.
    const question = page.getByRole("dialog", { name: `Sign in as ${account.userId}?` });
    await question.getByRole("button", { name: "Sign in" }).click({ timeout: 60_000 });
    await inboxRegion(page).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).hash).toBe("");
    expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
  });
});
