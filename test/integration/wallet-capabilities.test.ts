// What each wallet can read, known up front and remembered, against the real Synapse: every row's "can't read
// encrypted replies" mark without opening anything, from one /keys/query per 1,000 wallets (10,000 take ten);
// and the team's record of a wallet (its capability, the unencrypted-reply decision) shared by the account's
// devices as room account data that the wallet itself can neither see nor read.
import { createClient, Method, type MatrixClient } from "matrix-js-sdk";
import { afterAll, describe, expect, it } from "vitest";
import { Inbox } from "../../renderer/core/inbox/inbox.ts";
import { newRow } from "../../renderer/core/inbox/row.ts";
import { sdkLogger } from "../../renderer/core/logging.ts";
import { WalletCapabilities } from "../../renderer/core/wallet/capabilities.ts";
import { WALLET_RECORD_TYPE } from "../../renderer/core/wallet/record.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { deskOf, rowFor, signedInConsole, type TestConsole } from "../harness/console.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const stops: Array<() => void> = [];
afterAll(() => stops.reverse().forEach((s) => s()));

async function wallet(support: string, shape: "e2ee" | "plaintext"): Promise<Wallet> {
  const w = await newWallet(support, shape);
  stops.push(() => w.stop());
  return w;
}

async function consoleFor(account?: TestConsole["account"]): Promise<TestConsole> {
  const c = await signedInConsole({ allowUnencryptedReplies: true }, account);
  stops.push(() => c.console.stop());
  return c;
}

describe("what a wallet can read", () => {
  it("is known for 10,000 conversations from ten /keys/query requests, before any is opened", async () => {
    const support = await newSupportAccount();
    const client: MatrixClient = createClient({
      baseUrl: testHomeserver().url,
      userId: support.userId,
      accessToken: support.accessToken,
      deviceId: support.deviceId,
      logger: sdkLogger("error"),
    });
    (client as { clientRunning: boolean }).clientRunning = true; // asked without syncing: nothing else runs
    const plaintext = await wallet(support.userId, "plaintext");
    const e2ee = await wallet(support.userId, "e2ee");
    const inbox = new Inbox();
    const rows = [
      newRow("!plaintext:support.test", plaintext.userId),
      newRow("!e2ee:support.test", e2ee.userId),
      ...Array.from({ length: 9_998 }, (_, i) => newRow(`!r${i}:support.test`, `@wallet-${i}:support.test`)),
    ];
    inbox.load(rows);
    const capabilities = new WalletCapabilities(client, inbox);
    stops.push(() => capabilities.stop());
    const started = performance.now();
    for (const row of rows) capabilities.consider(row.roomId);
    await waitFor(
      "every wallet's capability",
      () => inbox.all().every((r) => r.cannotReadEncrypted !== null),
      { timeoutMs: 120_000 },
    );
    const ms = performance.now() - started;
    console.info(
      `wallet capabilities: ${rows.length} wallets resolved with ${capabilities.queries} /keys/query requests in ${Math.round(ms)} ms`,
    );
    expect(capabilities.queries).toBe(10);
    expect(inbox.get("!plaintext:support.test")!.cannotReadEncrypted).toBe(true);
    expect(inbox.get("!e2ee:support.test")!.cannotReadEncrypted).toBe(false);
  });

  it("the console marks a plaintext wallet's row before its conversation is ever opened", async () => {
    const c = await consoleFor();
    const altme = await wallet(c.account.userId, "plaintext");
    const older = await wallet(c.account.userId, "e2ee");
    const altmeRoom = await altme.startSupportChat();
    const olderRoom = await older.startSupportChat();
    await altme.sendText("Hello from today's AltMe");
    await waitFor("both capabilities on the rows", () => {
      const a = rowFor(c.console, altmeRoom)?.cannotReadEncrypted;
      const b = rowFor(c.console, olderRoom)?.cannotReadEncrypted;
      return a === true && b === false;
    });
  });

  it("the decision to reply unencrypted is the team's: another device knows it, and the wallet never sees it", async () => {
    const first = await consoleFor();
    const altme = await wallet(first.account.userId, "plaintext");
    const roomId = await altme.startSupportChat();
    await altme.sendText("Hi, I can't read encrypted replies");
    await waitFor("the conversation", () => rowFor(first.console, roomId));
    const conversation = deskOf(first.console).conversations.open(roomId)!;
    await waitFor("the wallet checked", () => conversation.view.get().walletCanDecrypt === false);
    expect((await conversation.sendText("First answer")).status).toBe("needs-confirmation");
    conversation.confirmUnencryptedReplies();
    expect((await conversation.sendText("First answer")).status).toBe("queued");
    await altme.waitForMessage((m) => m.body === "First answer");
    const record = async () =>
      deskOf(first.console).client.http.authedRequest<Record<string, unknown>>(
        Method.Get,
        `/user/${encodeURIComponent(first.account.userId)}/rooms/${encodeURIComponent(roomId)}/account_data/${WALLET_RECORD_TYPE}`,
      );
    await waitFor(
      "the record on the server",
      async () => (await record().catch(() => null))?.unencrypted_replies,
    );
    expect(await record()).toMatchObject({ can_decrypt: false, unencrypted_replies: true });

    // Another agent's device (a new sign-in of the account) knows both before opening the conversation…
    const second = await consoleFor(first.account);
    await waitFor("the record on the second device's row", () => {
      const row = rowFor(second.console, roomId);
      return row?.cannotReadEncrypted === true && row.unencryptedRepliesConfirmed === true;
    });
    // …and its reply goes out without asking again.
    const again = deskOf(second.console).conversations.open(roomId)!;
    expect(again.view.get().unencryptedRepliesConfirmed).toBe(true);
    expect((await again.sendText("Second answer, from another agent")).status).toBe("queued");
    const received = await altme.waitForMessage((m) => m.body === "Second answer, from another agent");
    expect(received).toMatchObject({ encrypted: false, readable: true });

    // The wallet, in the same room: no such event in what it syncs, and the support's record is not readable.
    const room = altme.client.getRoom(roomId)!;
    const types = [
      ...room
        .getLiveTimeline()
        .getEvents()
        .map((e) => e.getType()),
      ...[...room.currentState.events.keys()],
      ...[...room.accountData.keys()],
    ];
    expect(types).not.toContain(WALLET_RECORD_TYPE);
    const peek = await altme.client.http
      .authedRequest(
        Method.Get,
        `/user/${encodeURIComponent(first.account.userId)}/rooms/${encodeURIComponent(roomId)}/account_data/${WALLET_RECORD_TYPE}`,
      )
      .then(
        () => "readable",
        (err: { httpStatus?: number }) => err.httpStatus,
      );
    expect(peek).toBe(403);
  });
});
