// A/B of two web builds on the same fixture and server: fresh-device sign-in → 20 rows painted, and the restart
// that follows (navigation → 20 rows painted), alternating the builds run by run so that a machine's drift
// (another process, a warmer server) falls on both. Prints each run and the medians; no profiler, no settle.
//   node test/bench/ab-start.ts --before dir --after dir [--rooms 300] [--runs 6]
// (dir: a web build, e.g. `git worktree add /tmp/old <commit> && cd /tmp/old && npm ci && npx vite build`
// gives /tmp/old/dist/web.)
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { startWebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { ConsoleProfile } from "./console-driver.ts";
import { runFixture } from "./fixture.ts";
import { deleteDevices } from "./http.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({
  options: {
    before: { type: "string" },
    after: { type: "string" },
    rooms: { type: "string", default: "300" },
    runs: { type: "string", default: "6" },
  },
});
if (!values.before || !values.after) {
  console.error("usage: node test/bench/ab-start.ts --before dir --after dir [--rooms 300] [--runs 6]");
  process.exit(2);
}
const rooms = Number(values.rooms);
const runs = Number(values.runs);
const fixture = await runFixture(rooms);
const { hs, manifest } = fixture;
const config = { ...DEFAULT_CONFIG, homeserverUrl: hs.url, supportUserId: manifest.support.userId };
const builds = [
  { name: "before", web: await startWebServer({ root: resolve(values.before), config }) },
  { name: "after", web: await startWebServer({ root: resolve(values.after), config }) },
];
const seen: Record<string, { fresh: number[]; warm: number[] }> = {
  before: { fresh: [], warm: [] },
  after: { fresh: [], warm: [] },
};
try {
  for (let run = 0; run < runs; run++) {
    // before, after, after, before, …: neither build always goes first.
    const order = run % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      await deleteDevices(hs.url, manifest.support.userId, manifest.support.password);
      const profile = new ConsoleProfile(build.web.url, "sliding", false);
      try {
        await profile.launch();
        const fresh = await profile.signIn(manifest.support.userId, manifest.support.password, 120_000);
        await profile.settle(rooms, 120_000, 1000);
        await profile.saveInbox();
        await profile.close();
        await profile.launch();
        const warm = await profile.restartedToRows(60_000);
        seen[build.name]!.fresh.push(fresh);
        seen[build.name]!.warm.push(warm);
        console.log(
          `run ${run + 1} ${build.name.padEnd(6)} fresh ${fresh.toFixed(0)} ms, restart ${warm.toFixed(0)} ms`,
        );
      } finally {
        await profile.dispose();
      }
    }
  }
  for (const [name, s] of Object.entries(seen))
    console.log(
      `${name.padEnd(6)} median fresh ${median(s.fresh).toFixed(0)} ms, restart ${median(s.warm).toFixed(0)} ms ` +
        `(${s.fresh.length} runs)`,
    );
} finally {
  for (const b of builds) await b.web.close();
  await fixture.dispose();
}
