// Focus, time and order in Chromium against Synapse: focus returns to the composer after Ctrl+K → Esc and after
// "Send without encryption to this wallet"; each message's time shows on hover; inbox rows never move under the
// pointer or between two Alt+↓ presses — a "new activity" cue says a new order waits, and it comes when the
// agent pauses; and a reload logs no failed request.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import type { Wallet } from "../harness/wallet.ts";
import {
  accessibilityProblems,
  inboxRegion,
  inboxRow,
  problems,
  screenshot,
  type ConsolePage,
} from "../harness/e2e.ts";

const fixture = consoleInChromium({ config: { allowUnencryptedReplies: true } });
let page: ConsolePage;
const wallets: Wallet[] = [];

beforeAll(() => {
  page = fixture.page;
});

async function walletThatWrote(shape: "e2ee" | "plaintext", text: string): Promise<Wallet> {
  const w = await fixture.wallet(shape);
  wallets.push(w);
  await w.startSupportChat();
  await inboxRow(page.page, w.label).waitFor({ timeout: 60_000 });
  await w.sendText(text);
  await inboxRow(page.page, w.label).getByText(text).waitFor({ timeout: 60_000 });
  return w;
}

/**
 * The agent keeps working (`activity`, well within the pause that releases the order) until `arrived` resolves:
 * a message's round trip may take longer than that pause on a busy machine, and a pause would rightly apply the
 * new order.
 */
async function busyUntil(activity: () => Promise<void>, arrived: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await activity();
    if (
      await arrived().then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error("the update never arrived");
}

const focusedLabel = (p: Page) =>
  p.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? null);
const order = async (p: Page) =>
  (await inboxRegion(p).locator(".inbox-row").allTextContents()).map((t) => t.match(/Wallet \S+/)?.[0]);

