// Where an E2EE message spends its time between the console's sync answer and the screen, under a Chromium trace
// (profile-fill --trace-messages N), and what the page does meanwhile (IndexedDB transactions, animation frames).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import type { Page } from "playwright-core";
import type { Homeserver } from "../harness/homeserver.ts";
import { seenAt, watchText } from "./console-driver.ts";
import type { FixtureManifest } from "./fixture.ts";
import { openConversation } from "./latency.ts";
import { hold, liveE2eeWallet, pause } from "./profile-messages.ts";

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: {
    data?: {
      url?: string;
      requestId?: string;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  parent?: number;
}

/** file:line:column of the web build → the source file and line, through the build's source maps. */
function sourceOf(assets: string): (file: string, line: number, column: number) => string {
  const maps = new Map<string, TraceMap | null>();
  return (file, line, column) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new TraceMap(readFileSync(join(assets, `${file}.map`), "utf8")));
      } catch {
        maps.set(file, null);
      }
    }
    const map = maps.get(file);
    if (!map) return `${file}:${line}`;
    const pos = originalPositionFor(map, { line: line + 1, column });
    return pos.source
      ? `${pos.source.replace(/^(\.\.\/)+/, "").replace(/.*node_modules\//, "")}:${pos.line}`
      : `${file}:${line}`;
  };
}

/**
 * `count` E2EE messages into the open conversation under a Chromium trace (backfill held back), then for each:
 * the console's sync answer that carried it → the message on screen, split into the main thread's work (by top
 * task and by JS function, from the trace's CPU samples) and the time it sat idle (waiting on IndexedDB, timers).
 */
