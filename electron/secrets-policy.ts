// Which safeStorage backend the secrets may be kept with, decided before anything is read or written.
// The lesson of element-desktop #2420 / element-web #30160: Chromium may pick a different Linux backend
// from one run to the next (a keyring missing or locked, a changed desktop session) and secrets written
// with one cannot be read with another. So: pin the backend the secrets were written with, refuse the
// obfuscation-only "basic_text" backend unless the admin chose it, and never switch silently.
import type { ShellOnlyConfig } from "./config.ts";

export type SecretBackend =
  "basic_text" | "gnome_libsecret" | "kwallet" | "kwallet5" | "kwallet6" | "keychain" | "dpapi" | "unknown";

export type LinuxPolicy = ShellOnlyConfig["linuxSecretStorageWithoutKeyring"];

export type SecretStorageDecision =
  | { state: "ready"; backend: SecretBackend; weak: boolean }
  | { state: "refused"; backend: SecretBackend; message: string }
  | { state: "unavailable"; backend: SecretBackend; message: string }
  | { state: "backend-changed"; savedWith: string; now: SecretBackend; message: string };

export interface BackendFacts {
  platform: NodeJS.Platform;
  /** safeStorage.getSelectedStorageBackend() on Linux; ignored elsewhere. */
  linuxBackend: string;
  /** safeStorage.isAsyncEncryptionAvailable(). */
  available: boolean;
  /** The backend recorded in secrets.json, or null when nothing was ever stored. */
  savedWith: string | null;
  policy: LinuxPolicy;
}

/** The backend's name on this platform: Linux reports its own, macOS and Windows have one each. */
export function backendOf(platform: NodeJS.Platform, linuxBackend: string): SecretBackend {
  if (platform === "darwin") return "keychain";
  if (platform === "win32") return "dpapi";
  const known: readonly string[] = ["basic_text", "gnome_libsecret", "kwallet", "kwallet5", "kwallet6"];
  return known.includes(linuxBackend) ? (linuxBackend as SecretBackend) : "unknown";
}

export function decideSecretStorage(facts: BackendFacts): SecretStorageDecision {
  const now = backendOf(facts.platform, facts.linuxBackend);
  if (facts.savedWith !== null && facts.savedWith !== now) {
    return {
      state: "backend-changed",
      savedWith: facts.savedWith,
      now,
      message:
        `The saved sign-in was protected with "${facts.savedWith}", but this session offers "${now}". ` +
        `It was not deleted. Start the console where "${facts.savedWith}" is available (unlock your ` +
        `keyring, or pass --password-store=${passwordStoreSwitch(facts.savedWith) ?? facts.savedWith}), ` +
        `or choose to sign in again: the old secrets are then kept aside, not erased.`,
    };
  }
  if (facts.platform !== "linux") {
    return facts.available
      ? { state: "ready", backend: now, weak: false }
      : {
          state: "unavailable",
          backend: now,
          message:
            facts.platform === "darwin"
              ? "The macOS Keychain is not available, so the console cannot keep your sign-in safe. Unlock the login keychain and start the console again."
              : "Windows data protection is not available, so the console cannot keep your sign-in safe. Sign in to Windows with your own account and start the console again.",
        };
  }
  if (now === "basic_text" || now === "unknown") {
    if (facts.policy === "basic_text" && facts.available) return { state: "ready", backend: now, weak: true };
    return {
      state: "refused",
      backend: now,
      message:
        "No system keyring (GNOME Keyring, KWallet or another Secret Service) is available, so the console " +
        "will not store your sign-in: without one it would only be obfuscated on disk. Install and unlock a " +
        "keyring and start the console again, or ask your administrator to accept the weaker storage by " +
        'setting "linuxSecretStorageWithoutKeyring": "basic_text" in config.json.',
    };
  }
  if (!facts.available) {
    return {
      state: "unavailable",
      backend: now,
      message: `The keyring ("${now}") did not answer, so the console cannot keep your sign-in safe. Unlock your keyring and start the console again.`,
    };
  }
  return { state: "ready", backend: now, weak: false };
}

/** Chromium's --password-store value for a Linux backend, to pin it on the next start. */
export function passwordStoreSwitch(backend: string): string | null {
  const switches: Record<string, string> = {
    basic_text: "basic",
    gnome_libsecret: "gnome-libsecret",
    kwallet: "kwallet",
    kwallet5: "kwallet5",
    kwallet6: "kwallet6",
  };
  return switches[backend] ?? null;
}
