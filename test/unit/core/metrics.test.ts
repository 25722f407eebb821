// Team metrics on a scripted day with known timestamps: every expected figure below was worked out by hand from
// the script (the comments show the arithmetic), in UTC (offset 0).
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../renderer/core/clock.ts";
import {
  computeMetrics,
  toCsv,
  type ConversationStamps,
  type CsvWords,
} from "../../../renderer/core/metrics/compute/index.ts";
import { openingsOf } from "../../../renderer/core/metrics/compute/openings.ts";
import { percentile } from "../../../renderer/core/metrics/compute/stats.ts";
import { customRange, parseDay, presetRange } from "../../../renderer/core/metrics/ranges.ts";

const at = (day: number, hh: number, mm: number, ss = 0) => Date.UTC(2026, 10, day, hh, mm, ss);
const MIN = 60_000;
const w = (ts: number) => ({ ts, from: "wallet" as const });
const s = (ts: number) => ({ ts, from: "support" as const });
const act = (ts: number, agent: string, action: string) => ({ ts, agent, action });

/** The scripted day: 30 November 2026; "now" is 18:00. */
const DAY: ConversationStamps[] = [
  // A: asked at 09:00, answered 09:07 (FRT 7 min), resolved by dev1 at 09:30 (30 min).
  {
    id: "@a:x",
    messages: [w(at(30, 9, 0)), s(at(30, 9, 7)), w(at(30, 9, 10)), s(at(30, 9, 12))],
    activity: [act(at(30, 9, 30), "dev1", "resolved")],
    claimedBy: null,
  },
  // B: 10:00 (and 10:02), answered 10:15 (15 min), resolved by dev2 at 11:00 (60 min); the wallet writes again at
  // 13:00 (a new opening), answered 13:03 (3 min), resolved by dev1 at 14:00 (60 min) — and by dev2 five seconds
  // later, which counts for nothing. A "pending" line ends nothing.
  {
    id: "@b:x",
    messages: [w(at(30, 10, 0)), w(at(30, 10, 2)), s(at(30, 10, 15)), w(at(30, 13, 0)), s(at(30, 13, 3))],
    activity: [
      act(at(30, 10, 16), "dev2", "pending"),
      act(at(30, 11, 0), "dev2", "resolved"),
      act(at(30, 14, 0, 5), "dev2", "resolved"),
      act(at(30, 14, 0), "dev1", "resolved"),
    ],
    claimedBy: null,
  },
  // C: 15:00, claimed by dev2 15:01, answered 15:20 (20 min); the wallet wrote again at 16:30: waiting 90 min at
  // 18:00.
  {
    id: "@c:x",
    messages: [w(at(30, 15, 0)), s(at(30, 15, 20)), w(at(30, 16, 30))],
    activity: [act(at(30, 15, 1), "dev2", "claimed")],
    claimedBy: "dev2",
  },
  // D: opened yesterday 22:00, answered 22:05, resolved by dev1 today 08:00 (10 h = 600 min).
  {
    id: "@d:x",
    messages: [w(at(29, 22, 0)), s(at(29, 22, 5))],
    activity: [act(at(30, 8, 0), "dev1", "resolved")],
    claimedBy: null,
  },
  // E: 17:00, no answer: waiting 60 min.
  { id: "@e:x", messages: [w(at(30, 17, 0))], activity: [], claimedBy: null },
  // F: yesterday 20:00, resolved by dev2 at 21:00 (60 min); reopened by dev2 today 12:00, resolved 12:30 (30 min).
  {
    id: "@f:x",
    messages: [w(at(29, 20, 0))],
    activity: [
      act(at(29, 21, 0), "dev2", "resolved"),
      act(at(30, 12, 0), "dev2", "reopened"),
      act(at(30, 12, 30), "dev2", "resolved"),
    ],
    claimedBy: null,
  },
];

const clock = new ManualClock(at(30, 18, 0));
const today = { from: at(30, 0, 0), to: at(30, 18, 0) + 1 };
const metricsOf = (range = today) =>
  computeMetrics({ conversations: DAY, range, clock, utcOffsetMinutes: () => 0 });

