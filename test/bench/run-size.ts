// One benchmark size, end to end, on a fresh copy of its fixture: fresh-device sign-ins of the bare SDK and of
// the console in Chromium (alternating which goes first, so neither always meets a cold server), memory after
// settling, warm restarts, a scroll through the whole inbox, then the live measures with both clients open.
import { startWebServer, type WebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { BaselineClient } from "./baseline.ts";
import { measureTeamPropagation } from "./team.ts";
import { ConsoleProfile } from "./console-driver.ts";
import { runFixture, type Database, type RunningFixture } from "./fixture.ts";
import { measureComplexity, type ComplexitySample } from "./complexity.ts";
import { deleteDevices } from "./http.ts";
import { measureBaselineKeyBackup, measureConsoleKeyBackup, type KeyBackupSample } from "./key-backup.ts";
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
import { PAGING_SCHEDULES, timeRawPaging, type PagingRun } from "./raw-paging.ts";
import { measureFilters, type FilterSamples } from "./filters.ts";
import { scrollWholeInbox } from "./scroll.ts";
import { SynapseLog } from "./synapse-log.ts";
import { SyncProbe } from "./sync-probe.ts";

export interface SizeOptions {
  rooms: number;
  database: Database;
  runs: number;
  /** Paging schedules timed raw in every run (names from PAGING_SCHEDULES); the fastest is the baseline. */
  rawSchedules: string[];
  /** Enter the recovery key on the console and the bare SDK and count the key-backup traffic. */
  keyBackup: boolean;
  /** Measured sends per wallet shape, invites, broadcasts (0 skips the live measures). */
  messages: number;
  invites: number;
  broadcasts: number;
  /** Samples of each algorithmic-complexity payload and its plain twin (0 skips the measure). */
  complexity: number;
  /** Claims/releases timed from device A to a second device B of the same account (0 skips the measure). */
  team: number;
  /** Fresh sign-ins of the console forced onto classic /sync (its fallback): the "before" of sliding sync. */
  classicRuns: number;
  /** Pixels per frame when scrolling the whole inbox (0 skips it). */
  scrollStep: number;
  webRoot?: string;
  log: (line: string) => void;
}

export interface SizeResult {
  rooms: number;
  database: Database;
  runs: number;
  /** The raw server's time to hand over every room through sliding sync, per schedule and run (no client). */
  raw: PagingRun[];
  /** After the recovery key is given on a device that has just signed in: key-backup traffic. */
  keyBackup: { console: KeyBackupSample | null; baseline: KeyBackupSample | null };
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
  /** Tabs and search with every conversation listed: action → result painted (ms). */
  filters: FilterSamples | null;
  messages: MessageSample[];
  invites: { console: number[]; baseline: number[] };
  broadcasts: { console: number[]; baseline: number[]; wallets: number };
  /** Hostile messages built to be slow to render, and plain ones of the same size (absent in older results). */
  complexity?: ComplexitySample[];
  seconds: number;
  /** The homeserver's name and version. */
  server: string;
  /** Status change on device A → visible on device B (ms per claim/release). */
  team: number[];
}

const FRESH_TIMEOUT_MS = 30 * 60_000;
const SAMPLED_WALLETS = 3;

export async function runSize(opts: SizeOptions): Promise<SizeResult> {
  const started = Date.now();
  const { log, rooms } = opts;
  const result: SizeResult = {
    rooms,
    database: opts.database,
    runs: opts.runs,
    raw: [],
    keyBackup: { console: null, baseline: null },
    fresh: { console: [], baseline: [], baselineSyncMs: [], baselineSyncBytes: [], baselineSyncFailures: [] },
    warm: [],
    complete: [],
    warmCaughtUp: [],
    errors: [],
    memory: { consoleHeap: [], consoleRss: [], baselineHeap: [], baselineRss: [] },
    classic: { fresh: [], complete: [], heap: [], rss: [] },
    scroll: null,
    filters: null,
    messages: [],
    invites: { console: [], baseline: [] },
    broadcasts: { console: [], baseline: [], wallets: SAMPLED_WALLETS },
    complexity: [],
    team: [],
    seconds: 0,
    server: "unknown",
  };
  const fixture: RunningFixture = await runFixture(rooms, opts.database);
  const { hs, manifest } = fixture;
  const synapseLog = new SynapseLog(hs.logFile);
  const tag = `[${rooms} ${opts.database}]`;
  const support = manifest.support;
  result.server = await synapseVersion(hs.url);
  let web: WebServer | null = null;
  let baseline: BaselineClient | null = null;
  let profile: ConsoleProfile | null = null;
  let probe: SyncProbe | null = null;
  // This checkout's build marks its save; another one (--web-root) may predate the mark.
  const marksSave = opts.webRoot === undefined;
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
          `  ${tag} classic run ${run + 1} console on classic /sync: 20 rows ${(fresh / 1000).toFixed(2)} s, ` +
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
          `  ${tag} run ${run + 1} baseline: PREPARED ${(prepared.signInMs / 1000).toFixed(2)} s ` +
            `(waiting on /sync ${(prepared.syncMs / 1000).toFixed(2)} s, ${prepared.syncFailures} requests timed out), ` +
            `heap ${mb(memory.heapUsed)}`,
        );
        if (!last) {
          await baseline.stop();
          baseline = null;
        }
      };
      const runConsole = async () => {
        profile = new ConsoleProfile(web!.url, "sliding", marksSave);
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
        if (last) result.filters = await measureFilters(profile.open);
        await profile.saveInbox();
        await profile.close();
        await profile.launch();
        const warm = await profile.restartedToRows(60_000);
        result.warm.push(warm);
        // Live updates queue behind the inbox refresh, so the live measures start once it has caught up.
        const caughtUp = (await profile.caughtUp(30_000, FRESH_TIMEOUT_MS)) ?? Number.NaN;
        result.warmCaughtUp.push(caughtUp);
        log(
          `  ${tag} run ${run + 1} console: 20 rows ${(fresh / 1000).toFixed(2)} s, all ${rooms} listed ` +
            `${((fresh + complete) / 1000).toFixed(1)} s, heap ${mb(memory.jsHeapUsed)}, renderer ` +
            `${mb(memory.rendererRss)}, restart ${(warm / 1000).toFixed(2)} s (caught up ${(caughtUp / 1000).toFixed(1)} s)`,
        );
        if (!last) {
          await profile.dispose();
          profile = null;
        }
      };
      const runRaw = async () => {
        for (const name of opts.rawSchedules) {
          const schedule = PAGING_SCHEDULES[name];
          if (!schedule) throw new Error(`unknown paging schedule "${name}"`);
          const paged = await timeRawPaging(hs.url, support.userId, support.password, rooms, schedule);
          result.raw.push(paged);
          log(
            `  ${tag} run ${run + 1} raw sliding sync, ${name}: every room in ${(paged.ms / 1000).toFixed(2)} s ` +
              `(${paged.requests} requests, ${(paged.bytes / 1024 / 1024).toFixed(1)} MB, ${paged.rooms} rooms)`,
          );
        }
      };
      // Neither client always meets a cold server: the order turns around every run.
      if (run % 2 === 0) {
        await runBaseline();
        await runConsole();
        await runRaw();
      } else {
        await runRaw();
        await runConsole();
        await runBaseline();
      }
    }

    if (
      opts.messages > 0 ||
      opts.invites > 0 ||
      opts.broadcasts > 0 ||
      opts.keyBackup ||
      opts.complexity > 0 ||
      opts.team > 0
    ) {
      const page = (profile as ConsoleProfile | null)?.open ?? null;
      probe = await SyncProbe.start(hs.url, support.userId, support.password);
      const ctx: LiveContext = { hs, manifest, page, baseline, probe, log };
      const logKeyBackup = (who: string, k: KeyBackupSample) =>
        log(
          `  ${tag} key backup, ${who}: ${k.requests} requests under /room_keys/ (${k.perSession} per-session, ` +
            `${k.bulk} bulk), server ${k.serverSeconds.toFixed(2)} s; done in ${(k.doneMs / 1000).toFixed(1)} s, ` +
            `last request after ${(k.trafficMs / 1000).toFixed(1)} s`,
        );
      // A measure that fails is reported as failed, with why; the others still run.
      const attempt = async (what: string, run: () => Promise<void>) => {
        try {
          await run();
          log(`  ${tag} ${what} measured`);
        } catch (err) {
          const reason = (err as Error).message.split("\n")[0]!;
          result.errors.push(`${what}: ${reason}`);
          log(`  ${tag} ${what} FAILED: ${reason}`);
        }
      };
      // The console first: the agent enters the recovery key on this new device; live measures follow, so a
      // console still busy with the backup would show in them.
      if (opts.keyBackup && page)
        await attempt("key backup (console)", async () => {
          result.keyBackup.console = await measureConsoleKeyBackup(page, synapseLog, manifest.recoveryKey);
          ctx.recoveryKeyGiven = true;
          logKeyBackup("console", result.keyBackup.console);
        });
      // A second device of the account, unlocked with the recovery key like device A above.
      if (opts.team > 0 && page && result.keyBackup.console)
        await attempt("team status A → B", async () => {
          result.team = await measureTeamPropagation(page, {
            siteUrl: web!.url,
            support,
            recoveryKey: manifest.recoveryKey,
            rooms,
            changes: opts.team,
            freshTimeoutMs: FRESH_TIMEOUT_MS,
          });
          const sorted = [...result.team].sort((x, y) => x - y);
          log(
            `  ${tag} status change on device A → visible on device B: p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, ` +
              `max ${sorted[sorted.length - 1]!.toFixed(0)} ms (${sorted.length} claims/releases)`,
          );
        });
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
      // One client answers invites at a time: both would race to join the same rooms.
      if (opts.invites > 0)
        await attempt("invites (console)", async () => {
          result.invites.console = await measureInvites(ctx, opts.invites);
        });
      await (profile as ConsoleProfile | null)?.dispose();
      profile = null;
      const bare = baseline as BaselineClient | null;
      if (opts.keyBackup && bare)
        await attempt("key backup (bare SDK)", async () => {
          result.keyBackup.baseline = await measureBaselineKeyBackup(bare, synapseLog, manifest.recoveryKey);
          logKeyBackup("bare SDK", result.keyBackup.baseline);
        });
      if (opts.invites > 0 && bare)
        await attempt("invites (bare SDK)", async () => {
          bare.command({ kind: "auto-join", on: true });
          await bare.waitFor("ok");
          result.invites.baseline = await measureInvites({ ...ctx, page: null }, opts.invites);
        });
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
