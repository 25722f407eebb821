// One benchmark size, end to end, on a fresh copy of its fixture: fresh-device sign-ins of the bare SDK and of
// the console in Chromium (alternating which goes first, so neither always meets a cold server), memory after
// settling, warm restarts, a scroll through the whole inbox, then the live measures with both clients open.
import { startWebServer, type WebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { BaselineClient } from "./baseline.ts";
import { ConsoleProfile } from "./console-driver.ts";
import { runFixture, type RunningFixture } from "./fixture.ts";
import { measureComplexity, type ComplexitySample } from "./complexity.ts";
import { deleteDevices } from "./http.ts";
import {
  measureBaselineBroadcasts,
  measureConsoleBroadcasts,
  measureInvites,
  measureMessages,
  sampledWallets,
  type LiveContext,
  type MessageSample,
} from "./latency.ts";
import { synapseVersion } from "./machine.ts";
import { scrollWholeInbox } from "./scroll.ts";
import { SyncProbe } from "./sync-probe.ts";

export interface SizeOptions {
  rooms: number;
  runs: number;
  /** Measured sends per wallet shape, invites, broadcasts (0 skips the live measures). */
  messages: number;
  invites: number;
  broadcasts: number;
  /** Samples of each algorithmic-complexity payload and its plain twin (0 skips the measure). */
  complexity: number;
  /** Fresh sign-ins of the console forced onto classic /sync (its fallback): the "before" of sliding sync. */
  classicRuns: number;
  /** Pixels per frame when scrolling the whole inbox (0 skips it). */
  scrollStep: number;
  webRoot?: string;
  log: (line: string) => void;
}

export interface SizeResult {
  rooms: number;
  runs: number;
  fresh: {
    console: number[];
    baseline: number[];
    baselineSyncMs: number[];
    baselineSyncBytes: number[];
    /** /sync requests the bare SDK abandoned on its own time-out and sent again, per run. */
    baselineSyncFailures: number[];
  };
  /** Console: navigation start to 20 rows painted, on the same profile after closing Chromium. */
  warm: number[];
  /** Console: sign-in until every conversation is listed. */
  complete: number[];
  /** Console after a restart: navigation start until the inbox has caught up with the server again. */
  warmCaughtUp: number[];
  /** Measures that failed (the run goes on without them), with why. */
  errors: string[];
  memory: {
    consoleHeap: number[];
    consoleRss: number[];
    baselineHeap: number[];
    baselineRss: number[];
  };
  /** The console on its classic /sync fallback: sign-in to 20 rows, to all listed, heap and renderer RSS. */
  classic: { fresh: number[]; complete: number[]; heap: number[]; rss: number[] };
  scroll: { frameTimes: number[]; longFrames: number[]; seconds: number; distance: number } | null;
  messages: MessageSample[];
  invites: { console: number[]; baseline: number[] };
  broadcasts: { console: number[]; baseline: number[]; wallets: number };
  /** Hostile messages built to be slow to render, and plain ones of the same size (absent in older results). */
  complexity?: ComplexitySample[];
  seconds: number;
  /** The homeserver's name and version. */
  server: string;
}

const FRESH_TIMEOUT_MS = 30 * 60_000;
const SAMPLED_WALLETS = 3;

export async function runSize(opts: SizeOptions): Promise<SizeResult> {
  const started = Date.now();
  const { log, rooms } = opts;
  const result: SizeResult = {
    rooms,
    runs: opts.runs,
    fresh: { console: [], baseline: [], baselineSyncMs: [], baselineSyncBytes: [], baselineSyncFailures: [] },
    warm: [],
    complete: [],
    warmCaughtUp: [],
    errors: [],
    memory: { consoleHeap: [], consoleRss: [], baselineHeap: [], baselineRss: [] },
    classic: { fresh: [], complete: [], heap: [], rss: [] },
    scroll: null,
    messages: [],
    invites: { console: [], baseline: [] },
    broadcasts: { console: [], baseline: [], wallets: SAMPLED_WALLETS },
    complexity: [],
    seconds: 0,
    server: "unknown",
  };
  const fixture: RunningFixture = await runFixture(rooms);
  const { hs, manifest } = fixture;
  const support = manifest.support;
  result.server = await synapseVersion(hs.url);
  let web: WebServer | null = null;
  let baseline: BaselineClient | null = null;
  let profile: ConsoleProfile | null = null;
  let probe: SyncProbe | null = null;
  try {
    web = await startWebServer({
      root: opts.webRoot,
      config: {
        ...DEFAULT_CONFIG,
        homeserverUrl: hs.url,
        supportUserId: support.userId,
        notificationRoom: manifest.notificationRoom.alias,
        allowUnencryptedReplies: true,
      },
    });
    for (let run = 0; run < opts.classicRuns; run++) {
      await deleteDevices(hs.url, support.userId, support.password);
      const classic = new ConsoleProfile(web.url, "classic");
      try {
        await classic.launch();
        const fresh = await classic.signIn(support.userId, support.password, FRESH_TIMEOUT_MS);
        const complete = await classic.settle(rooms, FRESH_TIMEOUT_MS);
        const memory = await classic.memory();
        result.classic.fresh.push(fresh);
        result.classic.complete.push(fresh + complete);
        result.classic.heap.push(memory.jsHeapUsed);
        result.classic.rss.push(memory.rendererRss);
        log(
          `  [${rooms}] classic run ${run + 1} console on classic /sync: 20 rows ${(fresh / 1000).toFixed(2)} s, ` +
            `heap ${mb(memory.jsHeapUsed)}, renderer ${mb(memory.rendererRss)}`,
        );
      } finally {
        await classic.dispose();
      }
    }
    for (let run = 0; run < opts.runs; run++) {
      const last = run === opts.runs - 1;
      // Every earlier client has stopped: sign their devices out so runs don't pile devices up.
      await deleteDevices(hs.url, support.userId, support.password);
      const runBaseline = async () => {
        baseline = BaselineClient.spawn();
        baseline.command({ kind: "start", homeserverUrl: hs.url, ...support, autoJoin: false });
        const prepared = await baseline.waitFor("prepared", undefined, FRESH_TIMEOUT_MS);
        result.fresh.baseline.push(prepared.signInMs);
        result.fresh.baselineSyncMs.push(prepared.syncMs);
        result.fresh.baselineSyncBytes.push(prepared.syncBytes);
        result.fresh.baselineSyncFailures.push(prepared.syncFailures);
        baseline.command({ kind: "memory", settleMs: 5000 });
        const memory = await baseline.waitFor("memory");
        result.memory.baselineHeap.push(memory.heapUsed);
        result.memory.baselineRss.push(memory.rss);
        log(
          `  [${rooms}] run ${run + 1} baseline: PREPARED ${(prepared.signInMs / 1000).toFixed(2)} s ` +
            `(waiting on /sync ${(prepared.syncMs / 1000).toFixed(2)} s, ${prepared.syncFailures} requests timed out), ` +
            `heap ${mb(memory.heapUsed)}`,
        );
        if (!last) {
          await baseline.stop();
          baseline = null;
        }
      };
      const runConsole = async () => {
        profile = new ConsoleProfile(web!.url);
        await profile.launch();
        const fresh = await profile.signIn(support.userId, support.password, FRESH_TIMEOUT_MS);
        result.fresh.console.push(fresh);
        const complete = await profile.settle(rooms, FRESH_TIMEOUT_MS);
        result.complete.push(complete);
        const memory = await profile.memory();
        result.memory.consoleHeap.push(memory.jsHeapUsed);
        result.memory.consoleRss.push(memory.rendererRss);
        if (last && opts.scrollStep > 0) {
          const scroll = await scrollWholeInbox(profile.open, opts.scrollStep);
          result.scroll = scroll;
        }
        // The inbox snapshot is written a few seconds after the last change.
        await new Promise((r) => setTimeout(r, 4000));
        await profile.close();
        await profile.launch();
        const warm = await profile.restartedToRows(60_000);
        result.warm.push(warm);
        // Live updates queue behind the inbox refresh, so the live measures start once it has caught up.
        const caughtUp = (await profile.caughtUp(30_000, FRESH_TIMEOUT_MS)) ?? Number.NaN;
        result.warmCaughtUp.push(caughtUp);
        log(
          `  [${rooms}] run ${run + 1} console: 20 rows ${(fresh / 1000).toFixed(2)} s, all ${rooms} listed ` +
            `${((fresh + complete) / 1000).toFixed(1)} s, heap ${mb(memory.jsHeapUsed)}, renderer ` +
            `${mb(memory.rendererRss)}, restart ${(warm / 1000).toFixed(2)} s (caught up ${(caughtUp / 1000).toFixed(1)} s)`,
        );
        if (!last) {
          await profile.dispose();
          profile = null;
        }
      };
      if (run % 2 === 0) {
        await runBaseline();
        await runConsole();
      } else {
        await runConsole();
        await runBaseline();
      }
    }

    if (opts.messages > 0 || opts.invites > 0 || opts.broadcasts > 0 || opts.complexity > 0) {
      const page = (profile as ConsoleProfile | null)?.open ?? null;
      probe = await SyncProbe.start(hs.url, support.userId, support.password);
      const ctx: LiveContext = { hs, manifest, page, baseline, probe, log };
      // A measure that fails is reported as failed, with why; the others still run.
      const attempt = async (what: string, run: () => Promise<void>) => {
        try {
          await run();
          log(`  [${rooms}] ${what} measured`);
        } catch (err) {
          const reason = (err as Error).message.split("\n")[0]!;
          result.errors.push(`${what}: ${reason}`);
          log(`  [${rooms}] ${what} FAILED: ${reason}`);
        }
      };
      if (opts.messages > 0)
        await attempt("messages", async () => {
          result.messages = await measureMessages(ctx, opts.messages);
        });
      if (opts.complexity > 0)
        await attempt("complexity payloads", async () => {
          result.complexity = await measureComplexity(ctx, opts.complexity);
        });
      if (opts.broadcasts > 0)
        await attempt("broadcasts", async () => {
          const wallets = await sampledWallets(ctx, SAMPLED_WALLETS);
          try {
            result.broadcasts.console = await measureConsoleBroadcasts(ctx, wallets, opts.broadcasts);
            result.broadcasts.baseline = await measureBaselineBroadcasts(ctx, wallets, opts.broadcasts);
          } finally {
            wallets.forEach((w) => w.stop());
          }
        });
      if (opts.invites > 0) {
        // One client answers invites at a time: both would race to join the same rooms.
        await attempt("invites (console)", async () => {
          result.invites.console = await measureInvites(ctx, opts.invites);
        });
        await (profile as ConsoleProfile | null)?.dispose();
        profile = null;
        await attempt("invites (bare SDK)", async () => {
          (baseline as BaselineClient | null)?.command({ kind: "auto-join", on: true });
          await (baseline as BaselineClient | null)?.waitFor("ok");
          result.invites.baseline = await measureInvites({ ...ctx, page: null }, opts.invites);
        });
      }
    }
  } finally {
    await probe?.stop();
    await (profile as ConsoleProfile | null)?.dispose();
    await (baseline as BaselineClient | null)?.stop();
    await web?.close();
    await fixture.dispose();
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
