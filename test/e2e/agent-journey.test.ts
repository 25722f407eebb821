// An agent's day in real Chromium against a real Synapse with AltMe-shaped wallets: sign in, the wallet's
// conversation appears by itself, its text and encrypted image are readable, the reply reaches the wallet,
// and a broadcast is posted after confirming its audience and reaches wallets. Every screen is checked with
// axe and photographed, in light and dark.
import { describe, expect, it } from "vitest";
import type { Wallet } from "../harness/wallet.ts";
import { pngImage } from "../fixtures/images.ts";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import {
  accessibilityProblems,
  inboxRegion,
  inboxRow,
  openConsole,
  problems,
  screenshot,
  signIn,
  storeRecoveryKey,
  type ConsolePage,
} from "../harness/e2e.ts";

// Signing in is the first step of the journey, so the fixture leaves it to the test.
const fixture = consoleInChromium({
  notificationRoom: true,
  config: { allowUnencryptedReplies: true },
  signIn: "no",
});
let console_: ConsolePage;
let wallet: Wallet;

describe("an agent's journey", () => {
  it("signs in with the user ID and password; the homeserver is found and shown", async () => {
    console_ = await openConsole(fixture.browser, fixture.site);
    const { page } = console_;
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("User ID").fill(fixture.support.userId);
    await expect
      .poll(() => page.locator("#signin-homeserver-line .url").textContent())
      .toBe(fixture.site.config.homeserverUrl);
    await screenshot(page, "signin-light");
    expect(await accessibilityProblems(page)).toEqual([]);
    await signIn(page, fixture.support);
    await storeRecoveryKey(page);
    await expect.poll(() => inboxRegion(page).textContent()).toContain("No wallet conversations yet");
    expect(problems(console_)).toEqual({ csp: [], errors: [] });
  });

  it("a wallet's conversation appears by itself, with its text and its decrypted image", async () => {
    const { page } = console_;
    wallet = await fixture.wallet("e2ee");
    await wallet.startSupportChat();
    await inboxRow(page, wallet.label).waitFor({ timeout: 30_000 });
    await wallet.sendText("Hello, my diploma credential won't load");
    await wallet.sendImage(pngImage(64, 48), "image/png", "screenshot.png");
    await expect
      .poll(() => inboxRow(page, wallet.label).textContent(), { timeout: 30_000 })
      .toContain("Image");

    await inboxRow(page, wallet.label).click();
    await page.getByRole("heading", { level: 1, name: wallet.label }).waitFor();
    const log = page.getByRole("log", { name: `Messages with ${wallet.label}` });
    await log.getByText("Hello, my diploma credential won't load").waitFor({ timeout: 30_000 });
    const image = log.getByRole("img", { name: "screenshot.png" });
    await image.waitFor({ timeout: 30_000 });
    expect(await image.getAttribute("src")).toMatch(/^blob:/);
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(64);

    // The lightbox opens on click and Esc closes it.
    await log.getByRole("button", { name: "Open image screenshot.png" }).click();
    const lightbox = page.getByRole("dialog", { name: "Image screenshot.png" });
    await lightbox.getByRole("img", { name: "screenshot.png" }).waitFor();
    await screenshot(page, "lightbox");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await lightbox.waitFor({ state: "detached" });
    expect(problems(console_)).toEqual({ csp: [], errors: [] });
  });

  it("the agent's reply reaches the wallet, encrypted, and shows as sent", async () => {
    const { page } = console_;
    const composer = page.getByRole("textbox", { name: `Reply to ${wallet.label}` });
    await composer.fill("Thanks! Could you try again after updating the app?");
    await composer.press("Enter");
    const received = await wallet.waitForMessage(
      (m) => m.body === "Thanks! Could you try again after updating the app?",
    );
    expect(received).toMatchObject({ encrypted: true, readable: true });
    await expect.poll(() => composer.inputValue()).toBe("");
    await wallet.markRead(received.eventId);
    await page.getByText("Seen", { exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, "conversation-light");
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems(console_)).toEqual({ csp: [], errors: [] });
  });

  it("an image pasted into the composer is previewed, uploaded encrypted, and the wallet receives it intact", async () => {
    const { page } = console_;
    const composer = page.getByRole("textbox", { name: `Reply to ${wallet.label}` });
    const png = pngImage(90, 60);
    await composer.evaluate((el, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], "steps.png", { type: "image/png" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, Array.from(png));
    await page.getByText(/^Image to send: steps\.png \(\d+ KB\)$/).waitFor();
    await composer.press("Enter");
    const received = await wallet.waitForMessage((m) => m.msgtype === "m.image" && m.body === "steps.png");
    expect(received.encrypted).toBe(true);
    expect(Buffer.from(await wallet.downloadImage(received)).equals(Buffer.from(png))).toBe(true);
    const log = page.getByRole("log", { name: `Messages with ${wallet.label}` });
    const sent = log.locator("article[data-status='sent']").getByRole("img", { name: "steps.png" });
    await sent.waitFor({ timeout: 30_000 });
    await screenshot(page, "conversation-images-light");
    expect(problems(console_)).toEqual({ csp: [], errors: [] });
  });

  it("a broadcast is posted after confirming its audience, and wallets receive it", async () => {
    const { page } = console_;
    await wallet.joinNotificationRoom(fixture.notificationRoom.alias);
    await page.getByRole("navigation").getByRole("button", { name: "Broadcast" }).click();
    await page.getByRole("heading", { level: 1, name: "Broadcast" }).waitFor();
    await page.getByText("Safe for broadcasts").waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Check again" }).click();
    await page.getByText("1 member", { exact: true }).waitFor({ timeout: 30_000 });

    const text = "Maintenance tonight 22:00–23:00. Details: https://status.example.org/today";
    await page.getByLabel("Message", { exact: true }).fill(text);
    const preview = page.getByRole("figure", { name: "Preview, as wallets will see it" });
    await preview.getByText("https://status.example.org/today").waitFor();
    await screenshot(page, "broadcast-light");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole("button", { name: "Post…" }).click();
    const dialog = page.getByRole("dialog", { name: "Post this broadcast?" });
    await dialog.getByText(`Post to ${fixture.notificationRoom.alias} — 1 member`).waitFor();
    await screenshot(page, "broadcast-confirm");
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Post", exact: true }).click();

    const received = await wallet.waitForMessage(
      (m) => m.roomId === fixture.notificationRoom.roomId && m.body === text,
    );
    expect(received).toMatchObject({ encrypted: false, readable: true });
    await page
      .getByRole("status")
      .getByText(`Posted to ${fixture.notificationRoom.alias}: wallets show it now.`)
      .waitFor();
    await page.getByRole("region", { name: "Past broadcasts" }).getByText("Maintenance tonight").waitFor();
    expect(problems(console_)).toEqual({ csp: [], errors: [] });
  });

  it("settings switch the theme to dark and the language to French", async () => {
    const { page } = console_;
    await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
    await page.getByText(fixture.support.userId).waitFor();
    await screenshot(page, "settings-light");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel("Dark").check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await screenshot(page, "settings-dark");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await page.getByRole("log").getByText("Thanks! Could you try again").waitFor({ timeout: 30_000 });
    await page.getByRole("log").getByRole("img", { name: "screenshot.png" }).waitFor({ timeout: 30_000 });
    await screenshot(page, "conversation-dark");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Language").selectOption("fr");
    await page.getByRole("heading", { level: 1, name: "Réglages" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
    await screenshot(page, "settings-dark-fr");
    await page.getByRole("navigation").getByRole("button", { name: "Annonces" }).click();
    await page.getByText("Sûr pour les annonces").waitFor({ timeout: 30_000 });
    await screenshot(page, "broadcast-dark-fr");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await inboxRegion(page)
      .getByRole("button", { name: /^Non lues/ })
      .waitFor();
    await page.getByRole("log").getByText("Thanks! Could you try again").waitFor({ timeout: 30_000 });
    await page.getByRole("log").getByRole("img", { name: "screenshot.png" }).waitFor({ timeout: 30_000 });
    await screenshot(page, "conversation-dark-fr");
    expect(problems(console_)).toEqual({ csp: [], errors: [] });
  });
});
