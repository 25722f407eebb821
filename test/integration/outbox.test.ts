// The outbox (conversation/outbox.ts) against the real Synapse and a real E2EE wallet: replies leave in the order
// written and arrive once, a reply that may already have arrived before a crash is sent again under its
// transaction ID and stored once, a refusal makes a reply "failed" with the server's reason (retry, cancel), no
// reply leaves in clear into a room not known to be encrypted, a server that can't be reached keeps replies
// queued "waiting for the connection", and a local problem gets a few tries before it counts as failed.
import { RoomEvent, type MatrixClient } from "matrix-js-sdk";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryOutboxStorage } from "../../renderer/core/conversation/outbox-storage.ts";
import {
  Outbox,
  newTxnId,
  type OutboxHooks,
  type OutboxItem,
  type OutboxStorage,
} from "../../renderer/core/conversation/outbox.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import { freePort, type RegisteredUser } from "../harness/homeserver.ts";
import { clientApi } from "../harness/matrix-http.ts";
import { clientOf, startedClientOf } from "../harness/sdk-client.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const cleanup = cleanupAfterAll();
let account: RegisteredUser;
let support: MatrixClient;
let wallet: Wallet;
let roomId = "";

beforeAll(async () => {
  account = await newSupportAccount("outbox");
  support = await startedClientOf(account, testHomeserver().url);
  cleanup.add(() => support.stopClient());
  support.on(RoomEvent.MyMembership, (room, membership) => {
    if (membership === "invite") void support.joinRoom(room.roomId);
  });
  wallet = cleanup.track(await newWallet(account.userId, "e2ee"));
  roomId = await wallet.startSupportChat();
  await waitFor("support in the conversation, seeing it encrypted", async () =>
    wallet.client.getRoom(roomId)?.getMember(account.userId)?.membership === "join"
      ? support.getCrypto()?.isEncryptionEnabledInRoom(roomId)
      : false,
  );
});
afterEach(() => vi.useRealTimers());

/** The hooks the console gives the outbox: the materialised Room, and whether the room is encrypted. */
const hooksFor = (client: MatrixClient): OutboxHooks => ({
  room: (id) => waitFor(`the room ${id}`, () => client.getRoom(id)),
  isEncrypted: async (id) => (await client.getCrypto()?.isEncryptionEnabledInRoom(id)) ?? false,
});

/** An outbox over `client` whose storage records every save. */
function outboxOf(client: MatrixClient, hooks: OutboxHooks = hooksFor(client), initial: OutboxItem[] = []) {
  const memory = memoryOutboxStorage();
  const saves: OutboxItem[][] = [];
  const storage: OutboxStorage = {
    load: async () => initial,
    save: async (items) => {
      saves.push(items);
      await memory.save(items);
    },
  };
  const outbox = new Outbox(client, storage, hooks);
  cleanup.add(() => outbox.stop());
  const item = (txnId: string) => outbox.items.get().find((i) => i.txnId === txnId);
  return { outbox, saves, item };
}

const text = (body: string) => ({ msgtype: "m.text", body });

