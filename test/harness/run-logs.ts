// Where one test run keeps its logs: test-results/logs/<start time>/ holds what tests, the core and matrix-js-sdk
// printed (tests.log) and the run's Synapse log (homeserver.log). The directory is chosen once per run, in the
// Vitest main process, and handed to everything else through the environment (workers inherit it).
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");
const LOGS = join(ROOT, "test-results", "logs");
/** Older runs' logs are deleted so the directory doesn't grow without bound (a run still going is kept). */
const KEEP_RUNS = 5;
const KEEP_MS = 6 * 3600_000;

export function runLogDir(): string {
  let dir = process.env.WSC_TEST_LOG_DIR;
  if (!dir) {
    dir = join(LOGS, new Date().toISOString().replace(/[:.]/g, "-"));
    process.env.WSC_TEST_LOG_DIR = dir;
    pruneOldRuns();
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A path for a person to open, relative to the repository when it is inside it. */
export function shownPath(path: string): string {
  const rel = relative(ROOT, path);
  return rel.startsWith("..") ? path : rel;
}

function pruneOldRuns(): void {
  let runs: string[];
  try {
    runs = readdirSync(LOGS).sort();
  } catch {
    return; // no logs yet
  }
  for (const old of runs.slice(0, Math.max(0, runs.length - (KEEP_RUNS - 1)))) {
    const dir = join(LOGS, old);
    if (Date.now() - statSync(dir).mtimeMs > KEEP_MS) rmSync(dir, { recursive: true, force: true });
  }
}
