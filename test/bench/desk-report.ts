// What the team desk benchmark (desk-10k.ts) measured, and its tables as Markdown: printed by the run and put in
// docs/benchmarks.md by the full `npm run bench` (report.ts), without loading the console code it measured.
import type { Spread } from "./summary.ts";

export interface DeskBenchResult {
  conversations: number;
  rooms: number;
  /** Loading the rows and delivering every conversation's team state through the sync taps. */
  build: { ms: number; heapBytes: number };
  /** One row per kind of switch: [what, spread]. */
  switches: Array<{ what: string; spread: Spread }>;
  /** Today's All / Unread / Waiting on an inbox without the team's filters (the yardstick). */
  baseline: Spread;
  /** The team's status tabs (Open / Pending / Snoozed / Resolved), with every count recomputed. */
  statusTabs: Spread;
  /** Another agent's status change arriving through the sync taps until the counts show it. */
  change: { sync: Spread; firstUpdate: Spread; settled: Spread; updatesPerChange: number };
  /** Re-arming the snooze timer (a pass over every conversation for the next snooze's end). */
  wakeScan: Spread;
  metrics: {
    inputHeapBytes: number;
    messages: number;
    activity: number;
    ranges: Array<{ name: string; days: number; spread: Spread; allocatedBytes: number; opened: number }>;
  };
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 0)} ms` : "—");
const pp = (s: Spread) => `${ms(s.p50)} / ${ms(s.p95)}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const n = (v: number) => v.toLocaleString("en-US");

/** Status tabs ÷ today's filters, p50 (what the CI check reads). */
export const deskRatio = (r: DeskBenchResult) => r.statusTabs.p50 / r.baseline.p50;

/** The desk benchmark's tables, as Markdown (printed, and in docs/benchmarks.md). */
export function deskTables(r: DeskBenchResult): string {
  const c = n(r.conversations);
  const lines = [
    `In-process over generated data (no homeserver, no UI): ${c} conversations (${n(r.rooms)} rooms), the ` +
      `console's Inbox, InboxTabs and TeamStateStore; switch = filter + counts of every option (the order is ` +
      `kept sorted as rows change, not re-sorted).`,
    "",
    `| team inbox (${c} conversations) | p50 / p95 | ÷ today's filters (p50) |`,
    "| --- | ---: | ---: |",
    ...r.switches.map(
      (s) =>
        `| ${s.what} (${s.spread.n}) | ${pp(s.spread)} | ${(s.spread.p50 / r.baseline.p50).toFixed(2)}× |`,
    ),
    `| another agent's status change → counts updated, first / settled (${r.change.sync.n}) | ` +
      `${pp(r.change.firstUpdate)} · ${pp(r.change.settled)} | — |`,
    `| of which synchronous (taps → store → inbox) | ${pp(r.change.sync)} | — |`,
    `| view updates (full recounts) per status change | ${r.change.updatesPerChange.toFixed(1)} | — |`,
    `| snooze timer re-armed (a pass for the next snooze's end) | ${pp(r.wakeScan)} | — |`,
    `| ${c} rows built from their events, loaded, their team state delivered through the sync taps | ${ms(r.build.ms)}, heap ${mb(r.build.heapBytes)} | — |`,
    "",
    `| Metrics screen (${c} conversations, ${n(r.metrics.messages)} messages, ${n(r.metrics.activity)} ` +
      `activity lines; input ${mb(r.metrics.inputHeapBytes)}) | p50 / p95 | allocated per computation | openings in range |`,
    "| --- | ---: | ---: | ---: |",
    ...r.metrics.ranges.map(
      (m) =>
        `| every figure + CSV, ${m.name} (${m.spread.n}) | ${pp(m.spread)} | ${mb(m.allocatedBytes)} | ${n(m.opened)} |`,
    ),
  ];
  return lines.join("\n");
}
