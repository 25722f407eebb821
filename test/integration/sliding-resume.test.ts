// A restart resumes the sliding-sync connection from the position saved with the inbox, against a real Synapse:
// the server then sends only the conversations that changed (not every room again), pending invites are listed
// again (the invite policy keeps them in memory only), and a position the server no longer knows means walking
// every room again from the first window — in every case nothing that happened while the console was closed is
// missing: a message, a new conversation, an invite.
import { createClient, type MatrixClient } from "matrix-js-sdk";
import { afterAll, describe, expect, it } from "vitest";
import type { SyncSink } from "../../renderer/core/desk/taps.ts";
import { sdkLogger } from "../../renderer/core/logging.ts";
import type { RoomUpdate } from "../../renderer/core/sync/ingest.ts";
import { FIRST_WINDOW } from "../../renderer/core/sync/lists.ts";
import type { SyncPosition } from "../../renderer/core/sync/position.ts";
import { requestFirstWindow } from "../../renderer/core/sync/first-window.ts";
import { startSlidingSync, type SlidingEngine } from "../../renderer/core/sync/sliding.ts";
import type { MSC3575SlidingSyncResponse } from "matrix-js-sdk/lib/sliding-sync.js";
import { newSupportAccount, testHomeserver } from "../harness/accounts.ts";
import { createQuickWallet, sendRaw, type QuickWallet } from "../harness/fixtures.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { waitFor } from "../harness/wait.ts";

const ROOMS = 25;

/** What one engine run delivered: every room update in order, and how far the inbox list got. */
class Recorder implements SyncSink {
  readonly rooms: Array<{ roomId: string; update: RoomUpdate }> = [];
  coverage = { total: -1, covered: -1 };
  readonly covered: number[] = [];
  readonly receiptPayloads: unknown[] = [];
  receipts(payload: unknown): void {
    if (payload) this.receiptPayloads.push(payload);
  }
  room(roomId: string, update: RoomUpdate): void {
    this.rooms.push({ roomId, update });
  }
  roomAccountData(): void {}
  flushReceipts(): void {}
  joinedRooms(): Set<string> {
    return new Set(this.rooms.filter((r) => !r.update.invite_state).map((r) => r.roomId));
  }
}

const engines: Array<{ engine: SlidingEngine }> = [];
afterAll(async () => {
  for (const { engine } of engines) await engine.stop();
});

function client(support: RegisteredUser): MatrixClient {
  // No crypto: the test looks at what the server sends for the inbox, and a second client on the same device
  // must not upload new device keys over the first one's.
  return createClient({
    baseUrl: testHomeserver().url,
    userId: support.userId,
    accessToken: support.accessToken,
    deviceId: support.deviceId,
    logger: sdkLogger("error"),
  });
}

function run(
  support: RegisteredUser,
  resume: SyncPosition | null,
  early: { sdk: MatrixClient; answer: MSC3575SlidingSyncResponse } | null = null,
): { engine: SlidingEngine; seen: Recorder; sdk: MatrixClient } {
  const seen = new Recorder();
  const sdk = early?.sdk ?? client(support);
  const engine = startSlidingSync(
    sdk,
    seen,
    (total, covered) => {
      seen.coverage = { total, covered };
      seen.covered.push(covered);
    },
    { resume, early: early?.answer ?? null },
  );
  engines.push({ engine });
  return { engine, seen, sdk };
}

