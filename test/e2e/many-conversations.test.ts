// A busier inbox: fifty wallets waiting before the agent signs in. Start-up shows real progress, the inbox
// keeps only the rows on screen in the DOM (it must stay smooth at 10,000; the benchmark measures that), the
// oldest conversation is reachable by scrolling, and moving between conversations shows each one's messages.
// Timings are printed for the report, never asserted.
import { beforeAll, describe, expect, it } from "vitest";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import {
  accessibilityProblems,
  inboxRegion,
  openConsole,
  problems,
  screenshot,
  signIn,
  storeRecoveryKey,
  type ConsolePage,
} from "../harness/e2e.ts";

const WALLETS = 50;
// Signing in is what the first test watches.
const fixture = consoleInChromium({ signIn: "no" });
let page: ConsolePage;

beforeAll(async () => {
  const created = Date.now();
  for (let i = 0; i < WALLETS; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, WALLETS - i) }, async (_, k) => {
        const w = await fixture.wallet("plaintext");
        await w.startSupportChat();
        await w.sendText(`Question ${i + k + 1}: how do I add my student card?`);
      }),
    );
  }
  console.info(
    `[many] ${WALLETS} wallets with a waiting question in ${((Date.now() - created) / 1000).toFixed(1)} s`,
  );
}, 300_000);

describe(`an inbox of ${WALLETS} waiting wallets`, () => {
  it("start-up shows its steps and how many conversations are in, then every invite is accepted", async () => {
    page = await openConsole(fixture.browser, fixture.site);
    const { page: p } = page;
    await p.getByLabel("User ID").fill(fixture.support.userId);
    await p.getByLabel("Password").fill(fixture.support.password);
    const started = Date.now();
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.getByRole("heading", { name: "Getting the inbox ready" }).waitFor({ timeout: 30_000 });
    await screenshot(p, "start-progress");
    expect(await accessibilityProblems(p)).toEqual([]);
    const inbox = inboxRegion(p);
    await inbox.waitFor({ timeout: 60_000 });
    await inbox.getByRole("button", { name: `All ${WALLETS}` }).waitFor({ timeout: 120_000 });
    await inbox.getByRole("button", { name: `Waiting ${WALLETS}` }).waitFor({ timeout: 60_000 });
    console.info(
      `[many] sign-in to ${WALLETS} rows in the inbox: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await storeRecoveryKey(p);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("keeps only the rows on screen in the DOM, and reaches the oldest by scrolling", async () => {
    const { page: p } = page;
    const list = inboxRegion(p).getByRole("list", { name: "Wallet conversations" });
    const rendered = await list.getByRole("listitem").count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(WALLETS);
    await screenshot(p, "inbox-many-light");
    expect(await accessibilityProblems(p)).toEqual([]);
    await list.evaluate((ul) => {
      const viewport = ul.parentElement!;
      viewport.scrollTop = viewport.scrollHeight;
    });
    const last = list.locator(`li[aria-posinset="${WALLETS}"]`);
    await last.waitFor();
    expect(await last.getAttribute("aria-setsize")).toBe(String(WALLETS));
    expect(await last.textContent()).toMatch(/Question \d+: how do I add my student card\?/);
    expect(await list.getByRole("listitem").count()).toBeLessThan(WALLETS);
  });

  it("moving through conversations with Alt+↓ shows each wallet's question", async () => {
    const { page: p } = page;
    const labels = await inboxRegion(p).locator(".inbox-row .label").allTextContents();
    await inboxRegion(p).locator(".inbox-row").first().click();
    const timings: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t0 = Date.now();
      await p.keyboard.press("Alt+ArrowDown");
      const heading = p.getByRole("heading", { level: 1 });
      await expect.poll(() => heading.first().textContent()).not.toBe(labels[i]);
      const label = (await heading.first().textContent())!;
      await p
        .getByRole("log", { name: `Messages with ${label}` })
        .getByText(/^Question \d+:/)
        .waitFor({ timeout: 30_000 });
      timings.push(Date.now() - t0);
    }
    console.info(`[many] conversation switch to messages on screen (ms): ${timings.join(", ")}`);
    await screenshot(p, "conversation-many-light");
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("scrolling the inbox by any means (here: its scroll position, as a dragged scrollbar sets it) holds the history index back until the agent stops", async () => {
    // A second device of the account: its history index starts from nothing, after the inbox has filled.
    const second = await openConsole(fixture.browser, fixture.site);
    const { page: p } = second;
    try {
      // Scrolls with no wheel, key or pointer event, four times a second, from before the inbox exists.
      await p.evaluate(() => {
        let down = true;
        (window as unknown as { stopScrolling: () => void }).stopScrolling = clearInterval.bind(
          null,
          setInterval(() => {
            const viewport = document.querySelector<HTMLElement>(".inbox .viewport");
            if (!viewport) return;
            viewport.scrollTop = down ? 68 : 0;
            down = !down;
          }, 250),
        );
      });
      await signIn(p, fixture.support);
      const inbox = inboxRegion(p);
      await inbox.getByRole("button", { name: `All ${WALLETS}` }).waitFor({ timeout: 120_000 });
      const progress = inbox.locator(".index-progress");
      await progress.getByText(/^Indexing paused while you work/).waitFor({ timeout: 30_000 });
      // Every conversation is listed, so only the scrolling keeps the index waiting: for 6 s it stays paused.
      const seen = new Set<string>();
      for (const end = Date.now() + 6000; Date.now() < end; await p.waitForTimeout(200))
        seen.add(((await progress.textContent()) ?? "").replace(/\d+/g, "N").trim());
      expect([...seen]).toEqual(["Indexing paused while you work (N of N conversations)"]);
      await p.evaluate(() => (window as unknown as { stopScrolling: () => void }).stopScrolling());
      // Once the agent stops, it reads every conversation's history (the line goes when the index is complete).
      await progress.waitFor({ state: "detached", timeout: 90_000 });
      expect(problems(second)).toEqual({ csp: [], errors: [] });
    } finally {
      await second.context.close();
    }
  });
});
