// Conversations beyond the happy path, in Chromium against Synapse: today's plaintext AltMe wallets (marked,
// and replies held until the agent decides), messages this device can't decrypt (explained), replies the
// server refuses (Retry / Cancel), drafts kept per conversation, search and filters, and invites that wait
// for a person.
import { beforeAll, describe, expect, it } from "vitest";
import { newSupportAccount } from "../harness/accounts.ts";
import type { Wallet } from "../harness/wallet.ts";
import { pngImage } from "../fixtures/images.ts";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import {
  accessibilityProblems,
  acknowledgeErrors,
  inboxRegion,
  inboxRow,
  matrixRequest,
  problems,
  screenshot,
  type ConsolePage,
} from "../harness/e2e.ts";

const wallets: Wallet[] = [];
let early: Wallet;
let page: ConsolePage;

async function wallet(shape: "e2ee" | "plaintext"): Promise<Wallet> {
  const w = await fixture.wallet(shape);
  wallets.push(w);
  return w;
}

const fixture = consoleInChromium({
  config: { allowUnencryptedReplies: true },
  // A wallet that wrote before this console's device existed: its message can't be decrypted here.
  prepare: async () => {
    early = await wallet("e2ee");
    await early.startSupportChat();
    await early.sendText("Sent before support's device existed");
  },
});
beforeAll(() => {
  page = fixture.page;
});

async function open(w: Wallet) {
  await inboxRow(page.page, w.label).click();
  await page.page.getByRole("heading", { level: 1, name: w.label }).waitFor();
  return page.page.getByRole("log", { name: `Messages with ${w.label}` });
}

