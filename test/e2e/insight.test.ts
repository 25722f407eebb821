// Full-history search, transcript export and forgetting in the real console (Chromium on a profile that outlives
// it, against Synapse and the wallet simulator):
// - a word written 200 messages earlier, while the console was closed, is found after a restart (the index
//   caught up by reading history) and after another restart straight from the sealed index; the sealed index,
//   read back with the device key, holds the word but no word of a guarded recovery phrase, and is unreadable
//   without the key;
// - the export of a conversation with an image opens from file:// as an inert page (CSP meta, no script) that
//   matches the timeline, and its JSON carries the same event IDs;
// - forgetting the conversation leaves no trace in IndexedDB but a record of room and time, support has left on
//   the server, and the wallet's new invite waits for a person.
import { wordlist } from "@scure/bip39/wordlists/french.js";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import { launchChromium, launchPersistentChromium } from "../harness/browser.ts";
import {
  accessibilityProblems,
  inboxRegion,
  inboxRow,
  matrixRequest,
  screenshot,
  signIn,
  startConsoleSite,
  type ConsoleSite,
} from "../harness/e2e.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { waitFor } from "../harness/wait.ts";
import { phraseOfUnusedWords } from "../harness/phrase.ts";
import type { Wallet } from "../harness/wallet.ts";

let site: ConsoleSite;
let support: RegisteredUser;
let browser: Browser;
let wallet: Wallet;
let roomId: string;
let context: BrowserContext;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), "wsc-insight-"));
const consoleErrors: string[] = [];
const marker = `zebre${randomBytes(3)
  .toString("hex")
  .replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!)}`;
const { phrase, words: phraseWords } = phraseOfUnusedWords(wordlist, import.meta.filename);

beforeAll(async () => {
  support = await newSupportAccount();
  site = await startConsoleSite({ supportUserId: support.userId });
  browser = await launchChromium();
});
afterAll(async () => {
  wallet?.stop();
  await context?.close().catch(() => {});
  await browser?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the console on the kept profile: signed in already (the inbox), or not yet (the sign-in form). */
async function launch(signedIn = true): Promise<void> {
  context = await launchPersistentChromium(join(dir, "profile"));
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on("console", (m) => m.text().includes("Content Security Policy") && consoleErrors.push(m.text()));
  await page.goto(site.url);
  if (signedIn) await inboxRegion(page).waitFor({ timeout: 60_000 });
  else await page.getByLabel(/^(User ID|Identifiant)$/).waitFor({ timeout: 60_000 });
}

/** Settings → theme and language, then back to the conversations. */
async function look(theme: "light" | "dark", language: "en" | "fr"): Promise<void> {
  const nav = page.getByRole("navigation");
  await nav.getByRole("button", { name: /^(Settings|Réglages)$/ }).click();
  await page.getByLabel(/^(Language|Langue)$/).selectOption(language);
  await page.getByRole("radio", { name: theme === "dark" ? /^(Dark|Sombre)$/ : /^(Light|Clair)$/ }).check();
  await nav.getByRole("button", { name: "Conversations" }).click();
}

/**
 * A sealed record of the session as stored on disk, opened the way the console opens it (the session record from
 * the platform's secret store, its device key, the HKDF key for `purpose`). `withKey: false` tries a random key
 * instead and returns whether that failed, plus the raw bytes as text.
 */
async function readSealed(
  p: Page,
  database: "-search" | "-data",
  record: string,
  purpose: string,
  withKey = true,
): Promise<string | null> {
  return p.evaluate(
    async ({ database, record, purpose, withKey }) => {
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(name);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const get = <T>(db: IDBDatabase, key: string) =>
        new Promise<T | undefined>((resolve, reject) => {
          if (!db.objectStoreNames.contains("kv")) return resolve(undefined);
          const req = db.transaction("kv", "readonly").objectStore("kv").get(key);
          req.onsuccess = () => resolve(req.result as T | undefined);
          req.onerror = () => reject(req.error);
        });
      type Sealed = { iv: Uint8Array; data: ArrayBuffer };
      const unseal = async (key: CryptoKey, sealed: Sealed) =>
        new TextDecoder().decode(
          await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv.slice() }, key, sealed.data),
        );
      const platform = await open("wsc-platform");
      const wrapping = (await get<CryptoKey>(platform, "wrapping-key"))!;
      const session = JSON.parse(
        JSON.parse(await unseal(wrapping, (await get<Sealed>(platform, "secret:session"))!)),
      );
      const deviceKey = withKey
        ? Uint8Array.from(atob(session.deviceKey as string), (c) => c.charCodeAt(0))
        : crypto.getRandomValues(new Uint8Array(32));
      const base = await crypto.subtle.importKey("raw", deviceKey, "HKDF", false, ["deriveKey"]);
      const key = await crypto.subtle.deriveKey(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(32),
          info: new TextEncoder().encode(`wallet-support-console:${purpose}`),
        },
        base,
        { name: "AES-GCM", length: 256 },
        false,
        ["decrypt"],
      );
      const names = (await indexedDB.databases())
        .map((d) => d.name ?? "")
        .filter((n) => n.endsWith(database));
      for (const name of names) {
        const sealed = await get<Sealed>(await open(name), record);
        if (!sealed) continue;
        if (withKey) return unseal(key, sealed);
        const raw = new TextDecoder().decode(sealed.data);
        try {
          await unseal(key, sealed);
          return "OPENED WITHOUT THE KEY";
        } catch {
          return `refused; raw bytes: ${raw}`;
        }
      }
      return null;
    },
    { database, record, purpose, withKey },
  );
}

