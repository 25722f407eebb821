// The benchmark fixture's "first agent device": a support device (Node, rust crypto in memory) that set up
// cross-signing, secret storage and the server-side key backup with the console's own recovery code, and that
// received the E2EE wallets' message keys and backed them up. Later devices (the measured console and the bare
// SDK) need its recovery key to read that history: that is the key-backup traffic the benchmark counts.
import { ClientEvent, createClient, Filter, Method, SyncState, type MatrixClient } from "matrix-js-sdk";
import { sdkLogger } from "../../renderer/core/logging.ts";
import { Recovery, SecretStorageKeys } from "../../renderer/core/recovery/index.ts";
import { call } from "./http.ts";

/**
 * No rooms: the agent needs the wallets' room keys (to-device) and its own account data (setting up secret
 * storage waits for it to come back through sync), not the rooms (thousands of them at 10,000).
 */
const NO_ROOMS = { room: { rooms: [] }, presence: { not_types: ["*"] } };

export class FixtureAgent {
  readonly client: MatrixClient;
  readonly recoveryKey: string;
  readonly backupVersion: string;

  private constructor(client: MatrixClient, recoveryKey: string, backupVersion: string) {
    this.client = client;
    this.recoveryKey = recoveryKey;
    this.backupVersion = backupVersion;
  }

  /** Signs in as support on a new device, sets recovery up and keeps syncing to-device messages. */
  static start(baseUrl: string, userId: string, password: string): Promise<FixtureAgent> {
    return FixtureAgent.signIn(baseUrl, userId, password, null);
  }

  /** A new agent device for an account whose recovery is set up: it unlocks the backup with the key. */
  static rejoin(
    baseUrl: string,
    userId: string,
    password: string,
    recoveryKey: string,
  ): Promise<FixtureAgent> {
    return FixtureAgent.signIn(baseUrl, userId, password, recoveryKey);
  }

  private static async signIn(
    baseUrl: string,
    userId: string,
    password: string,
    recoveryKey: string | null,
  ): Promise<FixtureAgent> {
    const login = await call<{ access_token: string; device_id: string; user_id: string }>(
      baseUrl,
      null,
      "POST",
      "/_matrix/client/v3/login",
      {
        type: "m.login.password",
        identifier: { type: "m.id.user", user: userId },
        password,
        initial_device_display_name: "bench fixture: first agent device",
      },
    );
    const keys = new SecretStorageKeys();
    const client = createClient({
      baseUrl,
      userId: login.user_id,
      accessToken: login.access_token,
      deviceId: login.device_id,
      cryptoCallbacks: keys.callbacks,
      logger: sdkLogger("error"),
    });
    await client.initRustCrypto({ useIndexedDB: false });
    const filter = new Filter(login.user_id);
    filter.setDefinition(NO_ROOMS);
    await new Promise<void>((resolve, reject) => {
      const onSync = (state: SyncState) => {
        if (state === SyncState.Prepared) {
          client.off(ClientEvent.Sync, onSync);
          resolve();
        } else if (state === SyncState.Error) reject(new Error("the fixture agent could not sync"));
      };
      client.on(ClientEvent.Sync, onSync);
      void client.startClient({ filter });
    });
    const recovery = new Recovery(client, keys);
    try {
      if (recoveryKey) {
        if ((await recovery.start()) !== "needs-key")
          throw new Error("recovery is not set up on the account");
        await recovery.useRecoveryKey(recoveryKey);
        return new FixtureAgent(client, recoveryKey, recovery.view.get().backupVersion ?? "");
      }
      const state = await recovery.start(password);
      const view = recovery.view.get();
      if (state !== "show-key-once" || !view.recoveryKey || !view.backupVersion)
        throw new Error(
          `the fixture agent could not set up recovery (${state}: ${view.error?.message ?? ""})`,
        );
      return new FixtureAgent(client, view.recoveryKey, view.backupVersion);
    } finally {
      recovery.stop();
    }
  }

  /** Message keys in the server's backup (the count Synapse keeps for the backup version). */
  async backedUp(): Promise<number> {
    const info = await this.client.http.authedRequest<{ count: number }>(Method.Get, "/room_keys/version");
    return info.count;
  }

  /** Waits until the backup holds at least `sessions` keys (the agent receives and uploads them on its own). */
  async waitForBackup(
    sessions: number,
    log: (line: string) => void,
    timeoutMs = 15 * 60_000,
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let count = 0;
    while (Date.now() < deadline) {
      count = await this.backedUp();
      if (count >= sessions) return count;
      await new Promise((r) => setTimeout(r, 2000));
    }
    log(`  the backup holds ${count} of ${sessions} expected message keys; going on`);
    return count;
  }

  stop(): void {
    this.client.stopClient();
  }
}
