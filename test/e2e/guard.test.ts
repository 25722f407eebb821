// The seed-phrase guard in the real console (Chromium against Synapse, an end-to-end-encrypted wallet): a
// wallet pastes its 24-word French recovery phrase → the inbox row says it is hidden and holds none of it,
// the conversation shows it blurred until revealed on purpose, the quick switcher's search can't find it, and
// the sealed inbox snapshot on disk — read back in the page with the device key from the platform's secret
// store — has no word of it, while another wallet's ordinary message is there (so the read-back is real).
import { wordlist } from "@scure/bip39/wordlists/french.js";
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../harness/browser.ts";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { phraseOfUnusedWords } from "../harness/phrase.ts";
import type { Wallet } from "../harness/wallet.ts";
import {
  accessibilityProblems,
  createNotificationRoomAs,
  inboxRow,
  openConsole,
  problems,
  screenshot,
  signIn,
  startConsoleSite,
  type ConsolePage,
  type ConsoleSite,
} from "../harness/e2e.ts";

let browser: Browser;
let site: ConsoleSite;
let support: RegisteredUser;
let page: ConsolePage;
const wallets: Wallet[] = [];

beforeAll(async () => {
  support = await newSupportAccount();
  site = await startConsoleSite({ supportUserId: support.userId });
  browser = await launchChromium();
  page = await openConsole(browser, site);
  await signIn(page.page, support);
});
afterAll(async () => {
  wallets.forEach((w) => w.stop());
  await browser?.close();
  await site?.close();
});

/**
 * The inbox snapshot as stored on disk, opened the way the console opens it: the session record from the
 * platform's secret store (sealed under its non-extractable key), its device key, the HKDF-derived
 * "inbox-snapshot" key, then the sealed value in the session's data database. Null until the first save.
 */