const searchBox = () => inboxRegion(page).getByRole("searchbox");
const results = () => inboxRegion(page).getByRole("list", { name: /matching message|message correspondant/ });

describe("full-history search, export and forgetting", () => {
  it("finds a word written 200 messages earlier while the console was closed, after a restart, from a sealed index without the phrase", async () => {
    await launch(false);
    await signIn(page, support);
    wallet = await newWallet(support.userId, "e2ee");
    roomId = await wallet.startSupportChat();
    await wallet.sendText("Bonjour, j'ai une question");
    await inboxRow(page, wallet.label).waitFor({ timeout: 60_000 });
    // While searching, a line says how far the history index has got.
    await searchBox().fill("bonjour");
    await inboxRegion(page)
      .getByText(/Search covers the full history/)
      .waitFor({ timeout: 60_000 });
    await searchBox().fill("");
    await context.close();

    // While the console is closed: the word, a recovery phrase, then 200 more messages.
    await wallet.sendText(`Comment réinitialiser mon portefeuille ? Référence ${marker}`);
    await wallet.sendText(`Voici mes mots : ${phrase}`);
    for (let i = 0; i < 200; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          wallet.send(roomId, { msgtype: "m.text", body: `suite ${i + k} de la conversation` }),
        ),
      );
    }

    await launch();
    await searchBox().fill("reinitialiser");
    const hit = results().getByRole("button", { name: new RegExp(marker) });
    await hit.waitFor({ timeout: 120_000 });
    expect(await results().innerText()).not.toContain(phraseWords[3]);
    await screenshot(page, "search-results-light");
    expect(await accessibilityProblems(page)).toEqual([]);

    // Choosing the result opens the conversation around that message, 200 messages back, and highlights it.
    await hit.click();
    const log = page.getByRole("log", { name: `Messages with ${wallet.label}` });
    const focused = log.locator('article[aria-current="true"]');
    await focused.waitFor({ timeout: 60_000 });
    expect(await focused.innerText()).toContain(marker);
    await page.getByRole("button", { name: "Jump to the latest messages" }).waitFor();
    // In view inside the log, and it stays there while the guard banner and the pages around it arrive.
    const inView = () =>
      focused.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const log = el.closest('[role="log"]')!.getBoundingClientRect();
        return box.top >= log.top && box.bottom <= log.bottom;
      });
    await expect.poll(inView, { timeout: 30_000 }).toBe(true);
    await page.getByRole("heading", { name: /recovery phrase/ }).waitFor();
    await expect.poll(inView, { timeout: 30_000 }).toBe(true);
    await screenshot(page, "search-jump-light");
    expect(await accessibilityProblems(page)).toEqual([]);

    // The sealed index on disk: the word is there, the phrase is not; a wrong key opens nothing.
    await page.getByRole("button", { name: "Jump to the latest messages" }).click();
    await searchBox().fill("");
    await expect
      .poll(async () => (await readSealed(page, "-search", "index", "search-index")) ?? "", {
        timeout: 60_000,
      })
      .toContain(marker);
    const index = (await readSealed(page, "-search", "index", "search-index"))!;
    const leaked = phraseWords.filter((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, "u").test(index));
    expect(leaked).toEqual([]);
    const withoutKey = (await readSealed(page, "-search", "index", "search-index", false))!;
    expect(withoutKey.startsWith("refused")).toBe(true);
    expect(withoutKey).not.toContain(marker);
    console.log(
      `[insight] sealed index read back: ${index.length} chars, marker present, 0 of 24 phrase words`,
    );

    // Another restart: the answer comes from the sealed index at once.
    await context.close();
    await launch();
    await searchBox().fill(marker.toUpperCase());
    await results()
      .getByRole("button", { name: new RegExp(marker) })
      .waitFor({ timeout: 30_000 });
    await searchBox().fill("");
  }, 600_000);

  it("exports the conversation with its image as an inert HTML page that matches the timeline, and as JSON", async () => {
    const png = readFileSync(resolve(import.meta.dirname, "..", "fixtures", "red-3x2.png"));
    await wallet.sendImage(new Uint8Array(png), "image/png", "carte-identite.png");
    // Hostile: markup that would run script and load a remote image if the transcript treated it as HTML.
    const hostile = `Voici la capture <script>alert('x')</script><img src="http://127.0.0.1:9/leak.png" onerror="alert(1)"> & merci`;
    await wallet.sendText(hostile);
    await inboxRow(page, wallet.label).click();
    const log = page.getByRole("log", { name: `Messages with ${wallet.label}` });
    await log.getByText("& merci", { exact: false }).waitFor({ timeout: 60_000 });

    await page.getByRole("button", { name: "Export…" }).click();
    const dialog = page.getByRole("dialog", { name: "Export transcripts" });
    await dialog.getByLabel("Include images (larger file)").check();
    await screenshot(page, "export-dialog-light");
    expect(await accessibilityProblems(page)).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      dialog.getByRole("button", { name: "Export", exact: true }).click(),
    ]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    await dialog.getByText(/^Saved transcript-/).waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();

    const html = readFileSync(file, "utf8");
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;/,
    );
    expect(html).not.toMatch(/<script/i);
    for (const w of phraseWords) expect(html.split(/[^\p{L}]+/u)).not.toContain(w);

    // Opened as an auditor would: from the disk, with scripts allowed by the browser (the page itself forbids them).
    const viewer = await browser.newContext();
    const reader = await viewer.newPage();
    const remote: string[] = [];
    viewer.on("request", (r) => {
      if (!/^(file|data):/.test(r.url())) remote.push(r.url());
    });
    await reader.goto(`file://${file}`, { waitUntil: "load" });
    expect(await reader.evaluate(() => document.scripts.length)).toBe(0);
    expect(await reader.locator("img").count()).toBe(1); // the embedded image only
    expect(remote).toEqual([]);
    const image = reader.locator("img");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(3);
    await screenshot(reader, "export-html-light");

    // Same messages, same order, as the timeline.
    const exported = await reader.locator("li.entry .text").allInnerTexts();
    expect(exported.at(-1)).toBe(hostile);
    expect(exported.at(-2)).toBe("Image: carte-identite.png");
    expect(exported).toContain("Hidden: this message held a recovery phrase or a private key.");
    expect(exported).toContain(`Comment réinitialiser mon portefeuille ? Référence ${marker}`);
    const shownTexts = (await log.locator("article .kind-text .text").allInnerTexts()).slice(-3);
    const exportedTexts = (
      await reader.locator("li.entry:not(.hidden):not(.undecryptable) .text").allInnerTexts()
    )
      .filter((t) => !t.startsWith("Image: "))
      .slice(-3);
    expect(exportedTexts).toEqual(shownTexts);
    await viewer.close();

    // JSON, in French: the same event IDs as the HTML, the secret without text.
    await page.getByRole("button", { name: "Export…" }).click();
    await dialog.getByLabel("JSON (for tools and archives)").check();
    await dialog.getByLabel("Language of the transcript").selectOption("fr");
    const [json] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      dialog.getByRole("button", { name: "Export", exact: true }).click(),
    ]);
    const jsonFile = join(dir, json.suggestedFilename());
    await json.saveAs(jsonFile);
    await dialog.getByRole("button", { name: "Close" }).click();
    const body = JSON.parse(readFileSync(jsonFile, "utf8")) as {
      language: string;
      conversations: Array<{
        roomId: string;
        messages: Array<{ eventId: string; kind: string; text: string | null }>;
      }>;
    };
    expect(body.language).toBe("fr");
    expect(body.conversations[0]!.roomId).toBe(roomId);
    const ids = [...html.matchAll(/data-event-id="([^"]+)"/g)].map((m) => m[1]!.replace(/&#39;/g, "'"));
    expect(body.conversations[0]!.messages.map((m) => m.eventId)).toEqual(ids);
    expect(body.conversations[0]!.messages.find((m) => m.kind === "hidden-secret")?.text).toBeNull();
    writeFileSync(join(dir, "sizes.txt"), `${html.length} ${readFileSync(jsonFile).length}`);
    console.log(`[insight] export: HTML ${html.length} bytes, JSON ${readFileSync(jsonFile).length} bytes`);
  }, 300_000);

  it("screens in dark and in French: search results, export and forget dialogs", async () => {
    const looks = [
      { theme: "dark", language: "en", suffix: "dark" },
      { theme: "dark", language: "fr", suffix: "dark-fr" },
      { theme: "light", language: "fr", suffix: "light-fr" },
    ] as const;
    for (const { theme, language, suffix } of looks) {
      const fr = language === "fr";
      await look(theme, language);
      await searchBox().fill("reinitialiser");
      await inboxRegion(page)
        .getByRole("list", { name: fr ? /message correspondant/ : /matching message/ })
        .waitFor();
      await screenshot(page, `search-results-${suffix}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await searchBox().fill("");
      await inboxRow(page, wallet.label).click();
      await page.getByRole("button", { name: fr ? "Exporter…" : "Export…" }).click();
      await page
        .getByRole("dialog", { name: fr ? "Exporter des transcriptions" : "Export transcripts" })
        .waitFor();
      await screenshot(page, `export-dialog-${suffix}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByRole("button", { name: fr ? "Fermer" : "Close" }).click();
      await page.getByRole("button", { name: fr ? "Oublier…" : "Forget…" }).click();
      await page
        .getByRole("dialog", { name: fr ? "Oublier cette conversation ?" : "Forget this conversation?" })
        .waitFor();
      await screenshot(page, `forget-dialog-${suffix}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.getByRole("button", { name: fr ? "Annuler" : "Cancel" }).click();
    }
    await look("light", "en");
    expect(consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  }, 300_000);

  it("forgetting the conversation leaves no trace on this device, support has left on the server, and a new invite waits for a person", async () => {
    await inboxRow(page, wallet.label).click();
    await page.getByRole("button", { name: "Forget…" }).click();
    const dialog = page.getByRole("dialog", { name: "Forget this conversation?" });
    await screenshot(page, "forget-dialog-light");
    expect(await accessibilityProblems(page)).toEqual([]);
    const submit = dialog.getByRole("button", { name: "Forget the conversation" });
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByLabel("I understand that this conversation cannot be restored").check();
    await submit.click();
    await page.getByText("Conversation forgotten.", { exact: false }).waitFor({ timeout: 60_000 });
    await screenshot(page, "forget-done-light");
    expect(await inboxRow(page, wallet.label).count()).toBe(0);

    // On the server: support's membership is "leave".
    const state = await matrixRequest<{ membership: string }>(
      { accessToken: wallet.client.getAccessToken()! },
      "GET",
      `/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(support.userId)}`,
    );
    expect(state.membership).toBe("leave");

    // On this device: neither the snapshot nor the search index nor the outbox knows the room or its words.
    await expect
      .poll(async () => (await readSealed(page, "-data", "inbox", "inbox-snapshot")) ?? "", {
        timeout: 30_000,
      })
      .not.toContain(roomId);
    const snapshot = (await readSealed(page, "-data", "inbox", "inbox-snapshot"))!;
    expect(snapshot).toContain('"rows"');
    const index = (await readSealed(page, "-search", "index", "search-index"))!;
    expect(index).not.toContain(roomId);
    expect(index).not.toContain(marker);
    expect(index.toLowerCase()).not.toContain("reinitialiser");
    const outbox = (await readSealed(page, "-data", "outbox", "outbox")) ?? "[]";
    expect(outbox).not.toContain(roomId);
    const forgotten = JSON.parse(
      (await readSealed(page, "-data", "forgotten", "forgotten-rooms"))!,
    ) as Array<{
      roomId: string;
      at: number;
    }>;
    expect(forgotten).toEqual([{ roomId, at: expect.any(Number) }]);
    // Searching finds nothing of it any more.
    await searchBox().fill(marker);
    await inboxRegion(page).getByText(`No conversation matches “${marker}”.`).waitFor();
    await searchBox().fill("");

    // The wallet invites support to the same room again: it waits under "Other invites", not joined by itself.
    await wallet.client.invite(roomId, support.userId);
    await inboxRegion(page)
      .getByText("This conversation was forgotten at the wallet user's request", { exact: false })
      .waitFor({ timeout: 60_000 });
    await screenshot(page, "forget-reinvite-held-light");
    await waitFor("support to still be out of the room", async () => {
      const again = await matrixRequest<{ membership: string }>(
        { accessToken: wallet.client.getAccessToken()! },
        "GET",
        `/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(support.userId)}`,
      );
      return again.membership === "invite";
    });
    expect(consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  }, 300_000);
});