export async function traceMessages(
  page: Page,
  hs: Homeserver,
  manifest: FixtureManifest,
  count: number,
  webRoot = join(import.meta.dirname, "..", "..", "dist", "web"),
): Promise<void> {
  const source = sourceOf(join(webRoot, "assets"));
  const e2ee = await liveE2eeWallet(page, hs, manifest);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  try {
    const roomId = await e2ee.startSupportChat();
    await openConversation(page, roomId, e2ee.label);
    for (let i = 0; i < 2; i++) {
      const body = `Warm-up ${Date.now()}`;
      await watchText(page, '[role="log"]', body);
      await e2ee.sendText(body);
      await seenAt(page, body);
    }
    await hold(page, true);
    await pause(3000);
    cdp.on("Tracing.dataCollected", (e) => {
      events.push(...(e.value as unknown as TraceEvent[]));
    });
    const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
    await cdp.send("Tracing.start", {
      traceConfig: {
        includedCategories: [
          "devtools.timeline",
          "disabled-by-default-devtools.timeline",
          "blink.user_timing",
          "v8.execute",
          "disabled-by-default-v8.cpu_profiler",
          "IndexedDB",
        ],
      },
      transferMode: "ReportEvents",
    });
    for (let i = 0; i < count; i++) {
      const body = `Trace message ${Date.now()}`;
      await watchText(page, '[role="log"]', body);
      await e2ee.sendText(body);
      await seenAt(page, body);
      await pause(700);
    }
    await cdp.send("Tracing.end");
    await complete;
  } finally {
    await hold(page, false).catch(() => {});
    await cdp.detach().catch(() => {});
    e2ee.stop();
  }

  // The renderer's main thread: where the marks are.
  const marks = events.filter((e) => e.name === "bench:seen").sort((a, b) => a.ts - b.ts);
  if (marks.length === 0) return console.log("trace: no bench:seen marks");
  const main = { pid: marks[0]!.pid, tid: marks[0]!.tid };
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const syncUrls = new Map<string, boolean>();
  for (const e of events)
    if (e.name === "ResourceSendRequest" && e.args?.data?.requestId)
      syncUrls.set(e.args.data.requestId, (e.args.data.url ?? "").includes("simplified_msc3575/sync"));
  const answers = events
    .filter((e) => e.name === "ResourceFinish" && syncUrls.get(e.args?.data?.requestId ?? ""))
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  // CPU samples (ProfileChunk) on the main thread, with their functions.
  const nodes = new Map<number, ProfileNode>();
  const samples: Array<{ ts: number; fn: string; app: string }> = [];
  const nameOf = (n: ProfileNode) => {
    const f = n.callFrame;
    const file = (f.url ?? "").split("/").pop() || "native";
    return `${f.functionName || "(anonymous)"} ${file === "native" ? "" : source(file, f.lineNumber, f.columnNumber)}`;
  };
  /** The nearest caller in the console's own code (renderer/), or the package the stack started in. */
  const appOf = (id: number) => {
    let top = "";
    for (let n = nodes.get(id); n; n = n.parent !== undefined ? nodes.get(n.parent) : undefined) {
      const name = nameOf(n);
      if (name.includes("renderer/")) return name;
      if (n.callFrame.url) top = name;
    }
    return top ? `(no app frame) ${top}` : "(native)";
  };
  let ts = events.find((e) => e.name === "Profile" && e.pid === main.pid)?.ts ?? 0;
  for (const e of events
    .filter((e) => e.name === "ProfileChunk" && e.pid === main.pid)
    .sort((a, b) => a.ts - b.ts)) {
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < ids.length; i++) {
      ts += deltas[i] ?? 0;
      const f = nodes.get(ids[i]!)?.callFrame;
      const file = (f?.url ?? "").split("/").pop() || "native";
      samples.push({
        ts,
        fn: f ? `${f.functionName || "(anonymous)"} ${source(file, f.lineNumber, f.columnNumber)}` : "?",
        app: appOf(ids[i]!),
      });
    }
  }
  const tasks = onMain.filter((e) => e.ph === "X" && e.name === "RunTask");
  const byFn = new Map<string, number>();
  const byApp = new Map<string, number>();
  const byTask = new Map<string, number>();
  const rows: string[] = [];
  for (const mark of marks) {
    const answer = answers.filter((a) => a < mark.ts).at(-1);
    if (answer === undefined) continue;
    let busy = 0;
    for (const t of tasks) {
      const start = Math.max(t.ts, answer);
      const end = Math.min(t.ts + (t.dur ?? 0), mark.ts);
      if (end > start) busy += end - start;
    }
    const inside = onMain.filter(
      (e) => e.ph === "X" && e.ts >= answer && e.ts < mark.ts && e.name !== "RunTask",
    );
    for (const e of inside) byTask.set(e.name, (byTask.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    const idb = events.filter((e) => e.cat.includes("IndexedDB") && e.ts >= answer && e.ts < mark.ts).length;
    let sampled = 0;
    for (let i = 1; i < samples.length; i++) {
      const s = samples[i]!;
      if (s.ts < answer || s.ts >= mark.ts) continue;
      const ms = (s.ts - samples[i - 1]!.ts) / 1000;
      sampled += ms;
      byFn.set(s.fn, (byFn.get(s.fn) ?? 0) + ms);
      byApp.set(s.app, (byApp.get(s.app) ?? 0) + ms);
    }
    rows.push(
      `${((mark.ts - answer) / 1000).toFixed(0)} ms (main thread busy ${(busy / 1000).toFixed(0)}, ` +
        `JS sampled ${sampled.toFixed(0)}, IndexedDB events ${idb})`,
    );
  }
  console.log(
    `\ntrace: E2EE message, console's sync answer → on screen, ${rows.length} messages (backfill held):`,
  );
  for (const r of rows) console.log(`  ${r}`);
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ms  ${k}`);
  console.log("  main-thread trace events inside those windows (summed, nested ones count twice):");
  console.log(top(byTask, 20).join("\n"));
  console.log("  JS functions sampled inside those windows:");
  console.log(top(byFn, 25).join("\n"));
  console.log("  the same samples by their nearest caller in the console's code:");
  console.log(top(byApp, 25).join("\n"));
}

/**
 * Counts, inside the page, the IndexedDB transactions (by database, stores and mode) and animation-frame
 * callbacks opened while `run` goes on, each with where it came from (the first frames of the stack, mapped to
 * the sources). What the trace shows as hundreds of IndexedDB events per message, named.
 */
export async function countPageWork(page: Page, run: () => Promise<void>): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __work?: Map<string, number> };
    if (w.__work) return;
    const work = new Map<string, number>();
    w.__work = work;
    const where = () =>
      (new Error().stack ?? "")
        .split("\n")
        .slice(3)
        .filter((l) => !/wasm/.test(l))
        .slice(0, 4)
        .map((l) =>
          l
            .trim()
            .replace(/^at /, "")
            .replace(/\(?https?:\/\/[^/]+\/assets\//, "("),
        )
        .join(" < ");
    const db = IDBDatabase.prototype;
    const transaction = db.transaction;
    db.transaction = function (
      this: IDBDatabase,
      stores: string | string[],
      mode?: IDBTransactionMode,
      ...rest: unknown[]
    ) {
      const key = `idb ${this.name} [${[stores].flat().join(",")}] ${mode ?? "readonly"} @ ${where()}`;
      work.set(key, (work.get(key) ?? 0) + 1);
      return (transaction as (...a: unknown[]) => IDBTransaction).call(this, stores, mode, ...rest);
    } as typeof db.transaction;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb: FrameRequestCallback) => {
      const key = `raf @ ${where()}`;
      work.set(key, (work.get(key) ?? 0) + 1);
      return raf(cb);
    };
  });
  await page.evaluate(() => (window as unknown as { __work: Map<string, number> }).__work.clear());
  await run();
  const counts = await page.evaluate(() => [
    ...(window as unknown as { __work: Map<string, number> }).__work,
  ]);
  console.log("\npage work while measuring (count, what, where from):");
  for (const [key, n] of counts.sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${String(n).padStart(6)}  ${key.slice(0, 400)}`);
}
