// What a wallet can read is known up front and remembered, in Chromium against Synapse: today's plaintext AltMe
// wallet is marked "can't read encrypted replies" in the inbox before its conversation is opened; the agent's
// decision to reply unencrypted survives signing out and in again (a new device), so the next reply goes
// without asking; and the wallet itself can't see or read that record.
import { Method } from "matrix-js-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { walletLabel } from "../../renderer/core/labels.ts";
import { WALLET_RECORD_TYPE } from "../../renderer/core/wallet/record.ts";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import type { Wallet } from "../harness/wallet.ts";
import {
  accessibilityProblems,
  inboxRow,
  problems,
  screenshot,
  signIn,
  type ConsolePage,
} from "../harness/e2e.ts";

const fixture = consoleInChromium({ config: { allowUnencryptedReplies: true } });
let support: RegisteredUser;
let page: ConsolePage;
const wallets: Wallet[] = [];

beforeAll(() => {
  support = fixture.support;
  page = fixture.page;
});

const mark = (p: Page, w: Wallet, label = w.label) =>
  inboxRow(p, label).getByRole("img", { name: "Can't read encrypted replies" });
const heldReply = (p: Page) => p.getByRole("alert").filter({ hasText: "Your reply was not sent" });

describe("what a wallet can read", () => {
  let altme: Wallet;
  let roomId = "";

  it("today's AltMe wallet is marked in the inbox before its conversation is opened", async () => {
    const p = page.page;
    altme = await fixture.wallet("plaintext");
    const older = await fixture.wallet("e2ee");
    wallets.push(altme, older);
    roomId = await altme.startSupportChat();
    await older.startSupportChat();
    await altme.sendText("Hello, I use today's AltMe");
    await older.sendText("Hello, my wallet encrypts");
    await mark(p, altme).waitFor({ timeout: 60_000 });
    await inboxRow(p, older.label).getByText("Hello, my wallet encrypts").waitFor({ timeout: 60_000 });
    expect(await mark(p, older).count()).toBe(0);
    await p.emulateMedia({ colorScheme: "light" });
    await screenshot(p, "wallet-capability-inbox-light");
    await p.emulateMedia({ colorScheme: "dark" });
    await screenshot(p, "wallet-capability-inbox-dark");
    await p.emulateMedia({ colorScheme: "light" });
    expect(await accessibilityProblems(p)).toEqual([]);
  });

  it("the decision to reply unencrypted survives signing out and in: the next reply goes without asking", async () => {
    const p = page.page;
    await inboxRow(p, altme.label).click();
    const composer = p.getByRole("textbox", { name: `Reply to ${altme.label}` });
    await composer.fill("Please update your wallet app");
    await composer.press("Enter");
    await heldReply(p).getByRole("button", { name: "Send without encryption to this wallet" }).click();
    await altme.waitForMessage((m) => m.body === "Please update your wallet app", 60_000);

    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByRole("button", { name: "Sign out" }).click();
    await p
      .getByRole("dialog", { name: "Sign out of this device?" })
      .getByRole("button", { name: "Sign out" })
      .click({ timeout: 90_000 });
    await p.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 30_000 });
    await signIn(p, support);

    // A new device: the mark is there before the conversation is opened, and so is the decision. (Until the
    // recovery key is entered here, the device has no team label key: the wallet has its provisional label.)
    const provisional = walletLabel(altme.userId);
    await mark(p, altme, provisional).waitFor({ timeout: 60_000 });
    await inboxRow(p, provisional).click();
    const again = p.getByRole("textbox", { name: `Reply to ${provisional}` });
    await p
      .getByText("Replies to this wallet are sent without encryption, as you confirmed.")
      .waitFor({ timeout: 30_000 });
    await again.fill("Here is the link to the update");
    await again.press("Enter");
    const received = await altme.waitForMessage((m) => m.body === "Here is the link to the update", 60_000);
    expect(received).toMatchObject({ encrypted: false, readable: true });
    expect(await heldReply(p).count()).toBe(0);
    await screenshot(p, "wallet-capability-remembered");
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });

  it("the wallet can neither see nor read the team's record about it", async () => {
    const room = altme.client.getRoom(roomId)!;
    const seen = [
      ...room
        .getLiveTimeline()
        .getEvents()
        .map((e) => e.getType()),
      ...room.currentState.events.keys(),
      ...room.accountData.keys(),
    ];
    expect(seen).not.toContain(WALLET_RECORD_TYPE);
    const peek = await altme.client.http
      .authedRequest(
        Method.Get,
        `/user/${encodeURIComponent(support.userId)}/rooms/${encodeURIComponent(roomId)}/account_data/${WALLET_RECORD_TYPE}`,
      )
      .then(
        () => "readable",
        (err: { httpStatus?: number }) => err.httpStatus,
      );
    expect(peek).toBe(403);
  });
});
