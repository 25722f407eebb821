// Where a warm restart spends its time: signs the console in on a saved fixture, restarts it on the same
// profile a few times with the CPU profiler on, and prints the app's start-up marks (wsc:…), the scripts'
// load times and the functions that used the most CPU before the 20th row was painted.
//   npm run bench:profile-warm -- [--rooms 1000] [--runs 3]   (needs the saved fixture: npm run bench first)
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { startWebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { launchPersistentChromium } from "../harness/browser.ts";
import { ConsoleProfile, VIEWPORT } from "./console-driver.ts";
import { attribute, printTop, type CpuProfile } from "./cpu-profile.ts";
import { runFixture } from "./fixture.ts";
import { deleteDevices } from "./http.ts";
import { FIRST_ROWS, INBOX_REGION, installProbe, type ProbeState } from "./probe.ts";

const { values } = parseArgs({
  options: { rooms: { type: "string", default: "1000" }, runs: { type: "string", default: "3" } },
});
const rooms = Number(values.rooms);
const runs = Number(values.runs);

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
  await profile.saveInbox();
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
    const samples = attribute(cpu);
    printTop("CPU self time by function", samples, (x) => x.fn, 25);
    if (samples.some((x) => x.afterMain)) {
      printTop(
        "CPU by source until main.ts runs (module loading)",
        samples.filter((x) => !x.afterMain),
        (x) => x.pkg,
        25,
      );
    }
    printTop("CPU by source", samples, (x) => x.pkg, 20);
    // The CPU between the marks: the profile's clock is put on the page's by its first sample in main.ts.
    const firstMain = samples.find((x) => x.afterMain);
    const mainMark = t.marks.find(([name]) => name === "wsc:main")?.[1];
    if (firstMain && mainMark !== undefined && state.rowsAt !== null) {
      const offset = mainMark - firstMain.at;
      const steps: Array<[string, number]> = [
        ["navigation", 0],
        ...t.marks.filter(([name]) => name.startsWith("wsc:")).map(([n, at]) => [n, at] as [string, number]),
        ["20 rows in DOM", state.rowsAt],
      ];
      for (let i = 1; i < steps.length; i++) {
        const [from, start] = steps[i - 1]!;
        const [to, end] = steps[i]!;
        if (end <= start) continue;
        const inStep = samples.filter((x) => x.at + offset >= start && x.at + offset < end);
        printTop(`CPU from ${from} to ${to} (${(end - start).toFixed(0)} ms)`, inStep, (x) => x.fn, 6);
      }
    }
    await context.close();
  }
} finally {
  await profile.dispose();
  await web.close();
  await fixture.dispose();
}
