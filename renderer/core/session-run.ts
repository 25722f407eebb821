// One signed-in session from its start to its end: the inbox (painted from the sealed snapshot before the SDK
// loads — a restart shows every row at once), then the client, then the desk. Disposing it at any point stops
// exactly what was started so far; a run that was disposed while starting never publishes anything.
import type { UIAuthCallback } from "matrix-js-sdk";
import type { Clock } from "./clock.ts";
import type { Desk } from "./desk/desk.ts";
import type { DeskPreparation, StartProgress } from "./desk/desk-options.ts";
import type { UiHooks } from "./desk/feature.ts";
import { Inbox } from "./inbox/inbox.ts";
import { InboxSnapshot } from "./inbox/snapshot.ts";
import { whenIdle } from "./idle.ts";
import { loadSdk } from "./load-sdk.ts";
import { mark } from "./marks.ts";
import { afterPaint } from "./observable.ts";
import type { AdminConfig, Platform } from "./platform/types.ts";
import type { SecretStorageKeys } from "./recovery/secret-keys.ts";
import { storagePrefix, type Session, type StoredSession } from "./session/session.ts";
import { fromBase64 } from "./storage/sealed.ts";
import type { InboxRow } from "./inbox/row.ts";

/** The saved inbox of a session, opened and read (`SessionRun.readSaved`). */
export interface SavedInbox {
  /** Whose inbox it is: the storage prefix of the session it was read for. */
  prefix: string;
  snapshot: InboxSnapshot | null;
  rows: InboxRow[] | null;
}

export interface SessionRunOptions {
  config: AdminConfig;
  platform: Platform;
  clock: Clock;
  secretKeys: SecretStorageKeys;
  ui: UiHooks;
  onProgress(progress: StartProgress): void;
  /** The inbox has rows to show: the saved ones (before the client exists), or the first window. */
  onInboxShown(): void;
  onDesk(desk: Desk): void;
  /** The saved inbox, already being read for this session (`SessionRun.readSaved`); read at start otherwise. */
  saved?: Promise<SavedInbox | null>;
}

export class SessionRun {
  readonly session: Session;
  readonly inbox = new Inbox();
  private readonly options: SessionRunOptions;
  private snapshot: InboxSnapshot | null = null;
  private desk: Desk | null = null;
  private disposing: Promise<void> | null = null;

  constructor(session: Session, options: SessionRunOptions) {
    this.session = session;
    this.options = options;
  }

  /**
   * Opens and reads the saved inbox of a stored session. A restart starts this as soon as the stored session is
   * known, while the admin configuration still loads: neither needs the other.
   */
  static readSaved(stored: StoredSession): Promise<SavedInbox> {
    return SessionRun.read(storagePrefix(stored.credentials), fromBase64(stored.deviceKey));
  }

  private static async read(prefix: string, deviceKey: Uint8Array): Promise<SavedInbox> {
    const snapshot = await InboxSnapshot.open(prefix, deviceKey);
    return { prefix, snapshot, rows: (await snapshot?.load()) ?? null };
  }

  get disposed(): boolean {
    return this.disposing !== null;
  }

  /** `password` / `auth`: right after a sign-in, how the first device answers the recovery set-up's auth. */
  async start(password?: string, auth?: UIAuthCallback<void>): Promise<void> {
    const { session, options } = this;
    let read = await options.saved?.catch(() => null);
    if (read?.prefix !== session.prefix) {
      // Not read ahead, or for another session (or the read failed): read now.
      read?.snapshot?.close();
      read = await SessionRun.read(session.prefix, session.deviceKey);
    }
    this.snapshot = read.snapshot;
    const saved = read.rows;
    mark("snapshot");
    if (this.disposed) {
      this.snapshot?.close();
      return;
    }
    if (saved?.length) {
      this.inbox.load(saved);
      options.onInboxShown();
      mark("ready-from-snapshot");
      // Let the saved inbox paint before the SDK and the crypto WASM load and compile on this thread.
      await afterPaint();
      if (this.disposed) return;
    }
    const sdk = await loadSdk();
    // The guard's word lists (~40 ms to build) are built in an idle moment of the start, not by the first
    // preview it checks.
    whenIdle(() => sdk.prepareGuard());
    // The desk's storage and the sync's first requests start while the client's crypto store opens.
    // Without a saved position to resume, the inbox's first window is asked for then too.
    const firstWindow = sdk.parsePosition(this.snapshot?.savedSyncState()) === null;
    let prepared: DeskPreparation | undefined;
    const client = await session.client(
      (created) => (prepared ??= sdk.Desk.prepare(sdk, created, firstWindow)),
    );
    mark("client");
    if (this.disposed) return;
    options.onProgress({ step: "first-window", covered: 0, total: 0 });
    const desk = await sdk.Desk.create(
      {
        session,
        client,
        sdk,
        inbox: this.inbox,
        snapshot: this.snapshot,
        config: options.config,
        platform: options.platform,
        clock: options.clock,
        secretKeys: options.secretKeys,
        features: sdk.FEATURES,
        ui: options.ui,
        onProgress: options.onProgress,
      },
      () => this.disposed,
      prepared,
    );
    if (!desk) return;
    mark("desk");
    this.desk = desk;
    options.onDesk(desk);
    // The rows are shown as soon as the first window is in.
    await desk.start(password, auth, () => !this.disposed && options.onInboxShown());
  }

  async flush(): Promise<void> {
    await (this.desk ? this.desk.flush() : this.snapshot?.flush());
  }

  /** Stops what this run started; resolves when its client (if any) has stopped. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      if (this.desk) return this.desk.dispose();
      // Not that far yet: a client still being created is finished, then stopped, so its crypto store closes.
      this.snapshot?.close();
      await this.session.stop();
    })();
    return this.disposing;
  }
}
