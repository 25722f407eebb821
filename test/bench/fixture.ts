// The benchmark's homeserver fixtures (built by fixture-build.ts): where each size is saved under the cache, its
// manifest, its PostgreSQL copy (ported once with synapse_port_db), and starting Synapse on a fresh copy of it
// for a run — on SQLite or PostgreSQL — so nothing a run does (devices, rooms, messages) leaks into the next.
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { QuickWallet } from "../harness/fixtures.ts";
import { dataDirInChroot, runSynapseTool, startHomeserver, type Homeserver } from "../harness/homeserver.ts";
import { saveCluster, startPostgres, synapseDatabaseConfig, type Postgres } from "../harness/postgres.ts";
import { alignPortedSequences, sequenceProblems } from "./pg-port.ts";
import { cacheRoot } from "../harness/synapse-chroot.ts";

/** Bump when what a fixture contains changes, so saved copies are rebuilt rather than trusted. */
export const FIXTURE_VERSION = "2";
/** The server name is baked into every ID in the database; the port is not part of it, so any port works. */
export const SERVER_NAME = "bench.test";
export interface FixtureManifest {
  version: string;
  rooms: number;
  e2eeRooms: number;
  /** Message keys of E2EE conversations in the server-side key backup (the later E2EE wallets'). */
  backedUpSessions: number;
  /** The account's recovery key (set up by the fixture's first agent device). */
  recoveryKey: string;
  serverName: string;
  support: { userId: string; password: string };
  notificationRoom: { roomId: string; alias: string };
  /** Plaintext wallets (AltMe today) whose tokens the benchmark uses to send into existing conversations. */
  wallets: Array<Pick<QuickWallet, "userId" | "accessToken" | "roomId">>;
  buildSeconds: number;
  builtAt: string;
}

export interface RunningFixture {
  hs: Homeserver;
  manifest: FixtureManifest;
  database: Database;
  /** Stops Synapse and deletes the copy. */
  dispose(): Promise<void>;
}

export function fixtureDir(rooms: number): string {
  return join(cacheRoot(), "bench", `rooms-${rooms}-v${FIXTURE_VERSION}`);
}

