import { describe, expect, it } from "vitest";
import { conversationRow, primaryRoom } from "../../../renderer/core/inbox/grouping.ts";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import { applyEvents } from "../../../renderer/core/inbox/events.ts";
import { newRow, type InboxRow, type WireEvent } from "../../../renderer/core/inbox/row.ts";

const SUPPORT = "@support:example.org";
const WALLET = "@did-key-z6mkabc:wallets.example";
const OTHER = "@did-key-z6mkxyz:wallets.example";
let n = 0;
const msg = (sender: string, ts: number): WireEvent => ({
  event_id: `$e${++n}`,
  sender,
  type: "m.room.message",
  origin_server_ts: ts,
  content: { msgtype: "m.text", body: `message at ${ts}` },
});
const room = (roomId: string, wallet: string, createdTs: number, events: WireEvent[] = []): InboxRow =>
  applyEvents({ ...newRow(roomId, wallet), createdTs }, events, SUPPORT);

/** The inbox emits once per macrotask outside a browser. */
const settled = () => new Promise((r) => setTimeout(r, 0));

describe("one conversation per wallet user", () => {
  it("replies go to the newest room the wallet is still in", () => {
    const old = room("!old", WALLET, 1000);
    const updated = room("!updated", WALLET, 5000);
    expect(primaryRoom([old, updated]).roomId).toBe("!updated");
    expect(primaryRoom([old, { ...updated, walletLeft: true }]).roomId).toBe("!old");
    expect(
      primaryRoom([
        { ...old, walletLeft: true },
        { ...updated, walletLeft: true },
      ]).roomId,
    ).toBe("!updated");
  });

  it("the conversation's row adds up its rooms: unread of both, the latest message, every room listed", () => {
    const old = room("!old", WALLET, 1000, [msg(WALLET, 1100), msg(WALLET, 1200)]);
    const updated = room("!updated", WALLET, 5000, [msg(WALLET, 5100)]);
    const row = conversationRow([updated, old]);
    expect(row).toMatchObject({
      roomId: "!updated",
      unread: 3,
      activityTs: 5100,
      walletTs: 5100,
      rooms: ["!old", "!updated"],
    });
    expect(row.preview?.ts).toBe(5100);
    expect(row.waitingSince).toBe(1100);
  });

  it("support's reply in the new room answers the wallet's older unanswered message", () => {
    const old = room("!old", WALLET, 1000, [msg(WALLET, 1100)]);
    const updated = room("!updated", WALLET, 5000, [msg(WALLET, 5100), msg(SUPPORT, 5200)]);
    expect(conversationRow([old, updated]).waitingSince).toBeNull();
  });

  it("the inbox lists a wallet with two rooms once, counts conversations, and finds it from either room", async () => {
    const inbox = new Inbox();
    inbox.upsert(room("!a", WALLET, 1000, [msg(WALLET, 1100)]));
    inbox.upsert(room("!b", OTHER, 2000, [msg(OTHER, 2100)]));
    inbox.upsert(room("!c", WALLET, 3000, [msg(WALLET, 3100)]));
    await settled();
    const view = inbox.view.get();
    expect(view.rows.map((r) => r.roomId)).toEqual(["!c", "!b"]);
    expect(view.counts).toEqual({ all: 2, unread: 2, waiting: 2 });
    expect(view.rows[0]!.unread).toBe(2);
    expect(inbox.conversation("!a")?.roomId).toBe("!c");
    expect(inbox.conversation("!a")?.rooms).toEqual(["!a", "!c"]);
    expect(inbox.conversationRows().map((r) => r.roomId)).toEqual(["!c", "!b"]);
    expect(inbox.all()).toHaveLength(3); // the snapshot still saves every room
  });

  it("a wallet's single room is its conversation row itself (nothing merged, nothing copied)", async () => {
    const inbox = new Inbox();
    const only = room("!only", WALLET, 1000, [msg(WALLET, 1100)]);
    inbox.upsert(only);
    await settled();
    expect(inbox.view.get().rows[0]).toBe(only);
    expect(inbox.conversation("!only")).toBe(only);
  });

  it("rows saved before the status fields existed are completed when the snapshot loads", async () => {
    const inbox = new Inbox();
    const saved = room("!r", WALLET, 0, [msg(WALLET, 1100), msg(SUPPORT, 1200)]) as Partial<InboxRow>;
    delete saved.walletTs;
    delete saved.supportTs;
    delete saved.createdTs;
    inbox.load([saved as InboxRow]);
    expect(inbox.get("!r")).toMatchObject({ walletTs: 1100, supportTs: 1200, createdTs: 0 });
  });
});
