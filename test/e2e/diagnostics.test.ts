// What the wallet saw, decoded on the agent's device (issue 18), in Chromium against Synapse with the production
// CSP: a wallet sends a screenshot of an issuer's QR code and pastes a verifier's openid4vp:// link; the
// conversation shows a "QR code" chip on the image and a card for each, with the decoded fields, and the card
// copies as text. A 4,000 × 4,000 picture without a code and a code holding 3 KB of garbage are decoded in the
// worker while the agent keeps working. Screenshots in English and French, light and dark, checked with axe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator } from "playwright-core";
import { launchChromium } from "../harness/browser.ts";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import type { Wallet } from "../harness/wallet.ts";
import { bigPicture, GARBAGE_3KB, plain, screenshot as phoneScreenshot } from "../fixtures/qr-images.ts";
import { offerByValue, SPEC_OFFER_MULTIPLE, SPEC_VP_BY_REFERENCE } from "../fixtures/wallet-content.ts";
import {
  accessibilityProblems,
  inboxRegion,
  inboxRow,
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
let support: RegisteredUser;
let page: ConsolePage;
let wallet: Wallet;

const OFFER = offerByValue(SPEC_OFFER_MULTIPLE);
const PASTED = `The verifier's page gave me this and my wallet says "error": ${SPEC_VP_BY_REFERENCE}`;

async function openConversation(): Promise<Locator> {
  await inboxRow(page.page, wallet.label).click();
  // By the label's code: the French screen names the wallet "Portefeuille …".
  return page.page.getByRole("log", { name: new RegExp(wallet.label.split(" ").pop()!) });
}

/** The message of an image by its file name (its button keeps that name while the image itself comes and goes). */
function imageMessage(log: Locator, name: string): Locator {
  return log.locator("article", { has: page.page.locator(`button.image-box[aria-label$="${name}"]`) });
}

beforeAll(async () => {
  support = await newSupportAccount();
  site = await startConsoleSite({ supportUserId: support.userId });
  browser = await launchChromium();
  page = await openConsole(browser, site);
  await page.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.url });
  await signIn(page.page, support);
  await storeRecoveryKey(page.page);
  // Today's AltMe: plaintext messages and images with a plain url.
  wallet = await newWallet(support.userId, "plaintext");
  await wallet.startSupportChat();
  await inboxRow(page.page, wallet.label).waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  wallet?.stop();
  await browser?.close();
  await site?.close();
});

