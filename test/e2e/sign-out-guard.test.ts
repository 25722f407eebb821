// Signing out never loses history, in Chromium against Synapse with E2EE wallets. A sign-in link gives the
// console no password, so it asks right away to set encryption up (one click on a fresh account); a sign-out
// while message keys exist only on this device stops with a dialog that says what would be lost and offers to
// set recovery up first (then uploads the keys and signs out); losing the history anyway takes two choices.
// Each test counts the conversation's readable messages before signing out and after signing in again.
import { ClientEvent, createClient, SyncState } from "matrix-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../harness/browser.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import type { Wallet } from "../harness/wallet.ts";
import { pngImage } from "../fixtures/images.ts";
import { sdkLogger } from "../../renderer/core/logging.ts";
import {
  accessibilityProblems,
  acknowledgeErrors,
  inboxRegion,
  inboxRow,
  learnLabelKey,
  openConsole,
  problems,
  screenshot,
  signIn,
  startConsoleSite,
  storeRecoveryKey,
  type ConsolePage,
  type ConsoleSite,
} from "../harness/e2e.ts";

let browser: Browser;
let site: ConsoleSite;
let frenchSite: ConsoleSite;
const wallets: Wallet[] = [];

beforeAll(async () => {
  site = await startConsoleSite();
  frenchSite = await startConsoleSite({ defaultLanguage: "fr" });
  browser = await launchChromium();
});
afterAll(async () => {
  wallets.forEach((w) => w.stop());
  await browser?.close();
  await site?.close();
  await frenchSite?.close();
});

/** A one-time sign-in link for `account`, as `npm run demo` (or an SSO callback) hands one to the console. */
async function signInLink(account: RegisteredUser, on: ConsoleSite = site): Promise<string> {
  const res = await fetch(`${testHomeserver().url}/_matrix/client/v1/login/get_token`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" },
    body: "{}",
  });
  const { login_token } = (await res.json()) as { login_token: string };
  return `${on.url}/?loginToken=${encodeURIComponent(login_token)}`;
}

/** Opens the link and accepts the console's question ("Sign in as …?"): a sign-in that gave no password. */
async function openByLink(account: RegisteredUser, on: ConsoleSite = site): Promise<ConsolePage> {
  const french = on !== site;
  const page = await openConsole(browser, on, { locale: french ? "fr-FR" : "en-US" });
  await page.page.goto(await signInLink(account, on));
  const question = page.page.getByRole("dialog", {
    name: french ? `Se connecter en tant que ${account.userId} ?` : `Sign in as ${account.userId}?`,
  });
  await question
    .getByRole("button", { name: french ? "Se connecter" : "Sign in", exact: true })
    .click({ timeout: 60_000 });
  await inboxRegion(page.page).waitFor({ timeout: 60_000 });
  return page;
}

/**
 * Another client of the account made cross-signing keys but no recovery: the console can't set recovery up on
 * its own (replacing that identity needs the password), so the account stays without a backup until the agent
 * acts — the state the sign-out guard exists for.
 */
async function identityWithoutRecovery(account: RegisteredUser): Promise<void> {
  const other = createClient({
    baseUrl: testHomeserver().url,
    userId: account.userId,
    accessToken: account.accessToken,
    deviceId: account.deviceId,
    logger: sdkLogger("error"),
  });
  await other.initRustCrypto({ useIndexedDB: false });
  await new Promise<void>((resolve) => {
    other.on(ClientEvent.Sync, (state) => state === SyncState.Prepared && resolve());
    void other.startClient({ initialSyncLimit: 1 });
  });
  await other.getCrypto()!.bootstrapCrossSigning({ authUploadDeviceSigningKeys: (make) => make(null) });
  other.stopClient();
}

