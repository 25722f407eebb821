// Two real Synapses that federate over loopback: the wallets' server and support's server, each with its own
// server name (`wallets.test:PORT`, `support.test:PORT`), a plain-HTTP client listener for the test's clients
// and a TLS federation listener on the name's port with a self-signed certificate that only these two servers
// are told to accept. Owns the /etc/hosts lines (on the machine and inside the chroot) that make the names
// resolve, and removes exactly the lines it added.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataDirInChroot, freePort, startHomeserver, type Homeserver } from "./homeserver.ts";
import { chrootDir, chrootReady, ensureChroot } from "./synapse-chroot.ts";

export const WALLETS_HOST = "wallets.test";
export const SUPPORT_HOST = "support.test";

export interface FederationOptions {
  log?: (line: string) => void;
  /** Keep both data directories (logs, databases) after stop(); also on with KEEP_HOMESERVER_DATA. */
  keepData?: boolean;
  /** Extra Synapse settings for support's server (e.g. rate limits for a flood test). */
  supportConfig?: Record<string, unknown>;
}

export interface Federation {
  /** The wallets' server, server name `wallets.test:PORT`. */
  wallets: Homeserver;
  /** Support's server, server name `support.test:PORT`. */
  support: Homeserver;
  /** Stops both servers, removes this run's /etc/hosts lines and (unless kept) the data directories. */
  stop(): Promise<void>;
}

/** Why federation cannot be set up on this machine, or null when it can. */
export function federationUnavailable(): string | null {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    return (
      `federation needs root to list ${WALLETS_HOST} and ${SUPPORT_HOST} in /etc/hosts (on the machine and ` +
      `inside the Synapse chroot); this process runs as uid ${process.getuid()}`
    );
  }
  if (!existsSync("/usr/bin/unshare") && !existsSync("/bin/unshare")) {
    return "federation needs unshare(1) to run Synapse in its chroot";
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// /etc/hosts: one line per run, tagged with this process's pid, so parallel runs never remove each other's
// line and a crashed run's line is recognised (dead pid) and cleaned up by the next.

const MARK = "# wallet-support-console federation harness pid=";

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function rewriteHosts(file: string, edit: (lines: string[]) => string[]): void {
  const before = readFileSync(file, "utf8");
  const lines = before.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const after = edit(lines).join("\n") + "\n";
  // Written in place, not renamed over: /etc/hosts is often a bind mount in containers.
  if (after !== before) writeFileSync(file, after);
}

function ourPid(line: string): number | null {
  const i = line.indexOf(MARK);
  return i < 0 ? null : Number(line.slice(i + MARK.length).trim());
}

/** Adds `127.0.0.1 <hosts>` to each file; returns the undo, which removes only that line. */
function addHostsLine(files: string[], hosts: string[]): () => void {
  const line = `127.0.0.1 ${hosts.join(" ")} ${MARK}${process.pid}`;
  for (const file of files) {
    rewriteHosts(file, (lines) => [
      ...lines.filter((l) => {
        const pid = ourPid(l);
        return pid === null || (pid !== process.pid && pidAlive(pid));
      }),
      line,
    ]);
  }
  return () => {
    for (const file of files) {
      if (existsSync(file)) rewriteHosts(file, (lines) => lines.filter((l) => ourPid(l) !== process.pid));
    }
  };
}

// ---------------------------------------------------------------------------------------------------------
// Self-signed certificates: openssl on the machine, else the chroot's (ca-certificates, which the chroot is
// built with, depends on openssl, so it is always there).

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on("error", (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args[0]} failed (${code}): ${stderr}`)),
    );
  });
}

const hostOpenssl = () => ["/usr/bin/openssl", "/bin/openssl"].find((p) => existsSync(p)) ?? null;

async function selfSignedCertificate(host: string, certFile: string, keyFile: string): Promise<void> {
  const args = (crt: string, key: string) => [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "7",
    "-subj",
    `/CN=${host}`,
    "-addext",
    `subjectAltName=DNS:${host}`,
    "-keyout",
    key,
    "-out",
    crt,
  ];
  const openssl = hostOpenssl();
  if (openssl) return run(openssl, args(certFile, keyFile));
  const chroot = chrootDir();
  const scratch = mkdtempSync(join(chroot, "tmp", "wsc-cert-"));
  const inside = scratch.slice(chroot.length);
  try {
    await run("chroot", [chroot, "openssl", ...args(`${inside}/tls.crt`, `${inside}/tls.key`)]);
    copyFileSync(join(scratch, "tls.crt"), certFile);
    copyFileSync(join(scratch, "tls.key"), keyFile);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function startServer(
  host: string,
  clientPort: number,
  federationPort: number,
  log: (line: string) => void,
  extra: Record<string, unknown> = {},
): Promise<Homeserver> {
  const dataDir = mkdtempSync(join(tmpdir(), `wsc-${host.replace(".", "-")}-`));
  const inChroot = dataDirInChroot(dataDir);
  await selfSignedCertificate(host, join(dataDir, "tls.crt"), join(dataDir, "tls.key"));
  try {
    return await startHomeserver({
      port: clientPort,
      serverName: `${host}:${federationPort}`,
      dataDir,
      log,
      extraListeners: [
        {
          port: federationPort,
          bind_addresses: ["127.0.0.1"],
          type: "http",
          tls: true,
          x_forwarded: false,
          resources: [{ names: ["federation"], compress: false }],
        },
      ],
      extraConfig: {
        tls_certificate_path: `${inChroot}/tls.crt`,
        tls_private_key_path: `${inChroot}/tls.key`,
        // The other server's certificate is self-signed; only these test servers are told to accept it.
        federation_verify_certificates: false,
        // Synapse refuses to federate with private addresses by default; loopback is where the peer lives.
        ip_range_whitelist: ["127.0.0.1"],
        trusted_key_servers: [],
        ...extra,
      },
    });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Starts the wallets' and support's servers side by side; they reach each other over loopback TLS. */
export async function startFederation(options: FederationOptions = {}): Promise<Federation> {
  const reason = federationUnavailable();
  if (reason) throw new Error(`Cannot start two federating Synapses: ${reason}`);
  const log = options.log ?? (() => {});
  const chroot = chrootReady() ? chrootDir() : await ensureChroot(log);
  const removeHosts = addHostsLine(
    ["/etc/hosts", join(chroot, "etc", "hosts")],
    [WALLETS_HOST, SUPPORT_HOST],
  );
  const keep = options.keepData ?? !!process.env.KEEP_HOMESERVER_DATA;
  const [wClient, wFed, sClient, sFed] = (await distinctFreePorts(4)) as [number, number, number, number];
  const started = await Promise.allSettled([
    startServer(WALLETS_HOST, wClient, wFed, (l) => log(`[wallets] ${l}`)),
    startServer(SUPPORT_HOST, sClient, sFed, (l) => log(`[support] ${l}`), options.supportConfig),
  ]);
  const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    removeHosts();
    if (!keep) for (const s of servers) rmSync(s.dataDir, { recursive: true, force: true });
  };
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [wallets, support] = servers as [Homeserver, Homeserver];
  log(`Federation ready: ${wallets.serverName} ↔ ${support.serverName}`);
  return { wallets, support, stop };
}
