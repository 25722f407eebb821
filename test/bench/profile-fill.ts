// Where a fresh device's "all conversations listed" spends its time: signs the console in on a saved fixture with
// the CPU profiler on, logs every sliding-sync request (sent, answered, its size and list range) and prints the
// split between waiting for the server and the console's own work between responses, then the functions and
// packages that used the most CPU. Optionally restarts once and does the same for the catch-up.
// With --scroll it then profiles a scroll of the whole inbox (frame times and CPU), with --invites N it times N
// wallet invites step by step (the invite's answer, the join, the state check, the count on screen).
// With --messages N it times 2N wallet messages (E2EE and plaintext) with the history backfill running and held
// back in alternate blocks, each with its CPU profile (profile-messages.ts).
//   node test/bench/profile-fill.ts [--rooms 1000] [--database sqlite|postgres] [--restart] [--scroll]
//     [--invites N] [--messages N] [--web-root dir]
// (--web-root: another web build, e.g. of the commit before a change, to compare the two on the same machine.)
import { parseArgs } from "node:util";
import type { Page, Request } from "playwright-core";
import { startWebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { INVITES_CONNECTION } from "../../renderer/core/sync/invite-watch.ts";
import { ConsoleProfile } from "./console-driver.ts";
import { attribute, printTop, type CpuProfile } from "./cpu-profile.ts";
import { runFixture, type Database } from "./fixture.ts";
import { deleteDevices } from "./http.ts";
import { measureInvites } from "./latency.ts";
import { scrollWholeInbox } from "./scroll.ts";
import { profileMessages } from "./profile-messages.ts";
import { countPageWork, traceMessages } from "./trace-messages.ts";
import { percentile } from "./stats.ts";

const { values } = parseArgs({
  options: {
    rooms: { type: "string", default: "1000" },
    database: { type: "string", default: "sqlite" },
    restart: { type: "boolean", default: false },
    scroll: { type: "boolean", default: false },
    invites: { type: "string", default: "0" },
    messages: { type: "string", default: "0" },
    "trace-messages": { type: "string", default: "0" },
    "web-root": { type: "string" },
  },
});
const rooms = Number(values.rooms);

interface SyncCall {
  sent: number;
  done: number | null;
  bytes: number;
  range: string;
  pos: boolean;
  /** Why the browser gave up on it (Chromium's net error: aborted, timed out), if it did. */
  failed?: string;
}

/** Records the console's sliding-sync requests (wall clock, ms). */
function watchSync(page: Page): SyncCall[] {
  const calls: SyncCall[] = [];
  const byRequest = new Map<Request, SyncCall>();
  page.on("request", (req) => {
    if (!req.url().includes("simplified_msc3575/sync") || req.method() !== "POST") return;
    let range = "?";
    try {
      const body = JSON.parse(req.postData() ?? "{}") as {
        lists?: Record<string, { ranges?: number[][] }>;
        conn_id?: string;
      };
      range = `${body.conn_id ? `${body.conn_id} ` : ""}${JSON.stringify(body.lists?.inbox?.ranges ?? [])}`;
    } catch {
      // not JSON
    }
    const call: SyncCall = { sent: Date.now(), done: null, bytes: 0, range, pos: req.url().includes("pos=") };
    calls.push(call);
    byRequest.set(req, call);
  });
  page.on("requestfinished", (req) => {
    const call = byRequest.get(req);
    if (!call) return;
    call.done = Date.now();
    void req
      .sizes()
      .then((s) => (call.bytes = s.responseBodySize))
      .catch(() => {});
  });
  page.on("requestfailed", (req) => {
    const call = byRequest.get(req);
    if (!call) return;
    call.done = Date.now();
    call.failed = req.failure()?.errorText ?? "failed";
  });
  return calls;
}

/** Every request to the homeserver, in order: what the console waited for before its first rows. */
function watchAll(page: Page): Array<{ key: string; sent: number; done: number | null }> {
  const all: Array<{ key: string; sent: number; done: number | null }> = [];
  const byRequest = new Map<Request, (typeof all)[number]>();
  page.on("request", (req) => {
    if (!req.url().includes("/_matrix/")) return;
    const entry = { key: `${req.method()} ${new URL(req.url()).pathname}`, sent: Date.now(), done: null };
    all.push(entry);
    byRequest.set(req, entry);
  });
  const done = (req: Request) => {
    const entry = byRequest.get(req);
    if (entry) entry.done = Date.now();
  };
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return all;
}

/** Every other request the console sends meanwhile (they share the server with the paging): path → timings. */
function watchOthers(page: Page): Map<string, { count: number; ms: number; first: number }> {
  const byPath = new Map<string, { count: number; ms: number; first: number }>();
  const started = new Map<Request, number>();
  page.on("request", (req) => {
    if (req.url().includes("simplified_msc3575/sync") && req.method() === "POST") return;
    if (!req.url().includes("/_matrix/")) return;
    started.set(req, Date.now());
  });
  page.on("requestfinished", (req) => {
    const at = started.get(req);
    if (at === undefined) return;
    const path = new URL(req.url()).pathname
      .replace(/![^/]+/g, "!room")
      .replace(/\$[^/]+/g, "$event")
      .replace(/%21[^/]+/g, "!room")
      .replace(/%24[^/]+/g, "$event");
    // The page size tells the callers of /messages apart (inbox counts, search backfill, metrics).
    const limit = new URL(req.url()).searchParams.get("limit");
    const key = `${req.method()} ${path}${limit ? ` limit=${limit}` : ""}`;
    const entry = byPath.get(key) ?? { count: 0, ms: 0, first: at };
    entry.count++;
    entry.ms += Date.now() - at;
    byPath.set(key, entry);
  });
  return byPath;
}

function printOthers(others: Map<string, { count: number; ms: number; first: number }>, t0: number): void {
  console.log("  other requests meanwhile (count, summed server time, first sent):");
  for (const [path, e] of [...others].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
    console.log(
      `    ${String(e.count).padStart(5)} × ${(e.ms / 1000).toFixed(2).padStart(7)} s  +${((e.first - t0) / 1000).toFixed(1)} s  ${path}`,
    );
}

function printCalls(calls: SyncCall[], t0: number, until: number): void {
  let server = 0;
  let client = 0;
  let previousDone: number | null = null;
  for (const c of calls) {
    if (c.sent > until) break;
    const wait = (c.done ?? until) - c.sent;
    const gap = previousDone === null ? 0 : c.sent - previousDone;
    server += wait;
    client += Math.max(0, gap);
    console.log(
      `  +${((c.sent - t0) / 1000).toFixed(2)} s ${c.pos ? "pos " : "    "}${c.range.padEnd(18)} ` +
        `server ${(wait / 1000).toFixed(2)} s, ${c.failed ? `FAILED (${c.failed})` : `${(c.bytes / 1024).toFixed(0)} KB`}` +
        (gap > 0 ? `; console before sending it ${(gap / 1000).toFixed(2)} s` : ""),
    );
    previousDone = c.done;
  }
  console.log(
    `  waiting for the server ${(server / 1000).toFixed(1)} s; console between responses ${(client / 1000).toFixed(1)} s`,
  );
}

async function profiled<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; cpu: CpuProfile }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  const result = await run();
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
  await cdp.detach();
  return { result, cpu: profile };
}