describe("resuming the sliding-sync connection after a restart", () => {
  let support: RegisteredUser;
  let wallets: QuickWallet[] = [];
  let saved: SyncPosition;

  it(`a first run walks all ${ROOMS} conversations and leaves a position to resume from`, async () => {
    const hs = testHomeserver();
    support = await newSupportAccount();
    wallets = await Promise.all(
      Array.from({ length: ROOMS }, () =>
        createQuickWallet({
          homeserverUrl: hs.url,
          registrationSecret: hs.registrationSecret,
          support: support.userId,
          messages: ["Hello, my credential is gone."],
        }),
      ),
    );
    const joiner = client(support);
    for (const w of wallets) await joiner.joinRoom(w.roomId);
    // Global account data (here the secret-storage pointer a set-up account has): sent once per connection.
    await joiner.setAccountData("m.secret_storage.default_key" as never, { key: "resume-test" } as never);

    const { engine, seen } = run(support, null);
    await waitFor(
      "every conversation",
      () => seen.coverage.covered === ROOMS && seen.coverage.total === ROOMS,
    );
    expect(seen.joinedRooms()).toEqual(new Set(wallets.map((w) => w.roomId)));
    saved = engine.position()!;
    expect(saved).toMatchObject({ covered: expect.any(Number), total: ROOMS });
    expect(saved.covered).toBeGreaterThanOrEqual(ROOMS);
    expect(saved.accountData).toContainEqual({
      type: "m.secret_storage.default_key",
      content: { key: "resume-test" },
    });
    await engine.stop();
  });

  it("the restarted run gets only what changed meanwhile: a message, and a new conversation", async () => {
    const hs = testHomeserver();
    const changed = wallets[7]!;
    const { event_id } = await sendRaw(hs.url, changed, "m.room.message", {
      msgtype: "m.text",
      body: "Are you there? It is urgent.",
    });
    // A conversation started and joined (from another device of the account) while this one was closed.
    const fresh = await createQuickWallet({
      homeserverUrl: hs.url,
      registrationSecret: hs.registrationSecret,
      support: support.userId,
      messages: ["New here: my wallet will not start."],
    });
    await client(support).joinRoom(fresh.roomId);
    wallets = [...wallets, fresh];

    const { engine, seen, sdk } = run(support, saved);
    await engine.firstWindow;
    // The resumed connection does not send the account data again: the client has it from the saved position
    // (without it, the console would take a set-up account for one whose recovery was never set up).
    expect(sdk.getAccountData("m.secret_storage.default_key" as never)?.getContent()).toEqual({
      key: "resume-test",
    });
    await expect(sdk.secretStorage.getDefaultKeyId()).resolves.toBe("resume-test");
    await waitFor(
      "the inbox to be covered",
      () => seen.coverage.covered >= ROOMS + 1 && seen.coverage.total === ROOMS + 1,
    );
    await waitFor("the new conversation", () => seen.joinedRooms().has(fresh.roomId));
    expect(seen.joinedRooms()).toEqual(new Set([changed.roomId, fresh.roomId]));
    const update = seen.rooms.find((r) => r.roomId === changed.roomId)!.update;
    expect(update.timeline?.map((e) => e.event_id)).toContain(event_id);
    const bodies = seen.rooms
      .filter((r) => r.roomId === fresh.roomId)
      .flatMap((r) => r.update.timeline ?? [])
      .map((e) => (e.content as { body?: string } | undefined)?.body);
    expect(bodies).toContain("New here: my wallet will not start.");
    saved = engine.position()!;
    expect(saved.total).toBe(ROOMS + 1);
    await engine.stop();
  });

  it("a pending invite is listed again on resume (the invite policy holds it in memory only)", async () => {
    const hs = testHomeserver();
    // A group room (not a wallet's) the agent has to accept or decline by hand.
    const stranger = await createQuickWallet(
      { homeserverUrl: hs.url, registrationSecret: hs.registrationSecret, support: support.userId },
      { is_direct: false, name: "Partners" },
    );
    const first = run(support, saved);
    await waitFor("the invite", () => first.seen.rooms.some((r) => r.roomId === stranger.roomId));
    await waitFor("its position", () => first.engine.position()?.pos !== saved.pos);
    saved = first.engine.position()!;
    await first.engine.stop();

    const again = run(support, saved);
    await waitFor("the invite again", () =>
      again.seen.rooms.some((r) => r.roomId === stranger.roomId && r.update.invite_state),
    );
    expect(again.seen.joinedRooms().size).toBe(0);
    saved = again.engine.position()!;
    await again.engine.stop();
  });

  it("a position the server does not know means walking every room again, from the first window, losing nothing", async () => {
    // Sent while the console was closed, in a conversation quiet until then.
    const quiet = wallets[0]!;
    const { event_id } = await sendRaw(testHomeserver().url, quiet, "m.room.message", {
      msgtype: "m.text",
      body: "Still waiting for an answer.",
    });
    const { seen } = run(support, { ...saved, pos: "s1_1_0_1_1_1_1_1_0_1_1_1_1_1/999999" });
    await waitFor(
      "every conversation again",
      () => seen.joinedRooms().size === wallets.length && seen.coverage.covered >= wallets.length,
    );
    expect(seen.joinedRooms()).toEqual(new Set(wallets.map((w) => w.roomId)));
    expect(seen.covered[0]).toBe(FIRST_WINDOW);
    const timeline = seen.rooms
      .filter((r) => r.roomId === quiet.roomId)
      .flatMap((r) => r.update.timeline ?? []);
    expect(timeline.map((e) => e.event_id)).toContain(event_id);
  });
});

