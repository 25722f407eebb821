// Nothing lost, nothing doubled: replies written while the homeserver is killed, restarted or unreachable for
// long enough to read as offline reach the wallet exactly once and in order, and the outbox drains by itself.
// This file runs its own Synapse so it can kill it without disturbing other tests.
import { describe, expect, it } from "vitest";
import { signedInConsole, type TestConsole, deskOf } from "../harness/console.ts";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import { ownHomeserver } from "../harness/own-homeserver.ts";
import { waitFor } from "../harness/wait.ts";
import { newWallet } from "../harness/accounts.ts";
import type { Wallet } from "../harness/wallet.ts";
import type { Conversation } from "../../renderer/core/conversation/conversation.ts";

const hs = ownHomeserver("faults.test");
const cleanup = cleanupAfterAll();

async function openConversation(): Promise<{
  c: TestConsole;
  wallet: Wallet;
  conversation: Conversation;
  roomId: string;
}> {
  const c = cleanup.track(await signedInConsole({}, undefined, undefined, hs));
  const wallet = cleanup.track(await newWallet(c.account.userId, "e2ee", hs));
  const roomId = await wallet.startSupportChat();
  await waitFor("the conversation", () => deskOf(c.console).inbox.get(roomId));
  await wallet.sendText("hello");
  const conversation = deskOf(c.console).conversations.open(roomId)!;
  await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
  // Opened means loaded: Conversation.open gives up on a room that hasn't arrived within 30 s (an unhandled
  // rejection, and the view stays "loading"), which is not what these tests are about.
  await waitFor("the conversation's history", () => !conversation.view.get().loading);
  return { c, wallet, conversation, roomId };
}

/** Support's replies in the order the server stored them, as the wallet decrypted them (ground truth). */
async function repliesInServerOrder(wallet: Wallet, roomId: string): Promise<string[]> {
  const ids: string[] = [];
  let from: string | null = null;
  for (;;) {
    const res = await wallet.client.createMessagesRequest(roomId, from, 100, "f" as never);
    for (const e of res.chunk)
      if (e.type === "m.room.encrypted" && e.sender !== wallet.userId) ids.push(e.event_id!);
    if (!res.end || res.chunk.length === 0) break;
    from = res.end;
  }
  const bodies = new Map(wallet.received.map((m) => [m.eventId, m.readable ? m.body : "<unreadable>"]));
  return ids.map((id) => bodies.get(id) ?? "<not received>");
}

describe("replies survive a dying homeserver", { timeout: 300_000 }, () => {
  it("100 replies, homeserver killed and restarted mid-way: each arrives exactly once, in order", async () => {
    const { c, wallet, conversation, roomId } = await openConversation();
    const texts = Array.from({ length: 100 }, (_, i) => `reply ${String(i + 1).padStart(3, "0")}`);
    for (const text of texts) await conversation.sendText(text);
    // Kill it (as a crash would: no goodbye, requests in flight cut) once about 30 replies have gone out.
    await waitFor(
      "the first 30 replies to go out",
      () => deskOf(c.console).outbox!.items.get().length <= 70,
      {
        timeoutMs: 60_000,
        intervalMs: 5,
      },
    );
    await hs.kill();
    const queuedDuringOutage = deskOf(c.console).outbox!.items.get().length;
    // Down until the console has noticed, so replies really meet a dead server, then back.
    await waitFor("the console to notice the outage", () => deskOf(c.console).connection.get() !== "online");
    await hs.restart();
    await waitFor("the outbox to drain by itself", () => deskOf(c.console).outbox!.items.get().length === 0, {
      timeoutMs: 120_000,
    });
    await waitFor(
      "the wallet to receive all 100",
      () => wallet.received.filter((m) => m.body.startsWith("reply ")).length >= 100,
      { timeoutMs: 60_000 },
    ).catch(() => null);
    const stored = await repliesInServerOrder(wallet, roomId);
    const received = wallet.received.filter((m) => m.body.startsWith("reply ")).map((m) => m.body);
    console.log(
      `[reliability] kill/restart: sent 100, queued during the outage ${queuedDuringOutage}, stored by the server ${stored.length}, ` +
        `received by the wallet ${received.length} (distinct ${new Set(received).size}), ` +
        `unreadable ${stored.filter((b) => b === "<unreadable>").length}, not received ${stored.filter((b) => b === "<not received>").length}`,
    );
    expect(queuedDuringOutage).toBeGreaterThan(0);
    expect(stored).toEqual(texts); // stored exactly once each, in the order written, and all decrypted
    // The console's own view, after its reconnect gap was filled: every reply once, in order, sent.
    await waitFor(
      "the conversation to show all 100",
      () =>
        conversation.view.get().items.filter((i) => i.text.startsWith("reply ") && i.status === "sent")
          .length >= 100,
    ).catch(() => null);
    const shown = conversation.view.get().items.filter((i) => i.text.startsWith("reply "));
    expect(shown.map((i) => i.text)).toEqual(texts);
    expect(shown.every((i) => i.status === "sent")).toBe(true);
  });

  it("unreachable until it reads as offline: the console says so, replies wait visibly, then drain in order", async () => {
    const { c, wallet, conversation, roomId } = await openConversation();
    await waitFor("online", () => deskOf(c.console).connection.get() === "online");
    await hs.stop();
    const texts = ["first while offline", "second while offline", "third while offline"];
    for (const t of texts) expect((await conversation.sendText(t)).status).toBe("queued");
    await waitFor("the console to notice", () => deskOf(c.console).connection.get() !== "online", {
      timeoutMs: 40_000,
    });
    const waiting = await waitFor("the replies shown as waiting for the connection", () => {
      const items = conversation.view.get().items.filter((i) => texts.includes(i.text));
      return items.length === 3 &&
        items.every((i) => i.status === "queued" || i.status === "sending") &&
        items.some((i) => i.error)
        ? items
        : null;
    });
    expect(waiting.map((i) => i.text)).toEqual(texts);
    // Long enough for the console to give up hoping the server is just slow: it says "offline" (15 s of
    // failures), and by then no reply has been dropped or marked failed.
    await waitFor("the console to read as offline", () => deskOf(c.console).connection.get() === "offline", {
      timeoutMs: 60_000,
    });
    expect(deskOf(c.console).outbox!.items.get().length).toBe(3); // nothing dropped, nothing marked failed
    expect(
      deskOf(c.console)
        .outbox!.items.get()
        .every((i) => i.state !== "failed"),
    ).toBe(true);
    await hs.restart();
    await waitFor("back online", () => deskOf(c.console).connection.get() === "online", {
      timeoutMs: 60_000,
    });
    await waitFor("drained", () => deskOf(c.console).outbox!.items.get().length === 0, { timeoutMs: 60_000 });
    await waitFor(
      "the wallet has all three",
      () => texts.every((t) => wallet.received.some((m) => m.body === t)),
      { timeoutMs: 60_000 },
    );
    expect(await repliesInServerOrder(wallet, roomId)).toEqual(texts);
  });
});
