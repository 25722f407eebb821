// Recovery: cross-signing, key backup and the recovery key (see recovery.ts); the key plumbing (keys.ts) and the
// errors an agent sees (errors.ts).
export {
  Recovery,
  type RecoveryOptions,
  type RecoveryState,
  type RecoveryView,
  type RestoreProgress,
} from "./recovery.ts";
export {
  SecretStorageKeys,
  interactiveAuth,
  parseRecoveryKey,
  passwordAuth,
  type ConfirmInBrowser,
} from "./keys.ts";
export { RecoveryError, type RecoveryErrorKind } from "./errors.ts";
export { backupCoverage, uploadAllKeys, type BackupCoverage, type UploadProgress } from "./key-backup.ts";
export { SignOutGuard, type SignOutGuardView, type SignOutStep } from "./sign-out-guard.ts";