describe("the outbox", () => {
  it("sends a conversation's replies encrypted, in the order written, each once; then it is empty", async () => {
    const { outbox, saves } = outboxOf(support);
    const bodies = ["first", "second", "third"].map((b) => `${b} ${newTxnId()}`);
    const queued = bodies.map((b) => outbox.enqueue(roomId, text(b)));
    expect(queued.map((i) => i.state)).toEqual(["queued", "queued", "queued"]);
    expect(new Set(queued.map((i) => i.txnId)).size).toBe(3);
    await waitFor("the outbox to drain", () => outbox.items.get().length === 0);
    expect(saves.at(-1)).toEqual([]);
    for (const body of bodies) await wallet.waitForMessage((m) => m.body === body);
    const got = wallet.received.filter((m) => bodies.includes(m.body));
    expect(got.map((m) => m.body)).toEqual(bodies);
    expect(got.every((m) => m.encrypted)).toBe(true);
  });

  it("a reply that was sending when the app died is sent again under its transaction ID and stored once", async () => {
    const body = `sent just before a crash ${newTxnId()}`;
    const txnId = newTxnId();
    // It reached the server (same device, same transaction ID) before the app died.
    const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}`;
    const { event_id: first } = await clientApi<{ event_id: string }>(
      testHomeserver().url,
      account,
      "PUT",
      path,
      text(body),
    );
    const crashed: OutboxItem = {
      txnId,
      roomId,
      content: text(body),
      createdAt: Date.now(),
      state: "sending",
      attempts: 1,
      unencrypted: true,
      error: null,
      errorKind: null,
      retryAt: null,
    };
    const { outbox } = outboxOf(support, hooksFor(support), [crashed]);
    await outbox.restore();
    await waitFor("the restored reply to drain", () => outbox.items.get().length === 0);
    const { chunk } = await clientApi<{ chunk: Array<{ event_id: string; content: { body?: string } }> }>(
      testHomeserver().url,
      account,
      "GET",
      `/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=20`,
    );
    expect(chunk.filter((e) => e.content.body === body).map((e) => e.event_id)).toEqual([first]);
  });

  it("a reply the server refuses is failed with its reason; retry tries again, cancel removes it", async () => {
    const { outbox, item } = outboxOf(support);
    // A room support is not in: the server refuses the send.
    const stranger = await newSupportAccount("stranger");
    const elsewhere = await clientApi<{ room_id: string }>(
      testHomeserver().url,
      stranger,
      "POST",
      "/createRoom",
      {},
    );
    const reply = outbox.enqueue(elsewhere.room_id, text("not yours to write in"), true);
    const failed = await waitFor("the refusal", () =>
      item(reply.txnId)?.state === "failed" ? item(reply.txnId) : null,
    );
    expect(failed).toMatchObject({ errorKind: "refused", attempts: 1 });
    expect(failed.error).toBeTruthy();
    outbox.retry(reply.txnId);
    await waitFor(
      "the second refusal",
      () => item(reply.txnId)?.attempts === 2 && item(reply.txnId)?.state === "failed",
    );
    outbox.cancel(reply.txnId);
    expect(outbox.items.get()).toEqual([]);
  });

  it("never lets a reply leave in clear into a room not known to be encrypted", async () => {
    const { outbox, item } = outboxOf(support, { ...hooksFor(support), isEncrypted: async () => false });
    const reply = outbox.enqueue(roomId, text(`must not leave ${newTxnId()}`));
    const failed = await waitFor("the refusal", () =>
      item(reply.txnId)?.state === "failed" ? item(reply.txnId) : null,
    );
    expect(failed).toMatchObject({ errorKind: "refused", error: "conversation not encrypted" });
  });

  it("while the server can't be reached, a reply stays queued and waits for the connection; retryAllNow tries at once", async () => {
    const dead = clientOf(account, `http://127.0.0.1:${await freePort()}`);
    const { outbox, item } = outboxOf(dead);
    const reply = outbox.enqueue(roomId, text("written offline"), true);
    const waiting = await waitFor("the reply to wait", () =>
      item(reply.txnId)?.retryAt ? item(reply.txnId) : null,
    );
    expect(waiting).toMatchObject({
      state: "queued",
      attempts: 1,
      errorKind: "connection",
      error: "Waiting for the connection",
    });
    outbox.retryAllNow();
    await waitFor(
      "a second attempt right away",
      () => item(reply.txnId)?.attempts === 2 && item(reply.txnId)?.retryAt,
    );
    expect(item(reply.txnId)?.state).toBe("queued");
  });

  it("a local problem (the conversation not loading) is tried five more times, backing off, then failed", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { outbox, item } = outboxOf(support, {
      room: () => Promise.reject(new Error("The conversation is still loading")),
      isEncrypted: async () => true,
    });
    const reply = outbox.enqueue(roomId, text("held up locally"));
    const settled = async () => {
      for (let i = 0; i < 20 && item(reply.txnId)?.state === "sending"; i++)
        await vi.advanceTimersByTimeAsync(0);
      return item(reply.txnId)!;
    };
    expect(await settled()).toMatchObject({
      state: "queued",
      attempts: 1,
      errorKind: "local",
      error: "The conversation is still loading",
    });
    // It tries again 1, 2, 4, 8 and 16 s after each failure; the sixth failure is final.
    for (const [wait, attempts] of [
      [1000, 2],
      [2000, 3],
      [4000, 4],
      [8000, 5],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect((await settled()).attempts).toBe(attempts - 1); // not a moment early
      await vi.advanceTimersByTimeAsync(1);
      expect(await settled()).toMatchObject({ state: "queued", attempts });
    }
    await vi.advanceTimersByTimeAsync(16_000);
    expect(await settled()).toMatchObject({ state: "failed", attempts: 6, errorKind: "local" });
  });
});
