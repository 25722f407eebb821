// The desk's framework-free parts: the clock tests move on purpose, the sync taps, room subscriptions, the one
// place that decides whether the agent is looking, inbox dimensions, and when a message deserves a notification.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../renderer/core/clock.ts";
import { Attention, BUSY_QUIET_MS } from "../../../renderer/core/desk/attention.ts";
import { RoomSubscriptions } from "../../../renderer/core/desk/subscriptions.ts";
import { dataEvents, SyncTaps } from "../../../renderer/core/desk/taps.ts";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import { newRow, type InboxRow } from "../../../renderer/core/inbox/row.ts";
import { notificationFor } from "../../../renderer/core/notifications/notify.ts";

const settle = () => new Promise((r) => setTimeout(r, 0));

function row(id: string, patch: Partial<InboxRow> = {}): InboxRow {
  return { ...newRow(`!${id}:x`, `@did-key-${id}:wallets.example`), activityTs: 1, ...patch };
}

describe("ManualClock", () => {
  it("runs timers when time is moved past them, in order, and only then", () => {
    const clock = new ManualClock(1000);
    const ran: string[] = [];
    clock.setTimeout(() => ran.push("b"), 200);
    clock.setTimeout(() => ran.push("a"), 100);
    const cancel = clock.setTimeout(() => ran.push("never"), 150);
    cancel();
    clock.advance(99);
    expect(ran).toEqual([]);
    clock.advance(1);
    expect(ran).toEqual(["a"]);
    expect(clock.now()).toBe(1100);
    clock.advance(500);
    expect(ran).toEqual(["a", "b"]);
    expect(clock.now()).toBe(1600);
    expect(clock.pending).toBe(0);
  });

  it("runs a timer scheduled by a timer at its own time within one advance", () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 50);
    }, 10);
    clock.advance(1000);
    expect(at).toEqual([10, 60]);
  });
});

describe("SyncTaps", () => {
  it("fans sync data out to every listener, survives a failing one, and reaches nobody once closed", () => {
    const taps = new SyncTaps();
    const heard: string[] = [];
    taps.onRoom(() => {
      throw new Error("a feature's bug");
    });
    taps.onRoom((roomId) => heard.push(`room ${roomId}`));
    taps.onRoomAccountData((roomId, events) => heard.push(`data ${roomId} ${events.map((e) => e.type)}`));
    taps.onSynced(() => heard.push("synced"));
    const errors = console.error;
    console.error = () => {};
    try {
      taps.room("!a:x", { timeline: [] });
    } finally {
      console.error = errors;
    }
    taps.roomAccountData("!a:x", dataEvents([{ type: "org.example", content: { a: 1 } }, { nope: true }]));
    taps.roomAccountData("!a:x", []);
    taps.flushReceipts();
    expect(heard).toEqual(["room !a:x", "data !a:x org.example", "synced"]);
    taps.close();
    taps.room("!b:x", {});
    taps.flushReceipts();
    expect(heard).toHaveLength(3);
  });

  it("reads account-data arrays defensively", () => {
    expect(dataEvents(null)).toEqual([]);
    expect(
      dataEvents([{ type: "a", content: {} }, { type: 3, content: {} }, { type: "b", content: [] }, "x"]),
    ).toEqual([{ type: "a", content: {} }]);
  });
});

describe("RoomSubscriptions", () => {
  it("asks the engine for the union of every owner's rooms, once per change", () => {
    const subscriptions = new RoomSubscriptions();
    const sent: string[][] = [];
    subscriptions.keep("open", ["!a:x"]);
    subscriptions.attach({ setSubscriptions: (rooms) => sent.push([...rooms].sort()) });
    subscriptions.keep("outbox", ["!a:x", "!b:x"]);
    subscriptions.keep("outbox", ["!b:x", "!a:x"]); // same set: nothing sent
    subscriptions.keep("open", []);
    expect(sent).toEqual([["!a:x"], ["!a:x", "!b:x"]]);
    subscriptions.keep("outbox", []);
    expect(sent.at(-1)).toEqual([]);
    subscriptions.detach();
    subscriptions.keep("open", ["!c:x"]);
    expect(sent).toHaveLength(3);
  });
});

