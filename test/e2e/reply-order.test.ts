// What the agent composes reaches the wallet in the order the agent sees it, proven from the wallet's side in
// Chromium against Synapse: text written with an image ("Here is where to find it:") arrives before the image,
// for today's plaintext AltMe wallets and for E2EE ones, and the console's own timeline shows the same order.
import { beforeAll, describe, expect, it } from "vitest";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import type { Wallet, WalletShape } from "../harness/wallet.ts";
import { pngImage } from "../fixtures/images.ts";
import { waitFor } from "../harness/wait.ts";
import { inboxRow, problems, screenshot, type ConsolePage } from "../harness/e2e.ts";

const fixture = consoleInChromium({ config: { allowUnencryptedReplies: true } });
let support: RegisteredUser;
let page: ConsolePage;
const wallets: Wallet[] = [];

beforeAll(() => {
  support = fixture.support;
  page = fixture.page;
});

async function composeTextWithImage(wallet: Wallet, leadIn: string, file: string): Promise<void> {
  const p = page.page;
  await inboxRow(p, wallet.label).click();
  const composer = p.getByRole("textbox", { name: `Reply to ${wallet.label}` });
  await composer.fill(leadIn);
  await composer.evaluate(
    (el, [bytes, name]) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes as number[])], name as string, { type: "image/png" }));
      el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [Array.from(pngImage(60, 40)), file] as const,
  );
  await p.getByText(new RegExp(`^Image to send: ${file.replace(".", "\\.")}`)).waitFor();
  await screenshot(p, `reply-order-composed-${wallet.shape}`);
  await composer.press("Enter");
}

/** The wallet's view: the two replies in the order its timeline got them, and the server's order. */
async function orderSeenBy(wallet: Wallet, leadIn: string) {
  const text = await wallet.waitForMessage((m) => m.body === leadIn && m.readable, 60_000);
  const image = await wallet.waitForMessage((m) => m.msgtype === "m.image" && m.readable, 60_000);
  const received = wallet.received.filter((m) => m.sender === support.userId);
  return {
    arrival: received.map((m) => (m.msgtype === "m.image" ? "image" : m.body)),
    serverOrder: text.ts <= image.ts,
    imageUrl: (image.content.url as string | undefined) ?? (image.content.file as { url?: string })?.url,
  };
}

describe("a reply with text and an image", () => {
  for (const shape of ["plaintext", "e2ee"] as WalletShape[]) {
    it(`reaches ${shape === "plaintext" ? "today's plaintext AltMe wallet" : "an E2EE wallet"} text first, then the image`, async () => {
      const wallet = await fixture.wallet(shape);
      wallets.push(wallet);
      const roomId = await wallet.startSupportChat();
      // An E2EE wallet shares its message's key with the members it sees: wait for support's join first.
      await waitFor(
        "support to join",
        () => wallet.client.getRoom(roomId)?.getMember(support.userId)?.membership === "join",
        { timeoutMs: 60_000 },
      );
      await wallet.sendText("Where do I find my credential?");
      await inboxRow(page.page, wallet.label).waitFor({ timeout: 60_000 });
      const leadIn = "Here is where to find it:";
      await composeTextWithImage(wallet, leadIn, `where-${shape}.png`);
      if (shape === "plaintext") {
        // Today's AltMe can't decrypt: the agent allows plaintext for this wallet, and both go in order.
        await page.page
          .getByRole("alert")
          .filter({ hasText: "Your reply was not sent" })
          .getByRole("button", { name: "Send without encryption to this wallet" })
          .click();
      }
      const seen = await orderSeenBy(wallet, leadIn).catch(async (err: Error) => {
        await screenshot(page.page, `reply-order-failed-${shape}`);
        throw new Error(
          `${err.message}; the wallet got ${JSON.stringify(wallet.received.map((m) => [m.msgtype, m.body, m.readable]))}`,
        );
      });
      expect(seen.arrival).toEqual([leadIn, "image"]);
      expect(seen.serverOrder).toBe(true);
      expect(seen.imageUrl).toMatch(/^mxc:\/\//);
      // The console's timeline shows them in the same order.
      const log = page.page.getByRole("log", { name: `Messages with ${wallet.label}` });
      const mine = log.locator("article.support");
      await expect.poll(() => mine.count(), { timeout: 30_000 }).toBe(2);
      expect(await mine.nth(0).textContent()).toContain(leadIn);
      // The image's tile can still be a local echo being upgraded when the wallet already has it: wait for it.
      await expect.poll(() => mine.nth(1).locator(".kind-image").count(), { timeout: 30_000 }).toBe(1);
      await screenshot(page.page, `reply-order-sent-${shape}`);
      expect(problems(page)).toEqual({ csp: [], errors: [] });
    });
  }
});
