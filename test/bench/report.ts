// The benchmark's output: the results table (printed, and in docs/benchmarks.md with the machine, versions,
// fixture build times and which targets are met) and a chart (docs/benchmarks.svg). A hand-written analysis
// between the ANALYSIS markers of the existing document survives regeneration.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { chart } from "./chart.ts";
import type { MachineInfo } from "./machine.ts";
import { qrTable, type QrDecodeResult } from "./qr-decode.ts";
import type { SizeSummary, Spread } from "./summary.ts";

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
      "2. warm restart → 20 rows (SDK: a restart is a full sync ¹)",
      `${s(m.warm.console)} (best ${s(m.warm.best)})`,
      s(m.fresh.baseline),
      x(m.warm.ratio),
    ],
    ["   … restart → inbox caught up with the server (progress gone)", s(m.warm.caughtUp), "", ""],
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
  if (m.complexity) {
    const worst = m.complexity[0]!;
    rows.push([
      `8. hostile messages → painted, worst of ${m.complexity.length} ÷ plain message of the same size`,
      `${msf(worst.payload)} (${worst.name})`,
      `plain ${msf(worst.plain)}`,
      x(worst.ratio),
    ]);
    for (const c of m.complexity.slice(1))
      rows.push([`   ${c.name}`, msf(c.payload), `plain ${msf(c.plain)}`, x(c.ratio)]);
  }
  return rows;
}

export function printTable(m: SizeSummary): void {
  const rows = [["measure", "console", "bare SDK", "ratio"], ...tableRows(m)];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(`\n${n(m.rooms)} conversations (median of ${m.runs} runs; latencies over all samples)`);
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
    m.targets.map((t) => [n(m.rooms), t.name, t.goal, t.value, t.met ? "✅ met" : "❌ missed"]),
  );
  const sections = input.summaries.map(
    (m) =>
      `### ${n(m.rooms)} conversations\n\nMedian of ${m.runs} runs for 1–3; latencies over all samples. ` +
      `Ratio = console ÷ bare SDK (below 1 is better).\n\n` +
      markdownTable(["Measure", "Console (Chromium)", "Bare matrix-js-sdk", "Ratio"], tableRows(m)) +
      `\n\nThe bare SDK spent ${(m.fresh.baselineSyncShare * 100).toFixed(0)}% of its sign-in waiting for ` +
      `/sync responses${
        Number.isFinite(m.fresh.baselineSyncFailures)
          ? ` (${m.fresh.baselineSyncFailures} of them abandoned on its own time-out and sent again, counted)`
          : " (requests it abandoned on its own time-out not counted)"
      }; the rest is client-side processing. This size took ${(m.seconds / 60).toFixed(1)} min.\n` +
      (m.errors.length > 0
        ? `\nMeasures that failed in this run: ${m.errors.map((e) => `_${e}_`).join("; ")}.\n`
        : ""),
  );
  const doc = `# Benchmarks: the console at wallet-provider scale

Generated by \`${input.command}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Every number
compares the console (the web build in Chromium: Svelte UI over the core, simplified sliding sync) with a bare
matrix-js-sdk ${mi.matrixJsSdk} client (Node, rust crypto in memory, default \`startClient()\` classic sync, no UI),
measured in the same run against the same Synapse holding the same fixture.

![Console vs bare matrix-js-sdk](${chartName})

## Targets

${targets.length > 0 ? markdownTable(["Size", "Target", "Goal", "Measured", ""], targets) : "No size with targets was run."}

## Results

${sections.join("\n")}
${input.qr ? `\n### QR codes in wallet images\n\n${qrTable(input.qr)}\n` : ""}
¹ The bare SDK in Node keeps nothing between runs (its default store is in memory), so a restart costs it a full
initial sync: its fresh-device time is used. The console's restart is timed from navigation start (Chromium's own
start is not included) to 20 rows painted from the sealed inbox snapshot.

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
- Node ${mi.node}; ${mi.chromium} (headless, software rendering); ${mi.synapse} (SQLite)
- matrix-js-sdk ${mi.matrixJsSdk}, @matrix-org/matrix-sdk-crypto-wasm ${mi.cryptoWasm}, playwright-core ${mi.playwright}
- Console measured at commit ${mi.commit}; whole run ${(input.runSeconds / 60).toFixed(1)} min.
`;
  writeFileSync(docPath, doc);
}