/** Light and dark screenshots of what is on screen (the console follows the system theme by default). */
async function shots(p: Page, name: string): Promise<void> {
  await p.emulateMedia({ colorScheme: "light" });
  await screenshot(p, `${name}-light`);
  await p.emulateMedia({ colorScheme: "dark" });
  await screenshot(p, `${name}-dark`);
  await p.emulateMedia({ colorScheme: "light" });
}

interface Chat {
  wallet: Wallet;
  /** Every message of the conversation, both ways. */
  total: number;
  /** What the conversation showed once the replies were in, before signing out. */
  before: { readable: number; undecryptable: number; decrypting: number };
}

/** An E2EE wallet writes (texts and an image); the agent opens it, reads all of it and replies with both. */
async function conversationWithReplies(page: ConsolePage, support: RegisteredUser, ui: Ui): Promise<Chat> {
  const p = page.page;
  const wallet = await newWallet(support.userId, "e2ee");
  wallets.push(wallet);
  await wallet.startSupportChat();
  await inboxRow(p, wallet.label).waitFor({ timeout: 60_000 });
  await wallet.sendText("My credential disappeared from the wallet");
  await wallet.sendImage(pngImage(48, 32), "image/png", "wallet-screen.png");
  await wallet.sendText("Can you help?");
  await inboxRow(p, wallet.label).click();
  const log = conversationLog(p, wallet);
  await waitForReadable(log, 3);

  const composer = p.getByRole("textbox", { name: ui.replyTo(wallet.label) });
  await composer.fill("Here is where to find it:");
  await composer.press("Enter");
  await composer.evaluate(
    (el, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], "settings-menu.png", { type: "image/png" }));
      el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    Array.from(pngImage(64, 40)),
  );
  await p.getByRole("button", { name: ui.send, exact: true }).click();
  // Both replies reached the wallet, encrypted, and it could read them.
  await wallet.waitForMessage((m) => m.body === "Here is where to find it:" && m.readable, 60_000);
  await wallet.waitForMessage((m) => m.msgtype === "m.image" && m.readable, 60_000);
  const settled = await waitForReadable(log, 5);
  return { wallet, total: 5, before: settled };
}

interface Ui {
  replyTo(label: string): string;
  send: string;
  timeline(label: string): string;
}
const EN: Ui = {
  replyTo: (label) => `Reply to ${label}`,
  send: "Send",
  timeline: (label) => `Messages with ${label}`,
};
/** A wallet's name in the French UI: "Wallet 7f3k·c2" is "Portefeuille 7f3k·c2" there. */
const inFrench = (label: string) => label.replace(/^Wallet /, "Portefeuille ");
const FR: Ui = {
  replyTo: (label) => `Répondre à ${inFrench(label)}`,
  send: "Envoyer",
  timeline: (label) => `Messages avec ${inFrench(label)}`,
};

function conversationLog(p: Page, wallet: Wallet, ui: Ui = EN) {
  return p.getByRole("log", { name: ui.timeline(wallet.label) });
}

/** Messages shown readable (text or image, decrypted) and shown as undecryptable, once nothing is decrypting. */
async function counts(log: ReturnType<typeof conversationLog>) {
  const readable = await log.locator(".bubble.kind-text, .bubble.kind-image").count();
  const undecryptable = await log.locator(".bubble.kind-undecryptable").count();
  const decrypting = await log.locator(".bubble.kind-decrypting").count();
  return { readable, undecryptable, decrypting };
}

