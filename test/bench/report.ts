// The benchmark's output: the results table (printed, and in docs/benchmarks.md with the machine, versions,
// fixture build times and which targets are met) and a chart (docs/benchmarks.svg). A hand-written analysis
// between the ANALYSIS markers of the existing document survives regeneration.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { chart } from "./chart.ts";
import type { MachineInfo } from "./machine.ts";
import { qrTable, type QrDecodeResult } from "./qr-decode.ts";
import type { KeyBackupSummary, SizeSummary, Spread } from "./summary.ts";

export interface ReportInput {
  summaries: SizeSummary[];
  machine: MachineInfo;
  fixtures: Array<{ rooms: number; buildSeconds: number; e2eeRooms: number; builtNow: boolean }>;
  runSeconds: number;
  command: string;
  qr?: QrDecodeResult;
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "—");
const msf = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : "—");
const mb = (b: number) => (Number.isFinite(b) ? `${(b / 1024 / 1024).toFixed(0)} MB` : "—");
const x = (r: number) => (Number.isFinite(r) ? `${r < 0.1 ? r.toFixed(3) : r.toFixed(2)}×` : "—");
const pp = (sp: Spread | undefined) => (sp && sp.n > 0 ? `${msf(sp.p50)} / ${msf(sp.p95)}` : "—");
const n = (v: number) => v.toLocaleString("en-US");

/** Rows of [measure, console, bare SDK, ratio] for one size. */
export function tableRows(m: SizeSummary): string[][] {
  return keyedRows(m).map((r) => r.cells);
}

const count = (k: KeyBackupSummary | null) =>
  k ? `${k.requests} (${k.perSession} per session, ${k.bulk} bulk)` : "—";
const serverTime = (k: KeyBackupSummary | null) =>
  k ? `${k.serverSeconds.toFixed(2)} s / ${s(k.trafficMs)}` : "—";

