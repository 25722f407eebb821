// Which of this device's message keys exist nowhere else, and the wait until they are in the server-side key
// backup. Signing out deletes the device's keys: a message whose key is neither in the backup nor on another
// device becomes unreadable for good (the agent's own replies included). The count compares what the device
// holds with what the server's backup holds, so it is the server's truth, not the device's belief.
import { Method, type MatrixClient } from "matrix-js-sdk";
import { CryptoEvent } from "matrix-js-sdk/lib/crypto-api/index.js";
import { RecoveryError } from "./errors.ts";

export interface BackupCoverage {
  /** Message keys this device holds. */
  localKeys: number;
  /** Of those, the keys the server's backup lacks: they exist only on this device. */
  unbacked: number;
  /** Conversations whose history needs one of the unbacked keys. */
  unbackedRooms: number;
  /** The account's current backup on the server; null when there is none. */
  serverVersion: string | null;
  /** The backup this device uploads its keys to; null when it uploads nowhere. */
  activeVersion: string | null;
}

export interface UploadProgress {
  /** Keys uploaded since the wait began, out of `total` (the unbacked keys then). */
  uploaded: number;
  total: number;
}

interface ExportedKey {
  room_id?: unknown;
  session_id?: unknown;
}

const keyOf = (roomId: string, sessionId: string) => `${roomId}\u0000${sessionId}`;

/** The device's keys against the server's backup. */
export async function backupCoverage(client: MatrixClient): Promise<BackupCoverage> {
  const crypto = client.getCrypto();
  if (!crypto) throw new RecoveryError("encryption-unavailable");
  // The export holds the keys themselves; only their IDs are kept, and the rest is dropped at once.
  const exported = JSON.parse(await crypto.exportRoomKeysAsJson()) as ExportedKey[];
  const local = new Map<string, string>();
  for (const key of exported) {
    if (typeof key.room_id === "string" && typeof key.session_id === "string")
      local.set(keyOf(key.room_id, key.session_id), key.room_id);
  }
  exported.length = 0;
  const info = await crypto.getKeyBackupInfo();
  const serverVersion = info?.version ?? null;
  const activeVersion = await crypto.getActiveSessionBackupVersion();
  const backed = new Set<string>();
  if (serverVersion && local.size > 0) {
    const res = await client.http.authedRequest<{
      rooms?: Record<string, { sessions?: Record<string, unknown> }>;
    }>(Method.Get, "/room_keys/keys", { version: serverVersion });
    for (const [roomId, room] of Object.entries(res.rooms ?? {})) {
      for (const sessionId of Object.keys(room?.sessions ?? {})) backed.add(keyOf(roomId, sessionId));
    }
  }
  const rooms = new Set<string>();
  let unbacked = 0;
  for (const [id, roomId] of local) {
    if (backed.has(id)) continue;
    unbacked++;
    rooms.add(roomId);
  }
  return { localKeys: local.size, unbacked, unbackedRooms: rooms.size, serverVersion, activeVersion };
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /**
   * How long the wait tolerates no progress at all before it gives up with the keys still missing (the
   * backup loop has stopped, or the server refuses them). Counted from the last progress seen.
   */
  stallMs?: number;
  /** How often the server's backup is compared again when the SDK says nothing (its loop starts late). */
  recheckMs?: number;
  clock?: () => number;
}

/**
 * Waits until every key of this device is in the server's backup, reporting progress. The SDK's backup loop
 * does the uploading (it starts by itself when a key arrives or backup is switched on); this makes sure the
 * device backs up to the server's current backup and watches the loop until the server's backup has them all.
 * Resolves with the final coverage: `unbacked` is 0 unless the uploads stalled (then the caller decides).
 */
export async function uploadAllKeys(
  client: MatrixClient,
  options: UploadOptions = {},
): Promise<BackupCoverage> {
  const crypto = client.getCrypto();
  if (!crypto) throw new RecoveryError("encryption-unavailable");
  const { onProgress, signal, stallMs = 60_000, recheckMs = 3_000, clock = Date.now } = options;
  // Switches to the server's current backup if it is trusted (a new version makes the loop upload every key).
  await crypto.checkKeyBackupAndEnable();
  let coverage = await backupCoverage(client);
  const total = coverage.unbacked;
  onProgress?.({ uploaded: 0, total });
  if (total === 0) return coverage;
  if (!coverage.activeVersion || coverage.activeVersion !== coverage.serverVersion) {
    throw new RecoveryError("failed", { step: "backup", detail: "this device does not back up its keys" });
  }

  let lastProgress = clock();
  let wake: (() => void) | null = null;
  const report = (unbacked: number) => {
    const uploaded = Math.max(0, Math.min(total, total - unbacked));
    onProgress?.({ uploaded, total });
  };
  const onRemaining = (remaining: number) => {
    lastProgress = clock();
    report(remaining);
    // The loop says it is done: compare with the server now rather than at the next recheck.
    if (remaining === 0) wake?.();
  };
  client.on(CryptoEvent.KeyBackupSessionsRemaining, onRemaining);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    let previous = coverage.unbacked;
    while (coverage.unbacked > 0) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      if (clock() - lastProgress > stallMs) return coverage;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, recheckMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      coverage = await backupCoverage(client);
      if (coverage.unbacked < previous) lastProgress = clock();
      previous = coverage.unbacked;
      report(coverage.unbacked);
    }
    return coverage;
  } finally {
    client.off(CryptoEvent.KeyBackupSessionsRemaining, onRemaining);
    signal?.removeEventListener("abort", onAbort);
  }
}
