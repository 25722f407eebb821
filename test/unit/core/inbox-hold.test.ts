// Rows don't move under the agent's pointer or keys: while the order is held, rows keep their places (updated in
// place), new conversations and reordering wait and say so, and the held order is applied when the hold ends
// or the agent changes the filter.
import { describe, expect, it } from "vitest";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import { newRow, type InboxRow } from "../../../renderer/core/inbox/row.ts";

const row = (id: string, ts: number, unread = 0): InboxRow => ({
  ...newRow(`!${id}`, `@${id}:wallets.test`),
  activityTs: ts,
  unread,
});
const ids = (inbox: Inbox) => inbox.view.get().rows.map((r) => r.roomId.slice(1));
/** The view is emitted once per frame (a macrotask in Node). */
const settled = () => new Promise((r) => setTimeout(r, 0));

describe("holding the inbox order", () => {
  it("keeps rows in place while held, updates them in place, and reorders when released", async () => {
    const inbox = new Inbox();
    inbox.load([row("a", 3), row("b", 2), row("c", 1)]);
    await settled();
    expect(ids(inbox)).toEqual(["a", "b", "c"]);

    inbox.holdOrder(true);
    inbox.upsert(row("c", 10, 1)); // c has new activity: it would go to the top
    inbox.upsert(row("d", 11)); // a new conversation
    await settled();
    const held = inbox.view.get();
    expect(ids(inbox)).toEqual(["a", "b", "c"]);
    expect(held.rows[2]!.unread).toBe(1); // updated where it is
    expect(held.reorderPending).toBe(true);
    expect(held.counts.all).toBe(4);

    inbox.holdOrder(false);
    await settled();
    expect(ids(inbox)).toEqual(["d", "c", "a", "b"]);
    expect(inbox.view.get().reorderPending).toBe(false);
  });

  it("a row that stops matching the filter stays until the hold ends; a new filter applies at once", async () => {
    const inbox = new Inbox();
    inbox.load([row("a", 3, 1), row("b", 2, 1)]);
    inbox.setFilter("unread");
    await settled();
    inbox.holdOrder(true);
    inbox.upsert(row("a", 3, 0)); // read now
    await settled();
    expect(ids(inbox)).toEqual(["a", "b"]);
    inbox.setFilter("all");
    await settled();
    expect(inbox.view.get().reorderPending).toBe(false);
    inbox.setFilter("unread");
    expect(ids(inbox)).toEqual(["b"]);
  });
});
