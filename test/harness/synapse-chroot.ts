// Owns the Debian sid chroot that holds a real Synapse: building it once per machine (cached outside the
// repo) and explaining plainly when this machine cannot build it.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ensureSystemPackage, MissingSystemPackage, onPath } from "./system-packages.ts";

/** Bump when the recipe changes so old caches are rebuilt rather than trusted. */
const RECIPE_VERSION = "1";

/**
 * Packages added to the recipe after version 1, installed into a ready chroot in place rather than by a rebuild
 * (a rebuild would pull the chroot from under Synapses other checkouts on this machine are running): each with
 * a path that exists once it is installed. python3-authlib: Synapse's single sign-on (`oidc_providers`).
 */
const ADDED_PACKAGES: ReadonlyArray<{ name: string; installs: string }> = [
  { name: "python3-authlib", installs: "usr/lib/python3/dist-packages/authlib" },
];

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "wallet-support-console");
}

export function chrootDir(): string {
  return process.env.SYNAPSE_CHROOT || join(cacheRoot(), "synapse-sid");
}

export class HomeserverUnavailable extends Error {
  override name = "HomeserverUnavailable";
}

const HOW_TO_USE_EXISTING =
  "Point the tests at an existing Synapse instead: MATRIX_TEST_HOMESERVER=http://HOST:PORT " +
  "MATRIX_TEST_REGISTRATION_SECRET=<its registration_shared_secret> npm test";

function run(cmd: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" },
    });
    let tail = "";
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve();
      else {
        log(tail);
        reject(new Error(`${cmd} ${args.slice(0, 3).join(" ")} … failed with exit code ${code}`));
      }
    });
  });
}

/** The Debian mirror this machine already uses (read at run time; the mirror differs per machine). */
export function debianMirror(): string {
  const candidates = ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const deb822 = /^URIs:\s*(\S+)/m.exec(text);
    if (deb822?.[1] && !deb822[1].includes("security")) return deb822[1];
    const legacy = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s+main/m.exec(text);
    if (legacy?.[1]) return legacy[1];
  }
  return "http://deb.debian.org/debian";
}

export function chrootReady(dir = chrootDir()): boolean {
  const marker = join(dir, ".wallet-support-console-ready");
  return existsSync(marker) && readFileSync(marker, "utf8").trim() === RECIPE_VERSION;
}

/**
 * Builds the chroot if it is missing. Idempotent and safe against a half-finished earlier build: work happens
 * in DIR.partial and is renamed into place only when Synapse is installed.
 */
export async function ensureChroot(log: (line: string) => void = console.log): Promise<string> {
  const dir = chrootDir();
  if (chrootReady(dir)) {
    await addMissingPackages(dir, log);
    return dir;
  }
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new HomeserverUnavailable(
      `Cannot build the local Synapse: building its Debian chroot needs root (this process runs as uid ${process.getuid()}). ${HOW_TO_USE_EXISTING}`,
    );
  }
  try {
    await ensureSystemPackage({
      pkg: "debootstrap",
      check: () => onPath("debootstrap"),
      why: "it builds Synapse's chroot, once per machine",
      otherwise: "it needs a Debian-like system",
      log,
    });
  } catch (err) {
    if (err instanceof MissingSystemPackage)
      throw new HomeserverUnavailable(
        `Cannot build the local Synapse: ${err.message} ${HOW_TO_USE_EXISTING}`,
      );
    throw err;
  }
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const mirror = debianMirror();
  const started = Date.now();
  log(`Building the Synapse chroot in ${dir} from ${mirror} (once per machine, about 2 minutes)…`);
  await run("debootstrap", ["--variant=minbase", "--include=ca-certificates", "sid", partial, mirror], log);
  log("  base system ready; installing matrix-synapse…");
  // The mirror may be a frozen snapshot whose Release file reads as expired.
  const apt = ["-o", "Acquire::Check-Valid-Until=false"];
  await run("chroot", [partial, "apt-get", ...apt, "update"], log);
  await run(
    "chroot",
    [
      partial,
      "apt-get",
      ...apt,
      "install",
      "-y",
      "--no-install-recommends",
      "matrix-synapse",
      ...ADDED_PACKAGES.map((p) => p.name),
    ],
    log,
  );
  await run("chroot", [partial, "apt-get", "clean"], log);
  writeFileSync(join(partial, ".wallet-support-console-ready"), RECIPE_VERSION + "\n");
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  log(`Synapse chroot built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return dir;
}

/** Installs the packages the recipe gained since the chroot was built (see ADDED_PACKAGES). */
async function addMissingPackages(dir: string, log: (line: string) => void): Promise<void> {
  const missing = ADDED_PACKAGES.filter((p) => !existsSync(join(dir, p.installs))).map((p) => p.name);
  if (missing.length === 0) return;
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    log(
      `The Synapse chroot lacks ${missing.join(", ")} (needs root to add): single sign-on tests will fail.`,
    );
    return;
  }
  log(`Adding ${missing.join(", ")} to the Synapse chroot…`);
  const apt = ["-o", "Acquire::Check-Valid-Until=false"];
  await run("chroot", [dir, "apt-get", ...apt, "update"], log);
  await run("chroot", [dir, "apt-get", ...apt, "install", "-y", "--no-install-recommends", ...missing], log);
  await run("chroot", [dir, "apt-get", "clean"], log);
}
