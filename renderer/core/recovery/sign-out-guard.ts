// Whether signing out now would lose encrypted history, as view-state for the sign-out dialog: message keys
// that exist only on this device stop the sign-out until they are in the server-side backup (setting up
// recovery first when the account or this device has none), with the upload's progress. Element's logout
// dialog asks the same question; this one also waits for the keys still on their way to the backup.
import type { MatrixClient } from "matrix-js-sdk";
import { Observable, type Readable } from "../observable.ts";
import { asRecoveryError, type RecoveryError } from "./errors.ts";
import { backupCoverage, uploadAllKeys, type BackupCoverage, type UploadProgress } from "./key-backup.ts";

/**
 * - `checking`: comparing this device's keys with the server's backup.
 * - `safe`: every key is in the backup (or there are none): signing out loses no history.
 * - `at-risk`: keys exist only here and this device backs up nowhere: recovery must be set up (or the recovery
 *   key entered) first.
 * - `uploading`: this device backs up and the last keys are on their way (`progress`).
 * - `stalled`: the uploads stopped with keys still missing (`coverage.unbacked`).
 * - `error`: the check or the upload failed (`error`); `check()` tries again.
 */
export type SignOutStep = "checking" | "safe" | "at-risk" | "uploading" | "stalled" | "error";

export interface SignOutGuardView {
  step: SignOutStep;
  coverage: BackupCoverage | null;
  progress: UploadProgress | null;
  error: RecoveryError | null;
}

export interface SignOutGuardOptions {
  clock?: () => number;
  /** Passed to the upload wait (tests shorten them). */
  stallMs?: number;
  recheckMs?: number;
}

export class SignOutGuard {
  private readonly client: MatrixClient;
  private readonly options: SignOutGuardOptions;
  private readonly state = new Observable<SignOutGuardView>({
    step: "checking",
    coverage: null,
    progress: null,
    error: null,
  });
  private readonly abort = new AbortController();
  private uploading: Promise<boolean> | null = null;

  constructor(client: MatrixClient, options: SignOutGuardOptions = {}) {
    this.client = client;
    this.options = options;
  }

  get view(): Readable<SignOutGuardView> {
    return this.state;
  }

  /** Compares this device's keys with the backup; when the device backs up, waits for the rest at once. */
  async check(): Promise<SignOutStep> {
    if (this.uploading) return this.state.get().step;
    this.state.set({ step: "checking", coverage: this.state.get().coverage, progress: null, error: null });
    try {
      const coverage = await backupCoverage(this.client);
      if (coverage.unbacked === 0) {
        this.state.set({ step: "safe", coverage, progress: null, error: null });
        return "safe";
      }
      this.state.set({ step: "at-risk", coverage, progress: null, error: null });
      const backsUp = coverage.activeVersion !== null && coverage.activeVersion === coverage.serverVersion;
      if (!backsUp) return "at-risk";
      void this.backUp(); // synchronously "uploading"
      return "uploading";
    } catch (err) {
      this.state.set({ step: "error", coverage: null, progress: null, error: asRecoveryError(err, "check") });
      return "error";
    }
  }

  /**
   * Waits until every key is in the backup (after recovery was set up or the key entered, or while the device's
   * own uploads catch up). Resolves true when nothing would be lost any more.
   */
  backUp(): Promise<boolean> {
    this.uploading ??= this.runUpload().finally(() => (this.uploading = null));
    return this.uploading;
  }

  private async runUpload(): Promise<boolean> {
    const coverage = this.state.get().coverage;
    this.state.set({ step: "uploading", coverage, progress: null, error: null });
    try {
      const final = await uploadAllKeys(this.client, {
        signal: this.abort.signal,
        onProgress: (progress) => this.state.update((v) => ({ ...v, progress })),
        ...(this.options.clock ? { clock: this.options.clock } : {}),
        ...(this.options.stallMs !== undefined ? { stallMs: this.options.stallMs } : {}),
        ...(this.options.recheckMs !== undefined ? { recheckMs: this.options.recheckMs } : {}),
      });
      const step: SignOutStep = final.unbacked === 0 ? "safe" : "stalled";
      this.state.update((v) => ({ ...v, step, coverage: final }));
      return step === "safe";
    } catch (err) {
      if (this.abort.signal.aborted) return false;
      this.state.update((v) => ({ ...v, step: "error", error: asRecoveryError(err, "backup") }));
      return false;
    }
  }

  /** The dialog closed: stop watching (the SDK keeps uploading on its own). */
  stop(): void {
    this.abort.abort();
  }
}
