// Cross-signing, server-side key backup and the recovery key for the support account, as view-state the UI
// renders: the first device sets everything up and shows the recovery key once; a later device enters that key
// to read the history (it restores the key backup and cross-signs itself with the account's identity).
import type { MatrixClient, UIAuthCallback } from "matrix-js-sdk";
import { CryptoEvent, ImportRoomKeyStage, type CryptoApi } from "matrix-js-sdk/lib/crypto-api/index.js";
import { Observable, type Readable } from "../observable.ts";
import type { SecretStore } from "../platform/types.ts";
import type { BackupRestore, RestoreProgress } from "./backup-restore.ts";
import { asRecoveryError, RecoveryError } from "./errors.ts";
import { parseRecoveryKey, passwordAuth, type SecretStorageKeys } from "./keys.ts";
import { SignOutGuard, type SignOutGuardOptions } from "./sign-out-guard.ts";

/**
 * - `checking`: asking the server and the crypto store.
 * - `needs-setup`: the first device of this account: no recovery set up yet.
 * - `show-key-once`: set up; the key is in `view.recoveryKey` until the agent confirms they stored it.
 * - `needs-key`: recovery exists but this device can't read earlier messages until the key is entered.
 * - `ready`: this device is cross-signed and backs up (and can restore) message keys.
 * - `error`: a check or set-up failed; `view.error` says why and `check()` tries again.
 */
export type RecoveryState = "checking" | "needs-setup" | "show-key-once" | "needs-key" | "ready" | "error";

export type { RestoreProgress } from "./backup-restore.ts";

export interface RecoveryView {
  state: RecoveryState;
  /** What is running (the UI disables its buttons meanwhile). */
  busy: "setting-up" | "unlocking" | "restoring" | null;
  /** The recovery key, in its usual groups of four ("EsT… …"): only while `state` is `show-key-once`. */
  recoveryKey: string | null;
  restore: RestoreProgress | null;
  /** The last failure, as a sentence with a `kind` to translate (in `error`, or a rejected key in `needs-key`). */
  error: RecoveryError | null;
  /** This device is signed by the account's cross-signing identity (other devices and wallets trust it). */
  deviceVerified: boolean;
  backupVersion: string | null;
  /** This device holds the account's signing keys, so it can issue a new recovery key (the old one stops working). */
  canReplaceKey: boolean;
  /** A key was shown but the agent never confirmed storing it (the app closed): offer a new one. */
  keyUnconfirmed: boolean;
}

export interface RecoveryOptions {
  /** Keeps "the agent has not confirmed storing the key" across restarts (the platform's secret store). */
  store?: SecretStore;
  /**
   * The bulk, resumable key-backup restore (backup-restore.ts): used instead of the SDK's restoreKeyBackup, and
   * resumed in the background whenever this device is found ready.
   */
  restore?: BackupRestore;
}

const UNCONFIRMED = "recovery-key-unconfirmed";

const INITIAL: RecoveryView = {
  state: "checking",
  busy: null,
  recoveryKey: null,
  restore: null,
  error: null,
  deviceVerified: false,
  backupVersion: null,
  canReplaceKey: false,
  keyUnconfirmed: false,
};

export class Recovery {
  private readonly client: MatrixClient;
  private readonly keys: SecretStorageKeys;
  private readonly store: SecretStore | null;
  private readonly restore: BackupRestore | null;
  private readonly unfollowRestore: (() => void) | null;
  private readonly state = new Observable<RecoveryView>(INITIAL);
  private starting: Promise<RecoveryState> | null = null;
  private markStarted: (state: RecoveryState) => void = () => {};
  private readonly firstStart = new Promise<RecoveryState>((resolve) => (this.markStarted = resolve));
  private checking: Promise<RecoveryState> | null = null;
  private readonly unlockedTasks = new Set<(storage: MatrixClient["secretStorage"]) => Promise<unknown>>();
  private readonly onBackupChanged = (): void => {
    const { state, busy } = this.state.get();
    if (!busy && (state === "ready" || state === "needs-key")) void this.check();
  };

