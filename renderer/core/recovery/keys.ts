// The secret-storage key (the "recovery key") on its way through the crypto layer: parsing what the agent typed,
// the callbacks matrix-js-sdk asks for the key through (they must be given to createClient), and the password
// answer to the homeserver's auth challenge when cross-signing keys are uploaded.
import type { AuthDict, UIAuthCallback } from "matrix-js-sdk";
import { decodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { isAuthChallenge, RecoveryError } from "./errors.ts";

export { SecretStorageKeys } from "./secret-keys.ts";

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