/** The rows with a stable key each, so a size's SQLite and PostgreSQL tables can be put side by side. */
function keyedRows(m: SizeSummary): Array<{ key: string; cells: string[] }> {
  const rows: string[][] = [
    [
      "1. fresh device: sign-in → first 20 rows (SDK: → PREPARED)",
      `${s(m.fresh.console)} (best ${s(m.fresh.consoleBest)})`,
      `${s(m.fresh.baseline)} (best ${s(m.fresh.baselineBest)})`,
      x(m.fresh.ratio),
    ],
    [
      `   … → all ${n(m.rooms)} conversations listed`,
      s(m.complete),
      s(m.fresh.baseline),
      x(m.complete / m.fresh.baseline),
    ],
    [
      `   raw server: every room through sliding sync, no client (fastest: ${m.raw[0]?.schedule ?? "—"}) ²`,
      s(m.rawBest),
      "",
      `${x(m.complete / m.rawBest)} (console ÷ raw)`,
    ],
    ...m.raw
      .slice(1)
      .map((r) => [`   raw server, ${r.schedule} paging (${r.requests} requests)`, s(r.ms), "", ""]),
    [
      "2. warm restart → 20 rows (SDK: a restart is a full sync ¹)",
      `${s(m.warm.console)} (best ${s(m.warm.best)})`,
      s(m.fresh.baseline),
      x(m.warm.ratio),
    ],
    ["   … restart → inbox caught up with the server", s(m.warm.caughtUp), "", ""],
    ["3. JS heap after settling", mb(m.heap.console), mb(m.heap.baseline), x(m.heap.ratio)],
    ["   process memory (renderer RSS / Node RSS)", mb(m.rss.console), mb(m.rss.baseline), x(m.rss.ratio)],
  ];
  if (m.classic) {
    const c = m.classic;
    rows.push([
      `   before: console on classic /sync, sign-in → 20 rows (median of ${c.runs})`,
      s(c.fresh),
      s(m.fresh.baseline),
      x(c.fresh / m.fresh.baseline),
    ]);
    rows.push(["   before: classic /sync, JS heap / renderer RSS", `${mb(c.heap)} / ${mb(c.rss)}`, "", ""]);
  }
  if (m.scroll)
    rows.push([
      `4. scroll whole inbox: frame p50 / p95 (${n(m.scroll.frames)} frames, ${(m.scroll.dropped * 100).toFixed(1)}% dropped)`,
      `${m.scroll.p50.toFixed(1)} / ${m.scroll.p95.toFixed(1)} ms`,
      "no UI",
      "—",
    ]);
  if (m.messages) {
    rows.push([
      "5. wallet sends → visible, p50 / p95",
      pp(m.messages.console),
      pp(m.messages.baseline),
      x(m.messages.console.p95 / m.messages.baseline.p95),
    ]);
    rows.push(["   raw /sync wake-up for the same sends, p50 / p95", pp(m.messages.raw), "", ""]);
    rows.push(["   console minus raw /sync, per send, p95", msf(m.messages.overheadP95), "", ""]);
  }
  if (m.invites)
    rows.push([
      "6. wallet invites → joined and listed, p50 / p95",
      pp(m.invites.console),
      pp(m.invites.baseline),
      x(m.invites.console.p95 / m.invites.baseline.p95),
    ]);
  if (m.broadcasts)
    rows.push([
      `7. broadcast → received by a sampled wallet, p50 / p95 (${m.broadcasts.wallets} wallets)`,
      pp(m.broadcasts.console),
      pp(m.broadcasts.baseline),
      x(m.broadcasts.console.p95 / m.broadcasts.baseline.p95),
    ]);
  if (m.filters) {
    rows.push([
      "8. inbox tab (All / Unread / Waiting) → list painted, p50 / p95",
      pp(m.filters.tabs),
      "no UI",
      "—",
    ]);
    rows.push([
      "   team status tab (Open / Pending / Snoozed / Resolved) → list painted, p50 / p95",
      pp(m.filters.status),
      "no UI",
      "—",
    ]);
    rows.push(["   search typed → list painted, p50 / p95", pp(m.filters.search), "no UI", "—"]);
  }
  if (m.team)
    rows.push([
      "   team: status change on device A → visible on device B, p50 / p95",
      pp(m.team),
      "no team",
      "—",
    ]);
  if (m.keyBackup.console || m.keyBackup.baseline) {
    const k = m.keyBackup;
    rows.push([
      "9. key-backup requests after the recovery key is given ³",
      count(k.console),
      count(k.baseline),
      x((k.console?.requests ?? Number.NaN) / (k.baseline?.requests ?? Number.NaN)),
    ]);
    rows.push([
      "   server time for them / until the last one",
      serverTime(k.console),
      serverTime(k.baseline),
      x((k.console?.serverSeconds ?? Number.NaN) / (k.baseline?.serverSeconds ?? Number.NaN)),
    ]);
    rows.push([
      "   key given → restore done (console: Settings says so)",
      k.console ? s(k.console.doneMs) : "—",
      k.baseline ? s(k.baseline.doneMs) : "—",
      "",
    ]);
  }
  if (m.complexity) {
    const worst = m.complexity[0]!;
    rows.push([
      `10. hostile messages → painted, worst of ${m.complexity.length} ÷ plain message of the same size`,
      `${msf(worst.payload)} (${worst.name})`,
      `plain ${msf(worst.plain)}`,
      x(worst.ratio),
    ]);
    for (const c of m.complexity.slice(1))
      rows.push([`   ${c.name}`, msf(c.payload), `plain ${msf(c.plain)}`, x(c.ratio)]);
  }
  // The measure's number and words up to its first figure: the same in every database's table.
  return rows.map((cells) => ({ key: cells[0]!.replace(/[\d,.]+ (frames|requests).*$/, "").trim(), cells }));
}

/** One size's rows with a column group per database (SQLite, PostgreSQL). */
function sideBySide(group: SizeSummary[]): { header: string[]; rows: string[][] } {
  const keyed = group.map(keyedRows);
  const keys: string[] = [];
  for (const rows of keyed) for (const r of rows) if (!keys.includes(r.key)) keys.push(r.key);
  const header = ["Measure"];
  for (const m of group) header.push(`${DB_NAME[m.database]}: console`, "bare SDK", "ratio");
  const rows = keys.map((key) => {
    const label = keyed.map((rows) => rows.find((r) => r.key === key)?.cells[0]).find(Boolean) ?? key;
    const cells = [label];
    for (const rows of keyed) {
      const found = rows.find((r) => r.key === key)?.cells;
      cells.push(found?.[1] ?? "", found?.[2] ?? "", found?.[3] ?? "");
    }
    return cells;
  });
  return { header, rows };
}

const DB_NAME = { sqlite: "SQLite", postgres: "PostgreSQL" } as const;