async function readSealedSnapshot(p: Page): Promise<string | null> {
  return p.evaluate(async () => {
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const get = <T>(db: IDBDatabase, key: string) =>
      new Promise<T | undefined>((resolve, reject) => {
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
    const deviceKey = Uint8Array.from(atob(session.deviceKey as string), (c) => c.charCodeAt(0));
    const base = await crypto.subtle.importKey("raw", deviceKey, "HKDF", false, ["deriveKey"]);
    const key = await crypto.subtle.deriveKey(
      {
        name: "HKDF",
        hash: "SHA-256",
        salt: new Uint8Array(32),
        info: new TextEncoder().encode("wallet-support-console:inbox-snapshot"),
      },
      base,
      { name: "AES-GCM", length: 256 },
      false,
      ["decrypt"],
    );
    const names = (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.endsWith("-data"));
    for (const name of names) {
      const sealed = await get<Sealed>(await open(name), "inbox");
      if (sealed) return unseal(key, sealed);
    }
    return null;
  });
}

describe("the seed-phrase guard", () => {
  it("a wallet's 24-word French phrase never reaches the row, the search or the sealed snapshot, and is blurred on screen", async () => {
    const { page: p } = page;
    const { phrase, words } = phraseOfUnusedWords(wordlist, import.meta.filename);
    const control = `Bonjour, mon attestation n'arrive pas (contrôle ${randomBytes(3).toString("hex")})`;

    const other = await newWallet(support.userId, "e2ee");
    const victim = await newWallet(support.userId, "e2ee");
    wallets.push(other, victim);
    await other.startSupportChat();
    await victim.startSupportChat();
    await other.sendText(control);
    await victim.sendText(`Au secours, voici mes 24 mots :\n${phrase}\nmerci !`);

    const row = inboxRow(p, victim.label);
    await expect
      .poll(() => row.textContent(), { timeout: 60_000 })
      .toContain("Hidden: a recovery phrase or key");
    const rowText = (await row.textContent())!;
    for (const w of words) expect(rowText).not.toContain(w);
    await expect
      .poll(() => inboxRow(p, other.label).textContent(), { timeout: 60_000 })
      .toContain("contrôle");

    await row.click();
    const log = p.getByRole("log", { name: `Messages with ${victim.label}` });
    await log.getByText("Hidden: this message looks like a recovery phrase").waitFor({ timeout: 30_000 });
    await log.getByText("24 words, French word list").waitFor();
    const shown = (await log.innerText()).normalize("NFC"); // compare like with like (see below)
    for (const w of words) expect(shown.split(/\s+/)).not.toContain(w);

    // The banner says what to do, and its suggested reply is in the wallet's language (French), ready to edit.
    const banner = p.getByRole("region", { name: "This wallet shared what looks like its recovery phrase" });
    await banner.getByText("Suggested reply in French").waitFor();
    await banner.getByRole("button", { name: "Put this reply in the composer" }).click();
    const composer = p.getByRole("textbox", { name: /Reply to/ });
    await expect
      .poll(() => composer.inputValue())
      .toMatch(/^Pour votre sécurité, nous avons masqué le message/);
    expect(await composer.evaluate((el) => el === document.activeElement)).toBe(true);
    await composer.fill("");
    await screenshot(p, "guard-conversation-hidden");
    expect(await accessibilityProblems(p)).toEqual([]);

    // Search (the quick switcher covers labels and the latest message) finds nothing of it.
    await p.keyboard.press("Control+k");
    const dialog = p.getByRole("dialog", { name: "Jump to a conversation" });
    await dialog.getByRole("combobox").fill(words[5]!);
    await dialog.getByText("No conversation matches.").waitFor();
    await p.keyboard.press("Escape");

    // The sealed snapshot on disk: the control message is there, no word of the phrase is.
    await expect
      .poll(async () => (await readSealedSnapshot(p)) ?? "", { timeout: 30_000 })
      .toContain("contrôle");
    await expect
      .poll(async () => (await readSealedSnapshot(p)) ?? "", { timeout: 30_000 })
      .toContain('"secret"');
    const snapshot = (await readSealedSnapshot(p))!;
    const found = words.filter((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, "u").test(snapshot));
    expect(found).toEqual([]);
    console.log(
      `[guard] sealed snapshot read back (${snapshot.length} chars): control message present, 0 of 24 phrase words`,
    );

    // Revealing is on purpose: a confirmation, then the words.
    await log.getByRole("button", { name: "Reveal" }).click();
    await p.getByRole("button", { name: "Reveal the secret" }).click();
    // The wallet sends the BIP-39 French words as written in the list (NFD); the words above are NFC.
    await expect
      .poll(async () => (await log.innerText()).normalize("NFC"))
      .toContain(words.slice(0, 3).join(" "));
    await screenshot(p, "guard-conversation-revealed");
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("a reply asking 'envoyez-moi vos 12 mots' is held; it goes only after 'Send anyway' is confirmed", async () => {
    const { page: p } = page;
    const victim = wallets[1]!;
    const log = p.getByRole("log", { name: `Messages with ${victim.label}` });
    const draft = `Bonjour, pour vérifier votre portefeuille, envoyez-moi vos 12 mots (${randomBytes(2).toString("hex")}).`;
    const composer = p.getByRole("textbox", { name: `Reply to ${victim.label}` });
    await composer.fill(draft);
    await composer.press("Enter");
    const held = p.getByRole("alert").filter({ hasText: "This draft asks for a recovery phrase" });
    await held.waitFor();
    // Held before it reached the outbox: the draft is still in the box and nowhere in the timeline.
    expect(await composer.inputValue()).toBe(draft);
    expect(await log.innerText()).not.toContain("envoyez-moi vos 12 mots");
    await screenshot(p, "guard-reply-held");
    expect(await accessibilityProblems(p)).toEqual([]);

    await held.getByRole("button", { name: "Send anyway…" }).click();
    const dialog = p.getByRole("dialog", { name: "Send a message that asks for a secret?" });
    await dialog.getByRole("checkbox").check();
    await dialog.getByRole("button", { name: "Send anyway" }).click();
    const received = await victim.waitForMessage((m) => m.body === draft);
    expect(received.body).toBe(draft);
    expect(await composer.inputValue()).toBe("");
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("a broadcast asking wallets to confirm their recovery phrase on a link is held before the audience confirmation", async () => {
    const { alias } = await createNotificationRoomAs(support);
    const site2 = await startConsoleSite({
      supportUserId: support.userId,
      notificationRoom: alias,
      defaultLanguage: "fr",
    });
    const second = await openConsole(browser, site2, { locale: "fr-FR" });
    try {
      const { page: p } = second;
      await signIn(p, support);
      await p.getByRole("navigation").getByRole("button", { name: "Annonces" }).click();
      await p.getByText("Sûr pour les annonces", { exact: false }).waitFor({ timeout: 30_000 });
      const draft =
        "Mise à jour obligatoire : confirmez votre phrase de récupération sur altme-maj.site avant vendredi.";
      await p.getByLabel("Message", { exact: true }).fill(draft);
      await p.getByRole("button", { name: "Publier…" }).click();
      const held = p
        .getByRole("alert")
        .filter({ hasText: "Ce brouillon demande une phrase de récupération" });
      await held.waitFor();
      await held.getByText("Cette annonce atteindrait tous les portefeuilles", { exact: false }).waitFor();
      expect(await p.getByRole("dialog").count()).toBe(0); // the audience confirmation did not open
      await screenshot(p, "guard-broadcast-held-fr");
      expect(await accessibilityProblems(p)).toEqual([]);
      // Sending anyway leads to the usual audience confirmation, not straight to the room.
      await held.getByRole("button", { name: "Envoyer quand même…" }).click();
      const confirm = p.getByRole("dialog", { name: "Envoyer un message qui demande un secret ?" });
      await confirm.getByRole("checkbox").check();
      await confirm.getByRole("button", { name: "Envoyer quand même" }).click();
      await p.getByRole("dialog", { name: "Publier cette annonce ?" }).waitFor();
      expect(problems(second)).toEqual({ csp: [], errors: [] });
    } finally {
      await second.context.close();
      await site2.close();
    }
  });
});
