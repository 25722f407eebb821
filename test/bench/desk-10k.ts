// The team desk at 10,000 conversations (`npm run bench -- --desk`, or `node test/bench/desk-10k.ts`): the
// inbox's tabs and counts, and the Metrics screen's computation, measured in-process — the console's own code
// (Inbox, InboxTabs, TeamStateStore fed through the desk's sync taps, computeMetrics, toCsv) over generated data
// (desk-data.ts), no homeserver and no UI: a 10,000-conversation Synapse fixture takes hours to build on this
// machine, and none of this reads the server (the Metrics screen's /messages paging is not measured here).
// Times are p50 / p95 of repeated runs. The yardstick, in the same run on the same rows, is today's
// All / Unread / Waiting on an inbox without the team's filters (issue 12: "at 10,000 conversations the tabs and
// counts stay as fast as today's filters").
import { GCProfiler, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { MatrixClient } from "matrix-js-sdk";
import { ManualClock } from "../../renderer/core/clock.ts";
import { SyncTaps } from "../../renderer/core/desk/taps.ts";
import { applyEvents } from "../../renderer/core/inbox/events.ts";
import { Inbox, type InboxFilter } from "../../renderer/core/inbox/inbox.ts";
import { applyReadReceipt, newRow, type InboxRow } from "../../renderer/core/inbox/row.ts";
import { computeMetrics, toCsv, type Range } from "../../renderer/core/metrics/compute/index.ts";
import { customRange, dayValue, presetRange } from "../../renderer/core/metrics/ranges.ts";
import { batched, Observable } from "../../renderer/core/observable.ts";
import {
  DEFAULT_SETTINGS,
  STATUS_DATA,
  statusOf,
  type TeamSettings,
} from "../../renderer/core/status/state.ts";
import { TeamStateStore } from "../../renderer/core/status/store.ts";
import {
  ANY_LABEL,
  ASSIGNEE_DIMENSION,
  InboxTabs,
  LABEL_DIMENSION,
  STATUS_DIMENSION,
} from "../../renderer/core/status/tabs.ts";
import { translatorFor } from "../../renderer/ui/i18n/catalogues.ts";
import { csvWords } from "../../renderer/ui/metrics/words.ts";
import { AGENTS, GONE, inboxRooms, LABELS, ME, metricsConversations, SUPPORT } from "./desk-data.ts";
import { percentile } from "./stats.ts";
import { deskTables, type DeskBenchResult } from "./desk-report.ts";
import type { Spread } from "./summary.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const DAY = 86_400_000;
/** A weekday afternoon, so "tomorrow 9:00" and "next week" snoozes are all ahead. */
const NOW = Date.UTC(2026, 10, 30, 14, 0, 0);

function spread(values: number[]): Spread {
  return { p50: percentile(values, 50), p95: percentile(values, 95), n: values.length };
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A client that fails loudly if touched: the benchmark only receives other agents' writes, it sends nothing. */
const noServer = new Proxy(
  {},
  {
    get(_, key) {
      throw new Error(`the desk benchmark has no homeserver (client.${String(key)})`);
    },
  },
) as MatrixClient;

export async function runDeskBench(
  log: (line: string) => void = console.log,
  { conversations = 10_000, rounds = 25, changes = 60, metricsRounds = 10 } = {},
): Promise<DeskBenchResult> {
  log(`Generating ${conversations.toLocaleString("en")} conversations (in-process, no homeserver)…`);
  const rooms = inboxRooms(conversations, NOW);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  // Rows as sync makes them (the timeline events applied, some read without an answer)…
  const rows: InboxRow[] = rooms.map((room) => {
    const row = applyEvents(newRow(room.roomId, room.walletUserId), room.events, SUPPORT);
    return room.readUpTo ? applyReadReceipt(row, room.readUpTo) : row;
  });
  // …and the desk's status feature, as renderer/core/status/feature.ts wires it (without its server writes).
  const clock = new ManualClock(NOW);
  const inbox = new Inbox();
  const taps = new SyncTaps();
  const cleanups: Array<() => void> = [];
  const store = new TeamStateStore({ client: noServer, inbox, clock, taps }, (d) => cleanups.push(d));
  const settings = new Observable<TeamSettings>(DEFAULT_SETTINGS);
  const devices = new Observable<ReadonlySet<string> | null>(new Set(AGENTS));
  const tabs = new InboxTabs({
    inbox,
    clock,
    deviceId: ME,
    settings,
    devices,
    labels: new Observable(LABELS),
    changes: (listener) => store.onChange(listener),
  });
  batched(() => tabs.recount())();
  inbox.load(rows);
  for (const room of rooms) taps.roomAccountData(room.roomId, room.accountData);
  for (let i = 0; i < 4; i++) await tick();
  const buildMs = performance.now() - t0;
  gc();
  const heapBytes = process.memoryUsage().heapUsed - heapBefore;
  const view = () => inbox.view.get();
  if (view().counts.all !== conversations)
    throw new Error(`the inbox lists ${view().counts.all} conversations`);

  // The yardstick: the same rows (team state included) in an inbox without the team's dimensions.
  const plain = new Inbox();
  plain.load(inbox.all());
  await tick();

  const FILTERS: InboxFilter[] = ["unread", "waiting", "all"];
  const samples: Record<string, number[]> = {};
  let warm = false;
  const add = (what: string, ms: number) => warm && (samples[what] ??= []).push(ms);
  // Round -1 warms the JIT up and is not counted.
  for (let r = -1; r < rounds; r++) {
    warm = r >= 0;
    for (const f of FILTERS)
      add(
        "baseline",
        timed(() => plain.setFilter(f)),
      );
    for (const f of FILTERS)
      add(
        "filters",
        timed(() => inbox.setFilter(f)),
      );
    for (const s of ["pending", "snoozed", "resolved", "open"])
      add(
        "status",
        timed(() => inbox.select(STATUS_DIMENSION, s)),
      );
    for (const a of ["mine", "unassigned", "all"])
      add(
        "assignee",
        timed(() => inbox.select(ASSIGNEE_DIMENSION, a)),
      );
    for (const l of [...LABELS.map((l) => l.id), ANY_LABEL])
      add(
        "label",
        timed(() => inbox.select(LABEL_DIMENSION, l)),
      );
    // Combined: Unread within Mine within Open, and back.
    add(
      "combined",
      timed(() => {
        inbox.select(ASSIGNEE_DIMENSION, "mine");
        inbox.setFilter("unread");
      }) / 2,
    );
    inbox.select(ASSIGNEE_DIMENSION, "all");
    inbox.setFilter("all");
  }
  const t = view().tallies;
  log(
    `Open ${t[STATUS_DIMENSION]!.open} · Pending ${t[STATUS_DIMENSION]!.pending} · Snoozed ` +
      `${t[STATUS_DIMENSION]!.snoozed} · Resolved ${t[STATUS_DIMENSION]!.resolved} · Mine ` +
      `${t[ASSIGNEE_DIMENSION]!.mine} · Unassigned ${t[ASSIGNEE_DIMENSION]!.unassigned} · Unread ` +
      `${view().counts.unread} · Waiting ${view().counts.waiting}`,
  );

  // Another agent resolves (or reopens) a conversation: its account data arrives through the sync taps.
  const updates: number[] = [];
  const unsubscribe = inbox.view.subscribe(() => updates.push(performance.now()));
  const change = { sync: [] as number[], first: [] as number[], settled: [] as number[], count: 0 };
  const primaries = rooms.filter((r) => r.accountData.length > 0);
  for (let i = 0; i < changes; i++) {
    const room = primaries[Math.floor((i * 7919) % primaries.length)]!;
    const row = inbox.conversation(room.roomId)!;
    const next = statusOf(row, NOW, DEFAULT_SETTINGS) === "resolved" ? "open" : "resolved";
    const before = view().tallies[STATUS_DIMENSION]![next]!;
    updates.length = 0;
    const start = performance.now();
    change.sync.push(
      timed(() =>
        taps.roomAccountData(room.roomId, [
          {
            type: STATUS_DATA,
            content: { status: next, at: NOW, until: null, updatedAt: NOW + i + 1, by: AGENTS[1] },
          },
        ]),
      ),
    );
    for (let k = 0; k < 4; k++) await tick();
    if (updates.length === 0 || view().tallies[STATUS_DIMENSION]![next] !== before + 1)
      throw new Error(`a status change did not reach the counts (${room.roomId} → ${next})`);
    change.first.push(updates[0]! - start);
    change.settled.push(updates.at(-1)! - start);
    change.count += updates.length;
  }
  unsubscribe();
  const wake: number[] = [];
  for (let r = 0; r < rounds; r++) {
    wake.push(timed(() => tabs.recount()));
    await tick();
  }
  for (const cleanup of cleanups) cleanup();
  tabs.dispose();

  const result: DeskBenchResult = {
    conversations,
    rooms: rooms.length,
    build: { ms: buildMs, heapBytes },
    switches: [
      {
        what: "today's All / Unread / Waiting, no team filters (yardstick)",
        spread: spread(samples.baseline!),
      },
      { what: "All / Unread / Waiting beside the team's filters", spread: spread(samples.filters!) },
      { what: "status tab Open / Pending / Snoozed / Resolved", spread: spread(samples.status!) },
      { what: "Mine / Unassigned / All", spread: spread(samples.assignee!) },
      { what: `label filter (${LABELS.length} labels and Any)`, spread: spread(samples.label!) },
      { what: "Unread within Mine within Open (per switch)", spread: spread(samples.combined!) },
    ],
    baseline: spread(samples.baseline!),
    statusTabs: spread(samples.status!),
    change: {
      sync: spread(change.sync),
      firstUpdate: spread(change.first),
      settled: spread(change.settled),
      updatesPerChange: change.count / changes,
    },
    wakeScan: spread(wake),
    metrics: await metricsBench(log, conversations, metricsRounds),
  };
  log("");
  log(deskTables(result));
  return result;
}

async function metricsBench(
  log: (line: string) => void,
  conversations: number,
  rounds: number,
): Promise<DeskBenchResult["metrics"]> {
  log("Generating a year of team activity for the Metrics screen…");
  gc();
  const before = process.memoryUsage().heapUsed;
  const input = metricsConversations(conversations, NOW, 400);
  gc();
  const inputHeapBytes = process.memoryUsage().heapUsed - before;
  const clock = new ManualClock(NOW);
  // The device's own time zone, as the metrics feature passes it.
  const utcOffsetMinutes = (ts: number) => -new Date(ts).getTimezoneOffset();
  const words = csvWords(translatorFor("en"), (agent) => (agent === GONE ? "Former agent" : agent));
  const year = customRange(dayValue(NOW - 364 * DAY), dayValue(NOW));
  if (typeof year === "string") throw new Error(`the 365-day range is refused: ${year}`);
  const ranges: Array<{ name: string; days: number; range: Range }> = [
    { name: "last 30 days", days: 30, range: presetRange("30d", NOW) },
    { name: "last 365 days (custom)", days: 365, range: year },
  ];
  const out: DeskBenchResult["metrics"]["ranges"] = [];
  for (const { name, days, range } of ranges) {
    const figures = () => {
      const metrics = computeMetrics({ conversations: input, range, clock, utcOffsetMinutes });
      return { metrics, csv: toCsv(metrics, words, (ts) => new Date(ts).toISOString()) };
    };
    figures(); // warm-up, not counted
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) times.push(timed(figures));
    // Every byte one computation allocates: what is live at its end plus what the collector freed during it.
    gc();
    const profiler = new GCProfiler();
    const start = process.memoryUsage().heapUsed;
    profiler.start();
    const { metrics } = figures();
    const end = process.memoryUsage().heapUsed;
    const freed = (profiler.stop()?.statistics ?? []).reduce(
      (sum, s) =>
        sum + Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize),
      0,
    );
    out.push({
      name,
      days,
      spread: spread(times),
      allocatedBytes: end - start + freed,
      opened: metrics.opened,
    });
    await tick();
  }
  return {
    inputHeapBytes,
    messages: input.reduce((n, c) => n + c.messages.length, 0),
    activity: input.reduce((n, c) => n + c.activity.length, 0),
    ranges: out,
  };
}

if (import.meta.main) await runDeskBench();