describe("a fresh device's first window, asked for while its crypto store opens", () => {
  it("lists the first window from that answer, then continues the same connection: no room is walked twice, account data and receipts arrive", async () => {
    const hs = testHomeserver();
    const support = await newSupportAccount();
    const wallets = await Promise.all(
      Array.from({ length: ROOMS }, (_, i) =>
        createQuickWallet({
          homeserverUrl: hs.url,
          registrationSecret: hs.registrationSecret,
          support: support.userId,
          messages: [`Question ${i + 1}`],
        }),
      ),
    );
    const joiner = client(support);
    for (const w of wallets) await joiner.joinRoom(w.roomId);
    await joiner.setAccountData("m.secret_storage.default_key" as never, { key: "early-test" } as never);
    // The agent has read the newest conversation (from another device): its receipt comes with the first window.
    const read = wallets[3]!;
    const { event_id } = await sendRaw(hs.url, read, "m.room.message", {
      msgtype: "m.text",
      body: "Thanks!",
    });
    await joiner.http.authedRequest(
      "POST" as never,
      `/rooms/${encodeURIComponent(read.roomId)}/receipt/m.read/${encodeURIComponent(event_id)}`,
      undefined,
      {},
    );

    const sdk = client(support);
    const answer = await requestFirstWindow(sdk);
    expect(answer).not.toBeNull();
    expect(answer!.lists?.inbox?.count).toBe(ROOMS);
    const earlyRooms = Object.keys(answer!.rooms ?? {});
    expect(earlyRooms).toHaveLength(FIRST_WINDOW);
    expect(earlyRooms).toContain(read.roomId);

    const { engine, seen } = run(support, null, { sdk, answer: answer! });
    await engine.firstWindow;
    // The first window is there before the connection's own first request is answered.
    expect(new Set(seen.rooms.map((r) => r.roomId))).toEqual(new Set(earlyRooms));
    expect(sdk.getAccountData("m.secret_storage.default_key" as never)?.getContent()).toEqual({
      key: "early-test",
    });
    expect(JSON.stringify(seen.receiptPayloads)).toContain(read.roomId);
    await waitFor(
      "every conversation",
      () => seen.coverage.covered >= ROOMS && seen.coverage.total === ROOMS,
    );
    await waitFor("every conversation listed", () => seen.joinedRooms().size === ROOMS);
    expect(seen.joinedRooms()).toEqual(new Set(wallets.map((w) => w.roomId)));
    // Continued from the early answer's position: the server sent the first window's rooms once, not again.
    for (const roomId of earlyRooms)
      expect(
        seen.rooms.filter((r) => r.roomId === roomId),
        roomId,
      ).toHaveLength(1);
    expect(engine.position()?.pos).not.toBe(answer!.pos);
    await engine.stop();
  });

  it("is null, not an error, when the server has no sliding sync to answer with", async () => {
    const nowhere = createClient({
      baseUrl: "http://127.0.0.1:9",
      userId: "@support:nowhere.test",
      accessToken: "x",
      deviceId: "D",
      logger: sdkLogger("error"),
    });
    await expect(requestFirstWindow(nowhere)).resolves.toBeNull();
  });
});
