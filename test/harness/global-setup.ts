// Vitest global setup for the integration and e2e layers: one real Synapse per run (or an existing server named
// by MATRIX_TEST_HOMESERVER), handed to test files through `inject("homeserver")`. Its log is kept with the
// run's other logs (run-logs.ts) when the server goes.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startHomeserver, type Homeserver } from "./homeserver.ts";
import { ensureChromium } from "./browser.ts";
import { runLogDir } from "./run-logs.ts";
import { HomeserverUnavailable } from "./synapse-chroot.ts";

export interface HomeserverInfo {
  url: string;
  serverName: string;
  registrationSecret: string;
  /** Synapse's log file, when this run started the server itself. */
  logFile: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    homeserver: HomeserverInfo;
  }
}

export default async function setup(project: TestProject) {
  // Both layers drive real Chromium (the integration layer renders media in it): install it once, up front.
  await ensureChromium((line) => console.log(`[setup] ${line}`));
  const existing = process.env.MATRIX_TEST_HOMESERVER;
  if (existing) {
    const secret = process.env.MATRIX_TEST_REGISTRATION_SECRET;
    if (!secret) {
      throw new Error(
        "MATRIX_TEST_HOMESERVER is set but MATRIX_TEST_REGISTRATION_SECRET is not; tests create fresh accounts with it.",
      );
    }
    const versions = await fetch(`${existing}/_matrix/client/versions`).catch(() => null);
    if (!versions?.ok)
      throw new Error(`MATRIX_TEST_HOMESERVER=${existing} does not answer /_matrix/client/versions`);
    const wk = await fetch(`${existing}/_matrix/key/v2/server`).then(
      (r) => r.json() as Promise<{ server_name: string }>,
    );
    project.provide("homeserver", {
      url: existing,
      serverName: wk.server_name,
      registrationSecret: secret,
      logFile: null,
    });
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), "wsc-synapse-"));
  let hs: Homeserver;
  try {
    hs = await startHomeserver({
      dataDir,
      serverName: "support.test",
      log: (l) => console.log(`[homeserver] ${l}`),
    });
  } catch (err) {
    if (err instanceof HomeserverUnavailable) throw new Error(err.message, { cause: err });
    throw err;
  }
  project.provide("homeserver", {
    url: hs.url,
    serverName: hs.serverName,
    registrationSecret: hs.registrationSecret,
    logFile: hs.logFile,
  });
  return async () => {
    await hs.stop();
    if (existsSync(hs.logFile)) copyFileSync(hs.logFile, join(runLogDir(), `homeserver-${project.name}.log`));
    if (!process.env.KEEP_HOMESERVER_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
}
