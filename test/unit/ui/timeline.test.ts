// The conversation's layout rules: a separator at each new day, messages from the same side within a few
// minutes of each other drawn as one group, and a time wherever the minute changes.
import { describe, expect, it } from "vitest";
import {
  GROUP_GAP_MS,
  groupTimeline,
  lastSupportIndex,
  type Groupable,
} from "../../../renderer/ui/lib/timeline.ts";

const at = (h: number, m: number, day = 12) => new Date(2025, 2, day, h, m).getTime();
const msg = (id: string, from: "wallet" | "support", ts: number): Groupable => ({ id, from, ts });

function shape(items: Groupable[]): string[] {
  return groupTimeline(items).map((e) =>
    e.type === "message" ? `${e.item.id}${e.firstInGroup ? "<" : ""}${e.lastInGroup ? ">" : ""}` : e.type,
  );
}

describe("grouping", () => {
  it("groups consecutive messages from the same side, and starts a new group when the side changes", () => {
    const items = [
      msg("a", "wallet", at(9, 0)),
      msg("b", "wallet", at(9, 1)),
      msg("c", "support", at(9, 2)),
      msg("d", "wallet", at(9, 3)),
    ];
    expect(shape(items)).toEqual(["day", "a<", "b>", "c<>", "d<>"]);
  });

  it("starts a new group after a pause, even from the same side", () => {
    const items = [msg("a", "wallet", at(9, 0)), msg("b", "wallet", at(9, 0) + GROUP_GAP_MS + 1)];
    expect(shape(items)).toEqual(["day", "a<>", "b<>"]);
  });

  it("puts a separator before each new day and never groups across it", () => {
    const items = [msg("a", "wallet", at(23, 58, 11)), msg("b", "wallet", at(0, 1, 12))];
    expect(shape(items)).toEqual(["day", "a<>", "day", "b<>"]);
  });

  it("handles an empty conversation", () => {
    expect(groupTimeline([])).toEqual([]);
  });

  it("shows a time under a group's last message and wherever the minute changes inside it", () => {
    // The six messages from 8:35 to 8:37 showed one "8:37": now 8:35, 8:36 and 8:37 show.
    const minutes = [35, 35, 35, 36, 37, 37];
    const items = minutes.map((m, i) => msg(`m${i}`, "wallet", at(8, m) + i * 1000));
    const timed = groupTimeline(items)
      .filter((e) => e.type === "message" && e.showTime)
      .map((e) => (e.type === "message" ? new Date(e.item.ts).getMinutes() : -1));
    expect(timed).toEqual([35, 36, 37]);
    expect(shape(items)).toEqual(["day", "m0<", "m1", "m2", "m3", "m4", "m5>"]);
  });

  it("finds support's last message for the Seen marker", () => {
    const items = [msg("a", "wallet", 1), msg("b", "support", 2), msg("c", "wallet", 3)];
    expect(lastSupportIndex(items)).toBe(1);
    expect(lastSupportIndex([msg("a", "wallet", 1)])).toBe(-1);
  });
});

describe("notes, activity lines and a wallet's rooms", () => {
  const note = (id: string, ts: number) => ({ id, ts });

  it("weaves notes and activity in by time, each breaking the group of bubbles around it", () => {
    const items = [msg("a", "wallet", at(9, 0)), msg("b", "wallet", at(9, 2))];
    const entries = groupTimeline(items, [note("n", at(9, 1)), note("r", at(9, 5))]);
    expect(
      entries.map((e) =>
        e.type === "message"
          ? `${e.key}${e.firstInGroup ? "<" : ""}${e.lastInGroup ? ">" : ""}`
          : e.type === "extra"
            ? e.extra.id
            : e.type,
      ),
    ).toEqual(["day", "a<>", "n", "b<>", "r"]);
  });

  it("puts a separator where the wallet's newer room begins", () => {
    const items = [msg("a", "wallet", at(9, 0)), msg("b", "wallet", at(9, 1))];
    const entries = groupTimeline(items, [], new Set(["b"]));
    expect(entries.map((e) => e.type)).toEqual(["day", "message", "room", "message"]);
  });

  it("a note on a later day gets its own day separator", () => {
    const entries = groupTimeline([msg("a", "wallet", at(9, 0, 11))], [note("n", at(10, 0, 12))]);
    expect(entries.map((e) => e.type)).toEqual(["day", "message", "day", "extra"]);
  });
});