  /** `keys` must be the object whose `callbacks` were given to this client's createClient. */
  constructor(client: MatrixClient, keys: SecretStorageKeys, options: RecoveryOptions = {}) {
    this.client = client;
    this.keys = keys;
    this.store = options.store ?? null;
    this.restore = options.restore ?? null;
    this.unfollowRestore =
      this.restore?.view.subscribe((restore) => {
        if (restore) this.patch({ restore });
      }) ?? null;
    client.on(CryptoEvent.KeyBackupStatus, this.onBackupChanged);
  }

  get view(): Readable<RecoveryView> {
    return this.state;
  }

  /**
   * Runs `task` each time secret storage is open on this device (set-up, a new recovery key, the key entered):
   * the only moments other secrets of the account (e.g. the label key) can be read or written. A failing task
   * is logged and never fails the recovery step. Returns the unsubscribe.
   */
  whileUnlocked(task: (storage: MatrixClient["secretStorage"]) => Promise<unknown>): () => void {
    this.unlockedTasks.add(task);
    return () => this.unlockedTasks.delete(task);
  }

  private async runUnlocked(): Promise<void> {
    for (const task of this.unlockedTasks) {
      await task(this.client.secretStorage).catch((err: Error) => console.warn(`[recovery] ${err.message}`));
    }
  }

  private get userId(): string {
    return this.client.getSafeUserId();
  }

  private crypto(): CryptoApi {
    const crypto = this.client.getCrypto();
    if (!crypto) throw new RecoveryError("encryption-unavailable");
    return crypto;
  }

  private patch(change: Partial<RecoveryView>): void {
    this.state.update((v) => ({ ...v, ...change }));
  }

  /**
   * After sign-in or restore: finds where this device stands, and on the account's first device sets recovery up
   * at once. A first upload of cross-signing keys needs no auth on most servers (MSC3967); where the server asks,
   * the password (only at hand during sign-in) or `auth` (e.g. single sign-on's fallback page) answers.
   */
  start(password?: string, auth?: UIAuthCallback<void>): Promise<RecoveryState> {
    // Callers racing (the console at sign-in, a settings screen) share one run.
    this.starting ??= (async () => {
      const state = await this.check();
      if (state !== "needs-setup") return state;
      await this.setUp(password, auth).catch(() => {});
      return this.state.get().state;
    })()
      .then((state) => (this.markStarted(state), state))
      .finally(() => (this.starting = null));
    return this.starting;
  }

  /**
   * Where the device stood when `start()` first finished: the UI asks for what recovery needs only then, not
   * in the moment between the check and the set-up that a password sign-in runs by itself.
   */
  started(): Promise<RecoveryState> {
    return this.firstStart;
  }

  /** Asks the server and the crypto store where this device stands. Never leaves a shown key. */
  check(): Promise<RecoveryState> {
    const { state, busy } = this.state.get();
    if (state === "show-key-once" || busy) return Promise.resolve(state);
    this.checking ??= this.runCheck().finally(() => (this.checking = null));
    return this.checking;
  }

  private async runCheck(): Promise<RecoveryState> {
    this.patch({ state: "checking", error: null });
    try {
      const crypto = this.crypto();
      if (!(await this.client.secretStorage.hasKey())) {
        this.patch({ state: "needs-setup", ...(await this.deviceFacts(crypto)) });
        return "needs-setup";
      }
      // Starts backing up to the server's backup when it is trusted (signed by our identity, or our key).
      await crypto.checkKeyBackupAndEnable();
      const facts = await this.deviceFacts(crypto);
      const hasBackupKey = (await crypto.getSessionBackupPrivateKey()) !== null;
      const ready = facts.deviceVerified && facts.backupVersion !== null && hasBackupKey;
      const unconfirmed = ready && this.store ? (await this.store.get(UNCONFIRMED)) === this.userId : false;
      const state: RecoveryState = ready ? "ready" : "needs-key";
      this.patch({ state, keyUnconfirmed: unconfirmed, ...facts });
      // A restore interrupted by the last quit carries on (one finished earlier costs nothing).
      if (ready) void this.restore?.resume();
      return state;
    } catch (err) {
      this.patch({ state: "error", error: asRecoveryError(err, "check") });
      return "error";
    }
  }