describe("conversations", () => {
  it("a message this device can't decrypt shows an explicit tile with the reason", async () => {
    await inboxRow(page.page, early.label).waitFor({ timeout: 30_000 });
    const log = await open(early);
    const tile = log.locator("article", { hasText: "Can't decrypt this message" });
    await tile.waitFor({ timeout: 30_000 });
    expect(await tile.textContent()).toMatch(/signed in|key/);
    await expect.poll(() => inboxRow(page.page, early.label).textContent()).toContain("Can't decrypt");
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("a plaintext wallet is flagged, its messages marked Not encrypted, and a reply waits for the agent's decision", async () => {
    const altme = await wallet("plaintext");
    await altme.startSupportChat();
    await altme.sendText("Hi, I use today's AltMe");
    const row = inboxRow(page.page, altme.label);
    await row.getByRole("img", { name: "Sends unencrypted messages" }).waitFor({ timeout: 30_000 });
    const log = await open(altme);
    await log
      .locator("article", { hasText: "Hi, I use today's AltMe" })
      .getByText("Not encrypted")
      .waitFor({ timeout: 30_000 });
    const notice = page.page.getByRole("region", { name: "This wallet can't read encrypted replies" });
    await notice.waitFor({ timeout: 30_000 });
    await row.getByRole("img", { name: "Can't read encrypted replies" }).waitFor();

    const composer = page.page.getByRole("textbox", { name: `Reply to ${altme.label}` });
    await composer.fill("Please update your wallet app");
    await composer.press("Enter");
    const held = page.page.getByRole("alert").filter({ hasText: "Your reply was not sent" });
    await held.waitFor();
    expect(await composer.inputValue()).toBe("Please update your wallet app"); // the draft is never dropped
    await screenshot(page.page, "conversation-plaintext-light");
    expect(await accessibilityProblems(page.page)).toEqual([]);

    await held.getByRole("button", { name: "Send without encryption to this wallet" }).click();
    const received = await altme.waitForMessage((m) => m.body === "Please update your wallet app");
    expect(received).toMatchObject({ encrypted: false, readable: true });
    await notice.getByText("Replies to this wallet are sent without encryption").waitFor();
    await expect.poll(() => composer.inputValue()).toBe("");

    // An image dropped on the composer goes the same way: unencrypted, with a plain url the wallet can read.
    const png = pngImage(40, 30);
    await composer.evaluate((el, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], "how-to.png", { type: "image/png" }));
      el.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }, Array.from(png));
    await page.page.getByText(/^Image to send: how-to\.png/).waitFor();
    await page.page.getByRole("button", { name: "Send", exact: true }).click();
    const image = await altme.waitForMessage((m) => m.msgtype === "m.image" && m.body === "how-to.png");
    expect(image.encrypted).toBe(false);
    expect(typeof image.content.url).toBe("string");
    expect(Buffer.from(await altme.downloadImage(image)).equals(Buffer.from(png))).toBe(true);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("a reply the server refuses is marked Not sent, with Retry and Cancel", async () => {
    const w = await wallet("e2ee");
    const roomId = await w.startSupportChat();
    await inboxRow(page.page, w.label).waitFor({ timeout: 30_000 }); // support joined: it gets the room key
    await w.sendText("Can you help?");
    const log = await open(w);
    await log.getByText("Can you help?").waitFor({ timeout: 30_000 });
    // The wallet (room creator) takes support's right to write: the next reply is refused, not lost.
    const walletAccount = { accessToken: w.client.getAccessToken()! };
    const levels = await matrixRequest<Record<string, unknown>>(
      walletAccount,
      "GET",
      `/rooms/${encodeURIComponent(roomId)}/state/m.room.power_levels/`,
    );
    await matrixRequest(
      walletAccount,
      "PUT",
      `/rooms/${encodeURIComponent(roomId)}/state/m.room.power_levels/`,
      {
        ...levels,
        events_default: 50,
      },
    );
    const composer = page.page.getByRole("textbox", { name: `Reply to ${w.label}` });
    await composer.fill("This one will be refused");
    await composer.press("Enter");
    const failed = log.locator("article[data-status='failed']", { hasText: "This one will be refused" });
    await failed.waitFor({ timeout: 30_000 });
    await failed.getByText("Not sent").waitFor();
    await failed.getByRole("button", { name: "Retry" }).waitFor();
    await screenshot(page.page, "conversation-failed-reply");
    expect(await accessibilityProblems(page.page)).toEqual([]);
    await failed.getByRole("button", { name: "Cancel" }).click();
    await failed.waitFor({ state: "detached" });
    // The refusal (HTTP 403, which Chromium and the SDK log) is what this test provoked.
    expect(
      acknowledgeErrors(page, [/status of 403 \(Forbidden\)/, /^Error sending event M_FORBIDDEN/]),
    ).toBeGreaterThan(0);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("scrolling up loads older history without moving what the agent is reading", async () => {
    const w = await wallet("plaintext");
    await w.startSupportChat();
    await inboxRow(page.page, w.label).waitFor({ timeout: 30_000 });
    for (let i = 1; i <= 100; i++) await w.sendText(`Message ${i} of a long story`);
    await inboxRow(page.page, w.label).filter({ hasText: "Message 100 of" }).waitFor({ timeout: 30_000 });
    const log = await open(w);
    await log.getByText("Message 100 of a long story").waitFor({ timeout: 30_000 });
    expect(await log.getByText("Message 1 of a long story", { exact: true }).count()).toBe(0);

    for (let round = 0; round < 10; round++) {
      if ((await log.getByText("Message 1 of a long story", { exact: true }).count()) > 0) break;
      const before = await log.locator("article").count();
      const anchor = log.locator("article").first();
      const anchorText = await anchor.textContent();
      await log.evaluate((el) => (el.scrollTop = 0));
      await expect.poll(() => log.locator("article").count(), { timeout: 30_000 }).toBeGreaterThan(before);
      // The message that was at the top is still on screen: the view did not jump to the oldest ones.
      const kept = log.locator("article", { hasText: anchorText! });
      const [box, view] = await Promise.all([kept.boundingBox(), log.boundingBox()]);
      expect(box!.y).toBeGreaterThanOrEqual(view!.y - box!.height);
      expect(box!.y).toBeLessThanOrEqual(view!.y + view!.height);
    }
    await log.getByText("Message 1 of a long story", { exact: true }).waitFor();
    // At the very top, one more scroll finds nothing older: the beginning is said, not a spinner.
    await log.evaluate((el) => (el.scrollTop = 0));
    await log.getByText("This is the beginning of the conversation.").waitFor({ timeout: 30_000 });
    expect(await log.locator("article").count()).toBe(100);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("drafts are kept per conversation when the agent switches", async () => {
    const [a, b] = wallets.slice(-2) as [Wallet, Wallet];
    await open(a);
    await page.page.getByRole("textbox", { name: `Reply to ${a.label}` }).fill("Draft for A");
    await open(b);
    const composerB = page.page.getByRole("textbox", { name: `Reply to ${b.label}` });
    expect(await composerB.inputValue()).toBe("");
    await composerB.fill("Draft for B");
    await open(a);
    expect(await page.page.getByRole("textbox", { name: `Reply to ${a.label}` }).inputValue()).toBe(
      "Draft for A",
    );
    await open(b);
    expect(await composerB.inputValue()).toBe("Draft for B");
    await composerB.fill("");
  });

  it("search finds conversations by label and message; filters count unread and waiting", async () => {
    const inbox = inboxRegion(page.page);
    const search = inbox.getByRole("searchbox", { name: "Search conversations" });
    // The message text searched is each conversation's latest, here the wallet whose reply was refused.
    await search.fill("can you HELP");
    await expect.poll(() => inbox.locator(".inbox-row").count()).toBe(1);
    await search.fill(early.label);
    await expect
      .poll(() => inbox.locator(".inbox-row").allTextContents())
      .toEqual([expect.stringContaining(early.label)]);
    await search.fill("");
    await expect.poll(() => inbox.locator(".inbox-row").count()).toBe(wallets.length);

    // A new message in a conversation that isn't open: unread and waiting.
    const [a] = wallets.slice(-2) as [Wallet];
    await open(wallets[0]!);
    await a.sendText("Still there?");
    await expect
      .poll(() => inboxRow(page.page, a.label).textContent(), { timeout: 30_000 })
      .toContain("Still there?");
    await inboxRow(page.page, a.label)
      .getByText(/^waiting \d+ min$/)
      .waitFor();
    await inbox.getByRole("button", { name: /^Unread/ }).click();
    await expect
      .poll(() => inbox.locator(".inbox-row").allTextContents())
      .toContainEqual(expect.stringContaining(a.label));
    // Every row under Unread has an unread badge.
    const unreadRows = await inbox.locator(".inbox-row").count();
    expect(await inbox.locator(".inbox-row .badge").count()).toBe(unreadRows);
    expect(await inboxRow(page.page, a.label).getByText("1 unread message").count()).toBe(1);
    await inbox.getByRole("button", { name: /^Waiting/ }).click();
    await expect
      .poll(() => inbox.locator(".inbox-row").allTextContents())
      .toContainEqual(expect.stringContaining(a.label));
    await screenshot(page.page, "inbox-waiting-filter");
    await inbox.getByRole("button", { name: /^All/ }).click();
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("an invite to a group room waits under Other invites with its reason, and Decline removes it", async () => {
    const stranger = await newSupportAccount("stranger");
    await matrixRequest(stranger, "POST", "/createRoom", {
      preset: "private_chat",
      name: "Partners lounge",
      invite: [fixture.support.userId],
    });
    const invites = page.page.getByRole("list", { name: "Other invites" });
    const invite = invites.getByRole("listitem").filter({ hasText: "Partners lounge" });
    await invite.waitFor({ timeout: 30_000 });
    await invite.getByText("A group room, not a wallet's direct chat.").waitFor();
    await invite.getByText(`From ${stranger.userId}`).waitFor();
    expect(await accessibilityProblems(page.page)).toEqual([]);
    await invite.getByRole("button", { name: "Decline" }).click();
    await invite.waitFor({ state: "detached" });
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});
