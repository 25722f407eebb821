// `npm run bench`: the console at wallet-provider scale, measured side by side with a bare matrix-js-sdk client
// on the same Synapse in the same run (see docs/benchmarks.md). Builds the homeserver fixtures the first time
// (saved under the cache), prints the table, writes docs/benchmarks.md and its chart. `--ci` runs the small
// slice CI uses: 300 conversations, and it fails only when a ratio to the bare SDK regresses.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureFixture } from "../test/bench/fixture-build.ts";
import { ensurePostgresFixture, savedFixture, type Database } from "../test/bench/fixture.ts";
import { loadNow, machineInfo, postgresVersion, type MachineInfo } from "../test/bench/machine.ts";
import type { DeskBenchResult } from "../test/bench/desk-report.ts";
import { measureQrDecode, type QrDecodeResult } from "../test/bench/qr-decode.ts";
import { printTable, writeReport } from "../test/bench/report.ts";
import { PAGING_SCHEDULES } from "../test/bench/raw-paging.ts";
import { runSize, type SizeResult } from "../test/bench/run-size.ts";
import { summarize, type SizeSummary } from "../test/bench/summary.ts";
import { fail } from "./cli.ts";

/** Raw paging schedules timed in every run by default: the console's own and the fastest found. */
const DEFAULT_RAW = ["console", "all-at-once"];
/** Every sample of the last full run, so the report can be rewritten without measuring again. */
const RESULTS_FILE = "test-results/bench/results.json";
const root = resolve(import.meta.dirname, "..");

interface SavedRun {
  results: SizeResult[];
  machine: MachineInfo;
  fixtures: Array<{ rooms: number; buildSeconds: number; e2eeRooms: number; builtNow: boolean }>;
  runSeconds: number;
  command: string;
  /** The QR decoder's timings (absent in runs saved before it was measured). */
  qr?: QrDecodeResult;
  /** The team desk at 10,000 conversations, in-process (absent in runs saved before it was measured). */
  desk?: DeskBenchResult;
}

function saveRun(run: SavedRun): void {
  // The CI slice keeps its own file, so it never replaces a full run's samples.
  const file = resolve(root, ci ? RESULTS_FILE.replace(".json", "-ci.json") : RESULTS_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(run));
}

function writeDoc(run: SavedRun): void {
  const docs = resolve(root, "docs");
  writeReport(
    { ...run, summaries: run.results.map(summarize), qr: run.qr, desk: run.desk },
    `${docs}/benchmarks.md`,
    `${docs}/benchmarks.svg`,
    "benchmarks.svg",
  );
  console.log("Wrote docs/benchmarks.md and docs/benchmarks.svg.");
}

const USAGE = `Usage: npm run bench -- [--sizes 1000,10000] [--databases sqlite,postgres] [--runs N] [--messages N]
                       [--invites N] [--broadcasts N] [--complexity N] [--team N] [--raw-schedules a,b] [--no-key-backup]
                       [--build-only] [--no-doc] [--report-only] [--ci] [--qr-only] [--insight] [--desk]

Builds (once) a Synapse fixture per size, then measures the console in Chromium against a bare matrix-js-sdk
client. Writes docs/benchmarks.md and docs/benchmarks.svg unless --no-doc or --ci.
  --databases     Synapse on SQLite and/or PostgreSQL (ported from the SQLite fixture with synapse_port_db)
  --runs          repeated fresh sign-ins per size (default 5 up to 1,000 conversations, 3 above)
  --raw-schedules raw sliding-sync paging schedules timed each run (${Object.keys(PAGING_SCHEDULES).join(", ")})
  --complexity    samples of each algorithmic-complexity payload and its plain twin (default 3; 0 skips)
  --team          claims/releases timed from the console to a second device of the account (default 10; 0 skips)
  --classic-runs  fresh sign-ins of the console forced onto classic /sync, the "before" (default 3 up to 1,000)
  --report-only   rewrite the doc and chart from the last run's saved samples (${RESULTS_FILE})
  --insight       only the search and export benchmark (10,000 × 20 generated messages; no homeserver), with
                  the first result on screen after a keystroke in Chromium (beside 1,000 × 20 in the same run)
  --desk          only the team desk at 10,000 conversations (status tabs, counts, a status change, the
                  Metrics screen's figures; in-process over generated data, no homeserver). Also part of
                  every full run (not --ci)
  --ci            300 conversations, 3 runs, few live samples; exits 1 if a ratio to the bare SDK regresses
  --qr-only       only the QR decoder (its worker in Chromium, no homeserver): decode times as ratios to a small image`;