describe("team metrics on a scripted day", () => {
  it("cuts a conversation into openings at resolutions and at the wallet's next message", () => {
    const b = openingsOf(DAY[1]!);
    expect(b.map((o) => [o.openedAt, o.firstReplyAt, o.resolvedAt, o.resolvedBy])).toEqual([
      [at(30, 10, 0), at(30, 10, 15), at(30, 11, 0), "dev2"],
      [at(30, 13, 0), at(30, 13, 3), at(30, 14, 0), "dev1"],
    ]);
  });

  it("counts openings and resolutions of the day", () => {
    const m = metricsOf();
    // Opened today: A 09:00, B 10:00, B 13:00, C 15:00, E 17:00, F 12:00 (reopened) = 6.
    expect(m.opened).toBe(6);
    // Resolved today: A 09:30, B 11:00, B 14:00, D 08:00, F 12:30 = 5 (B's duplicate line not counted).
    expect(m.resolved).toBe(5);
  });

  it("gives first response time p50 = 7 min and p90 = 20 min", () => {
    // Samples: A 7, B 15, B 3, C 20 → sorted 3, 7, 15, 20; p50 = rank ⌈2⌉ = 7; p90 = rank ⌈3.6⌉ = 20.
    // D's reply (yesterday) is outside the range; E has none; F's opening has no wallet message.
    expect(metricsOf().firstResponse).toEqual({ count: 4, p50: 7 * MIN, p90: 20 * MIN, mean: 11.25 * MIN });
  });

  it("gives time to resolution p50 = 60 min and p90 = 600 min", () => {
    // Samples: A 30, B 60, B 60, D 600, F 30 → sorted 30, 30, 60, 60, 600; p50 = rank 3; p90 = rank 5;
    // mean 780 / 5 = 156.
    expect(metricsOf().resolution).toEqual({ count: 5, p50: 60 * MIN, p90: 600 * MIN, mean: 156 * MIN });
  });

  it("counts the conversations waiting now and the longest wait", () => {
    // C (wallet 16:30 after support 15:20) and E (17:00, never answered); at 18:00 the longest is C's 90 min.
    const m = metricsOf();
    expect(m.waitingNow).toBe(2);
    expect(m.longestWait).toBe(90 * MIN);
  });

  it("gives per-agent figures from the activity lines and the standing claims", () => {
    expect(metricsOf().agents).toEqual([
      // dev1 resolved D (600), A (30), B's second opening (60) → p50 of 30, 60, 600 = 60; mean 690 / 3 = 230.
      {
        agent: "dev1",
        resolved: 3,
        claimed: 0,
        claimedNow: 0,
        resolution: { count: 3, p50: 60 * MIN, p90: 600 * MIN, mean: 230 * MIN },
      },
      // dev2 resolved B's first opening (60) and F's (30): p50 of 30, 60 = rank 1 = 30; claimed C at 15:01.
      {
        agent: "dev2",
        resolved: 2,
        claimed: 1,
        claimedNow: 1,
        resolution: { count: 2, p50: 30 * MIN, p90: 60 * MIN, mean: 45 * MIN },
      },
    ]);
  });

  it("counts wallet messages per hour of the day", () => {
    const expected = Array.from({ length: 24 }, () => 0);
    Object.assign(expected, { 9: 2, 10: 2, 13: 1, 15: 1, 16: 1, 17: 1 });
    expect(metricsOf().hours).toEqual(expected);
  });

  it("splits a two-day range by day", () => {
    const m = metricsOf({ from: at(29, 0, 0), to: today.to });
    expect(m.days.map((d) => [d.day, d.opened, d.resolved])).toEqual([
      ["2026-11-29", 2, 1], // D 22:00, F 20:00 opened; F resolved 21:00
      ["2026-11-30", 6, 5],
    ]);
    // Yesterday's only first response: D, 5 min.
    expect(m.days[0]!.firstResponse.p50).toBe(5 * MIN);
    expect(m.opened).toBe(8);
  });

  it("uses the local day and hour of the device", () => {
    // At UTC+02:00 E's 17:00 message is at 19:00 local, and the range's 22:00 UTC start is local midnight.
    const m = computeMetrics({
      conversations: DAY,
      range: { from: at(29, 22, 0), to: today.to },
      clock,
      utcOffsetMinutes: () => 120,
    });
    expect(m.hours[19]).toBe(1);
    expect(m.days.map((d) => d.day)).toEqual(["2026-11-30"]);
  });

  it("takes nearest-rank percentiles", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([4], 90)).toBe(4);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});

describe("the metrics CSV", () => {
  const words: CsvWords = {
    summary: "Summary",
    perDay: "Per day",
    perAgent: "Per agent",
    hours: "Busiest hours",
    figure: "Figure",
    value: "Value",
    day: "Day",
    hour: "Hour",
    agent: "Agent",
    opened: "Opened",
    resolved: "Resolved",
    claimed: "Claimed",
    claimedNow: "Claimed now",
    waitingNow: "Waiting now",
    longestWaitMin: "Longest wait (min)",
    frtP50: "First response p50 (min)",
    frtP90: "First response p90 (min)",
    frtCount: "First responses",
    resP50: "Resolution p50 (min)",
    resP90: "Resolution p90 (min)",
    resCount: "Resolutions",
    walletMessages: "Wallet messages",
    from: "From",
    to: "To",
    agentName: (a) => (a === "dev1" ? '=HYPERLINK("x")' : "Camille, day shift"),
  };

  it("writes the tables with minutes and defuses agent names", () => {
    const csv = toCsv(metricsOf(), words, (ts) => new Date(ts).toISOString());
    const lines = csv.split("\r\n");
    expect(lines).toContain("First response p50 (min),7.0");
    expect(lines).toContain("Resolution p90 (min),600.0");
    expect(lines).toContain("Waiting now,2");
    expect(lines).toContain("2026-11-30,6,5,7.0,20.0,4,60.0,600.0,5");
    // A formula is defused; a comma is quoted.
    expect(lines).toContain(`"'=HYPERLINK(""x"")",3,0,0,60.0,600.0,3`);
    expect(lines).toContain(`"Camille, day shift",2,1,1,30.0,60.0,2`);
    expect(lines).toContain("09:00,2");
  });
});

describe("metrics date ranges", () => {
  it("starts today at local midnight and the last 7 days six days before", () => {
    const now = new Date(2026, 10, 30, 15, 0).getTime();
    expect(presetRange("today", now)).toEqual({ from: new Date(2026, 10, 30).getTime(), to: now + 1 });
    expect(presetRange("7d", now).from).toBe(new Date(2026, 10, 24).getTime());
    expect(presetRange("30d", now).from).toBe(new Date(2026, 10, 1).getTime());
  });

  it("reads custom whole days and says what is wrong with bad input", () => {
    expect(customRange("2026-11-01", "2026-11-30")).toEqual({
      from: new Date(2026, 10, 1).getTime(),
      to: new Date(2026, 11, 1).getTime(),
    });
    expect(customRange("2026-11-31", "2026-12-01")).toBe("malformed");
    expect(customRange("", "2026-12-01")).toBe("malformed");
    expect(customRange("2026-11-30", "2026-11-01")).toBe("reversed");
    expect(customRange("2024-01-01", "2026-11-30")).toBe("too-long");
    expect(parseDay("2026-02-29")).toBeNull();
  });
});