describe("Attention", () => {
  it("the agent watches a conversation only when it is open and the window is focused", () => {
    const attention = new Attention();
    expect(attention.isWatching("!a:x")).toBe(false);
    attention.setOpenConversation("!a:x");
    expect(attention.isWatching("!a:x")).toBe(true);
    expect(attention.isWatching("!b:x")).toBe(false);
    attention.setWindowFocused(false);
    expect(attention.isWatching("!a:x")).toBe(false);
  });

  it("background work waits while the agent works and while the inbox fills", () => {
    const attention = new Attention();
    expect(attention.isBusy(10_000)).toBe(false);
    attention.noteActivity(10_000);
    expect(attention.isBusy(11_000)).toBe(true);
    expect(attention.isBusy(10_000 + BUSY_QUIET_MS)).toBe(false);
    attention.setInboxFilling(true);
    expect(attention.isBusy(60_000)).toBe(true);
    expect(attention.filling).toBe(true);
    attention.setInboxFilling(false);
    expect(attention.isBusy(60_000)).toBe(false);
    expect(attention.filling).toBe(false);
  });
});

describe("notifications", () => {
  const now = Date.UTC(2026, 10, 30, 12);
  const message = (unread: number, eventId = "$new", ts = now - 1000) =>
    row("a", {
      unread,
      preview: { kind: "text", text: "Hello?", fromSupport: false, ts, eventId },
    });

  it("a new wallet message in a conversation the agent is not watching", () => {
    expect(notificationFor(message(1), row("a"), false, now)).toEqual({
      conversationId: "!a:x",
      label: message(1).label,
      previewKind: "text",
      previewText: "Hello?",
    });
  });

  it("none while the agent watches it, for old messages caught up on, for support's own, or repeats", () => {
    expect(notificationFor(message(1), row("a"), true, now)).toBeNull();
    expect(notificationFor(message(1, "$old", now - 10 * 60_000), row("a"), false, now)).toBeNull();
    expect(notificationFor(message(2), message(1), false, now)).toBeNull();
    const fromSupport = row("a", {
      unread: 1,
      preview: { kind: "text", text: "Hi", fromSupport: true, ts: now, eventId: "$s" },
    });
    expect(notificationFor(fromSupport, row("a"), false, now)).toBeNull();
  });

  it("carries no text for an image: the UI words it", () => {
    const image = row("a", {
      unread: 1,
      preview: { kind: "image", text: "IMG_0001.jpg", fromSupport: false, ts: now, eventId: "$i" },
    });
    expect(notificationFor(image, row("a"), false, now)).toMatchObject({
      previewKind: "image",
      previewText: "",
    });
  });
});

describe("inbox dimensions", () => {
  it("a feature's tabs filter the rows and count within the other selections", async () => {
    const inbox = new Inbox();
    const status = new Map<string, string>([
      ["!a:x", "open"],
      ["!b:x", "open"],
      ["!c:x", "resolved"],
    ]);
    const mine = new Set(["!a:x", "!c:x"]);
    inbox.load([row("a", { unread: 2 }), row("b"), row("c", { unread: 1 })]);
    const remove = inbox.addDimension({
      id: "status",
      initial: "open",
      options: [
        { id: "open", test: (r) => status.get(r.roomId) === "open" },
        { id: "resolved", test: (r) => status.get(r.roomId) === "resolved" },
      ],
    });
    inbox.addDimension({
      id: "owner",
      initial: "all",
      options: [
        { id: "all", test: () => true },
        { id: "mine", test: (r) => mine.has(r.roomId) },
      ],
    });
    await settle();
    let view = inbox.view.get();
    expect(view.rows.map((r) => r.roomId).sort()).toEqual(["!a:x", "!b:x"]);
    expect(view.tallies).toEqual({ status: { open: 2, resolved: 1 }, owner: { all: 2, mine: 1 } });
    expect(view.counts).toEqual({ all: 3, unread: 2, waiting: 0 });

    inbox.select("owner", "mine");
    view = inbox.view.get();
    expect(view.rows.map((r) => r.roomId)).toEqual(["!a:x"]);
    expect(view.tallies.status).toEqual({ open: 1, resolved: 1 });

    inbox.setFilter("unread");
    inbox.select("status", "resolved");
    expect(inbox.view.get().rows.map((r) => r.roomId)).toEqual(["!c:x"]);
    inbox.select("status", "no-such-tab");
    expect(inbox.view.get().selection.status).toBe("resolved");

    status.set("!b:x", "resolved");
    mine.add("!b:x");
    inbox.refresh();
    await settle();
    expect(inbox.view.get().rows).toHaveLength(1); // !b:x has no unread message
    remove();
    await settle();
    expect(inbox.view.get().tallies.status).toBeUndefined();
  });
});