  private async deviceFacts(
    crypto: CryptoApi,
  ): Promise<Pick<RecoveryView, "deviceVerified" | "backupVersion" | "canReplaceKey">> {
    // Our own identity must be known before our device's signature can be checked.
    await crypto.userHasCrossSigningKeys(this.userId, true);
    const deviceId = this.client.getDeviceId();
    const status = deviceId ? await crypto.getDeviceVerificationStatus(this.userId, deviceId) : null;
    const local = (await crypto.getCrossSigningStatus()).privateKeysCachedLocally;
    return {
      deviceVerified: status?.crossSigningVerified ?? false,
      backupVersion: await crypto.getActiveSessionBackupVersion(),
      canReplaceKey: local.masterKey && local.selfSigningKey && local.userSigningKey,
    };
  }

  /**
   * First device: creates the cross-signing identity (signing this device), secret storage and a new key backup,
   * and returns the recovery key, which the view shows until `confirmStored()`. The password (or `auth`, for
   * accounts without one) answers the homeserver's auth challenge if it asks for one.
   */
  async setUp(password?: string, auth?: UIAuthCallback<void>): Promise<string> {
    const { state, busy } = this.state.get();
    if (busy || (state !== "needs-setup" && state !== "error")) {
      throw new RecoveryError("failed", { step: "set-up", detail: `not possible while ${busy ?? state}` });
    }
    this.patch({ busy: "setting-up", error: null });
    try {
      const crypto = this.crypto();
      await crypto.userHasCrossSigningKeys(this.userId, true);
      // Keep a working identity; otherwise start a new one each attempt (a refused upload leaves new keys on this
      // device only, which the SDK would otherwise keep and never publish).
      await crypto.bootstrapCrossSigning({
        setupNewCrossSigning: !(await crypto.isCrossSigningReady()),
        authUploadDeviceSigningKeys: auth ?? passwordAuth(this.userId, password),
      });
      return await this.issueKey(crypto, { newBackup: true });
    } catch (err) {
      const error = asRecoveryError(err, "set-up");
      const retryable = error.kind === "password-needed" || error.kind === "wrong-password";
      this.patch({ state: retryable ? "needs-setup" : "error", error });
      throw error;
    } finally {
      this.keys.forget();
      this.patch({ busy: null });
    }
  }

  /**
   * On a device holding the account's signing keys: a new recovery key for the same identity and backup (the
   * old key stops working). For a key that was lost or never confirmed as stored.
   */
  async replaceRecoveryKey(): Promise<string> {
    const { state, busy, canReplaceKey } = this.state.get();
    if (busy || !canReplaceKey || (state !== "ready" && state !== "needs-key")) {
      throw new RecoveryError("failed", {
        step: "new key",
        detail: "this device does not hold the signing keys",
      });
    }
    this.patch({ busy: "setting-up", error: null });
    try {
      const crypto = this.crypto();
      const backupKey = await crypto.getSessionBackupPrivateKey();
      const active = await crypto.getActiveSessionBackupVersion();
      return await this.issueKey(crypto, { newBackup: !backupKey || !active });
    } catch (err) {
      const error = asRecoveryError(err, "new key");
      this.patch({ error });
      throw error;
    } finally {
      this.keys.forget();
      this.patch({ busy: null });
    }
  }

  private async issueKey(crypto: CryptoApi, { newBackup }: { newBackup: boolean }): Promise<string> {
    let encoded: string | undefined;
    await crypto.bootstrapSecretStorage({
      createSecretStorageKey: async () => {
        const generated = await crypto.createRecoveryKeyFromPassphrase();
        encoded = generated.encodedPrivateKey;
        return generated;
      },
      setupNewSecretStorage: true,
      setupNewKeyBackup: newBackup,
    });
    if (!encoded) throw new Error("no recovery key was generated");
    await this.runUnlocked(); // the new key is still held (cacheSecretStorageKey)
    await this.store?.set(UNCONFIRMED, this.userId);
    this.patch({
      state: "show-key-once",
      recoveryKey: encoded,
      keyUnconfirmed: true,
      ...(await this.deviceFacts(crypto)),
    });
    return encoded;
  }

  /** The agent stored the key: it leaves memory and the screen. */
  async confirmStored(): Promise<void> {
    if (this.state.get().state !== "show-key-once") return;
    await this.store?.delete(UNCONFIRMED);
    this.patch({ state: "ready", recoveryKey: null, keyUnconfirmed: false });
  }