let args;
try {
  args = parseArgs({
    options: {
      sizes: { type: "string", default: "1000,10000" },
      databases: { type: "string", default: "sqlite,postgres" },
      "raw-schedules": { type: "string", default: DEFAULT_RAW.join(",") },
      "no-key-backup": { type: "boolean", default: false },
      runs: { type: "string" },
      messages: { type: "string", default: "20" },
      invites: { type: "string", default: "10" },
      broadcasts: { type: "string", default: "5" },
      complexity: { type: "string", default: "3" },
      team: { type: "string", default: "10" },
      "scroll-step": { type: "string", default: "136" },
      "classic-runs": { type: "string" },
      "web-root": { type: "string" },
      "console-label": { type: "string" },
      "build-only": { type: "boolean", default: false },
      "no-doc": { type: "boolean", default: false },
      "report-only": { type: "boolean", default: false },
      ci: { type: "boolean", default: false },
      insight: { type: "boolean", default: false },
      desk: { type: "boolean", default: false },
      "qr-only": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

if (args.insight) {
  // Search and export: the real index and renderer over generated data, no homeserver fixture needed.
  const { runInsightBench } = await import("../test/bench/insight.ts");
  await runInsightBench();
  process.exit(0);
}

if (args.desk) {
  // The team's tabs, counts and metrics: the real core code over generated data, no homeserver fixture needed.
  const { runDeskBench } = await import("../test/bench/desk-10k.ts");
  await runDeskBench();
  process.exit(0);
}

if (args["report-only"]) {
  writeDoc(JSON.parse(readFileSync(resolve(root, RESULTS_FILE), "utf8")) as SavedRun);
  process.exit(0);
}

if (args["qr-only"]) {
  await measureQrDecode(
    (line) => console.log(line),
    args["web-root"] ? resolve(args["web-root"]) : undefined,
  );
  process.exit(0);
}

const whole = (name: string, value: string, min = 0): number => {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) fail(`--${name} must be a whole number ≥ ${min}, not "${value}"`);
  return v;
};
const ci = args.ci;
/**
 * The CI slice's size: small enough to build on a fresh machine in about a minute and a half, large enough that
 * the bare SDK's cost (which grows with the rooms) stands clear of the console's (which doesn't) on a noisy
 * machine: at 200 the two medians came within 0.57× of each other.
 */
const CI_ROOMS = 300;
const sizes = (ci ? String(CI_ROOMS) : args.sizes).split(",").map((v) => whole("sizes", v.trim(), 20));
const counts = ci
  ? { messages: 5, invites: 3, broadcasts: 2, complexity: 1, team: 0 }
  : {
      messages: whole("messages", args.messages),
      invites: whole("invites", args.invites),
      broadcasts: whole("broadcasts", args.broadcasts),
      complexity: whole("complexity", args.complexity),
      team: whole("team", args.team),
    };
// The CI slice takes the median of 5 sign-ins, as the full benchmark does up to 1,000: on a 2-core machine one
// sign-in at 300 took 1.1 s and the next 2.4 s, and with 3 the median's ratio swung across its limit (0.53–0.63×
// fresh, 0.38–0.43× restart in two runs of the same build).
const runsFor = (rooms: number) => (ci ? 5 : args.runs ? whole("runs", args.runs, 1) : rooms <= 1000 ? 5 : 3);
// The console on classic /sync (the "before") takes as long as the bare SDK: by default measured up to 1,000.
const classicRunsFor = (rooms: number) =>
  ci ? 0 : args["classic-runs"] ? whole("classic-runs", args["classic-runs"]) : rooms <= 1000 ? 3 : 0;
const log = (line: string) => console.log(line);
const started = Date.now();
const machine = machineInfo("unknown");
// A run of another build (--web-root) says which one it measured.
if (args["console-label"]) machine.commit = args["console-label"];

const databases = (ci ? "sqlite" : args.databases).split(",").map((d) => {
  const db = d.trim();
  if (db !== "sqlite" && db !== "postgres") fail(`--databases takes sqlite and/or postgres, not "${db}"`);
  return db as Database;
});
const rawSchedules = args["raw-schedules"].split(",").map((n) => {
  if (!PAGING_SCHEDULES[n.trim()]) fail(`unknown --raw-schedules entry "${n}"`);
  return n.trim();
});

const fixtures: Array<{ rooms: number; buildSeconds: number; e2eeRooms: number; builtNow: boolean }> = [];
for (const rooms of sizes) {
  const builtNow = !savedFixture(rooms);
  const manifest = await ensureFixture(rooms, log);
  if (databases.includes("postgres")) {
    await ensurePostgresFixture(rooms, log);
    machine.postgres = postgresVersion();
  }
  fixtures.push({ rooms, buildSeconds: manifest.buildSeconds, e2eeRooms: manifest.e2eeRooms, builtNow });
}
if (args["build-only"]) {
  log(`Fixtures ready in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  process.exit(0);
}

const summaries: SizeSummary[] = [];
/** Console ÷ bare SDK for one key-backup figure; NaN when either side was not measured (or the SDK sent none). */
function keyBackupRatio(m: SizeSummary, figure: "requests" | "perSession" | "serverSeconds"): number {
  const consoleValue = m.keyBackup.console?.[figure] ?? Number.NaN;
  const baselineValue = m.keyBackup.baseline?.[figure] ?? Number.NaN;
  return baselineValue > 0 ? consoleValue / baselineValue : Number.NaN;
}

function keyBackupCounts(m: SizeSummary, figure: "requests" | "perSession" | "serverSeconds"): string {
  const show = (v: number | undefined) =>
    v === undefined ? "not measured" : figure === "serverSeconds" ? `${v.toFixed(2)} s` : String(v);
  return `${show(m.keyBackup.console?.[figure])} vs ${show(m.keyBackup.baseline?.[figure])}`;
}

const results: SizeResult[] = [];
const command = ci
  ? "npm run bench -- --ci"
  : `npm run bench -- --sizes ${sizes.join(",")} --databases ${databases.join(",")}`;
for (const rooms of sizes)
  for (const database of databases) {
    log(
      `\nMeasuring ${rooms.toLocaleString("en-US")} conversations on ${database} (${runsFor(rooms)} runs)…`,
    );
    const result = await runSize({
      rooms,
      database,
      rawSchedules,
      keyBackup: !args["no-key-backup"],
      runs: runsFor(rooms),
      ...counts,
      classicRuns: classicRunsFor(rooms),
      scrollStep: whole("scroll-step", args["scroll-step"]),
      webRoot: args["web-root"] ? resolve(args["web-root"]) : undefined,
      log,
    });
    machine.synapse = result.server;
    results.push(result);
    // Saved after each size, so a failure later in a long run keeps what was measured.
    saveRun({ results, machine, fixtures, runSeconds: (Date.now() - started) / 1000, command });
    const summary = summarize(result);
    summaries.push(summary);
    printTable(summary);
  }
log("\nMeasuring the QR decoder…");
// Another build (--web-root, the "before" of a comparison) may predate the QR decoder: it is then skipped, and the
// measures above are still saved.
const qr = ci
  ? undefined
  : await measureQrDecode(log, args["web-root"] ? resolve(args["web-root"]) : undefined).catch(
      (err: Error) => {
        if (!args["web-root"]) throw err;
        log(`  not measured on ${args["web-root"]}: ${err.message}`);
        return undefined;
      },
    );
// In-process, no homeserver: the fixtures above stop at what can be built here, the team desk is measured at
// 10,000 conversations whatever the sizes.
let desk: DeskBenchResult | undefined;
if (!ci) {
  log("\nMeasuring the team desk at 10,000 conversations (in-process)…");
  const { runDeskBench } = await import("../test/bench/desk-10k.ts");
  desk = await runDeskBench(log);
}
const runSeconds = (Date.now() - started) / 1000;
machine.loadAtEnd = loadNow();
log(`\nWhole benchmark: ${(runSeconds / 60).toFixed(1)} min.`);

// The CI slice also times full-history search at 10,000 × 20 (in-process, about a minute): answering from
// the conversation tiers must stay well under scoring every matching message, the way search worked before.
const search = ci
  ? await (await import("../test/bench/insight.ts")).runInsightBench(log, { queriesOnly: true })
  : null;

if (ci) {
  // Ratios only, never absolute times: CI machines differ, the bare SDK on the same machine is the yardstick.
  const m = summaries[0]!;
  const checks: Array<{ what: string; value: number; limit: number; unit?: string }> = [
    { what: "fresh device: console to 20 rows ÷ bare SDK to PREPARED", value: m.fresh.ratio, limit: 0.6 },
    { what: "JS heap after settling: console ÷ bare SDK", value: m.heap.ratio, limit: 0.5 },
    // The bare SDK has no restart of its own (its store is in memory): its sign-in is the yardstick.
    { what: "warm restart to 20 rows ÷ bare SDK to PREPARED", value: m.warm.ratio, limit: 0.4 },
    // The per-session key-backup storm (one GET /room_keys/keys/{room}/{session} per undecryptable session, as
    // matrix-js-sdk's own downloader does) must not come back: the console downloads the backup in bulk and
    // answers the SDK's lookups itself while it does. Measured on the restarted console device with the recovery
    // key typed into Settings → Encryption, as an agent does; a measure that did not run reads NaN and fails.
    {
      what: `key-backup requests after the recovery key: console ÷ bare SDK (${keyBackupCounts(m, "requests")})`,
      value: keyBackupRatio(m, "requests"),
      limit: 0.5,
    },
    {
      // A count, not a ratio: the fixture has few undecryptable sessions on the console's screen, so even a
      // returned storm is a handful of lookups next to the SDK's — but while its restore runs the console lets
      // none through (key-lookups.ts), so one is a regression.
      what: `per-session key lookups the console let reach the server (bare SDK: ${m.keyBackup.baseline?.perSession ?? "not measured"})`,
      value: m.keyBackup.console?.perSession ?? Number.NaN,
      limit: 1,
      unit: "",
    },
  ];
  // Before the linear link scanner, one 60 KB message took 28x a plain one to paint; after, at most 1.3x.
  if (m.complexity)
    checks.push({
      what: `hostile messages → painted ÷ plain of the same size (worst: ${m.complexity[0]!.name})`,
      value: m.complexity[0]!.ratio,
      limit: 3,
    });
  // Synapse's time for the key-backup requests is reported, not checked: at 300 conversations it is 0.1–0.4 s on
  // both sides and swung from 0.04× to 2.5× between runs on a loaded 2-core machine (one slow request decides
  // it); the request counts above are what a returned storm changes.
  log(
    `info server time for the key-backup requests: console ÷ bare SDK (${keyBackupCounts(m, "serverSeconds")}): ` +
      `${keyBackupRatio(m, "serverSeconds").toFixed(2)}×`,
  );
  // 0.15–0.35× on the 2-core machine under loads from 1 to 14; a return to per-message scoring reads 1×.
  if (search)
    checks.push({
      what: "search p95 at 10,000 × 20: conversation tiers ÷ every matching message scored",
      value: search.queryP95 / search.baselineP95,
      limit: 0.6,
    });
  let failed = false;
  for (const c of checks) {
    const ok = Number.isFinite(c.value) && c.value < c.limit;
    failed ||= !ok;
    const unit = c.unit ?? "×";
    const value = unit ? c.value.toFixed(2) : String(c.value);
    log(`${ok ? "ok  " : "FAIL"} ${c.what}: ${value}${unit} (must be < ${c.limit}${unit})`);
  }
  process.exit(failed ? 1 : 0);
}

const saved: SavedRun = { results, machine, fixtures, runSeconds, command, qr, desk };
saveRun(saved);
if (!args["no-doc"]) writeDoc(saved);
process.exit(0);
