// A group room accepted by hand is not disguised as a wallet, in Chromium against Synapse: a partner's encrypted
// two-member room (shaped enough like a wallet's to fool the inbox) accepted under Other invites keeps its name
// and inviter, gets no wallet label or wording, lives in its own section on every device of the account, and
// can be left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { walletLabel } from "../../renderer/core/labels.ts";
import { expectedLabel } from "../harness/labels.ts";
import { launchChromium } from "../harness/browser.ts";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import type { Wallet } from "../harness/wallet.ts";
import {
  accessibilityProblems,
  inboxRegion,
  inboxRow,
  matrixRequest,
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
let support: RegisteredUser;
let partner: RegisteredUser;
let page: ConsolePage;
let roomId = "";
const wallets: Wallet[] = [];

beforeAll(async () => {
  support = await newSupportAccount();
  partner = await newSupportAccount("partner");
  site = await startConsoleSite({ supportUserId: support.userId });
  frenchSite = await startConsoleSite({ supportUserId: support.userId, defaultLanguage: "fr" });
  browser = await launchChromium();
  page = await openConsole(browser, site);
  await signIn(page.page, support);
  await storeRecoveryKey(page.page);
});
afterAll(async () => {
  wallets.forEach((w) => w.stop());
  await browser?.close();
  await site?.close();
  await frenchSite?.close();
});

/**
 * Waits until the console has processed sync past now: a wallet writes, and its row shows the message. A device
 * without the team's label key (not unlocked with the recovery key) shows the provisional label: `provisional`.
 */
async function syncedPastNow(p: ConsolePage["page"], text: string, provisional = false): Promise<void> {
  const wallet = await newWallet(support.userId, "plaintext");
  wallets.push(wallet);
  await wallet.startSupportChat();
  await wallet.sendText(text);
  const label = provisional ? walletLabel(wallet.userId) : wallet.label;
  await inboxRow(p, label).getByText(text).waitFor({ timeout: 60_000 });
}

const section = (p: ConsolePage["page"], name = "Rooms accepted by hand") => p.getByRole("list", { name });

describe("rooms accepted by hand", () => {
  it("a partner's group room accepted under Other invites keeps its name and inviter, and is no wallet", async () => {
    const p = page.page;
    ({ room_id: roomId } = await matrixRequest<{ room_id: string }>(partner, "POST", "/createRoom", {
      preset: "private_chat",
      name: "Partner team room",
      invite: [support.userId],
      initial_state: [
        { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
      ],
    }));
    const invite = p
      .getByRole("list", { name: "Other invites" })
      .getByRole("listitem")
      .filter({ hasText: "Partner team room" });
    await invite.getByText("A group room, not a wallet's direct chat.").waitFor({ timeout: 60_000 });
    await invite.getByRole("button", { name: "Accept" }).click();

    const room = section(p).getByRole("listitem").filter({ hasText: "Partner team room" });
    await room.getByText(`Invited by ${partner.userId}`).waitFor({ timeout: 30_000 });
    // The partner writes in it; then a wallet does, so the console has seen the room's messages by the time the
    // wallet's row shows.
    await matrixRequest(partner, "PUT", `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t1`, {
      msgtype: "m.text",
      body: "Hello support team",
    });
    await syncedPastNow(p, "I need help with my wallet");

    const rows = await inboxRegion(p).locator(".inbox-row").allTextContents();
    expect(rows).toHaveLength(1);
    // Neither the keyed label this device shows nor the provisional one another device would.
    expect(rows.join("\n")).not.toContain(
      expectedLabel(partner.userId, support.userId).replace(/^Wallet /, ""),
    );
    expect(rows.join("\n")).not.toContain(walletLabel(partner.userId).replace(/^Wallet /, ""));
    expect(rows.join("\n")).not.toContain("Hello support team");
    expect(await room.textContent()).not.toMatch(/wallet/i);
    expect(await p.locator(`.inbox-row[data-room-id="${roomId}"]`).count()).toBe(0);
    await p.emulateMedia({ colorScheme: "light" });
    await screenshot(p, "hand-accepted-rooms-light");
    await p.emulateMedia({ colorScheme: "dark" });
    await screenshot(p, "hand-accepted-rooms-dark");
    await p.emulateMedia({ colorScheme: "light" });
    expect(await accessibilityProblems(p)).toEqual([]);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("another device of the account (here in French) lists it in the same section, not as a wallet", async () => {
    const other = await openConsole(browser, frenchSite);
    const p = other.page;
    await signIn(p, support);
    const room = section(p, "Salons acceptés manuellement")
      .getByRole("listitem")
      .filter({ hasText: "Partner team room" });
    await room.getByText(`Invitation de ${partner.userId}`).waitFor({ timeout: 60_000 });
    await syncedPastNow(p, "Bonjour, j'ai un souci", true); // this device has no recovery key: provisional
    expect(await p.locator(`.inbox-row[data-room-id="${roomId}"]`).count()).toBe(0);
    await screenshot(p, "hand-accepted-rooms-fr-light");
    await p.emulateMedia({ colorScheme: "dark" });
    await screenshot(p, "hand-accepted-rooms-fr-dark");
    expect(await accessibilityProblems(p)).toEqual([]);
    await other.context.close();
  });

  it("Leave asks first, then leaves the room and the section", async () => {
    const p = page.page;
    const room = section(p).getByRole("listitem").filter({ hasText: "Partner team room" });
    await room.getByRole("button", { name: "Leave" }).click();
    const confirm = room.getByRole("group", { name: "Leave Partner team room?" });
    await confirm.waitFor();
    await screenshot(p, "hand-accepted-rooms-leave");
    await confirm.getByRole("button", { name: "Leave the room" }).click();
    await room.waitFor({ state: "detached", timeout: 30_000 });
    const members = await matrixRequest<{
      chunk: Array<{ state_key: string; content: { membership: string } }>;
    }>(partner, "GET", `/rooms/${encodeURIComponent(roomId)}/members`);
    expect(members.chunk.find((m) => m.state_key === support.userId)?.content.membership).toBe("leave");
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});
