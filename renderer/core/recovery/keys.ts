// The secret-storage key (the "recovery key") on its way through the crypto layer: parsing what the agent typed,
// the callbacks matrix-js-sdk asks for the key through (they must be given to createClient), and the password
// answer to the homeserver's auth challenge when cross-signing keys are uploaded.
import type { AuthDict, UIAuthCallback } from "matrix-js-sdk";
import { decodeRecoveryKey, type CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";
import { isAuthChallenge, RecoveryError } from "./errors.ts";

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

/**
 * The 32-byte key from what the agent typed or pasted: spaces, line breaks and tabs are ignored (keys are shown
 * in groups and often wrap); anything else wrong (typo, truncated, not a key) is a human error.
 */
export function parseRecoveryKey(input: string): Uint8Array<ArrayBuffer> {
  const compact = input.replace(/\s+/g, "");
  if (!compact) throw new RecoveryError("not-a-recovery-key");
  try {
    return decodeRecoveryKey(compact);
  } catch (err) {
    throw new RecoveryError("not-a-recovery-key", {}, { cause: err });
  }
}

/**
 * Answers the homeserver's auth challenge for uploading cross-signing keys: first without auth (Synapse accepts a
 * first upload without it, MSC3967), then with the account's password if the server asks for it.
 */
export function passwordAuth(userId: string, password: string | undefined): UIAuthCallback<void> {
  return async (makeRequest) => {
    try {
      await makeRequest(null);
      return;
    } catch (err) {
      if (!isAuthChallenge(err)) throw err;
      if (!password) throw new RecoveryError("password-needed", {}, { cause: err });
      const auth: AuthDict = {
        type: "m.login.password",
        identifier: { type: "m.id.user", user: userId },
        password,
        ...(err.data.session ? { session: err.data.session } : {}),
      };
      try {
        await makeRequest(auth);
      } catch (retryErr) {
        if (isAuthChallenge(retryErr)) throw new RecoveryError("wrong-password", {}, { cause: retryErr });
        throw retryErr;
      }
    }
  };
}
