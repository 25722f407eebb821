// The secret-storage key (the "recovery key") on its way through the crypto layer: parsing what the agent typed,
// the callbacks matrix-js-sdk asks for the key through (they must be given to createClient), and (auth.ts) the
// answers to the homeserver's auth challenge when cross-signing keys are uploaded.
import { decodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { RecoveryError } from "./errors.ts";

export { SecretStorageKeys } from "./secret-keys.ts";
// The auth answers live apart, free of the SDK at run time: the app-lifetime sign-in flow hands them over.
export { interactiveAuth, passwordAuth, type ConfirmInBrowser } from "./auth.ts";

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
