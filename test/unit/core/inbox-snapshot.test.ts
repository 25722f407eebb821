// The inbox saved between runs (inbox/snapshot.ts): sealed with a key derived from the device key (real WebCrypto),
// written once per burst of changes, and read back only by the same device key and format — anything else means
// "start from the server", never an error. The store is passed in; the IndexedDB one runs in Chromium
// (test/e2e/persistence.test.ts). Fake timers are the clock for the save delay.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InboxSnapshot } from "../../../renderer/core/inbox/snapshot.ts";
import { newRow, type InboxRow } from "../../../renderer/core/inbox/row.ts";
import type { KeyValueStore } from "../../../renderer/core/storage/idb.ts";
import { deriveSealingKey, seal } from "../../../renderer/core/storage/sealed.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A key-value store in memory that counts its writes and can be inspected. */
function memoryStore() {
  const data = new Map<string, unknown>();
  let writes = 0;
  const store: KeyValueStore = {
    get: async <T>(key: string) => data.get(key) as T | undefined,
    put: async (key, value) => {
      writes++;
      data.set(key, value);
    },
    delete: async (key) => void data.delete(key),
    keys: async () => [...data.keys()],
    close: () => {},
  };
  return { store, data, writes: () => writes };
}

const deviceKey = (fill: number) => new Uint8Array(32).fill(fill);
const rows = (...texts: string[]): InboxRow[] =>
  texts.map((text, i) => ({
    ...newRow(`!r${i}:support.example`, `@did-key-z6mk${i}:wallets.example`),
    preview: { kind: "text", text, fromSupport: false, ts: i, eventId: `$e${i}` },
  }));