export function printTable(m: SizeSummary): void {
  const rows = [["measure", "console", "bare SDK", "ratio"], ...tableRows(m)];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(
    `\n${n(m.rooms)} conversations on ${DB_NAME[m.database]} (median of ${m.runs} runs; latencies over all samples)`,
  );
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  for (const t of m.targets)
    console.log(`  target ${t.met ? "MET   " : "MISSED"} ${t.name}: ${t.value} (goal ${t.goal})`);
}

function markdownTable(header: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.map(esc).join(" | ")} |`).join("\n");
}

const ANALYSIS_START = "<!-- ANALYSIS:START (hand-written, kept when the benchmark rewrites this file) -->";
const ANALYSIS_END = "<!-- ANALYSIS:END -->";

function keptAnalysis(path: string): string {
  if (!existsSync(path)) return `${ANALYSIS_START}\n\n${ANALYSIS_END}`;
  const text = readFileSync(path, "utf8");
  const start = text.indexOf(ANALYSIS_START);
  const end = text.indexOf(ANALYSIS_END);
  return start >= 0 && end > start
    ? text.slice(start, end + ANALYSIS_END.length)
    : `${ANALYSIS_START}\n\n${ANALYSIS_END}`;
}

export function writeReport(input: ReportInput, docPath: string, chartPath: string, chartName: string): void {
  const { machine: mi } = input;
  writeFileSync(chartPath, chart(input.summaries));
  const targets = input.summaries.flatMap((m) =>
    m.targets.map((t) => [
      n(m.rooms),
      DB_NAME[m.database],
      t.name,
      t.goal,
      t.value,
      t.met ? "✅ met" : "❌ missed",
    ]),
  );
  const sizes = [...new Set(input.summaries.map((m) => m.rooms))];
  const sections = sizes.map((rooms) => {
    const group = input.summaries.filter((m) => m.rooms === rooms);
    const { header, rows } = sideBySide(group);
    const notes = group.map(
      (m) =>
        `On ${DB_NAME[m.database]} the bare SDK spent ${(m.fresh.baselineSyncShare * 100).toFixed(0)}% of its ` +
        `sign-in waiting for /sync responses${
          Number.isFinite(m.fresh.baselineSyncFailures)
            ? ` (${m.fresh.baselineSyncFailures} of them abandoned on its own time-out and sent again)`
            : ""
        }; this size took ${(m.seconds / 60).toFixed(1)} min.` +
        (m.errors.length > 0 ? ` Measures that failed: ${m.errors.map((e) => `_${e}_`).join("; ")}.` : ""),
    );
    return (
      `### ${n(rooms)} conversations\n\nMedian of ${group[0]!.runs} runs for 1–3; latencies over all samples. ` +
      `Ratio = console ÷ bare SDK (below 1 is better).\n\n` +
      markdownTable(header, rows) +
      `\n\n${notes.join(" ")}\n`
    );
  });
  const doc = `# Benchmarks: the console at wallet-provider scale

Generated by \`${input.command}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Every number
compares the console (the web build in Chromium: Svelte UI over the core, simplified sliding sync) with a bare
matrix-js-sdk ${mi.matrixJsSdk} client (Node, rust crypto in memory, default \`startClient()\` classic sync, no UI),
measured in the same run against the same Synapse holding the same fixture.

![Console vs bare matrix-js-sdk](${chartName})

## Targets

${targets.length > 0 ? markdownTable(["Size", "Database", "Target", "Goal", "Measured", ""], targets) : "No size with targets was run."}

## Results

${sections.join("\n")}
${input.qr ? `\n### QR codes in wallet images\n\n${qrTable(input.qr)}\n` : ""}
¹ The bare SDK in Node keeps nothing between runs (its default store is in memory), so a restart costs it a full
initial sync: its fresh-device time is used. The console's restart is timed from navigation start (Chromium's own
start is not included) to 20 rows painted from the sealed inbox snapshot.

² Plain HTTP requests to the sliding-sync endpoint with the console's own list (same ranges' growth, timeline
limit, required state, filters and extensions) from a new device, until every room has arrived; several paging
schedules are timed each run and the fastest one's median is the floor. No client does any work.

