// What signing out would lose, against the real Synapse and real rust crypto: a support device that read E2EE
// wallet messages and replied holds keys found nowhere else until recovery is set up; then its keys reach the
// server's backup (with progress) and a later device reads the whole history, the device's own reply included.
// Keys another device already backed up never hold a sign-out back.
import {
  ClientEvent,
  createClient,
  EventType,
  MsgType,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import { afterAll, describe, expect, it } from "vitest";
import {
  backupCoverage,
  Recovery,
  SecretStorageKeys,
  type SignOutGuardView,
  type UploadProgress,
} from "../../renderer/core/recovery/index.ts";
import { sdkLogger } from "../../renderer/core/logging.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const stops: Array<() => void> = [];
afterAll(() => stops.reverse().forEach((s) => s()));

interface Device {
  client: MatrixClient;
  keys: SecretStorageKeys;
  recovery: Recovery;
}

/** A support device as session.ts builds it (rust crypto, the keys' callbacks), on classic sync. */
async function deviceOf(account: RegisteredUser): Promise<Device> {
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
  const client = createClient({
    baseUrl: hs.url,
    userId: login.user_id,
    deviceId: login.device_id,
    accessToken: login.access_token,
    cryptoCallbacks: keys.callbacks,
    logger: sdkLogger("error"),
  });
  await client.initRustCrypto({ useIndexedDB: false });
  await new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => state === SyncState.Prepared && resolve());
    void client.startClient({ initialSyncLimit: 20 });
  });
  const recovery = new Recovery(client, keys);
  stops.push(() => {
    recovery.stop();
    client.stopClient();
  });
  return { client, keys, recovery };
}

/** The room's messages as this device reads them: body text, or null where it can't decrypt. */
async function readable(client: MatrixClient, roomId: string, bodies: string[]): Promise<number> {
  const room = await waitFor("the room", () => client.getRoom(roomId));
  await room.decryptAllEvents();
  const events = room.getLiveTimeline().getEvents();
  return bodies.filter((body) =>
    events.some((e) => e.getType() === EventType.RoomMessage && e.getContent().body === body),
  ).length;
}

/** Waits until `client` has decrypted the wallet message with this body (it then holds the key). */
function decrypted(client: MatrixClient, roomId: string, body: string): Promise<MatrixEvent> {
  return waitFor(`“${body}” decrypted`, () =>
    client
      .getRoom(roomId)
      ?.getLiveTimeline()
      .getEvents()
      .find((e) => e.getType() === EventType.RoomMessage && e.getContent().body === body),
  );
}

async function walletChat(device: Device, support: string): Promise<{ wallet: Wallet; roomId: string }> {
  const wallet = await newWallet(support, "e2ee");
  stops.push(() => wallet.stop());
  const roomId = await wallet.startSupportChat();
  await waitFor("the invite", () => device.client.getRoom(roomId));
  await device.client.joinRoom(roomId);
  await waitFor(
    "the wallet to see support join",
    () => wallet.client.getRoom(roomId)?.getMember(support)?.membership === "join",
  );
  return { wallet, roomId };
}

describe("signing out without losing history", () => {
  let account: RegisteredUser;
  let first: Device;
  let chat: { wallet: Wallet; roomId: string };
  let recoveryKey = "";
  const bodies: string[] = [];

  it("a device that read and answered wallets with no backup anywhere is at risk, and says how much", async () => {
    account = await newSupportAccount();
    first = await deviceOf(account);
    chat = await walletChat(first, account.userId);
    for (const body of ["my credential is gone", "it was there yesterday", "please help"]) {
      await chat.wallet.sendText(body);
      bodies.push(body);
    }
    await decrypted(first.client, chat.roomId, "please help");
    const reply = "Let's look at it together.";
    await first.client.sendEvent(chat.roomId, EventType.RoomMessage, { msgtype: MsgType.Text, body: reply });
    bodies.push(reply);

    // check(), not start(): start() would set recovery up by itself on the account's first device, and this is
    // the moment before that (or where it could not: the e2e test's account whose identity needs the password).
    expect(await first.recovery.check()).toBe("needs-setup");
    const guard = first.recovery.signOutGuard();
    stops.push(() => guard.stop());
    expect(await guard.check()).toBe("at-risk");
    const { coverage } = guard.view.get();
    // The wallet's session and this device's own (for its reply), both only here.
    expect(coverage).toMatchObject({ serverVersion: null, activeVersion: null, unbackedRooms: 1 });
    expect(coverage!.unbacked).toBeGreaterThanOrEqual(2);
    expect(coverage!.unbacked).toBe(coverage!.localKeys);
  });

  it("once recovery is set up, every key reaches the server's backup with progress, and the guard lets go", async () => {
    recoveryKey = await first.recovery.setUp();
    await first.recovery.confirmStored();
    const guard = first.recovery.signOutGuard({ recheckMs: 250 });
    stops.push(() => guard.stop());
    const seen: SignOutGuardView[] = [];
    guard.view.subscribe((v) => seen.push(v));
    const step = await guard.check();
    // The new backup's upload may be done already; if not, the guard waits for it, reporting progress.
    if (step === "uploading") expect(await guard.backUp()).toBe(true);
    console.info(`sign-out guard: after set-up the check found "${step}"`);
    expect(guard.view.get().step).toBe("safe");
    const progress = seen.map((v) => v.progress).filter((p): p is UploadProgress => p !== null);
    const last = progress.at(-1) ?? { uploaded: 0, total: 0 };
    expect(last.uploaded).toBe(last.total);
    const coverage = await backupCoverage(first.client);
    expect(coverage.unbacked).toBe(0);
    expect(coverage.activeVersion).toBe(coverage.serverVersion);
  });

  it("a key another device already backed up doesn't hold a sign-out back, even where this one backs up nowhere", async () => {
    const second = await deviceOf(account);
    expect(await second.recovery.start()).toBe("needs-key");
    await waitFor("the wallet to know the second device", async () => {
      const devices = await chat.wallet.client.getCrypto()!.getUserDeviceInfo([account.userId], true);
      return devices.get(account.userId)?.has(second.client.getDeviceId()!);
    });
    const body = "one more thing";
    await chat.wallet.sendText(body);
    bodies.push(body);
    await decrypted(second.client, chat.roomId, body);
    await decrypted(first.client, chat.roomId, body);
    // The first device backs the new key up (it is connected to the backup); the second only holds it.
    const firstGuard = first.recovery.signOutGuard({ recheckMs: 250 });
    stops.push(() => firstGuard.stop());
    await firstGuard.check();
    expect(await firstGuard.backUp()).toBe(true);

    const guard = second.recovery.signOutGuard();
    stops.push(() => guard.stop());
    expect(await guard.check()).toBe("safe");
    expect(guard.view.get().coverage).toMatchObject({ unbacked: 0, activeVersion: null });
    expect(guard.view.get().coverage!.localKeys).toBeGreaterThanOrEqual(1);
  });

  it("after signing out, a new device with the recovery key reads every message, its own reply included", async () => {
    await first.client.logout(true);
    first.client.stopClient();
    const later = await deviceOf(account);
    expect(await later.recovery.start()).toBe("needs-key");
    const before = await readable(later.client, chat.roomId, bodies);
    await later.recovery.useRecoveryKey(recoveryKey);
    await waitFor("the whole history readable", async () =>
      (await readable(later.client, chat.roomId, bodies)) === bodies.length ? true : null,
    );
    console.info(`sign-out guard: ${before} of ${bodies.length} readable before the key, all after`);
    expect(before).toBeLessThan(bodies.length);
  });
});