export function savedFixture(rooms: number): FixtureManifest | null {
  const file = join(fixtureDir(rooms), "manifest.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as FixtureManifest) : null;
}

/** Background updates Synapse still has to run on a (stopped) server's SQLite database. */
async function pendingBackgroundUpdates(dataDir: string): Promise<number> {
  const db = `${dataDirInChroot(dataDir)}/homeserver.db`;
  const out = await runSynapseTool(dataDir, [
    "python3",
    "-c",
    `import sqlite3; print(sqlite3.connect("${db}").execute("select count(*) from background_updates").fetchone()[0])`,
  ]);
  return Number(out.trim().split("\n").at(-1));
}

/**
 * Runs Synapse on `dataDir` until its background updates (index builds and the like, queued when the schema
 * was created) are done: a benchmark run must not pay for them, and synapse_port_db refuses to port before.
 */
export async function finishBackgroundUpdates(
  dataDir: string,
  serverName: string,
  log: (line: string) => void,
) {
  if ((await pendingBackgroundUpdates(dataDir)) === 0) return;
  log("  finishing Synapse's background updates on the fixture…");
  const hs = await startHomeserver({
    dataDir,
    serverName,
    extraConfig: { background_updates: { sleep_enabled: false } },
    readyTimeoutMs: 15 * 60_000,
  });
  try {
    const deadline = Date.now() + 30 * 60_000;
    while ((await pendingBackgroundUpdates(dataDir)) > 0) {
      if (Date.now() > deadline) throw new Error("Synapse's background updates did not finish in 30 min");
      await new Promise((r) => setTimeout(r, 3000));
    }
  } finally {
    await hs.stop();
  }
}

export type Database = "sqlite" | "postgres";

/** Where the PostgreSQL copy of a fixture is kept: a stopped cluster directory holding database `synapse`. */
function postgresFixtureDir(rooms: number): string {
  return join(fixtureDir(rooms), "postgres");
}

/**
 * The PostgreSQL copy of a saved fixture, made once with Synapse's own `synapse_port_db` from the SQLite
 * database (the way providers move to PostgreSQL), rather than building an hour of rooms again.
 */
export async function ensurePostgresFixture(rooms: number, log: (line: string) => void): Promise<void> {
  const saved = postgresFixtureDir(rooms);
  if (existsSync(join(saved, "PG_VERSION"))) {
    // A copy ported before its sequences were aligned loses the first write of each stream: port it again.
    const problems = await savedCopyProblems(saved);
    if (problems.length === 0) return;
    log(`The PostgreSQL copy is out of step (${problems[0]}); porting it again.`);
    rmSync(saved, { recursive: true, force: true });
  }
  if (!savedFixture(rooms)) throw new Error(`No saved fixture for ${rooms} conversations; build it first`);
  const started = Date.now();
  log(`Porting the ${rooms}-conversation fixture to PostgreSQL with synapse_port_db (once per machine)…`);
  const work = mkdtempSync(join(tmpdir(), `wsc-port-${rooms}-`));
  const pg = await startPostgres();
  try {
    for (const file of ["homeserver.db", "signing.key", "registration_secret"])
      cpSync(join(fixtureDir(rooms), file), join(work, file));
    // Finished on the saved SQLite copy too, so SQLite runs don't do that work while being measured.
    await finishBackgroundUpdates(work, SERVER_NAME, log);
    cpSync(join(work, "homeserver.db"), join(fixtureDir(rooms), "homeserver.db"));
    await pg.createDatabase("synapse");
    const inChroot = dataDirInChroot(work);
    writeFileSync(
      join(work, "postgres.yaml"),
      // synapse_port_db reads it as a whole homeserver config: the server name is required too.
      JSON.stringify({
        server_name: SERVER_NAME,
        report_stats: false,
        signing_key_path: `${inChroot}/signing.key`,
        database: synapseDatabaseConfig(pg.host, pg.port, "synapse"),
      }),
    );
    await runSynapseTool(work, [
      "synapse_port_db",
      "--sqlite-database",
      `${inChroot}/homeserver.db`,
      "--postgres-config",
      `${inChroot}/postgres.yaml`,
    ]);
    // synapse_port_db leaves its sequences unread, which Synapse reads as one id ahead (see pg-port.ts), and the
    // to-device sequence behind the position it carries over.
    await alignPortedSequences(pg.sql, "synapse");
    const problems = await sequenceProblems(pg.sql, "synapse");
    if (problems.length > 0) throw new Error(`The ported database is out of step: ${problems.join("; ")}`);
    await pg.sql("VACUUM ANALYZE", "synapse");
    await pg.stop({ keep: true });
    saveCluster(pg.dataDir, `${saved}.partial`);
    rmSync(saved, { recursive: true, force: true });
    renameSync(`${saved}.partial`, saved);
    log(`Ported to PostgreSQL in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await pg.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** What is out of step in a saved PostgreSQL copy (see pg-port.ts); empty when Synapse will read it right. */
async function savedCopyProblems(saved: string): Promise<string[]> {
  const pg = await startPostgres({ from: saved });
  try {
    return await sequenceProblems(pg.sql, "synapse");
  } finally {
    await pg.stop();
  }
}

/** Starts Synapse (on SQLite or PostgreSQL) on a fresh copy of the saved fixture. */
export async function runFixture(rooms: number, database: Database = "sqlite"): Promise<RunningFixture> {
  const manifest = savedFixture(rooms);
  if (!manifest) throw new Error(`No saved fixture for ${rooms} conversations; build it first`);
  const copy = mkdtempSync(join(tmpdir(), `wsc-bench-${rooms}-`));
  // The PostgreSQL run needs the server's keys and media, not the SQLite database or the saved cluster.
  const skip = new Set(["postgres", ...(database === "postgres" ? ["homeserver.db"] : [])]);
  cpSync(fixtureDir(rooms), copy, {
    recursive: true,
    filter: (src) => !skip.has(src.slice(fixtureDir(rooms).length + 1).split("/")[0]!),
  });
  const pg: Postgres | null =
    database === "postgres" ? await startPostgres({ from: postgresFixtureDir(rooms) }) : null;
  try {
    const problems = pg ? await sequenceProblems(pg.sql, "synapse") : [];
    if (problems.length > 0)
      throw new Error(
        `The PostgreSQL copy of the ${rooms}-conversation fixture is out of step (${problems.join("; ")}): ` +
          `delete ${postgresFixtureDir(rooms)} so the bench ports it again`,
      );
    const hs = await startHomeserver({
      dataDir: copy,
      serverName: manifest.serverName,
      readyTimeoutMs: 10 * 60_000,
      ...(pg ? { database: synapseDatabaseConfig(pg.host, pg.port, "synapse") } : {}),
    });
    return {
      hs,
      manifest,
      database,
      dispose: async () => {
        await hs.stop();
        await pg?.stop();
        rmSync(copy, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await pg?.stop();
    rmSync(copy, { recursive: true, force: true });
    throw err;
  }
}