³ Counted in Synapse's own log: every request under \`/room_keys/\` from the moment the recovery key is given
(console: typed in Settings → Encryption; bare SDK: the backup key loaded from secret storage) until no such
request has come for 10 s. "Per session" are \`GET /room_keys/keys/{room}/{session}\`; "bulk" are whole-backup and
per-room downloads. Server time is the sum of Synapse's processing time for them.

${keptAnalysis(docPath)}

## How it is measured

- **Fixture**: a Synapse holding N AltMe-shaped wallet rooms (the wallet creates a direct, encrypted room named by
  its key thumbprint and invites support; support has joined it), each with 2–4 wallet messages: 95% plaintext
  (AltMe today), 5% real megolm messages from E2EE wallets, encrypted before the measured device existed (so both
  clients see them as history they cannot decrypt, as a new device without key backup would). Every wallet also
  joined the provider's notification room (so it has N members). Built once, saved under
  \`~/.cache/wallet-support-console/bench/\`, and every run starts Synapse on a fresh copy.
- **1. Fresh device**: a new Chromium profile; from submitting the sign-in form to the frame that paints the 20th
  inbox row on screen (window 1280×1600, so 20 rows of 68 px fit). The bare SDK: from the login request to the
  \`PREPARED\` sync state. The two alternate which goes first in each run, so neither always meets a cold server.
- **Before and after**: the same console build forced onto its classic /sync fallback (the sliding-sync endpoint
  answers 404, as on a server without it) is the "before" of the simplified-sliding-sync route; it is measured
  in the same run (by default up to 1,000 conversations: above, it takes as long as the bare SDK).
- **2. Warm restart**: Chromium closed and launched again on the same profile; navigation start to 20 rows painted.
- **3. Memory**: after the inbox lists every conversation and the DOM has been quiet for 3 s; two forced GCs;
  \`Performance.getMetrics\` JSHeapUsedSize and the renderer process's VmRSS. The bare SDK: 5 s after PREPARED,
  \`global.gc()\` twice, \`process.memoryUsage()\` heapUsed and rss.
- **4. Scroll**: the whole inbox, top to bottom, 2 rows (136 px) per animation frame (≈ 8,000 px/s, a fast steady
  fling); frame times are the gaps between requestAnimationFrame timestamps (Chromium coarsens them to 0.1 ms,
  so a 60 Hz frame reads 16.6–16.8 ms; the target allows 0.5 ms for that). A frame over 25 ms counts as dropped.
- **5. Messages**: with the conversation open, a wallet sends (a live E2EE wallet, then a plaintext fixture
  wallet; one unmeasured warm-up send each); from the wallet's send call to the text appearing in the open
  conversation (a MutationObserver in the page, Date.now() on both sides of one machine). The same sends are
  timed to the bare SDK's decrypted timeline event and to a raw HTTP long-poll on /sync (the server's wake-up).
- **6. Invites**: a new wallet's createRoom (which carries the invite) until the console's inbox count grows by
  one (joined and listed), or until the bare SDK (auto-joining on \`RoomEvent.MyMembership\`) is joined. One
  client answers at a time.
- **7. Broadcasts**: ${input.summaries[0]?.broadcasts?.wallets ?? 3} live wallets (full SDK clients) in the notification room; from the click that
  confirms the post in the console (or the bare SDK's \`sendMessage\` call) until each wallet's sync delivers it.

## Fixtures

${markdownTable(
  ["Conversations", "E2EE conversations", "Build time", ""],
  input.fixtures.map((f) => [
    n(f.rooms),
    n(f.e2eeRooms),
    `${(f.buildSeconds / 60).toFixed(1)} min`,
    f.builtNow ? "built in this run" : "reused",
  ]),
)}

## Machine and versions

- ${mi.cpu}, ${mi.cores} cores, ${mi.memoryGiB} GiB RAM, ${mi.os}; load average (1 / 5 / 15 min) ${mi.loadAtStart.join(" / ")} at the start and ${mi.loadAtEnd.join(" / ")} at the end (the machine is shared: other work shows here)
- Node ${mi.node}; ${mi.chromium} (headless, software rendering); ${mi.synapse} on SQLite and on PostgreSQL ${mi.postgres ?? "15"} (Debian's, default settings; ported from the SQLite fixture with \`synapse_port_db\`)
- matrix-js-sdk ${mi.matrixJsSdk}, @matrix-org/matrix-sdk-crypto-wasm ${mi.cryptoWasm}, playwright-core ${mi.playwright}
- Console measured at commit ${mi.commit}; whole run ${(input.runSeconds / 60).toFixed(1)} min.
`;
  writeFileSync(docPath, doc);
}
