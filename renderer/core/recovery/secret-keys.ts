// The recovery key's holder, apart from the rest of the key plumbing so that the console can create it (its
// callbacks go to createClient) without loading matrix-js-sdk before the saved inbox is on screen.
import type { CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";

/**
 * Holds the recovery key in memory only while an operation needs it (set-up, unlocking, replacing), so the
 * raw key never outlives the step the agent started. The crypto layer reads it through `callbacks`.
 */
export class SecretStorageKeys {
  private held: { keyId: string; key: Uint8Array<ArrayBuffer> } | null = null;

  /** Pass to matrix-js-sdk's `createClient({ cryptoCallbacks })`: secret storage reads keys only from here. */
  readonly callbacks: CryptoCallbacks = {
    getSecretStorageKey: async ({ keys }) => {
      const held = this.held;
      // A copy: ours is wiped when the operation ends, whatever the SDK still does with its own.
      return held && held.keyId in keys ? [held.keyId, held.key.slice()] : null;
    },
    // Called when bootstrapSecretStorage creates a new key: later steps of the same set-up need it.
    cacheSecretStorageKey: (keyId, _info, key) => {
      this.held = { keyId, key: key.slice() };
    },
  };

  get holding(): boolean {
    return this.held !== null;
  }

  hold(keyId: string, key: Uint8Array<ArrayBuffer>): void {
    this.forget();
    this.held = { keyId, key: key.slice() };
  }

  /** Runs `fn` with the key available to the crypto layer and forgets it afterwards, whatever happens. */
  async using<T>(keyId: string, key: Uint8Array<ArrayBuffer>, fn: () => Promise<T>): Promise<T> {
    this.hold(keyId, key);
    try {
      return await fn();
    } finally {
      this.forget();
    }
  }

  forget(): void {
    this.held?.key.fill(0);
    this.held = null;
  }
}