  /**
   * A later device: checks the key against the account's secret storage, cross-signs this device with the
   * account's identity, loads the backup key and restores every message key in the backup (progress in
   * `view.restore`). Messages that failed to decrypt are retried by the SDK as their keys arrive.
   */
  async useRecoveryKey(input: string): Promise<RestoreProgress> {
    const { state, busy } = this.state.get();
    if (busy || state !== "needs-key") {
      throw new RecoveryError("failed", { step: "unlock", detail: `not possible while ${busy ?? state}` });
    }
    this.patch({ busy: "unlocking", error: null });
    try {
      const crypto = this.crypto();
      const [keyId, key] = await this.checkedKey(input);
      await this.keys.using(keyId, key, async () => {
        await crypto.userHasCrossSigningKeys(this.userId, true);
        // Only import: with the keys missing from secret storage, bootstrapping would mint a new identity.
        if ((await crypto.getCrossSigningStatus()).privateKeysInSecretStorage)
          await crypto.bootstrapCrossSigning({});
        if (await crypto.getKeyBackupInfo()) await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
        else await crypto.resetKeyBackup();
        await this.runUnlocked();
      });
      await crypto.checkKeyBackupAndEnable();
      this.patch({ ...(await this.deviceFacts(crypto)) });
    } catch (err) {
      const error = asRecoveryError(err, "unlock");
      this.patch({ busy: null, error });
      throw error;
    } finally {
      this.keys.forget();
    }
    this.patch({ state: "ready", busy: null });
    return this.restoreHistory();
  }

  /**
   * A device that is already set up opens secret storage once more with the recovery key, so the account's other
   * secrets (the team's label key, for a device set up before the key existed) reach it. Nothing about its
   * cross-signing or backup changes.
   */
  async openSecretStorage(input: string): Promise<void> {
    const { state, busy } = this.state.get();
    if (busy || state !== "ready") {
      throw new RecoveryError("failed", { step: "unlock", detail: `not possible while ${busy ?? state}` });
    }
    this.patch({ busy: "unlocking", error: null });
    try {
      const [keyId, key] = await this.checkedKey(input);
      await this.keys.using(keyId, key, () => this.runUnlocked());
    } catch (err) {
      // The caller shows it beside its own field: the view's error belongs to the recovery steps.
      throw asRecoveryError(err, "unlock");
    } finally {
      this.keys.forget();
      this.patch({ busy: null });
    }
  }

  /** The secret-storage key the agent typed, checked against the account's: its id and bytes. */
  private async checkedKey(input: string): Promise<[string, Uint8Array<ArrayBuffer>]> {
    const key = parseRecoveryKey(input);
    const found = await this.client.secretStorage.getKey();
    if (!found) throw new RecoveryError("no-recovery-set-up");
    const [keyId, info] = found;
    if (!(await this.client.secretStorage.checkKey(key, info).catch(() => false))) {
      throw new RecoveryError("wrong-recovery-key");
    }
    return [keyId, key];
  }

  /** Downloads and imports every message key in the backup (again, after a failed restore). */
  async restoreHistory(): Promise<RestoreProgress> {
    const crypto = this.crypto();
    this.patch({ busy: "restoring", error: null, restore: { imported: 0, total: 0, done: false } });
    try {
      if (this.restore) {
        const restored = (await this.restore.run()) ?? { imported: 0, total: 0, done: true };
        this.patch({ restore: restored });
        return restored;
      }
      const result = await crypto.restoreKeyBackup({
        progressCallback: (p) => {
          if (p.stage === ImportRoomKeyStage.LoadKeys) {
            this.patch({ restore: { imported: p.successes, total: p.total, done: false } });
          }
        },
      });
      const restore = { imported: result.imported, total: result.total, done: true };
      this.patch({ restore });
      return restore;
    } catch (err) {
      const error = asRecoveryError(err, "restore");
      this.patch({ error });
      throw error;
    } finally {
      this.patch({ busy: null });
    }
  }

  /** What signing out now would lose, and the wait until the backup holds it (sign-out-guard.ts). */
  signOutGuard(options?: SignOutGuardOptions): SignOutGuard {
    return new SignOutGuard(this.client, options);
  }

  stop(): void {
    this.unfollowRestore?.();
    this.client.off(CryptoEvent.KeyBackupStatus, this.onBackupChanged);
    this.unlockedTasks.clear();
    this.keys.forget();
  }
}
