import type { MatrixClient } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../renderer/core/clock.ts";
import { SyncTaps } from "../../../renderer/core/desk/taps.ts";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import { applyEvents } from "../../../renderer/core/inbox/events.ts";
import { newRow, type InboxRow, type WireEvent } from "../../../renderer/core/inbox/row.ts";
import { Observable } from "../../../renderer/core/observable.ts";
import type { Label } from "../../../renderer/core/status/labels.ts";
import {
  claimantOf,
  DEFAULT_SETTINGS,
  parseSettings,
  mergeStates,
  parseLabels,
  parseStatus,
  STATUS_DATA,
  statusOf,
  type StatusPart,
  type TeamSettings,
  type TeamState,
} from "../../../renderer/core/status/state.ts";
import { TeamStateStore } from "../../../renderer/core/status/store.ts";
import { InboxTabs } from "../../../renderer/core/status/tabs.ts";

const SUPPORT = "@support:example.org";
const WALLET = "@did-key-z6mkabc:wallets.example";
let n = 0;
const msg = (sender: string, ts: number): WireEvent => ({
  event_id: `$e${++n}`,
  sender,
  type: "m.room.message",
  origin_server_ts: ts,
  content: { msgtype: "m.text", body: "text" },
});
const status = (s: Omit<StatusPart, "updatedAt" | "by">, updatedAt = 1): StatusPart => ({
  ...s,
  updatedAt,
  by: "DEVICEA",
});
const withTeam = (row: InboxRow, team: TeamState): InboxRow => ({ ...row, ext: { team } });
const conversation = (events: WireEvent[], team: TeamState = {}, roomId = "!r", wallet = WALLET) =>
  withTeam(applyEvents(newRow(roomId, wallet), events, SUPPORT), team);

describe("the status every agent sees", () => {
  const settings = { ...DEFAULT_SETTINGS, replySetsPending: true }; // the team turned "a reply → Pending" on

  it("a new conversation is Open; once support replied it is Pending when the team chose so (off by default)", () => {
    const row = conversation([msg(WALLET, 1000)]);
    expect(statusOf(row, 2000, settings)).toBe("open");
    const answered = conversation([msg(WALLET, 1000), msg(SUPPORT, 1500)]);
    expect(statusOf(answered, 2000, settings)).toBe("pending");
    expect(statusOf(answered, 2000, { replySetsPending: false })).toBe("open");
    expect(statusOf(answered, 2000, DEFAULT_SETTINGS)).toBe("open");
    expect(statusOf(answered, 2000, parseSettings({}))).toBe("open");
  });

  it("a wallet message after the decision reopens a Resolved, Snoozed or Pending conversation", () => {
    for (const s of ["resolved", "snoozed", "pending"] as const) {
      const decided = conversation([msg(WALLET, 1000)], {
        status: status({ status: s, at: 1000, until: null }),
      });
      expect(statusOf(decided, 5000, settings)).toBe(s === "pending" ? "pending" : s);
      const wrote = withTeam(applyEvents(decided, [msg(WALLET, 3000)], SUPPORT), decided.ext!.team!);
      expect(statusOf(wrote, 5000, settings)).toBe("open");
    }
  });

  it("a snooze ends by itself when its time comes", () => {
    const row = conversation([msg(WALLET, 1000)], {
      status: status({ status: "snoozed", at: 1000, until: 10_000 }),
    });
    expect(statusOf(row, 9_999, settings)).toBe("snoozed");
    expect(statusOf(row, 10_000, settings)).toBe("open");
  });

  it("an agent who reopens an answered conversation keeps it Open until the next reply", () => {
    const events = [msg(WALLET, 1000), msg(SUPPORT, 1500)];
    const reopened = conversation(events, { status: status({ status: "open", at: 1500, until: null }) });
    expect(statusOf(reopened, 2000, settings)).toBe("open");
    const replied = withTeam(applyEvents(reopened, [msg(SUPPORT, 2500)], SUPPORT), reopened.ext!.team!);
    expect(statusOf(replied, 3000, settings)).toBe("pending");
  });

  it("a wallet's rooms merge part by part: the latest write of each part wins", () => {
    const a: TeamState = { status: status({ status: "resolved", at: 1, until: null }, 100) };
    const b: TeamState = {
      status: status({ status: "open", at: 1, until: null }, 50),
      claim: { agent: "DEVICEB", updatedAt: 60, by: "DEVICEB" },
    };
    expect(mergeStates([a, b])).toMatchObject({
      status: { status: "resolved" },
      claim: { agent: "DEVICEB" },
    });
  });

  it("a claim by a device that has signed out counts as nobody's", () => {
    const row = conversation([], { claim: { agent: "GONE", updatedAt: 1, by: "GONE" } });
    expect(claimantOf(row, null)).toBe("GONE"); // devices not known yet: trust the claim
    expect(claimantOf(row, new Set(["DEVICEA"]))).toBeNull();
    expect(claimantOf(row, new Set(["GONE"]))).toBe("GONE");
  });

  it("malformed account data is ignored, never thrown", () => {
    expect(parseStatus({ status: "deleted", updatedAt: 1, by: "X" })).toBeUndefined();
    expect(parseStatus("junk")).toBeUndefined();
    expect(parseStatus({ status: "snoozed", updatedAt: 1, by: "X", until: "soon" })).toMatchObject({
      until: null,
    });
    expect(parseLabels({ labels: ["a", 3, "a", "b"], updatedAt: 1, by: "X" })?.labels).toEqual(["a", "b"]);
  });
});

