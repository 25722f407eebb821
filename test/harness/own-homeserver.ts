// A Synapse of a test file's own, for tests that stop, kill, restart or throttle their server without disturbing
// the rest of the suite: started before the file's tests in a temporary data directory, stopped and removed
// after them, its log kept with the run's logs (run-logs.ts). Call it at the top level of a test file.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startHomeserver, type Homeserver, type HomeserverOptions } from "./homeserver.ts";
import { runLogDir } from "./run-logs.ts";

/** The server, usable from the file's first test (or a later beforeAll) on. */
export function ownHomeserver(
  serverName: string,
  options: Omit<HomeserverOptions, "serverName" | "dataDir"> = {},
): Homeserver {
  let started: Homeserver | null = null;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `wsc-${serverName.replace(/[^\w.-]/g, "_")}-`));
    started = await startHomeserver({ ...options, serverName, dataDir });
  });
  afterAll(async () => {
    await started?.stop();
    if (started && existsSync(started.logFile))
      copyFileSync(started.logFile, join(runLogDir(), `homeserver-${serverName}.log`));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const hs = (): Homeserver => {
    if (!started) throw new Error(`The ${serverName} homeserver is used before its beforeAll has started it`);
    return started;
  };
  // Each field and method reads the started server when used, so the handle can be taken at the top level.
  const lazy = {} as Homeserver;
  for (const key of [
    "url",
    "serverName",
    "port",
    "registrationSecret",
    "dataDir",
    "logFile",
    "running",
  ] as const)
    Object.defineProperty(lazy, key, { get: () => hs()[key], enumerable: true });
  for (const key of ["stop", "kill", "restart"] as const) lazy[key] = () => hs()[key]();
  return lazy;
}
