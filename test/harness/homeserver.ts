// Owns running a real Synapse from the cached chroot: config, start, readiness, stop/kill/restart, and
// account registration through the shared-secret admin API. Used by `npm run homeserver`, the test suite's
// global setup, the demo and the benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { cacheRoot, ensureChroot } from "./synapse-chroot.ts";

export interface HomeserverOptions {
  /** Port for the client (and plain federation) listener; a free one is picked when omitted. */
  port?: number;
  /** Matrix server name; defaults to `localhost:PORT`-free `support.test`-style names are the caller's choice. */
  serverName?: string;
  /** Where the database, media and log live (outside the chroot; bind-mounted in). */
  dataDir?: string;
  /** Keep Synapse's default rate limits (true) or lift them for fast tests (false, the default). */
  rateLimited?: boolean;
  /** Extra top-level config keys merged over the defaults (e.g. federation settings). */
  extraConfig?: Record<string, unknown>;
  /** Extra listeners (e.g. a TLS federation listener). */
  extraListeners?: Record<string, unknown>[];
  /** Synapse's `database` section (e.g. PostgreSQL, see postgres.ts); SQLite in the data directory by default. */
  database?: Record<string, unknown>;
  /** Synapse's log level (INFO, the default, includes one access-log line per request). */
  logLevel?: "INFO" | "WARNING";
  /** How long start-up may take (creating a database on a busy machine takes minutes). */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface Homeserver {
  url: string;
  serverName: string;
  port: number;
  registrationSecret: string;
  dataDir: string;
  logFile: string;
  /** Graceful stop (SIGTERM), waits for exit. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Start again on the same port and data after stop() or kill(). */
  restart(): Promise<void>;
  readonly running: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Where a data directory appears to Synapse inside the chroot (it is bind-mounted there), so files the caller
 * puts in it (e.g. TLS certificates) can be named in `extraConfig`/`extraListeners`.
 */
export function dataDirInChroot(dataDir: string): string {
  return `/srv/hs-${createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 12)}`;
}

const LIFTED = { per_second: 10000, burst_count: 100000 };

/** Synapse's limits lifted so tests are bound by the code under test, not by throttling. */
function liftedRateLimits(): Record<string, unknown> {
  return {
    rc_message: LIFTED,
    rc_registration: LIFTED,
    rc_room_creation: LIFTED,
    rc_joins_per_room: LIFTED,
    rc_3pid_validation: LIFTED,
    rc_admin_redaction: LIFTED,
    rc_key_requests: LIFTED,
    rc_media_create: LIFTED,
    rc_delayed_event_mgmt: LIFTED,
    rc_reports: LIFTED,
    rc_presence: { per_user: LIFTED },
    rc_login: { address: LIFTED, account: LIFTED, failed_attempts: LIFTED },
    rc_joins: { local: LIFTED, remote: LIFTED },
    rc_invites: { per_room: LIFTED, per_user: LIFTED, per_issuer: LIFTED },
  };
}

/** Synapse reads YAML; JSON is valid YAML, so the config is written as JSON and nothing needs escaping. */
function writeConfig(opts: {
  mountPoint: string;
  serverName: string;
  port: number;
  secret: string;
  rateLimited: boolean;
  extraConfig: Record<string, unknown>;
  extraListeners: Record<string, unknown>[];
  database: Record<string, unknown> | undefined;
  logLevel: "INFO" | "WARNING";
  hostDataDir: string;
}): void {
  const d = opts.mountPoint;
  const logConfig = {
    version: 1,
    formatters: {
      precise: { format: "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s" },
    },
    filters: { context: { "()": "synapse.logging.context.LoggingContextFilter", request: "" } },
    handlers: {
      file: {
        class: "logging.FileHandler",
        formatter: "precise",
        filename: `${d}/homeserver.log`,
        filters: ["context"],
        encoding: "utf8",
      },
    },
    loggers: { "synapse.storage.SQL": { level: "WARNING" } },
    root: { level: opts.logLevel, handlers: ["file"] },
    disable_existing_loggers: false,
  };
  writeFileSync(join(opts.hostDataDir, "log.config"), JSON.stringify(logConfig, null, 2));
  const config: Record<string, unknown> = {
    server_name: opts.serverName,
    pid_file: `${d}/homeserver.pid`,
    public_baseurl: `http://127.0.0.1:${opts.port}/`,
    listeners: [
      {
        port: opts.port,
        bind_addresses: ["127.0.0.1"],
        type: "http",
        tls: false,
        x_forwarded: false,
        resources: [{ names: ["client", "federation", "media"], compress: false }],
      },
      ...opts.extraListeners,
    ],
    database: opts.database ?? { name: "sqlite3", args: { database: `${d}/homeserver.db` } },
    log_config: `${d}/log.config`,
    media_store_path: `${d}/media_store`,
    signing_key_path: `${d}/signing.key`,
    registration_shared_secret: opts.secret,
    macaroon_secret_key: createHash("sha256").update(`macaroon${opts.secret}`).digest("hex"),
    form_secret: createHash("sha256").update(`form${opts.secret}`).digest("hex"),
    report_stats: false,
    enable_metrics: false,
    bcrypt_rounds: 4,
    // Open registration lets `npm run wallets` create accounts on a local server without the secret.
    enable_registration: true,
    enable_registration_without_verification: true,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    url_preview_enabled: false,
    presence: { enabled: false },
    max_upload_size: "100M",
    enable_authenticated_media: true,
    // Devices and refresh tokens: the console asks for refresh tokens; keep access tokens short enough that
    // rotation is exercised in a long test run, but not so short that requests race it.
    refreshable_access_token_lifetime: "10m",
    // Lets a signed-in session mint a single-use login token (MSC3882): the demo's sign-in link uses it.
    login_via_existing_session: { enabled: true, require_ui_auth: false, token_timeout: "5m" },
    ...(opts.rateLimited ? {} : liftedRateLimits()),
    ...opts.extraConfig,
  };
  writeFileSync(join(opts.hostDataDir, "homeserver.yaml"), JSON.stringify(config, null, 2));
}

async function waitForReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null)
      throw new Error(`Synapse exited with code ${exited} during start-up; see ${logFile}`);
    try {
      const res = await fetch(`${url}/_matrix/client/versions`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Synapse did not answer on ${url} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/** The shell script that bind-mounts a data directory into the chroot in a private mount namespace and runs
 * a command there: the mounts vanish with the process, even on SIGKILL. */
const CHROOT_SCRIPT =
  'mount --bind "$1" "$2$3" && mount -t proc proc "$2/proc" && shift 3 && exec chroot "$@"';

function spawnInChroot(chroot: string, dataDir: string, argv: string[]): ChildProcess {
  const mountPoint = dataDirInChroot(dataDir);
  mkdirSync(join(chroot, mountPoint), { recursive: true });
  return spawn(
    "unshare",
    [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      CHROOT_SCRIPT,
      "sh",
      dataDir,
      chroot,
      mountPoint,
      chroot,
      ...argv,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
}

/**
 * Runs one of Synapse's tools (e.g. `synapse_port_db`) inside the chroot with `dataDir` mounted where Synapse
 * sees it (`dataDirInChroot`); resolves with its output, rejects with it on a non-zero exit.
 */
export async function runSynapseTool(dataDir: string, argv: string[]): Promise<string> {
  const chroot = await ensureChroot(() => {});
  const child = spawnInChroot(chroot, resolve(dataDir), argv);
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number>((r) => child.on("exit", (c) => r(c ?? -1)));
  if (code !== 0) throw new Error(`${argv.join(" ")} exited with ${code}:\n${out.slice(-3000)}`);
  return out;
}

/** Starts a Synapse and resolves once it answers `/_matrix/client/versions`. */
export async function startHomeserver(options: HomeserverOptions = {}): Promise<Homeserver> {
  const log = options.log ?? (() => {});
  const chroot = await ensureChroot(log);
  const port = options.port ?? (await freePort());
  const serverName = options.serverName ?? `localhost:${port}`;
  const dataDir = resolve(
    options.dataDir ?? join(cacheRoot(), "data", `${serverName.replace(/[^\w.-]/g, "_")}`),
  );
  mkdirSync(join(dataDir, "media_store"), { recursive: true });
  const mountPoint = dataDirInChroot(dataDir);
  mkdirSync(join(chroot, mountPoint), { recursive: true });
  const secretFile = join(dataDir, "registration_secret");
  const secret = existsSync(secretFile)
    ? readFileSync(secretFile, "utf8").trim()
    : randomBytes(24).toString("hex");
  writeFileSync(secretFile, secret + "\n", { mode: 0o600 });
  writeConfig({
    mountPoint,
    serverName,
    port,
    secret,
    rateLimited: options.rateLimited ?? false,
    extraConfig: options.extraConfig ?? {},
    extraListeners: options.extraListeners ?? [],
    database: options.database,
    logLevel: options.logLevel ?? "INFO",
    hostDataDir: dataDir,
  });
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dataDir, "homeserver.log");

  const spawnSynapse = (extra: string[]) =>
    spawnInChroot(chroot, dataDir, [
      "python3",
      "-m",
      "synapse.app.homeserver",
      "-c",
      `${mountPoint}/homeserver.yaml`,
      ...extra,
    ]);

  if (!existsSync(join(dataDir, "signing.key"))) {
    const gen = spawnSynapse(["--generate-keys"]);
    const code = await new Promise<number>((r) => gen.on("exit", (c) => r(c ?? -1)));
    if (code !== 0) throw new Error(`Synapse could not generate its signing key (exit ${code})`);
  }

  let child: ChildProcess | null = null;
  const boot = async () => {
    mkdirSync(join(chroot, mountPoint), { recursive: true }); // stop() removes it
    // Synapse refuses to start while a stale pid file names a live process; after a kill it may linger.
    closeSync(openSync(logFile, "a"));
    const proc = spawnSynapse([]);
    let stderr = "";
    proc.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-3000)));
    proc.stdout?.resume();
    child = proc;
    try {
      await waitForReady(url, proc, logFile, options.readyTimeoutMs);
    } catch (err) {
      proc.kill("SIGKILL");
      throw new Error(`${(err as Error).message}\n${stderr}`, { cause: err });
    }
  };
  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((r) => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return r();
      proc.once("exit", () => r());
      proc.kill(signal);
      if (signal === "SIGTERM") setTimeout(() => proc.kill("SIGKILL"), 15_000).unref();
    });