describe("wallet content decoded on the device", () => {
  it("a screenshot with a credential-offer QR code and a pasted openid4vp:// link each get a card with the decoded fields", async () => {
    await wallet.sendImage(
      new Uint8Array(phoneScreenshot(OFFER).png()),
      "image/png",
      "issuer-screenshot.png",
    );
    await wallet.sendText(PASTED);
    const log = await openConversation();

    // The pasted link: a card under the message, straight away.
    const request = log.getByRole("group", { name: "Presentation request (OpenID4VP)" });
    await request.waitFor({ timeout: 60_000 });
    const requestText = await request.textContent();
    expect(requestText).toContain("x509_san_dns:client.example.org");
    expect(requestText).toContain("https://client.example.org/request/vapof4ql2i7m41m68uep");
    expect(requestText).toContain("at the request address; not downloaded by the console");
    // Addresses a wallet fetches are shown, never links the agent could open by mistake.
    expect(await request.getByRole("link").count()).toBe(0);

    // The screenshot: decoded in the worker, a chip on the image opens the offer's card.
    const shot = imageMessage(log, "issuer-screenshot.png");
    const chip = shot.getByRole("button", { name: "QR code", exact: true });
    // Images are scanned when they come on screen (the link's card below may have pushed it out of view).
    await shot.scrollIntoViewIfNeeded();
    await chip.waitFor({ timeout: 60_000 });
    expect(await chip.getAttribute("aria-expanded")).toBe("false");
    await chip.click();
    const offer = shot.getByRole("group", { name: "Credential offer (OpenID4VCI)" });
    await offer.waitFor();
    const offerText = await offer.textContent();
    expect(offerText).toContain("https://credential-issuer.example.com");
    expect(offerText).toContain("UniversityDegreeCredential, org.iso.18013.5.1.mDL");
    expect(offerText).toContain("pre-authorized code (no sign-in)");
    expect(offerText).toContain(
      "required (numeric · 4 · “Please provide the one-time code that was sent via e-mail”)",
    );
    // The pre-authorized code is a bearer secret: never on screen.
    expect(offerText).not.toContain("oaKazRN8I0IbtZ0C7JuMn5");
    await offer.getByText("What a wallet does with it, and why it usually fails").click();
    await offer.getByText(/pre-authorized codes are short-lived and single-use/).waitFor();

    await toTop(shot);
    await screenshot(page.page, "diagnostics-light");
    expect(await accessibilityProblems(page.page)).toEqual([]);

    // Copy as text, for a reply or a note: the card in words, without the code.
    await request.getByRole("button", { name: "Copy as text" }).click();
    await request.getByRole("button", { name: "Copied" }).waitFor();
    const copied = await page.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("Presentation request (OpenID4VP)");
    expect(copied).toContain("Client ID: x509_san_dns:client.example.org");
    expect(copied).toContain("Usual reasons it fails:");

    // The decoder ran in a worker script of the app itself, under the production CSP (no violation below).
    const loaded = await page.page.evaluate(() =>
      performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname),
    );
    expect(loaded.some((path) => /\/assets\/worker-[\w-]+\.js$/.test(path))).toBe(true);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("a 4,000 × 4,000 picture without a code and a code holding 3 KB of garbage are decoded while the agent keeps working", async () => {
    const log = await openConversation();
    await wallet.sendImage(new Uint8Array(bigPicture(null).png()), "image/png", "holiday.png");
    await wallet.sendImage(
      new Uint8Array(plain(GARBAGE_3KB, 3, { level: "L" }).png()),
      "image/png",
      "dense.png",
    );
    await wallet.sendText("Did you get my pictures?");
    const composer = page.page.getByRole("textbox", { name: `Reply to ${wallet.label}` });
    // The agent types and moves around the inbox while both images are fetched and decoded.
    await log.getByText("Did you get my pictures?").waitFor({ timeout: 60_000 });
    await composer.fill("Looking at your pictures now");
    await inboxRegion(page.page)
      .getByRole("button", { name: /^Unread/ })
      .click();
    await inboxRegion(page.page).getByRole("button", { name: /^All/ }).click();
    expect(await composer.inputValue()).toBe("Looking at your pictures now");

    const big = imageMessage(log, "holiday.png").locator(".qr-scan");
    const dense = imageMessage(log, "dense.png");
    await big.scrollIntoViewIfNeeded();
    await expect.poll(() => big.getAttribute("data-qr"), { timeout: 120_000 }).toBe("none");
    expect(
      await imageMessage(log, "holiday.png")
        .getByRole("button", { name: /QR code/ })
        .count(),
    ).toBe(0);
    await dense.scrollIntoViewIfNeeded();
    const chip = dense.getByRole("button", { name: "QR code", exact: true });
    await chip.waitFor({ timeout: 120_000 });
    await chip.click();
    const card = dense.getByRole("group", { name: "QR code text" });
    await card.waitFor();
    // Shown capped, as text, with nothing for a wallet to act on.
    const content = await card.locator("dd").first().textContent();
    expect(GARBAGE_3KB.startsWith(content!.trim().replace(/…$/, ""))).toBe(true);
    expect(content!.trim().length).toBeLessThanOrEqual(600);
    expect(await composer.inputValue()).toBe("Looking at your pictures now");
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("the cards in dark, and in French", async () => {
    const p = page.page;
    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByLabel("Dark").check();
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    let log = await openConversation();
    const shot = () => imageMessage(log, "issuer-screenshot.png");
    await showOffer(shot(), "QR code");
    await toTop(shot());
    await screenshot(p, "diagnostics-dark");
    expect(await accessibilityProblems(p)).toEqual([]);

    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByLabel("Language").selectOption("fr");
    await p.getByRole("heading", { level: 1, name: "Réglages" }).waitFor();
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    log = await openConversation();
    await showOffer(shot(), "Code QR");
    const offer = shot().getByRole("group", { name: "Offre d'attestation (OpenID4VCI)" });
    expect(await offer.textContent()).toContain("requis (numeric · 4 ·");
    await log.getByRole("group", { name: "Demande de présentation (OpenID4VP)" }).scrollIntoViewIfNeeded();
    await screenshot(p, "diagnostics-request-dark-fr");
    await toTop(shot());
    await screenshot(p, "diagnostics-dark-fr");
    expect(await accessibilityProblems(p)).toEqual([]);

    await p.getByRole("navigation").getByRole("button", { name: "Réglages" }).click();
    await p.getByLabel("Clair").check();
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    log = await openConversation();
    await showOffer(shot(), "Code QR");
    await toTop(shot());
    await screenshot(p, "diagnostics-light-fr");
    expect(await accessibilityProblems(p)).toEqual([]);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});

/** Scrolls the log (only the log) so the message is at its top. */
async function toTop(message: Locator): Promise<void> {
  await message.evaluate((el) => {
    const log = el.closest<HTMLElement>('[role="log"]')!;
    log.scrollTop += el.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
  });
}

/** Opens the image's QR card (the chip remembers nothing across views: each view starts closed). */
async function showOffer(message: Locator, chipName: string): Promise<void> {
  await message.scrollIntoViewIfNeeded();
  const chip = message.getByRole("button", { name: chipName, exact: true });
  await chip.waitFor({ timeout: 60_000 });
  if ((await chip.getAttribute("aria-expanded")) === "false") await chip.click();
}
