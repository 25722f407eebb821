// Owns a throw-away PostgreSQL cluster for Synapse (the database providers run it on): Debian's PostgreSQL
// (initdb/pg_ctl from /usr/lib/postgresql/N/bin) in a directory of our own on a free loopback port, trust
// authentication on loopback only, stopped by its pid file. PostgreSQL refuses to run as root, so as root the
// cluster belongs to the `postgres` system user.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./homeserver.ts";

const run = promisify(execFile);
/** Synapse's own database user in the cluster (it owns the database; trust auth on loopback). */
export const PG_USER = "synapse";

export class PostgresUnavailable extends Error {
  override name = "PostgresUnavailable";
}

/** The newest installed PostgreSQL's binaries (Debian: /usr/lib/postgresql/15/bin). */
export function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new PostgresUnavailable("PostgreSQL is not installed (apt-get install -y postgresql)");
  return join(root, versions[0], "bin");
}

const isRoot = () => userInfo().uid === 0;

/** Runs a PostgreSQL binary as the cluster's owner (`postgres` when we are root). */
async function pg(bin: string, args: string[]): Promise<string> {
  const file = join(postgresBin(), bin);
  const { stdout } = isRoot()
    ? await run("runuser", ["-u", "postgres", "--", file, ...args], { cwd: "/" })
    : await run(file, args);
  return stdout;
}

async function giveToPostgres(dir: string): Promise<void> {
  if (isRoot()) await run("chown", ["-R", "postgres:postgres", dir]);
}

export interface Postgres {
  host: string;
  port: number;
  /** The cluster's directory (PGDATA). */
  dataDir: string;
  /** A database owned by Synapse's user, with the collation Synapse requires (C, UTF8). */
  createDatabase(name: string): Promise<void>;
  /** psql one statement, as the superuser. */
  sql(statement: string, database?: string): Promise<string>;
  /** Stops the cluster (fast shutdown) and, unless `keep`, deletes its directory. */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

/**
 * Starts a cluster: a fresh one (initdb) or, with `from`, a copy of a saved, stopped cluster directory (a
 * benchmark fixture), so nothing a run writes reaches the saved copy.
 */
export async function startPostgres(opts: { from?: string } = {}): Promise<Postgres> {
  postgresBin();
  const dataDir = mkdtempSync(join(tmpdir(), "wsc-pg-"));
  if (opts.from) cpSync(opts.from, dataDir, { recursive: true });
  // The socket directory must be writable by the owner; keep it next to the data.
  const socketDir = mkdtempSync(join(tmpdir(), "wsc-pgsock-"));
  await giveToPostgres(dataDir);
  await giveToPostgres(socketDir);
  if (!opts.from) {
    await pg("initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
    ]);
  }
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=on`;
  await pg("pg_ctl", ["-D", dataDir, "-o", options, "-l", join(dataDir, "postgres.log"), "-w", "start"]);
  const psql = (statement: string, database = "postgres") =>
    pg("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-Atc", statement]);
  if (!opts.from) await psql(`CREATE ROLE ${PG_USER} LOGIN`);
  return {
    host: "127.0.0.1",
    port,
    dataDir,
    sql: psql,
    async createDatabase(name) {
      await psql(
        `CREATE DATABASE ${name} OWNER ${PG_USER} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
      );
    },
    async stop({ keep = false } = {}) {
      await pg("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]).catch(() => {});
      rmSync(socketDir, { recursive: true, force: true });
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Copies a stopped cluster's directory (e.g. into the fixture cache) so it can be started again with `from`. */
export function saveCluster(dataDir: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  cpSync(dataDir, to, { recursive: true });
}

/** Synapse's `database` section for a database in this cluster (psycopg2 over loopback TCP). */
export function synapseDatabaseConfig(
  pgHost: string,
  port: number,
  database: string,
): Record<string, unknown> {
  return {
    name: "psycopg2",
    args: { user: PG_USER, database, host: pgHost, port, cp_min: 5, cp_max: 10 },
  };
}
