// The inbox (inbox/inbox.ts): rows kept newest first as they change, counts and filters for the view, search
// over the label and the latest message, bursts reaching the view once, and change listeners for notifications.
// Fake timers are the frame clock: outside a browser the view is emitted on the next macrotask.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Inbox, type InboxView } from "../../../renderer/core/inbox/inbox.ts";
import { newRow, type InboxRow } from "../../../renderer/core/inbox/row.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A row with the fields the inbox sorts, counts and searches by. */
function row(
  roomId: string,
  activityTs: number,
  extra: { unread?: number; waiting?: boolean; text?: string } = {},
): InboxRow {
  return {
    ...newRow(roomId, `@did-key-z6mk${roomId.slice(1)}:wallets.example`),
    activityTs,
    unread: extra.unread ?? 0,
    waitingSince: extra.waiting ? activityTs : null,
    preview:
      extra.text === undefined
        ? null
        : { kind: "text", text: extra.text, fromSupport: false, ts: activityTs, eventId: `$${roomId}` },
  };
}

/** The view once pending emits have run, and how many emits there were since the last call. */
function viewer(inbox: Inbox) {
  const seen: InboxView[] = [];
  inbox.view.subscribe((v) => seen.push(v));
  seen.length = 0; // the subscription's immediate call
  return async () => {
    await vi.runAllTimersAsync();
    return { view: inbox.view.get(), emits: seen.splice(0).length };
  };
}

const ids = (view: InboxView) => view.rows.map((r) => r.roomId);

describe("the inbox", () => {
  it("keeps rows newest first as they arrive and change, ties in room-ID order", async () => {
    const inbox = new Inbox();
    const settle = viewer(inbox);
    inbox.upsert(row("!b", 2000));
    inbox.upsert(row("!a", 3000));
    inbox.upsert(row("!c", 2000));
    expect(ids((await settle()).view)).toEqual(["!a", "!b", "!c"]);
    inbox.upsert(row("!c", 4000)); // a new message moves it to the top
    inbox.update("!a", (r) => ({ ...r, activityTs: 1000 }));
    expect(ids((await settle()).view)).toEqual(["!c", "!b", "!a"]);
    expect(inbox.all().map((r) => r.roomId)).toEqual(["!c", "!b", "!a"]);
    expect(inbox.size).toBe(3);
  });

  it("a burst of changes reaches the view once; an unchanged row is not a change", async () => {
    const inbox = new Inbox();
    const settle = viewer(inbox);
    for (let i = 0; i < 500; i++) inbox.upsert(row(`!r${i}`, i));
    const first = await settle();
    expect(first.emits).toBe(1);
    expect(first.view.counts.all).toBe(500);
    const same = inbox.get("!r7")!;
    const changed: string[] = [];
    inbox.onChange((r) => changed.push(r.roomId));
    inbox.upsert(same);
    expect(changed).toEqual([]);
    expect((await settle()).emits).toBe(0);
  });

  it("counts unread and waiting conversations, and filters by them", async () => {
    const inbox = new Inbox();
    const settle = viewer(inbox);
    inbox.upsert(row("!read", 1000));
    inbox.upsert(row("!unread", 2000, { unread: 2 }));
    inbox.upsert(row("!waiting", 3000, { unread: 1, waiting: true }));
    expect((await settle()).view.counts).toEqual({ all: 3, unread: 2, waiting: 1 });
    inbox.setFilter("unread");
    expect(ids(inbox.view.get())).toEqual(["!waiting", "!unread"]);
    inbox.setFilter("waiting");
    expect(ids(inbox.view.get())).toEqual(["!waiting"]);
    expect(inbox.view.get()).toMatchObject({ filter: "waiting", counts: { all: 3, unread: 2, waiting: 1 } });
    inbox.setFilter("all");
    expect(ids(inbox.view.get())).toHaveLength(3);
  });

  it("searches the label and the latest message, ignoring case and surrounding spaces", async () => {
    const inbox = new Inbox();
    inbox.upsert(row("!a", 1000, { text: "My Diploma will not import" }));
    inbox.upsert(row("!b", 2000, { text: "Thanks!" }));
    inbox.upsert(row("!c", 3000));
    inbox.setQuery("  DIPLOMA ");
    expect(ids(inbox.view.get())).toEqual(["!a"]);
    expect(inbox.view.get().query).toBe("diploma");
    const label = inbox.get("!b")!.label;
    inbox.setQuery(label.slice(-4));
    expect(ids(inbox.view.get())).toContain("!b");
    inbox.setQuery("");
    expect(ids(inbox.view.get())).toEqual(["!c", "!b", "!a"]);
  });

  it("search and filter combine: unread rows matching the query", async () => {
    const inbox = new Inbox();
    inbox.upsert(row("!a", 1000, { unread: 1, text: "card" }));
    inbox.upsert(row("!b", 2000, { text: "card" }));
    inbox.setFilter("unread");
    inbox.setQuery("card");
    expect(ids(inbox.view.get())).toEqual(["!a"]);
  });

  it("is not loaded until a snapshot or the server's first picture is in; loading replaces every row", async () => {
    const inbox = new Inbox();
    const settle = viewer(inbox);
    inbox.upsert(row("!old", 1));
    expect((await settle()).view.loaded).toBe(false);
    inbox.load([row("!x", 1000), row("!y", 2000)]);
    const loaded = await settle();
    expect(loaded.view.loaded).toBe(true);
    expect(ids(loaded.view)).toEqual(["!y", "!x"]);
    expect(inbox.get("!old")).toBeUndefined();

    const fresh = new Inbox();
    const settleFresh = viewer(fresh);
    fresh.markLoaded();
    expect((await settleFresh()).view.loaded).toBe(true);
    fresh.markLoaded();
    expect((await settleFresh()).emits).toBe(0);
  });

  it("tells change listeners each new row and what it replaced, until they unsubscribe", () => {
    const inbox = new Inbox();
    const changes: Array<[string, number, number | undefined]> = [];
    const stop = inbox.onChange((r, previous) => changes.push([r.roomId, r.unread, previous?.unread]));
    inbox.upsert(row("!a", 1000));
    inbox.update("!a", (r) => ({ ...r, unread: 1 }));
    inbox.update("!missing", (r) => ({ ...r, unread: 5 })); // nothing to update
    stop();
    inbox.update("!a", (r) => ({ ...r, unread: 2 }));
    expect(changes).toEqual([
      ["!a", 0, undefined],
      ["!a", 1, 0],
    ]);
  });
});
