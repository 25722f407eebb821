// Losing the homeserver and getting it back, in Chromium against a Synapse of this file's own (so stopping it
// can't disturb other tests): the offline banner appears, a reply written meanwhile waits "for connection"
// instead of failing, and once the server is back the console catches up and the reply reaches the wallet.
import { beforeAll, describe, expect, it } from "vitest";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import { ownHomeserver } from "../harness/own-homeserver.ts";
import type { Wallet } from "../harness/wallet.ts";
import { accessibilityProblems, inboxRow, problems, screenshot, type ConsolePage } from "../harness/e2e.ts";

const hs = ownHomeserver("offline.test");
const fixture = consoleInChromium({ homeserver: hs, signIn: "signed-in" });
let wallet: Wallet;
let page: ConsolePage;

/**
 * While the server is down, Chromium logs the refused connections and matrix-js-sdk logs its failed requests
 * (sync, member loading, the send the outbox retries). Only network failures are expected: nothing else.
 */
const NETWORK_DOWN = [
  /net::ERR_CONNECTION_(REFUSED|RESET)/,
  /net::ERR_SOCKET_NOT_CONNECTED/,
  /net::ERR_EMPTY_RESPONSE/,
  /^(Error sending event )?ConnectionError: fetch failed: Failed to fetch/,
  // The crypto layer's own uploads (device keys, key backup) fail the same way while the server is away.
  /^Failed to process outgoing request \d+: ConnectionError: fetch failed/,
  /^Error processing backup request for rust crypto-sdk ConnectionError: fetch failed/,
];

beforeAll(async () => {
  page = fixture.page;
  wallet = await fixture.wallet("e2ee");
  await wallet.startSupportChat();
  await inboxRow(page.page, wallet.label).waitFor({ timeout: 30_000 });
  await wallet.sendText("Are you there?");
  await inboxRow(page.page, wallet.label).filter({ hasText: "Are you there?" }).waitFor({ timeout: 30_000 });
}, 240_000);

describe("when the homeserver goes away", () => {
  it("shows the offline banner, and a reply waits for the connection instead of failing", async () => {
    const { page: p } = page;
    await inboxRow(p, wallet.label).click();
    const log = p.getByRole("log", { name: `Messages with ${wallet.label}` });
    await log.getByText("Are you there?").waitFor({ timeout: 30_000 });
    expect(problems(page)).toEqual({ csp: [], errors: [] });

    await hs.stop();
    const banner = p.getByRole("status").filter({ hasText: /You're offline|Reconnecting/ });
    await banner.waitFor({ timeout: 90_000 });

    const composer = p.getByRole("textbox", { name: `Reply to ${wallet.label}` });
    await composer.fill("Yes — written while offline");
    await composer.press("Enter");
    const pending = log.locator("article", { hasText: "Yes — written while offline" });
    await pending.getByText("Waiting for connection").waitFor({ timeout: 30_000 });
    expect(await pending.getAttribute("data-status")).toBe("queued");
    await screenshot(p, "offline-banner");
    expect(await accessibilityProblems(p)).toEqual([]);
  });

  it("catches up when it returns, and the waiting reply reaches the wallet once", async () => {
    const { page: p } = page;
    await hs.restart();
    await p.getByRole("status").filter({ hasText: "Catching up" }).waitFor({ timeout: 90_000 });
    await screenshot(p, "catching-up");
    const received = await wallet.waitForMessage((m) => m.body === "Yes — written while offline", 90_000);
    expect(received).toMatchObject({ encrypted: true, readable: true });
    const log = p.getByRole("log", { name: `Messages with ${wallet.label}` });
    await expect
      .poll(
        () => log.locator("article", { hasText: "Yes — written while offline" }).getAttribute("data-status"),
        { timeout: 30_000 },
      )
      .toBe("sent");
    expect(await log.locator("article", { hasText: "Yes — written while offline" }).count()).toBe(1);
    await p
      .getByRole("status")
      .filter({ hasText: /offline|Reconnecting|Catching up/ })
      .waitFor({ state: "detached", timeout: 60_000 });
    expect(problems(page, NETWORK_DOWN)).toEqual({ csp: [], errors: [] });
  });
});