describe("the inbox's team tabs", () => {
  const settle = () => new Promise((r) => setTimeout(r, 0));
  function setup(rows: InboxRow[], changes?: (inbox: Inbox, clock: ManualClock) => TeamStateStore) {
    const clock = new ManualClock(1_000_000);
    const inbox = new Inbox();
    inbox.load(rows);
    const store = changes?.(inbox, clock);
    const settings = new Observable<TeamSettings>({ ...DEFAULT_SETTINGS, replySetsPending: true });
    const devices = new Observable<ReadonlySet<string> | null>(new Set(["ME", "OTHER"]));
    const labels = new Observable<Label[]>([
      { id: "seed", value: { name: "seed phrase lost", colour: 0 }, version: "$v", ts: 1, by: "ME" },
    ]);
    const tabs = new InboxTabs({
      inbox,
      clock,
      deviceId: "ME",
      settings,
      devices,
      labels,
      changes: store && ((listener) => store.onChange(listener)),
    });
    return { clock, inbox, tabs, devices, settings, labels };
  }

  it("count each status, combined with Mine / Unassigned, and a snooze's end moves it back to Open", async () => {
    const claim = (agent: string) => ({ agent, updatedAt: 1, by: agent });
    const rows = [
      conversation([msg(WALLET, 1000)], { claim: claim("ME") }, "!open-mine", "@w1:x"),
      conversation([msg(WALLET, 1000)], {}, "!open", "@w2:x"),
      conversation(
        [msg(WALLET, 1000)],
        { status: status({ status: "resolved", at: 1000, until: null }) },
        "!res",
        "@w3:x",
      ),
      conversation(
        [msg(WALLET, 1000)],
        { status: status({ status: "snoozed", at: 1000, until: 1_060_000 }), claim: claim("OTHER") },
        "!snz",
        "@w4:x",
      ),
      conversation(
        [msg(WALLET, 1000), msg(SUPPORT, 2000)],
        { labels: { labels: ["seed"], updatedAt: 1, by: "ME" } },
        "!pend",
        "@w5:x",
      ),
    ];
    const { clock, inbox, tabs } = setup(rows);
    tabs.recount();
    await settle();
    let view = inbox.view.get();
    expect(view.tallies.status).toEqual({ open: 2, pending: 1, snoozed: 1, resolved: 1 });
    expect(view.tallies.assignee).toEqual({ mine: 1, unassigned: 1, all: 2 }); // within Open
    expect(view.rows.map((r) => r.roomId).sort()).toEqual(["!open", "!open-mine"]);

    inbox.select("assignee", "mine");
    expect(inbox.view.get().rows.map((r) => r.roomId)).toEqual(["!open-mine"]);
    inbox.select("assignee", "all");
    inbox.select("status", "pending");
    inbox.select("label", "seed");
    expect(inbox.view.get().rows.map((r) => r.roomId)).toEqual(["!pend"]);
    inbox.select("label", "any");
    inbox.select("status", "open");

    clock.advance(60_000); // the snooze's time comes: no sleep, the tabs' timer runs on the clock
    await settle();
    view = inbox.view.get();
    expect(view.tallies.status).toEqual({ open: 3, pending: 1, snoozed: 0, resolved: 1 });
    expect(view.rows.map((r) => r.roomId)).toContain("!snz");
  });

  it("a claimant that signs out makes the conversation Unassigned", async () => {
    const rows = [
      conversation(
        [msg(WALLET, 1000)],
        { claim: { agent: "OTHER", updatedAt: 1, by: "OTHER" } },
        "!c",
        "@w:x",
      ),
    ];
    const { inbox, tabs, devices } = setup(rows);
    tabs.recount();
    await settle();
    expect(inbox.view.get().tallies.assignee).toMatchObject({ unassigned: 0 });
    devices.set(new Set(["ME"]));
    await settle();
    expect(inbox.view.get().tallies.assignee).toMatchObject({ unassigned: 1 });
  });

  it("turning the team's 'a reply moves it to Pending' off counts the answered conversations as Open again", async () => {
    const rows = [
      conversation([msg(WALLET, 1000), msg(SUPPORT, 2000)], {}, "!answered", "@w1:x"),
      conversation([msg(WALLET, 1000)], {}, "!new", "@w2:x"),
    ];
    const { inbox, tabs, settings } = setup(rows);
    tabs.recount();
    await settle();
    expect(inbox.view.get().tallies.status).toEqual({ open: 1, pending: 1, snoozed: 0, resolved: 0 });
    // Each row's status is worked out once per recount: a settings change must not leave the old one.
    settings.set({ ...DEFAULT_SETTINGS, replySetsPending: false });
    await settle();
    expect(inbox.view.get().tallies.status).toEqual({ open: 2, pending: 0, snoozed: 0, resolved: 0 });
  });

  it("a label defined after the conversations carry it filters and counts them at once", async () => {
    const labelled = (id: string) => ({ labels: { labels: [id], updatedAt: 1, by: "ME" } });
    const rows = [
      conversation([msg(WALLET, 1000)], labelled("verifier"), "!v", "@w1:x"),
      conversation([msg(WALLET, 1000)], labelled("seed"), "!s", "@w2:x"),
    ];
    const { inbox, tabs, labels } = setup(rows);
    tabs.recount();
    await settle();
    expect(inbox.view.get().tallies.label).toEqual({ any: 2, seed: 1 });
    labels.set([
      ...labels.get(),
      { id: "verifier", value: { name: "verifier error", colour: 1 }, version: "$w", ts: 2, by: "ME" },
    ]);
    await settle();
    expect(inbox.view.get().tallies.label).toEqual({ any: 2, seed: 1, verifier: 1 });
    inbox.select("label", "verifier");
    expect(inbox.view.get().rows.map((r) => r.roomId)).toEqual(["!v"]);
  });

  it("another device's status change recounts the inbox once, and times the snooze it sets", async () => {
    const rows = [
      conversation([msg(WALLET, 1000)], {}, "!a", "@wa:x"),
      conversation([msg(WALLET, 1000)], {}, "!b", "@wb:x"),
    ];
    const taps = new SyncTaps();
    // The store only receives here (as from another device's write): a client it touched would throw.
    const noServer = new Proxy({}, { get: () => expect.fail("no request expected") }) as MatrixClient;
    const { clock, inbox, tabs } = setup(
      rows,
      (inbox, clock) => new TeamStateStore({ client: noServer, inbox, clock, taps }, () => {}),
    );
    tabs.recount();
    await settle();
    const updates: unknown[] = [];
    inbox.view.subscribe((view) => updates.push(view.tallies.status));
    updates.length = 0; // subscribing hands over the current view
    taps.roomAccountData("!a", [
      {
        type: STATUS_DATA,
        content: { status: "snoozed", at: 1000, until: 1_060_000, updatedAt: 5, by: "OTHER" },
      },
    ]);
    for (let i = 0; i < 4; i++) await settle();
    expect(updates).toEqual([{ open: 1, pending: 0, snoozed: 1, resolved: 0 }]);

    clock.advance(60_000); // the snooze set by the other device ends: its timer was set on this device's clock
    await settle();
    expect(inbox.view.get().tallies.status).toEqual({ open: 2, pending: 0, snoozed: 0, resolved: 0 });
  });
});