/** Waits for `n` readable messages with nothing still decrypting, and returns that settled count. */
async function waitForReadable(log: ReturnType<typeof conversationLog>, n: number) {
  let settled = { readable: 0, undecryptable: 0, decrypting: 0 };
  await expect
    .poll(
      async () => {
        settled = await counts(log);
        return settled.readable === n && settled.decrypting === 0;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return settled;
}

/**
 * After signing in again: the banner's recovery key entry, then the conversation, settled. The key also opens the
 * team's label key (made when recovery was set up): from then on the wallet has its keyed label.
 */
async function unlockAndOpen(p: Page, support: RegisteredUser, recoveryKey: string, chat: Chat) {
  const banner = p.getByRole("region", { name: "Encryption" });
  await banner
    .getByText("Enter the recovery key to read earlier messages on this device.")
    .waitFor({ timeout: 60_000 });
  await banner.getByRole("button", { name: "Open encryption settings" }).click();
  await p.getByLabel("Recovery key", { exact: true }).fill(recoveryKey);
  await p.getByRole("button", { name: "Unlock" }).click();
  await p.getByText(/^Restored \d+ message keys?\.$/).waitFor({ timeout: 60_000 });
  await expect.poll(() => learnLabelKey(p, support.userId), { timeout: 60_000 }).not.toBeNull();
  await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
  await inboxRow(p, chat.wallet.label).click();
  return conversationLog(p, chat.wallet);
}

describe("signing out never loses history", () => {
  it("sign in by link → set up → reply with text and image → sign out → sign in: the whole history is readable", async () => {
    const support = await newSupportAccount();
    const page = await openByLink(support);
    const p = page.page;
    // No password came with the link, and none was needed: the account's first device set encryption up at
    // sign-in, and the console shows the new recovery key once, where the agent works, until it is stored.
    const banner = p.getByRole("region", { name: "Encryption" });
    await banner
      .getByText("Save your recovery key", { exact: false })
      .waitFor({ timeout: 60_000 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\nThe banner said: ${await banner.innerText().catch(() => "(none)")}`);
      });
    await shots(p, "recovery-key-banner");
    expect(await accessibilityProblems(p)).toEqual([]);
    const recoveryKey = await storeRecoveryKey(p);
    expect(recoveryKey).toMatch(/^Es\w{2}( \w{4}){11}$/);
    await learnLabelKey(p, support.userId); // created with recovery: wallets get keyed labels
    expect(await banner.count()).toBe(0);

    const chat = await conversationWithReplies(page, support, EN);
    const before = chat.before;

    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByRole("button", { name: "Sign out" }).click();
    // Keys still on their way to the backup are waited for; then it is the usual question.
    const dialog = p.getByRole("dialog", { name: "Sign out of this device?" });
    await dialog.getByText(/^Every message key this device holds is in the server's key backup/).waitFor({
      timeout: 90_000,
    });
    await shots(p, "sign-out-safe");
    expect(await accessibilityProblems(p)).toEqual([]);
    await dialog.getByRole("button", { name: "Sign out" }).click();
    await p.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 30_000 });

    await signIn(p, support);
    const log = await unlockAndOpen(p, support, recoveryKey, chat);
    const after = await waitForReadable(log, chat.total);
    console.info(
      `sign-out guard, link → set up → replies → sign out → sign in: readable before ${before.readable} of ${chat.total}, after ${after.readable} of ${chat.total} (undecryptable after: ${after.undecryptable})`,
    );
    expect(before).toEqual({ readable: chat.total, undecryptable: 0, decrypting: 0 });
    expect(after).toEqual({ readable: chat.total, undecryptable: 0, decrypting: 0 });
    expect(problems(page)).toEqual({ csp: [], errors: [] });
    await page.context.close();
  });

  it("without recovery the sign-out stops, says what would be lost, and 'Set up recovery first' loses nothing", async () => {
    const support = await newSupportAccount();
    await identityWithoutRecovery(support);
    const page = await openByLink(support);
    const p = page.page;
    const setup = p.getByRole("dialog", { name: "Set up encryption" });
    await setup.getByRole("button", { name: "Later" }).click({ timeout: 60_000 });
    const banner = p.getByRole("region", { name: "Encryption" });
    await banner.getByText("Encryption is not set up for this support account.").waitFor();
    await shots(p, "recovery-banner-needs-setup");

    const chat = await conversationWithReplies(page, support, EN);
    const before = chat.before;

    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByRole("button", { name: "Sign out" }).click();
    const guard = p.getByRole("dialog", { name: "Signing out now loses encrypted history" });
    await guard
      .getByText(
        "This device holds the only copy of the keys to 1 conversation's encrypted messages, your own replies included",
        { exact: false },
      )
      .waitFor({ timeout: 60_000 });
    await shots(p, "sign-out-at-risk");
    expect(await accessibilityProblems(p)).toEqual([]);

    // Signing out anyway is a second, separate choice; backing out of it changes nothing.
    await guard.getByRole("button", { name: "Sign out anyway…" }).click();
    const lose = p.getByRole("dialog", { name: "Sign out and lose this history?" });
    await lose.getByText("This can't be undone.").waitFor();
    await shots(p, "sign-out-lose-confirm");
    expect(await accessibilityProblems(p)).toEqual([]);
    await lose.getByRole("button", { name: "Back" }).click();

    await guard.getByRole("button", { name: "Set up recovery first" }).click();
    // This account's identity can only be replaced with its password: the guard asks for it in place.
    await guard.getByText("Enter the account's password to set up encryption.").waitFor({ timeout: 60_000 });
    await shots(p, "sign-out-password");
    await guard.getByLabel("Account password").fill(support.password);
    await guard.getByRole("button", { name: "Set up encryption" }).click();
    const recoveryKey = (await guard
      .getByLabel("Recovery key", { exact: true })
      .textContent({ timeout: 60_000 }))!.trim();
    await shots(p, "sign-out-setting-up");
    await guard.getByRole("button", { name: "I have stored it safely" }).click();
    // The keys go up (progress while they do), then the sign-out continues by itself. The progress may be too
    // quick to catch: the screenshot is taken when it is.
    await guard
      .getByText(/keys backed up$/)
      .waitFor({ timeout: 10_000 })
      .then(() => shots(p, "sign-out-uploading"))
      .catch(() => console.info("sign-out guard: the upload finished before its progress could be captured"));
    await p.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 90_000 });

    await signIn(p, support);
    const log = await unlockAndOpen(p, support, recoveryKey, chat);
    const after = await waitForReadable(log, chat.total);
    console.info(
      `sign-out guard, guarded path with 'Set up recovery first': readable before ${before.readable} of ${chat.total}, after ${after.readable} of ${chat.total}`,
    );
    expect(before).toEqual({ readable: chat.total, undecryptable: 0, decrypting: 0 });
    expect(after).toEqual({ readable: chat.total, undecryptable: 0, decrypting: 0 });
    // The server's refusals before the password was given are what this account provokes.
    expect(acknowledgeErrors(page, [/status of 401 \(Unauthorized\)/])).toBeGreaterThanOrEqual(2);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
    await page.context.close();
  });

  it("signing out anyway (twice chosen) is what used to happen: the earlier history is gone (in French)", async () => {
    const support = await newSupportAccount();
    await identityWithoutRecovery(support);
    const page = await openByLink(support, frenchSite);
    const p = page.page;
    const setup = p.getByRole("dialog", { name: "Configurer le chiffrement" });
    await setup.waitFor({ timeout: 60_000 });
    await shots(p, "recovery-setup-dialog-fr");
    await setup.getByRole("button", { name: "Plus tard" }).click();

    const wallet = await newWallet(support.userId, "e2ee");
    wallets.push(wallet);
    await wallet.startSupportChat();
    await inboxRow(p, wallet.label).waitFor({ timeout: 60_000 });
    await wallet.sendText("Bonjour, mon attestation a disparu");
    await wallet.sendText("Pouvez-vous m'aider ?");
    // The French UI names the wallet in French, in the row and the conversation's heading.
    await inboxRow(p, wallet.label).getByText(inFrench(wallet.label), { exact: true }).click();
    await p.getByRole("heading", { name: inFrench(wallet.label), exact: true }).waitFor();
    const log = conversationLog(p, wallet, FR);
    await waitForReadable(log, 2);
    const composer = p.getByRole("textbox", { name: FR.replyTo(wallet.label) });
    await composer.fill("Voici où la trouver.");
    await composer.press("Enter");
    await wallet.waitForMessage((m) => m.body === "Voici où la trouver." && m.readable, 60_000);
    const before = await waitForReadable(log, 3);

    await p.getByRole("navigation").getByRole("button", { name: "Réglages" }).click();
    await p.getByRole("button", { name: "Se déconnecter" }).click();
    const guard = p.getByRole("dialog", {
      name: "Vous déconnecter maintenant ferait perdre l'historique chiffré",
    });
    await guard.getByText(/seule copie des clés des messages chiffrés de 1 conversation/).waitFor({
      timeout: 60_000,
    });
    await shots(p, "sign-out-at-risk-fr");
    await guard.getByRole("button", { name: "Me déconnecter quand même…" }).click();
    const lose = p.getByRole("dialog", { name: "Vous déconnecter et perdre cet historique ?" });
    await shots(p, "sign-out-lose-confirm-fr");
    expect(await accessibilityProblems(p)).toEqual([]);
    await lose.getByRole("button", { name: "Me déconnecter et perdre l'historique" }).click();
    await p.getByRole("heading", { name: "Connexion" }).waitFor({ timeout: 30_000 });

    // Signing in with the password sets recovery up now, but nothing kept the old keys. Setting it up made the
    // team's label key (signIn learns it): the wallet's label is the keyed one now, so is its log's name.
    await signIn(p, support);
    await inboxRow(p, wallet.label).click();
    const logAfter = conversationLog(p, wallet, FR);
    await expect.poll(async () => (await counts(logAfter)).undecryptable, { timeout: 60_000 }).toBe(3);
    const after = await counts(logAfter);
    console.info(
      `sign-out guard, 'sign out anyway': readable before ${before.readable} of 3, after ${after.readable} of 3`,
    );
    expect(after.readable).toBe(0);
  });

  it("where the server insists on the password, the set-up asks for it in place, and a wrong one is said plainly", async () => {
    const support = await newSupportAccount();
    await identityWithoutRecovery(support);
    const page = await openByLink(support);
    const p = page.page;
    const setup = p.getByRole("dialog", { name: "Set up encryption" });
    await setup.getByRole("button", { name: "Set up encryption" }).click({ timeout: 60_000 });
    await setup.getByText("Enter the account's password to set up encryption.").waitFor({ timeout: 60_000 });
    const password = setup.getByLabel("Account password");
    await expect
      .poll(() =>
        password.evaluate((el) =>
          el === document.activeElement
            ? true
            : (document.activeElement?.outerHTML.slice(0, 120) ?? "nothing"),
        ),
      )
      .toBe(true);
    await password.fill("not the password");
    await setup.getByRole("button", { name: "Set up encryption" }).click();
    await setup
      .getByText("Wrong password: encryption was not set up. Try again.")
      .waitFor({ timeout: 60_000 });
    await shots(p, "recovery-setup-password");
    expect(await accessibilityProblems(p)).toEqual([]);
    await password.fill(support.password);
    await setup.getByRole("button", { name: "Set up encryption" }).click();
    await setup.getByLabel("Recovery key", { exact: true }).waitFor({ timeout: 60_000 });
    await setup.getByRole("button", { name: "I have stored it safely" }).click();
    await setup.getByText(/^Encryption is set up/).waitFor();
    // The server's two refusals (no password, then the wrong one) are what this test provoked.
    // Each attempt asks without auth first, as a first set-up needs none: at least the three attempts' refusals.
    expect(acknowledgeErrors(page, [/status of 401 \(Unauthorized\)/])).toBeGreaterThanOrEqual(4);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
    await page.context.close();
  });
});