describe("focus", () => {
  it("Ctrl+K then Esc returns focus to the composer, and so does 'Send without encryption to this wallet'", async () => {
    const p = page.page;
    const altme = await walletThatWrote("plaintext", "Can you hear me?");
    await inboxRow(p, altme.label).click();
    const composerName = `Reply to ${altme.label}`;
    const composer = p.getByRole("textbox", { name: composerName });
    await composer.click();
    await p.keyboard.press("Control+k");
    await p.getByRole("combobox", { name: "Wallet label or message" }).waitFor();
    await p.keyboard.press("Escape");
    await p.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => focusedLabel(p)).toBe(composerName);

    await composer.fill("Yes, loud and clear");
    await composer.press("Enter");
    await p
      .getByRole("alert")
      .filter({ hasText: "Your reply was not sent" })
      .getByRole("button", { name: "Send without encryption to this wallet" })
      .click();
    await altme.waitForMessage((m) => m.body === "Yes, loud and clear", 60_000);
    await expect.poll(() => focusedLabel(p)).toBe(composerName);
    // The same choice from the notice above the timeline also hands the cursor back.
    const other = await walletThatWrote("plaintext", "Me too?");
    await inboxRow(p, other.label).click();
    await p
      .getByRole("region", { name: "This wallet can't read encrypted replies" })
      .getByRole("button", { name: "Send without encryption to this wallet" })
      .click({ timeout: 60_000 });
    await expect.poll(() => focusedLabel(p)).toBe(`Reply to ${other.label}`);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});

describe("time", () => {
  it("each message's time shows on hover, where only the group's last one shows it otherwise", async () => {
    const p = page.page;
    const w = await walletThatWrote("e2ee", "First line");
    await w.sendText("Second line");
    await w.sendText("Third line");
    await inboxRow(p, w.label).click();
    const log = p.getByRole("log", { name: `Messages with ${w.label}` });
    await log.getByText("Third line").waitFor({ timeout: 60_000 });
    expect(await log.locator("article time").count()).toBe(3); // every message carries its time
    // Three messages sent within seconds span at most one minute change: at least one time waits for hover.
    const quiet = log.locator("article", { has: p.locator(".meta.on-hover") }).first();
    const opacity = () => quiet.locator(".meta").evaluate((el) => getComputedStyle(el).opacity);
    expect(await opacity()).toBe("0");
    await quiet.hover();
    await expect.poll(opacity).toBe("1");
    expect(await quiet.locator("time").textContent()).toMatch(/\d{1,2}:\d{2}/);
    await screenshot(p, "message-time-on-hover");
    // In French and dark, as the agent may have it.
    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByLabel("Language").selectOption("fr");
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await p.emulateMedia({ colorScheme: "dark" });
    const quietFr = p
      .getByRole("log", { name: `Messages avec ${w.label.replace(/^Wallet /, "Portefeuille ")}` })
      .locator("article", { has: p.locator(".meta.on-hover") })
      .first();
    await quietFr.hover({ timeout: 60_000 });
    await expect
      .poll(() => quietFr.locator(".meta").evaluate((el) => getComputedStyle(el).opacity))
      .toBe("1");
    await screenshot(p, "message-time-on-hover-fr-dark");
    expect(await accessibilityProblems(p)).toEqual([]);
    await p.getByRole("navigation").getByRole("button", { name: "Réglages" }).click();
    await p.getByLabel("Langue").selectOption("en");
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await p.emulateMedia({ colorScheme: "light" });
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});

describe("order", () => {
  it("rows don't move under the pointer: new activity is cued and applied when the agent moves away", async () => {
    const p = page.page;
    const bottom = await walletThatWrote("e2ee", "Oldest question");
    const a = await walletThatWrote("e2ee", "Newer question");
    await walletThatWrote("e2ee", "Newest question");
    await p.getByRole("navigation").getByRole("button", { name: "Broadcast" }).click();
    const before = await order(p);
    expect(before.indexOf(bottom.label)).toBeGreaterThan(before.indexOf(a.label));

    await inboxRow(p, bottom.label).hover();
    const box = (await inboxRow(p, bottom.label).boundingBox())!;
    await bottom.sendText("Anyone there?");
    // The row updates where it is; the order doesn't change under the (moving) pointer, and the cue says so.
    let dx = 0;
    await busyUntil(
      () => p.mouse.move(box.x + 40 + (dx ^= 6), box.y + box.height / 2),
      () => inboxRow(p, bottom.label).getByText("Anyone there?").waitFor({ timeout: 500 }),
    );
    const cue = p.getByRole("button", { name: "New activity: show the new order" });
    await cue.waitFor();
    expect(await order(p)).toEqual(before);
    await screenshot(p, "inbox-new-activity-cue-light");
    await p.emulateMedia({ colorScheme: "dark" });
    await screenshot(p, "inbox-new-activity-cue-dark");
    await p.emulateMedia({ colorScheme: "light" });
    expect(await accessibilityProblems(p)).toEqual([]);

    await p.getByRole("heading", { level: 1 }).first().hover(); // the pointer leaves the list
    await expect.poll(async () => (await order(p))[0]).toBe(bottom.label);
    expect(await cue.count()).toBe(0);
  });

  it("between two Alt+↓ presses the order holds; the new one comes when the agent pauses", async () => {
    const p = page.page;
    await p.mouse.move(900, 400);
    const rows = await order(p);
    const [first, second, third] = rows;
    await inboxRow(p, first!).click();
    await p.keyboard.press("Alt+ArrowDown");
    await expect.poll(() => p.getByRole("heading", { level: 1 }).first().textContent()).toBe(second);
    // The third wallet writes between two presses: it would jump to the top.
    const writer = wallets.find((w) => w.label === third)!;
    await writer.sendText("Still waiting");
    // The agent goes on stepping (up and back down) until the message is in.
    await busyUntil(
      async () => {
        await p.keyboard.press("Alt+ArrowUp");
        await p.keyboard.press("Alt+ArrowDown");
      },
      () => inboxRow(p, third!).getByText("Still waiting").waitFor({ timeout: 500 }),
    );
    await expect.poll(() => p.getByRole("heading", { level: 1 }).first().textContent()).toBe(second);
    expect(await order(p)).toEqual(rows);
    await p.keyboard.press("Alt+ArrowDown");
    await expect.poll(() => p.getByRole("heading", { level: 1 }).first().textContent()).toBe(third);
    // The agent pauses: the new order comes by itself.
    await expect.poll(async () => (await order(p))[0], { timeout: 15_000 }).toBe(third);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});

describe("requests", () => {
  it("a reload logs no failed request (no MatrixRTC probe; the backup exists)", async () => {
    const p = page.page;
    const failed: string[] = [];
    const rtc: string[] = [];
    p.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    p.on("request", (r) => r.url().includes("/rtc/transports") && rtc.push(r.url()));
    await p.reload();
    await inboxRegion(p).waitFor({ timeout: 60_000 });
    // A message after the reload has come through sync: the start-up requests are all answered by then.
    const w = wallets[wallets.length - 1]!;
    await w.sendText("After the reload");
    await inboxRow(p, w.label).getByText("After the reload").waitFor({ timeout: 60_000 });
    // A reload right after a message moved the connection on, before the inbox's next whole save (3 s): the
    // position the console resumes from must still be one the server knows (it forgets every other position as
    // soon as a request uses a newer one), or the restart would walk every room again.
    // With the conversation open the wallet's message is read at once: a change of the row itself (saved whole
    // only 3 s later), and the read marker's echo moves the connection on meanwhile.
    await inboxRow(p, w.label).click();
    const marked = p.waitForResponse((r) => r.url().includes("/read_markers"), { timeout: 60_000 });
    await w.sendText("Just before a reload");
    await marked;
    // The marker's echo comes back, and the next sync request uses the position it brought: reload then.
    await p.waitForRequest((r) => /simplified_msc3575\/sync\?(.*&)?pos=/.test(r.url()), { timeout: 60_000 });
    await p.reload();
    await inboxRegion(p).waitFor({ timeout: 60_000 });
    await w.sendText("After the second reload");
    await inboxRow(p, w.label).getByText("After the second reload").waitFor({ timeout: 60_000 });
    expect(failed).toEqual([]);
    expect(rtc).toEqual([]);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});
