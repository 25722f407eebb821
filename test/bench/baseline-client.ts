// The benchmark's baseline, run as its own Node process so its memory is its own: a bare matrix-js-sdk 43
// client with rust crypto (in memory) and the SDK's default classic sync — no UI, no tuning. The parent
// (baseline.ts) drives it over IPC: sign in and report when the SDK is PREPARED, report heap after settling,
// report when live messages become readable and when invites are joined, send a broadcast, sign out.
import {
  ClientEvent,
  createClient,
  KnownMembership,
  MatrixEventEvent,
  RoomEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { decodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { sdkLogger } from "../../renderer/core/logging.ts";
import type { BaselineCommand, BaselineReport } from "./baseline.ts";

const send = (report: BaselineReport) => process.send?.(report);
let client: MatrixClient | null = null;
let autoJoin = false;
const pendingInvites = new Map<string, number>();
/** The recovery key, once given ("recover"): secret storage reads it through the crypto callbacks. */
let secretStorageKey: Uint8Array<ArrayBuffer> | null = null;
/**
 * Time spent waiting for /sync responses (server side plus transfer), to split server from client time;
 * requests the SDK gave up on (its own time-out) count too, as failed.
 */
const syncRequests: Array<{ ms: number; bytes: number; failed: boolean }> = [];

async function timedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = String(input instanceof Request ? input.url : input);
  if (!url.includes("/sync")) return fetch(input, init);
  const started = performance.now();
  try {
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    syncRequests.push({ ms: performance.now() - started, bytes: body.byteLength, failed: false });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  } catch (err) {
    syncRequests.push({ ms: performance.now() - started, bytes: 0, failed: true });
    throw err;
  }
}

function reportReadable(event: MatrixEvent): void {
  if (event.getType() !== "m.room.message" || event.isDecryptionFailure()) return;
  send({
    kind: "message",
    roomId: event.getRoomId() ?? "",
    eventId: event.getId() ?? "",
    body: String(event.getContent().body ?? ""),
    at: Date.now(),
  });
}

function watch(c: MatrixClient): void {
  c.on(RoomEvent.Timeline, (event, _room, toStart, _removed, data) => {
    if (toStart || !data?.liveEvent || c.getSyncState() === null) return;
    if (event.isBeingDecrypted() || event.shouldAttemptDecryption()) {
      event.once(MatrixEventEvent.Decrypted, () => reportReadable(event));
      return;
    }
    reportReadable(event);
  });
  c.on(RoomEvent.MyMembership, (room: Room, membership: string, previous?: string) => {
    if (membership === KnownMembership.Invite && autoJoin && !pendingInvites.has(room.roomId)) {
      pendingInvites.set(room.roomId, Date.now());
      void c.joinRoom(room.roomId).catch((err: Error) => send({ kind: "error", message: err.message }));
    } else if (membership === KnownMembership.Join && previous === KnownMembership.Invite) {
      send({ kind: "joined", roomId: room.roomId, at: Date.now() });
    }
  });
}

async function start(cmd: Extract<BaselineCommand, { kind: "start" }>): Promise<void> {
  autoJoin = cmd.autoJoin;
  const started = performance.now();
  const login = await createClient({ baseUrl: cmd.homeserverUrl, logger: sdkLogger("error") }).loginRequest({
    type: "m.login.password",
    identifier: { type: "m.id.user", user: cmd.userId },
    password: cmd.password,
    initial_device_display_name: "bench baseline (bare matrix-js-sdk)",
  });
  const c = createClient({
    baseUrl: cmd.homeserverUrl,
    userId: login.user_id,
    accessToken: login.access_token,
    deviceId: login.device_id,
    logger: sdkLogger("error"),
    fetchFn: timedFetch,
    cryptoCallbacks: {
      getSecretStorageKey: async ({ keys }) => {
        const keyId = Object.keys(keys)[0];
        return keyId && secretStorageKey ? [keyId, secretStorageKey] : null;
      },
    },
  });
  client = c;
  await c.initRustCrypto({ useIndexedDB: false });
  watch(c);
  await new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState) => {
      if (state === SyncState.Prepared) {
        c.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error && !c.isLoggedIn()) reject(new Error("baseline sync failed"));
    };
    c.on(ClientEvent.Sync, onSync);
    void c.startClient();
  });
  const initial = syncRequests.slice();
  send({
    kind: "prepared",
    signInMs: performance.now() - started,
    rooms: c.getRooms().length,
    deviceId: login.device_id,
    syncMs: initial.reduce((s, r) => s + r.ms, 0),
    syncBytes: initial.reduce((s, r) => s + r.bytes, 0),
    syncRequests: initial.length,
    syncFailures: initial.filter((r) => r.failed).length,
  });
}

async function memory(settleMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, settleMs));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 100));
  gc?.();
  const m = process.memoryUsage();
  send({
    kind: "memory",
    heapUsed: m.heapUsed,
    rss: m.rss,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    gc: !!gc,
  });
}

async function broadcast(roomId: string, body: string): Promise<void> {
  const at = Date.now();
  await client!.sendMessage(roomId, { msgtype: "m.text", body } as never);
  send({ kind: "sent", body, at });
}

/**
 * Given the recovery key: caches the backup key from secret storage and turns backup on, as a client does once
 * the user verifies with the key. What the SDK then downloads is its own doing (its per-session downloader).
 */
async function recover(recoveryKey: string): Promise<void> {
  const crypto = client!.getCrypto()!;
  secretStorageKey = decodeRecoveryKey(recoveryKey.replace(/\s+/g, ""));
  await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
  await crypto.checkKeyBackupAndEnable();
  send({ kind: "recovered", backupVersion: await crypto.getActiveSessionBackupVersion() });
}

async function stop(): Promise<void> {
  if (client) {
    client.stopClient();
    await client.logout(true).catch(() => {});
  }
  send({ kind: "stopped" });
  setTimeout(() => process.exit(0), 50);
}

process.on("message", (cmd: BaselineCommand) => {
  const run = async () => {
    switch (cmd.kind) {
      case "start":
        return start(cmd);
      case "memory":
        return memory(cmd.settleMs);
      case "auto-join":
        autoJoin = cmd.on;
        return send({ kind: "ok" });
      case "broadcast":
        return broadcast(cmd.roomId, cmd.body);
      case "recover":
        return recover(cmd.recoveryKey);
      case "stop":
        return stop();
    }
  };
  run().catch((err: Error) => send({ kind: "error", message: err.stack ?? err.message }));
});
