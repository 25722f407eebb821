// What the numbers were measured on: the machine (cores, memory, CPU model, load) and the versions of every
// moving part (Node, Chromium, Synapse, matrix-js-sdk and its crypto).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { CHROMIUM } from "../harness/browser.ts";
import { postgresBin } from "../harness/postgres.ts";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  loadAtStart: number[];
  /** Load average when the last size finished (other work on the machine shows here). */
  loadAtEnd: number[];
  node: string;
  chromium: string;
  synapse: string;
  /** PostgreSQL's version, when a run used it. */
  postgres?: string;
  matrixJsSdk: string;
  cryptoWasm: string;
  playwright: string;
  /** The commit measured, and whether the console's sources had uncommitted changes. */
  commit: string;
}

const require = createRequire(import.meta.url);
const packageVersion = (name: string): string => {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "unknown";
  }
};

/** Synapse's name and version, as it reports them over federation's version endpoint. */
export async function synapseVersion(homeserverUrl: string): Promise<string> {
  return fetch(`${homeserverUrl}/_matrix/federation/v1/version`)
    .then((r) => r.json() as Promise<{ server?: { name?: string; version?: string } }>)
    .then((j) => `${j.server?.name ?? "Synapse"} ${j.server?.version ?? "?"}`)
    .catch(() => "unknown");
}

export const loadNow = (): number[] => loadavg().map((l) => Math.round(l * 100) / 100);

function gitCommit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = git("status", "--porcelain", "--", "renderer") !== "";
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? " (with uncommitted changes in renderer/)" : ""}`;
  } catch {
    return "unknown";
  }
}

/** "15.10", or "unknown" where PostgreSQL is not installed. */
export function postgresVersion(): string {
  try {
    const out = execFileSync(join(postgresBin(), "postgres"), ["--version"], { encoding: "utf8" });
    return /(\d+(\.\d+)*)/.exec(out)?.[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function machineInfo(synapse: string): MachineInfo {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  let chromium = "unknown";
  try {
    chromium = execFileSync(CHROMIUM, ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    // reported as unknown
  }
  const osRelease = existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "";
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? process.platform,
    loadAtStart: loadNow(),
    loadAtEnd: [],
    node: process.version,
    chromium,
    synapse,
    matrixJsSdk: packageVersion("matrix-js-sdk"),
    cryptoWasm: packageVersion("@matrix-org/matrix-sdk-crypto-wasm"),
    playwright: packageVersion("playwright-core"),
    commit: gitCommit(),
  };
}
