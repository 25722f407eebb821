// The key backup restored on a new device against a real Synapse and real rust crypto: in a few bulk requests,
// with matrix-js-sdk's per-session lookups (one request per undecryptable session) never reaching the server;
// an interrupted restore carries on where it stopped, and a finished one costs nothing at the next start.
import { ClientEvent, createClient, Direction, Method, SyncState, type MatrixClient } from "matrix-js-sdk";
import { afterAll, describe, expect, it } from "vitest";
import { sdkLogger } from "../../renderer/core/logging.ts";
import { BackupRestore, type RestoreProgress } from "../../renderer/core/recovery/backup-restore.ts";
import { Recovery, SecretStorageKeys } from "../../renderer/core/recovery/index.ts";
import { memoryRestoreStorage } from "../../renderer/core/recovery/restore-storage.ts";
import { perSessionLookup } from "../../renderer/core/recovery/key-lookups.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { waitFor } from "../harness/wait.ts";

const WALLETS = 3;
const stops: Array<() => void> = [];
afterAll(() => stops.reverse().forEach((s) => s()));

interface Device {
  client: MatrixClient;
  keys: SecretStorageKeys;
  /** Every request that left the client for the server (after the restore's own answers). */
  sent: Array<{ method: string; url: string }>;
}

/** A support device with rust crypto; `before` runs before its sync starts (the desk builds the restore first). */
async function device(
  account: RegisteredUser,
  before: (client: MatrixClient) => void = () => {},
): Promise<Device> {
  const hs = testHomeserver();
  const res = await fetch(`${hs.url}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: account.userId },
      password: account.password,
    }),
  });
  const login = (await res.json()) as { user_id: string; device_id: string; access_token: string };
  const keys = new SecretStorageKeys();
  const sent: Device["sent"] = [];
  const client = createClient({
    baseUrl: hs.url,
    userId: login.user_id,
    deviceId: login.device_id,
    accessToken: login.access_token,
    cryptoCallbacks: keys.callbacks,
    logger: sdkLogger("error"),
    fetchFn: (input, init) => {
      sent.push({ method: init?.method ?? "GET", url: String(input) });
      return fetch(input, init);
    },
  });
  await client.initRustCrypto({ useIndexedDB: false });
  before(client);
  await new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => state === SyncState.Prepared && resolve());
    void client.startClient({ initialSyncLimit: 5 });
  });
  stops.push(() => client.stopClient());
  return { client, keys, sent };
}

const keyRequests = (d: Device) => d.sent.filter((r) => r.url.includes("/room_keys/keys"));

describe("restoring the key backup on a new device", () => {
  let account: RegisteredUser;
  let recoveryKey = "";
  const rooms: string[] = [];

  it(`the first device sets recovery up and ${WALLETS} E2EE wallets' keys reach the backup`, async () => {
    account = await newSupportAccount();
    const first = await device(account);
    const recovery = new Recovery(first.client, first.keys);
    stops.push(() => recovery.stop());
    expect(await recovery.start(account.password)).toBe("show-key-once");
    recoveryKey = recovery.view.get().recoveryKey!;
    await recovery.confirmStored();
    for (let w = 0; w < WALLETS; w++) {
      const wallet = await newWallet(account.userId, "e2ee");
      stops.push(() => wallet.stop());
      const roomId = await wallet.startSupportChat();
      await first.client.joinRoom(roomId);
      await waitFor(
        "support to join",
        () => wallet.client.getRoom(roomId)?.getMember(account.userId)?.membership === "join",
      );
      for (let i = 0; i < 3; i++) await wallet.sendText(`wallet ${w} message ${i}: the verifier refuses me`);
      rooms.push(roomId);
    }
    // Rust crypto uploads the keys it receives on its own, after a short random delay.
    await waitFor(
      "the wallets' keys in the backup",
      async () => {
        const info = await first.client.http.authedRequest<{ count: number }>(
          Method.Get,
          "/room_keys/version",
        );
        return info.count === WALLETS;
      },
      { timeoutMs: 120_000 },
    );
  });

  it("a new device restores it in bulk, and the SDK's per-session lookups never reach the server", async () => {
    let restore!: BackupRestore;
    const second = await device(account, (client) => {
      restore = new BackupRestore(client, { storage: memoryRestoreStorage() });
      stops.push(() => restore.stop());
    });
    const recovery = new Recovery(second.client, second.keys, { restore });
    stops.push(() => recovery.stop());
    expect(await recovery.start()).toBe("needs-key");

    const progress: RestoreProgress[] = [];
    restore.view.subscribe((p) => p && progress.push(p));
    const restored = await recovery.useRecoveryKey(recoveryKey);
    expect(restored).toMatchObject({ imported: WALLETS, total: WALLETS, done: true });
    expect(progress.some((p) => !p.done && p.phase === "backup")).toBe(true);
    expect(recovery.view.get().restore).toMatchObject({ done: true, imported: WALLETS });

    // The history this device could not read decrypts, in place.
    for (const roomId of rooms) {
      await waitFor(`${roomId} readable`, async () => {
        const res = await second.client.createMessagesRequest(roomId, null, 20, Direction.Backward);
        const events = res.chunk.map(second.client.getEventMapper());
        await Promise.all(events.map((e) => second.client.decryptEventIfNeeded(e)));
        const texts = events.filter((e) => e.getType() === "m.room.message").map((e) => e.getContent().body);
        return texts.length === 3;
      });
    }
    // The SDK did look its undecryptable sessions up — every lookup was answered here, none reached the server.
    await waitFor("the SDK's lookups", () => restore.lookups.local >= WALLETS).catch((err: Error) => {
      throw new Error(
        `${err.message}: ${JSON.stringify(restore.lookups)}; sent ${JSON.stringify(keyRequests(second))}`,
      );
    });
    expect(restore.lookups.server).toBe(0);
    expect(keyRequests(second).filter((r) => perSessionLookup(r.url, r.method))).toEqual([]);
    expect(keyRequests(second)).toHaveLength(1); // the whole backup, in one request
  });

  it("an interrupted restore carries on where it stopped; a finished one costs nothing at the next start", async () => {
    const storage = memoryRestoreStorage();
    let first!: BackupRestore;
    const third = await device(account, (client) => {
      first = new BackupRestore(client, { storage, chunk: 1 });
    });
    const recovery = new Recovery(third.client, third.keys, { restore: first });
    stops.push(() => recovery.stop());
    expect(await recovery.start()).toBe("needs-key");
    // The app quits once the first conversation's keys are in.
    first.view.subscribe((p) => {
      if (p && !p.done && p.phase === "backup" && p.imported >= 1) first.stop();
    });
    await recovery.useRecoveryKey(recoveryKey);
    const interrupted = (await storage.load())!;
    expect(interrupted.complete).toBe(false);
    expect(interrupted.doneRooms).toHaveLength(1);
    expect(interrupted.imported).toBe(1);

    // Restarted: the next restore skips what is done.
    const again = new BackupRestore(third.client, { storage });
    stops.push(() => again.stop());
    const carriedOn = await again.run();
    expect(carriedOn).toEqual({ imported: WALLETS, total: WALLETS, done: true });
    expect((await storage.load())!.complete).toBe(true);

    // Restarted once more: nothing to download.
    const before = keyRequests(third).length;
    const done = new BackupRestore(third.client, { storage });
    stops.push(() => done.stop());
    expect(await done.run()).toEqual({ imported: WALLETS, total: WALLETS, done: true });
    expect(keyRequests(third).length).toBe(before);
  });
});
