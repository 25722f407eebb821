// The history index at scale: while thousands of conversations are indexed, the backfill leaves the server most
// of its time (it rests three times as long as each page took), and the progress line's counts are published at
// most once a second (not on every message), the last count never lost.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../../renderer/core/clock.ts";
import type { HistoryClient } from "../../../renderer/core/history/reader.ts";
import {
  Indexer,
  LIVE_INDEX_DELAY_MS,
  PAGE_REST_FACTOR,
  type IndexProgress,
} from "../../../renderer/core/search/indexer.ts";
import type { SearchStore } from "../../../renderer/core/search/store.ts";

function indexer(clock: ManualClock, client = {} as HistoryClient, rooms = ["!a:example.org"]): Indexer {
  const store: SearchStore = { load: async () => null, save: async () => {}, close: () => {} };
  return new Indexer({
    client,
    supportUserId: "@support:example.org",
    clock,
    store,
    rooms: () => rooms,
    busy: () => false,
  });
}

/** A homeserver whose /messages answers after `serverMs` of the console's clock: one message and the room's start. */
function slowServer(clock: ManualClock, serverMs: number, sent: number[]): HistoryClient {
  const answer = (roomId: string) => ({
    chunk: [
      {
        type: "m.room.message",
        event_id: `$m-${roomId}`,
        room_id: roomId,
        sender: "@w:example.org",
        origin_server_ts: 1,
        content: { msgtype: "m.text", body: "hello" },
      },
      {
        type: "m.room.create",
        event_id: `$c-${roomId}`,
        room_id: roomId,
        sender: "@w:example.org",
        origin_server_ts: 0,
        content: {},
      },
    ],
  });
  return {
    http: {
      authedRequest: (_method: unknown, path: string) => {
        sent.push(clock.now());
        const roomId = decodeURIComponent(path.split("/")[2]!);
        return new Promise((resolve) => clock.setTimeout(() => resolve(answer(roomId)), serverMs));
      },
    },
    decryptEventIfNeeded: async () => {},
  } as unknown as HistoryClient;
}

describe("search index at scale", () => {
  // The console's clock is a ManualClock; the runtime's own timers (promise hand-offs, the frames a per-frame
  // report would wait for) are vitest's fake ones, moved on explicitly: no test waits on the wall clock.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("rests between history pages three times as long as the server took for the last one", async () => {
    const clock = new ManualClock();
    const sent: number[] = [];
    const rooms = ["!a:example.org", "!b:example.org", "!c:example.org", "!d:example.org"];
    const ix = indexer(clock, slowServer(clock, 300, sent), rooms);
    await ix.load();
    void ix.backfill();
    for (let i = 0; i < 200 && sent.length < rooms.length; i++) {
      await vi.advanceTimersByTimeAsync(0); // the page's promise chain runs
      clock.advance(50);
    }
    expect(sent).toHaveLength(rooms.length);
    const gaps = sent.slice(1).map((at, i) => at - sent[i]!);
    // 300 ms for the page, then 900 ms of rest: a request every 1.2 s, not every 340 ms.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(300 * (1 + PAGE_REST_FACTOR));
    ix.stop();
  });

  it("publishes the message count at most once a second and always publishes the last one", async () => {
    const clock = new ManualClock();
    const ix = indexer(clock);
    await ix.load();
    const seen: IndexProgress[] = [];
    const stop = ix.view.subscribe((p) => seen.push(p));
    const before = seen.length;
    for (let i = 0; i < 500; i++) {
      ix.add({
        id: `$e${i}`,
        roomId: "!a:example.org",
        ts: i,
        from: "wallet",
        kind: "text",
        text: `hello ${i}`,
      });
      if (i % 50 === 49) {
        clock.advance(100); // 500 messages over 1 s of the console's clock…
        await vi.advanceTimersByTimeAsync(20); // …and frames passing on the runtime's timers
      }
    }
    clock.advance(1000);
    await vi.advanceTimersByTimeAsync(20);
    const published = seen.slice(before);
    // One at once (the first change), then at most one per second: 500 changes over ~2 s make ≤ 3 reports.
    expect(published.length).toBeGreaterThanOrEqual(1);
    expect(published.length).toBeLessThanOrEqual(3);
    expect(published.at(-1)!.messages).toBe(500);
    stop();
    ix.stop();
  });

  it("decrypts live messages after the screen's own decryptions, and not those the open conversation indexed", async () => {
    const clock = new ManualClock();
    const sent: number[] = [];
    const client = slowServer(clock, 10, sent);
    const decrypted: string[] = [];
    client.decryptEventIfNeeded = async (event) => {
      decrypted.push(event.getId()!);
    };
    const ix = indexer(clock, client);
    await ix.load();
    void ix.backfill();
    for (let i = 0; i < 20 && sent.length === 0; i++) {
      await vi.advanceTimersByTimeAsync(0);
      clock.advance(10);
    }
    clock.advance(10); // the page's answer
    await vi.advanceTimersByTimeAsync(0); // the room's whole history is read: live messages are indexed now
    const encrypted = (id: string) => ({
      type: "m.room.encrypted",
      event_id: id,
      sender: "@w:example.org",
      origin_server_ts: 5,
      content: {
        algorithm: "m.megolm.v1.aes-sha2",
        ciphertext: "AAAA",
        sender_key: "k",
        session_id: "s",
        device_id: "D",
      },
    });
    ix.syncWindow("!a:example.org", [encrypted("$shown"), encrypted("$elsewhere")], false);
    await vi.advanceTimersByTimeAsync(0);
    expect(decrypted).toEqual([]); // the timeline and the preview decrypt first
    // The open conversation's view indexes the message it shows, decrypted already.
    ix.add({
      id: "$shown",
      roomId: "!a:example.org",
      ts: 5,
      from: "wallet",
      kind: "text",
      text: "on screen",
    });
    clock.advance(LIVE_INDEX_DELAY_MS);
    await vi.advanceTimersByTimeAsync(0);
    expect(decrypted).toEqual(["$elsewhere"]);
    ix.stop();
  });

  it("indexes live messages still waiting when the app is hidden or closed", async () => {
    const clock = new ManualClock();
    const sent: number[] = [];
    const client = slowServer(clock, 10, sent);
    const saved: unknown[] = [];
    const ix = new Indexer({
      client,
      supportUserId: "@support:example.org",
      clock,
      store: { load: async () => null, save: async (s) => void saved.push(s), close: () => {} },
      rooms: () => ["!a:example.org"],
      busy: () => false,
    });
    await ix.load();
    void ix.backfill();
    for (let i = 0; i < 20 && sent.length === 0; i++) {
      await vi.advanceTimersByTimeAsync(0);
      clock.advance(10);
    }
    clock.advance(10); // the page's answer: the room's whole history is read
    await vi.advanceTimersByTimeAsync(0);
    const live = {
      type: "m.room.message",
      event_id: "$late",
      sender: "@w:example.org",
      origin_server_ts: 9,
      content: { msgtype: "m.text", body: "just before closing" },
    };
    ix.syncWindow("!a:example.org", [live], false);
    await ix.flush(); // pagehide, well before LIVE_INDEX_DELAY_MS
    expect(ix.searchIndex.has("$late")).toBe(true);
    expect(saved.length).toBeGreaterThan(0);
    ix.stop();
  });
});
