// The team's label key (see labels.ts): 32 random bytes shared by every device of the support account. They live
// in the account's secret storage (SSSS: encrypted account data that only the recovery key opens) under a
// console-specific name, and each device keeps its own copy in the platform's secret store, because secret storage
// is only open while the recovery key is at hand: when the account's first device sets recovery up (it creates the
// key there), when an agent enters the recovery key on a later device (it reads the key), and when a new recovery
// key replaces the old one (the key is stored again, under the new one). Wallets never see it: account data is
// the support account's own, and the key only leaves a device encrypted.
import type { SecretInfo, ServerSideSecretStorage } from "matrix-js-sdk/lib/secret-storage.js";
import { LABEL_KEY_BYTES } from "../labels.ts";
import { Observable, type Readable } from "../observable.ts";
import type { SecretStore } from "../platform/types.ts";

/** The secret's name in the account's secret storage (an account-data event type). */
export const LABEL_KEY_SECRET = "org.wallet_support_console.label_key";

// The SDK types secret names; a console-specific secret joins them by declaration merging.
declare module "matrix-js-sdk/lib/@types/event.js" {
  interface SecretStorageAccountDataEvents {
    "org.wallet_support_console.label_key": SecretInfo;
  }
}

/** How long storing the label key in secret storage waits for the account data's echo through sync. */
export const ECHO_WAIT_MS = 20_000;

/** The name of a device's own copy in the platform's secret store (per account: one machine may serve several). */
export function localLabelKeyName(userId: string): string {
  return `label-key:${userId}`;
}

/** What a device did with secret storage open. */
export type LabelKeyOutcome = "created" | "read" | "stored-again";

type SecretStorage = Pick<ServerSideSecretStorage, "get" | "store" | "isStored" | "getDefaultKeyId">;

function encode(key: Uint8Array): string {
  return btoa(String.fromCharCode(...key));
}

function decode(text: string): Uint8Array | null {
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return bytes.length === LABEL_KEY_BYTES ? bytes : null;
  } catch {
    return null;
  }
}

export class LabelKey {
  private readonly state = new Observable<Uint8Array | null>(null);
  private readonly store: SecretStore;
  private readonly localName: string;

  private readonly echoWaitMs: number;

  /**
   * `userId`: the support account (the local copy is per account: one machine may serve several).
   * `echoWaitMs`: how long storing the key waits for the server to echo it through sync (see withSecretStorage).
   */
  constructor(store: SecretStore, userId: string, echoWaitMs = ECHO_WAIT_MS) {
    this.store = store;
    this.localName = localLabelKeyName(userId);
    this.echoWaitMs = echoWaitMs;
  }

  /** The key, or null while this device has none (labels are provisional then). */
  get key(): Readable<Uint8Array | null> {
    return this.state;
  }

  /** This device's copy, from the platform's secret store (at sign-in, before the network answers). */
  async loadLocal(): Promise<Uint8Array | null> {
    const saved = await this.store.get(this.localName);
    const key = saved ? decode(saved) : null;
    if (key && !this.state.get()) this.state.set(key);
    return this.state.get();
  }

  /**
   * Runs while secret storage is open (its key held by the recovery module). The account's copy wins, so every
   * device shows the same labels; a device that has a key the secret storage can't give (a new recovery key
   * replaced the one it was stored under) stores it again; the first device of all creates it.
   */
  async withSecretStorage(storage: SecretStorage): Promise<LabelKeyOutcome> {
    // Stored under the current (default) key: an older copy under a replaced recovery key can't be opened.
    const [under, current] = await Promise.all([
      storage.isStored(LABEL_KEY_SECRET),
      storage.getDefaultKeyId(),
    ]);
    if (under && current && current in under) {
      const stored = decode((await storage.get(LABEL_KEY_SECRET)) ?? "");
      if (!stored) throw new Error("the label key in secret storage is damaged");
      await this.keep(stored);
      return "read";
    }
    const known = this.state.get() ?? (await this.loadLocal());
    const key = known ?? crypto.getRandomValues(new Uint8Array(LABEL_KEY_BYTES));
    // matrix-js-sdk's store() resolves only when the server's echo of the account data comes back through
    // sync. The benchmark's Synapse on PostgreSQL never sent it, and the unlock waited forever on a key already
    // written: the echo gets ECHO_WAIT_MS, the write itself (a failed PUT) still fails the unlock.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const echoLate = new Promise<"late">(
      (resolve) => (timer = setTimeout(() => resolve("late"), this.echoWaitMs)),
    );
    const stored = storage.store(LABEL_KEY_SECRET, encode(key));
    try {
      if ((await Promise.race([stored.then(() => "stored" as const), echoLate])) === "late") {
        console.warn(
          "[labels] the label key was sent to secret storage; its echo has not come back through sync",
        );
        stored.catch((err: Error) => console.warn(`[labels] storing the label key failed: ${err.message}`));
      }
    } finally {
      clearTimeout(timer);
    }
    await this.keep(key);
    return known ? "stored-again" : "created";
  }

  private async keep(key: Uint8Array): Promise<void> {
    await this.store.set(this.localName, encode(key));
    const current = this.state.get();
    if (!current || encode(current) !== encode(key)) this.state.set(key);
  }
}