  await boot();
  log(`Homeserver ready: ${url} (server name ${serverName})`);
  return {
    url,
    serverName,
    port,
    registrationSecret: secret,
    dataDir,
    logFile,
    // The empty mount point inside the chroot goes too, so the cache doesn't collect one per test run.
    stop: () =>
      waitExit("SIGTERM").then(() => {
        try {
          rmdirSync(join(chroot, mountPoint)); // only ever empty: the data lives outside the chroot
        } catch {
          // still in use by another instance on the same data dir, or gone already
        }
      }),
    kill: () => waitExit("SIGKILL"),
    restart: async () => {
      await waitExit("SIGTERM");
      await boot();
    },
    get running() {
      const proc = child as ChildProcess | null;
      return !!proc && proc.exitCode === null && proc.signalCode === null;
    },
  };
}

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  password: string;
}

/** Registers an account with the shared-secret admin API (works whatever the server's registration policy). */
export async function registerWithSecret(
  homeserverUrl: string,
  secret: string,
  localpart: string,
  password: string,
  admin = false,
): Promise<RegisteredUser> {
  const endpoint = `${homeserverUrl}/_synapse/admin/v1/register`;
  const nonceRes = await fetch(endpoint);
  if (!nonceRes.ok) throw new Error(`Shared-secret registration is not available on ${homeserverUrl}`);
  const { nonce } = (await nonceRes.json()) as { nonce: string };
  const mac = createHmac("sha1", secret)
    .update(`${nonce}\0${localpart}\0${password}\0${admin ? "admin" : "notadmin"}`)
    .digest("hex");
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username: localpart, password, admin, mac }),
  });
  const body = (await res.json()) as Record<string, string>;
  if (!res.ok) throw new Error(`Registering ${localpart} failed: ${body.errcode} ${body.error}`);
  return {
    userId: body.user_id!,
    accessToken: body.access_token!,
    deviceId: body.device_id!,
    password,
  };
}

/** Registers through the open client API (m.login.dummy), for servers with open registration. */
export async function registerOpen(
  homeserverUrl: string,
  localpart: string,
  password: string,
): Promise<RegisteredUser> {
  const body = { username: localpart, password, auth: { type: "m.login.dummy" }, inhibit_login: false };
  const res = await fetch(`${homeserverUrl}/_matrix/client/v3/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, string>;
  if (!res.ok) {
    throw new Error(
      `Registering ${localpart} on ${homeserverUrl} failed: ${json.error ?? json.errcode ?? res.status}` +
        (json.errcode === "M_FORBIDDEN" ? " (open registration is off; pass --registration-secret)" : ""),
    );
  }
  return {
    userId: json.user_id!,
    accessToken: json.access_token!,
    deviceId: json.device_id!,
    password,
  };
}
