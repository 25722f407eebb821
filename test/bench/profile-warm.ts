// Where a warm restart spends its time: signs the console in on a saved fixture, restarts it on the same
// profile a few times with the CPU profiler on, and prints the app's start-up marks (wsc:…), the scripts'
// load times and the functions that used the most CPU before the 20th row was painted.
//   npm run bench:profile-warm -- [--rooms 1000] [--runs 3]   (needs the saved fixture: npm run bench first)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import type { Page } from "playwright-core";
import { startWebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { launchPersistentChromium } from "../harness/browser.ts";
import { ConsoleProfile, VIEWPORT } from "./console-driver.ts";
import { runFixture } from "./fixture.ts";
import { deleteDevices } from "./http.ts";
import { FIRST_ROWS, INBOX_REGION, installProbe, type ProbeState } from "./probe.ts";

const { values } = parseArgs({
  options: { rooms: { type: "string", default: "1000" }, runs: { type: "string", default: "3" } },
});
const rooms = Number(values.rooms);
const runs = Number(values.runs);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/** Self time per function (ms) among samples taken before `untilMs` after the profile started. */
function selfTimes(profile: CpuProfile, untilUs: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t > untilUs) break;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    const file = node.callFrame.url.split("/").pop() || "(native)";
    const key = `${node.callFrame.functionName || "(anonymous)"} ${file}:${node.callFrame.lineNumber}`;
    totals.set(key, (totals.get(key) ?? 0) + dt / 1000);
  }
  return totals;
}

async function timings(page: Page) {
  return page.evaluate(() => ({
    marks: performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)] as const),
    nav: performance.getEntriesByType("navigation").map((n) => {
      const e = n as PerformanceNavigationTiming;
      return { responseEnd: Math.round(e.responseEnd), domInteractive: Math.round(e.domInteractive) };
    })[0],
    resources: performance.getEntriesByType("resource").map((r) => {
      const e = r as PerformanceResourceTiming;
      return [
        e.name.split("/").pop()!.slice(0, 40),
        Math.round(e.startTime),
        Math.round(e.responseEnd),
      ] as const;
    }),
    paints: performance.getEntriesByType("paint").map((p) => [p.name, Math.round(p.startTime)] as const),
  }));
}

const ASSETS = join(import.meta.dirname, "..", "..", "dist", "web", "assets");
const maps = new Map<string, TraceMap>();
function mapFor(file: string): TraceMap | null {
  if (!file.endsWith(".js")) return null;
  if (!maps.has(file)) {
    try {
      maps.set(file, new TraceMap(readFileSync(join(ASSETS, `${file}.map`), "utf8")));
    } catch {
      return null;
    }
  }
  return maps.get(file)!;
}

/** Self time per original source package ("app" for our code), through the build's source maps. */
function byPackage(profile: CpuProfile, window: "all" | "before-main" = "all"): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = byId.get(profile.samples[i]!)!.callFrame;
    const file = frame.url.split("/").pop() ?? "";
    const map = mapFor(file);
    let key = frame.url ? file : frame.functionName;
    if (map) {
      const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
      const source = pos.source ?? "?";
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
      key = pkg
        ? pkg[1]!
        : source.includes("renderer/")
          ? `app ${source.replace(/.*renderer\//, "")}`
          : source;
      if (window === "before-main" && source.endsWith("renderer/main.ts")) break;
    }
    totals.set(key, (totals.get(key) ?? 0) + dt);
  }
  return totals;
}

const fixture = await runFixture(rooms);
const { hs, manifest } = fixture;
const web = await startWebServer({
  config: {
    ...DEFAULT_CONFIG,
    homeserverUrl: hs.url,
    supportUserId: manifest.support.userId,
    notificationRoom: manifest.notificationRoom.alias,
  },
});
const profile = new ConsoleProfile(web.url);
try {
  await deleteDevices(hs.url, manifest.support.userId, manifest.support.password);
  await profile.launch();
  const fresh = await profile.signIn(manifest.support.userId, manifest.support.password, 600_000);
  console.log(`fresh device → 20 rows: ${fresh.toFixed(0)} ms`);
  await profile.settle(rooms, 600_000);
  await new Promise((r) => setTimeout(r, 4000));
  await profile.close();
  for (let run = 0; run < runs; run++) {
    const context = await launchPersistentChromium(profile.dir, { viewport: VIEWPORT });
    await context.addInitScript(installProbe, { region: INBOX_REGION, rows: FIRST_ROWS });
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.goto(web.url);
    await page.waitForFunction(
      () => (window as unknown as { __bench: { state: ProbeState } }).__bench.state.rowsPaintedAt !== null,
      null,
      { timeout: 60_000, polling: 50 },
    );
    const state = await page.evaluate(
      () => (window as unknown as { __bench: { state: ProbeState } }).__bench.state,
    );
    const { profile: cpu } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
    const t = await timings(page);
    console.log(
      `\nrestart ${run + 1}: 20 rows in DOM ${state.rowsAt?.toFixed(0)} ms, painted ${state.rowsPaintedAt?.toFixed(0)} ms`,
    );
    console.log(`  document: response ${t.nav?.responseEnd} ms, interactive ${t.nav?.domInteractive} ms`);
    for (const [name, start, end] of t.resources) console.log(`  load ${name}: ${start}–${end} ms`);
    for (const [name, at] of t.paints) console.log(`  paint ${name}: ${at} ms`);
    for (const [name, at] of t.marks) console.log(`  mark ${name}: ${at} ms`);
    // The profile's clock starts earlier than navigation; cut it at the paint using the last sample's time.
    const end = cpu.startTime + cpu.timeDeltas.reduce((a, b) => a + b, 0);
    const selfs = [...selfTimes(cpu, end).entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    const total = [...selfTimes(cpu, end).values()].reduce((a, b) => a + b, 0);
    console.log(`  CPU (self time, ${total.toFixed(0)} ms sampled until rows painted + settle):`);
    for (const [fn, ms] of selfs) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
    const early = [...byPackage(cpu, "before-main").entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log("  CPU by source until main.ts runs (module loading):");
    for (const [pkg, ms] of early) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${pkg}`);
    const packages = [...byPackage(cpu).entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
    console.log("  CPU by source:");
    for (const [pkg, ms] of packages) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${pkg}`);
    await context.close();
  }
} finally {
  await profile.dispose();
  await web.close();
  await fixture.dispose();
}