describe("the inbox snapshot", () => {
  it("saves the rows sealed: the stored bytes do not contain a message's text", async () => {
    const { store, data } = memoryStore();
    const snapshot = await InboxSnapshot.inStore(store, deviceKey(7));
    snapshot.schedule(() => rows("my passport number is X123"));
    await snapshot.flush();
    const stored = data.get("inbox") as { data: ArrayBuffer };
    expect(Buffer.from(stored.data).toString("latin1")).not.toContain("passport");
    const reopened = await InboxSnapshot.inStore(store, deviceKey(7));
    expect((await reopened.load())?.map((r) => r.preview?.text)).toEqual(["my passport number is X123"]);
  });

  it("a burst of changes is one write, a few seconds later, of the rows as they are then", async () => {
    const { store, writes } = memoryStore();
    const snapshot = await InboxSnapshot.inStore(store, deviceKey(1));
    let current = rows("first");
    for (let i = 0; i < 50; i++) snapshot.schedule(() => current);
    current = rows("latest");
    await vi.advanceTimersByTimeAsync(2999);
    expect(writes()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    // Sealing is real WebCrypto, which answers from outside the faked timers.
    await vi.waitFor(() => expect(writes()).toBe(1));
    expect((await snapshot.load())?.[0]?.preview?.text).toBe("latest");
    snapshot.schedule(() => rows("again"));
    await vi.advanceTimersByTimeAsync(3000);
    await vi.waitFor(() => expect(writes()).toBe(2));
  });

  it("flushing writes at once (the app going away) and cancels the pending save; nothing pending writes nothing", async () => {
    const { store, writes } = memoryStore();
    const snapshot = await InboxSnapshot.inStore(store, deviceKey(1));
    await snapshot.flush();
    expect(writes()).toBe(0);
    snapshot.schedule(() => rows("now"));
    expect(vi.getTimerCount()).toBe(1);
    await snapshot.flush();
    expect(writes()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("closing cancels a pending save", async () => {
    const { store, writes } = memoryStore();
    const snapshot = await InboxSnapshot.inStore(store, deviceKey(1));
    snapshot.schedule(() => rows("never written"));
    snapshot.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(writes()).toBe(0);
  });

  it("reads nothing when there is no snapshot, another device key sealed it, or it is damaged", async () => {
    const { store, data } = memoryStore();
    expect(await (await InboxSnapshot.inStore(store, deviceKey(1))).load()).toBeNull();
    const mine = await InboxSnapshot.inStore(store, deviceKey(1));
    mine.schedule(() => rows("hello"));
    await mine.flush();
    expect(await (await InboxSnapshot.inStore(store, deviceKey(2))).load()).toBeNull();
    const stored = data.get("inbox") as { iv: Uint8Array; data: ArrayBuffer };
    const damaged = new Uint8Array(stored.data.slice(0));
    damaged[0]! ^= 0xff;
    data.set("inbox", { iv: stored.iv, data: damaged.buffer });
    expect(await mine.load()).toBeNull();
  });

  it("reads nothing from a snapshot of another format version", async () => {
    const { store, data } = memoryStore();
    const key = await deriveSealingKey(deviceKey(1), "inbox-snapshot");
    data.set("inbox", await seal(key, { v: 0, savedAt: 0, rows: rows("old format") }));
    expect(await (await InboxSnapshot.inStore(store, deviceKey(1))).load()).toBeNull();
    data.set("inbox", await seal(key, { v: 1, savedAt: 0, rows: "not a list" }));
    expect(await (await InboxSnapshot.inStore(store, deviceKey(1))).load()).toBeNull();
  });
  it("the sync state is on disk before it is used, with the rows changed since the whole write, in a small record", async () => {
    const { store, writes } = memoryStore();
    const snapshot = await InboxSnapshot.inStore(store, deviceKey(3));
    let state = { pos: "p1" };
    snapshot.trackSyncState(() => state);
    let current = rows("one", "two", "three");
    snapshot.schedule(() => current);
    await snapshot.flush();
    expect(writes()).toBe(1);
    // A response: one row changed, one went away, the position moved. The whole rows wait for the timer.
    const changed = { ...current[1]!, preview: { ...current[1]!.preview!, text: "two, again" } };
    const gone = current[2]!.roomId;
    current = [current[0]!, changed];
    snapshot.changed(changed, () => current);
    snapshot.removed(gone, () => current);
    state = { pos: "p2" };
    await snapshot.persistSync();
    expect(writes()).toBe(2);
    // Asking again for the same state writes nothing.
    await snapshot.persistSync();
    expect(writes()).toBe(2);
    const reopened = await InboxSnapshot.inStore(store, deviceKey(3));
    const loaded = await reopened.load();
    expect(loaded?.map((r) => r.preview?.text)).toEqual(["one", "two, again"]);
    expect(reopened.savedSyncState()).toEqual({ pos: "p2" });
    snapshot.close();
    // The next run moves the position on before any whole write: its small record still carries the changes
    // the first run's record had (they are in no whole write yet).
    const next = { pos: "p3" };
    reopened.trackSyncState(() => next);
    await reopened.persistSync();
    const third = await InboxSnapshot.inStore(store, deviceKey(3));
    expect((await third.load())?.map((r) => r.preview?.text)).toEqual(["one", "two, again"]);
    expect(third.savedSyncState()).toEqual({ pos: "p3" });
  });

  it("a small record goes only with the rows write it names; a later whole write supersedes it", async () => {
    const { store } = memoryStore();
    const snapshot = await InboxSnapshot.inStore(store, deviceKey(4));
    let state = { pos: "p1" };
    snapshot.trackSyncState(() => state);
    let current = rows("a");
    snapshot.schedule(() => current);
    await snapshot.flush();
    current = rows("b");
    snapshot.changed(current[0]!, () => current);
    state = { pos: "p2" };
    await snapshot.persistSync();
    current = rows("c");
    state = { pos: "p3" };
    snapshot.schedule(() => current);
    await snapshot.flush();
    const reopened = await InboxSnapshot.inStore(store, deviceKey(4));
    expect((await reopened.load())?.map((r) => r.preview?.text)).toEqual(["c"]);
    expect(reopened.savedSyncState()).toEqual({ pos: "p3" });
    snapshot.close();
  });

  it("before any whole write, saving the sync state writes the rows whole", async () => {
    const { store, data } = memoryStore();
    const snapshot = await InboxSnapshot.inStore(store, deviceKey(5));
    snapshot.trackSyncState(() => ({ pos: "first" }));
    const current = rows("first row");
    snapshot.changed(current[0]!, () => current);
    await snapshot.persistSync();
    expect([...data.keys()]).toEqual(["inbox"]);
    expect(vi.getTimerCount()).toBe(0);
    const reopened = await InboxSnapshot.inStore(store, deviceKey(5));
    expect((await reopened.load())?.map((r) => r.preview?.text)).toEqual(["first row"]);
    expect(reopened.savedSyncState()).toEqual({ pos: "first" });
  });
});