const fixture = await runFixture(rooms, values.database as Database);
const { hs, manifest } = fixture;
const web = await startWebServer({
  root: values["web-root"],
  config: { ...DEFAULT_CONFIG, homeserverUrl: hs.url, supportUserId: manifest.support.userId },
});
const profile = new ConsoleProfile(web.url);
try {
  await deleteDevices(hs.url, manifest.support.userId, manifest.support.password);
  const page = await profile.launch();
  const calls = watchSync(page);
  const others = watchOthers(page);
  const all = watchAll(page);
  const t0 = Date.now();
  // What the console itself warns about while it pages (a dropped response, a stalled request) shows as it happens.
  let shown = 0;
  page.on("console", (m) => {
    if ((m.type() === "error" || m.type() === "warning") && shown++ < 300)
      console.log(`  [+${((Date.now() - t0) / 1000).toFixed(1)} s ${m.type()}] ${m.text().slice(0, 400)}`);
  });
  const live = setInterval(() => {
    const last = calls.at(-1);
    if (last)
      console.log(
        `  [+${((Date.now() - t0) / 1000).toFixed(0)} s] ${calls.length} sync requests; last ${last.range} ` +
          `${last.done ? (last.failed ?? `${(last.bytes / 1024).toFixed(0)} KB`) : "waiting"}`,
      );
  }, 15_000);
  const { result, cpu } = await profiled(page, async () => {
    const fresh = await profile.signIn(manifest.support.userId, manifest.support.password, 30 * 60_000);
    const complete = await profile.settle(rooms, 30 * 60_000, 0);
    return { fresh, complete };
  });
  clearInterval(live);
  console.log(
    `\nfresh device: 20 rows ${(result.fresh / 1000).toFixed(2)} s; all ${rooms} listed after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  printCalls(calls, t0, Date.now());
  printOthers(others, t0);
  const marks = await page.evaluate(() => {
    const state = (window as unknown as { __bench: { state: { submitAt: number; rowsPaintedAt: number } } })
      .__bench.state;
    const wsc = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("wsc:"));
    return {
      origin: performance.timeOrigin,
      submitAt: state.submitAt,
      rowsAt: state.rowsPaintedAt,
      marks: wsc.map((m) => [m.name, m.startTime] as const),
    };
  });
  const wall = (ms: number) => `+${((marks.origin + ms - t0) / 1000).toFixed(2)} s`;
  console.log(`  sign-in submitted ${wall(marks.submitAt)}, 20 rows painted ${wall(marks.rowsAt)}`);
  for (const [name, at] of marks.marks) console.log(`  mark ${name} ${wall(at)}`);
  console.log("  requests sent before the first rows (sent → answered, from the start):");
  for (const r of all.filter((r) => r.sent - t0 <= result.fresh + 3000).slice(0, 60))
    console.log(
      `    +${((r.sent - t0) / 1000).toFixed(2)} → ${r.done === null ? "…" : `+${((r.done - t0) / 1000).toFixed(2)}`} s  ${r.key.slice(0, 110)}`,
    );
  const samples = attribute(cpu);
  // The sign-in's CPU between its marks (the profile started at t0, give or take the DevTools round trip).
  const steps: Array<[string, number]> = [
    ["sign-in submitted", marks.origin + marks.submitAt - t0],
    ...marks.marks
      .map(([name, at]) => [name, marks.origin + at - t0] as [string, number])
      .filter(([, at]) => at > marks.origin + marks.submitAt - t0 && at < marks.origin + marks.rowsAt - t0),
    ["20 rows painted", marks.origin + marks.rowsAt - t0],
  ];
  for (let i = 1; i < steps.length; i++) {
    const [from, start] = steps[i - 1]!;
    const [to, end] = steps[i]!;
    const inStep = samples.filter((x) => x.at >= start && x.at < end);
    printTop(`CPU from ${from} to ${to} (${((end - start) / 1000).toFixed(2)} s)`, inStep, (x) => x.pkg, 6);
  }
  printTop("CPU self time by function", samples, (x) => x.fn, 25);
  printTop("CPU by source", samples, (x) => x.pkg, 20);

  if (values.scroll) {
    const { result: scroll, cpu: scrollCpu } = await profiled(page, () => scrollWholeInbox(page, 136));
    const times = [...scroll.frameTimes].sort((a, b) => a - b);
    console.log(
      `\nscroll: ${scroll.frames} frames in ${scroll.seconds.toFixed(1)} s, p50 ${percentile(times, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(times, 95).toFixed(1)} ms, ${times.filter((t) => t > 20).length} over 20 ms, ` +
        `long animation frames ${scroll.longFrames.length}`,
    );
    const s3 = attribute(scrollCpu);
    printTop("CPU self time by function (scroll)", s3, (x) => x.fn, 25);
    printTop("CPU by source (scroll)", s3, (x) => x.pkg, 15);
  }

  const inviteCount = Number(values.invites);
  if (inviteCount > 0) {
    // Each step of an invite, from the page's own requests: the invites connection's answer, the join, the check.
    const steps: string[] = [];
    const tInv = Date.now();
    const at = () => `+${((Date.now() - tInv) / 1000).toFixed(2)} s`;
    page.on("requestfinished", (req) => {
      const url = req.url();
      if (url.includes("simplified_msc3575/sync"))
        steps.push(
          `${at()} ${(req.postData() ?? "").includes(`"${INVITES_CONNECTION}"`) ? "invites" : "inbox"} connection answered`,
        );
      else if (/\/join\//.test(url)) steps.push(`${at()} join answered`);
      else if (/\/rooms\/[^/]+\/state$/.test(new URL(url).pathname)) steps.push(`${at()} state answered`);
    });
    page.on("request", (req) => {
      if (/\/join\//.test(req.url())) steps.push(`${at()} join sent`);
    });
    const samples = await measureInvites(
      {
        hs,
        manifest,
        page,
        baseline: null,
        probe: null,
        log: (l) => console.log(l),
        started: (what) => steps.push(`${at()} ${what}`),
      },
      inviteCount,
    );
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `\ninvites: ${samples.map((s) => s.toFixed(0)).join(", ")} ms; p50 ${percentile(sorted, 50).toFixed(0)}, ` +
        `p95 ${percentile(sorted, 95).toFixed(0)}`,
    );
    for (const step of steps) console.log(`  ${step}`);
  }

  let current = page;
  if (values.restart) {
    await profile.saveInbox();
    await profile.close();
    const again = await profile.launch();
    current = again;
    const restartCalls = watchSync(again);
    const t1 = Date.now();
    const restarted = await profiled(again, async () => {
      await profile.restartedToRows(60_000);
      return profile.caughtUp(30_000, 30 * 60_000);
    });
    console.log(
      `\nrestart: caught up after ${((restarted.result ?? NaN) / 1000).toFixed(2)} s (from navigation)`,
    );
    printCalls(restartCalls, t1, Date.now());
    const s2 = attribute(restarted.cpu);
    printTop("CPU self time by function", s2, (x) => x.fn, 20);
    printTop("CPU by source", s2, (x) => x.pkg, 15);
  }

  // After the fill (or the restart): wallets' messages with the history backfill running and held back.
  if (Number(values.messages) > 0) await profileMessages(current, hs, manifest, Number(values.messages));
  if (Number(values["trace-messages"]) > 0)
    await countPageWork(current, () =>
      traceMessages(current, hs, manifest, Number(values["trace-messages"]), values["web-root"]),
    );
} finally {
  await profile.dispose();
  await web.close();
  await fixture.dispose();
}
