// Key-backup traffic after a new device gets the recovery key: the console (the agent enters the key in Settings
// → Encryption) against the bare SDK (it loads the backup key from secret storage, as Element does after
// verification). Counted from Synapse's own log: every request under /room_keys/ from the moment the key is
// given until that traffic has been quiet for a while, with the server's time for them.
import type { Page } from "playwright-core";
import type { BaselineClient } from "./baseline.ts";
import { keyBackupTraffic, type SynapseLog, type TrafficCount } from "./synapse-log.ts";

export interface KeyBackupSample extends TrafficCount {
  /** From giving the key until the client said the restore is done (console) or the traffic went quiet. */
  doneMs: number;
  /** From giving the key until the last key-backup request. */
  trafficMs: number;
}

/** No key-backup request for this long: the client is done with the backup. */
const QUIET_MS = 10_000;
const MAX_MS = 10 * 60_000;

async function untilQuiet(log: SynapseLog, from: number, since: number): Promise<TrafficCount> {
  const deadline = Date.now() + MAX_MS;
  for (;;) {
    const count = keyBackupTraffic(log.since(from));
    const last = Math.max(count.lastAt ?? 0, since);
    if (Date.now() - last >= QUIET_MS || Date.now() > deadline) return count;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The console: Settings → Encryption, the recovery key typed in, "Unlock"; done when it says keys were restored. */
export async function measureConsoleKeyBackup(
  page: Page,
  log: SynapseLog,
  recoveryKey: string,
): Promise<KeyBackupSample> {
  await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
  const section = page.locator("#settings-encryption");
  const input = section.getByLabel("Recovery key", { exact: true });
  // On a busy machine the device's encryption check can take a while before the key can be entered.
  await input.waitFor({ timeout: MAX_MS }).catch(async (err: Error) => {
    const shown = await section.innerText().catch(() => "(no section)");
    await page.screenshot({ path: "test-results/bench/key-backup-failure.png" }).catch(() => {});
    throw new Error(
      `${err.message.split("\n")[0]} — Settings → Encryption shows: ${shown.replace(/\s+/g, " ")}`,
    );
  });
  await input.fill(recoveryKey);
  const from = log.mark();
  const t0 = Date.now();
  await section.getByRole("button", { name: "Unlock" }).click();
  // Done when the unlock has finished (the section no longer asks for the key) and the restore says so: a
  // "Restored" line alone can come first, from the restore of on-screen conversations that starts as soon as the
  // backup key is loaded, while the unlock is still at work (seen on PostgreSQL, where it then never finished).
  await section
    .getByText(/^Enter the recovery key to read messages sent before this device signed in/)
    .waitFor({ state: "detached", timeout: MAX_MS })
    .catch(async (err: Error) => {
      const shown = await section.innerText().catch(() => "(no section)");
      await page.screenshot({ path: "test-results/bench/key-backup-failure.png" }).catch(() => {});
      throw new Error(
        `${err.message.split("\n")[0]} — the unlock did not finish; Settings → Encryption shows: ${shown.replace(/\s+/g, " ")}`,
      );
    });
  await section.getByText(/Restored \d+ message keys?\./).waitFor({ timeout: MAX_MS });
  const doneMs = Date.now() - t0;
  const count = await untilQuiet(log, from, t0 + doneMs);
  await page.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
  return { ...count, doneMs, trafficMs: count.lastAt === null ? 0 : count.lastAt - t0 };
}

/** The bare SDK: it caches the backup key from secret storage and lets its own downloader do the rest. */
export async function measureBaselineKeyBackup(
  baseline: BaselineClient,
  log: SynapseLog,
  recoveryKey: string,
): Promise<KeyBackupSample> {
  const from = log.mark();
  const t0 = Date.now();
  baseline.command({ kind: "recover", recoveryKey });
  await baseline.waitFor("recovered", undefined, MAX_MS);
  const count = await untilQuiet(log, from, Date.now());
  const trafficMs = count.lastAt === null ? 0 : count.lastAt - t0;
  return { ...count, doneMs: trafficMs, trafficMs };
}
