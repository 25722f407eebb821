// The inbox saved between runs, sealed with the device key: a restart renders every row at once, before the
// network answers. Written at most every few seconds while rows change, and when the app goes away.
// It also carries the sync engine's state (an opaque value the sync module defines: where the server's
// connection stood), because that state is only valid together with rows at least as new: it is written in the
// same record as the rows, or — when no row has changed since the rows were written — in a small record of its
// own that names the rows it goes with.
import { openKeyValueStore, type KeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";
import type { InboxRow } from "./row.ts";

const VERSION = 1;
const SAVE_EVERY_MS = 3000;
const PURPOSE = "inbox-snapshot";
const ROWS_KEY = "inbox";
const SYNC_KEY = "inbox-sync";

interface SnapshotBody {
  v: number;
  savedAt: number;
  rows: InboxRow[];
  /** Which write this is (the sync-only record names the rows write it goes with). */
  seq?: number;
  sync?: unknown;
}

interface SyncBody {
  seq: number;
  rowsSeq: number;
  sync: unknown;
}

export class InboxSnapshot {
  private readonly db: KeyValueStore;
  private readonly key: CryptoKey;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: (() => InboxRow[]) | null = null;
  private syncState: (() => unknown) | null = null;
  private saved: unknown = null;
  private seq = 0;
  private rowsSeq = -1;
  private writingRows = false;
  private syncWrite: Promise<void> = Promise.resolve();

  private constructor(db: KeyValueStore, key: CryptoKey) {
    this.db = db;
    this.key = key;
  }

  /** The snapshot in this device's IndexedDB; null where there is none (Node). */
  static async open(prefix: string, deviceKey: Uint8Array): Promise<InboxSnapshot | null> {
    if (typeof indexedDB === "undefined") return null;
    const [db, key] = await Promise.all([
      openKeyValueStore(`${prefix}-data`),
      deriveSealingKey(deviceKey, PURPOSE),
    ]);
    return new InboxSnapshot(db, key);
  }

  /** The snapshot in any key-value store (the unit tests'), sealed the same way. */
  static async inStore(db: KeyValueStore, deviceKey: Uint8Array): Promise<InboxSnapshot> {
    return new InboxSnapshot(db, await deriveSealingKey(deviceKey, PURPOSE));
  }

  private async read<T>(name: string): Promise<T | null> {
    const sealed = await this.db.get<Sealed>(name);
    if (!sealed) return null;
    try {
      return await unseal<T>(this.key, sealed);
    } catch {
      return null; // another key (device changed) or damaged: start from the server
    }
  }

  async load(): Promise<InboxRow[] | null> {
    const [body, sync] = await Promise.all([
      this.read<SnapshotBody>(ROWS_KEY),
      this.read<SyncBody>(SYNC_KEY),
    ]);
    if (!body || body.v !== VERSION || !Array.isArray(body.rows)) return null;
    const seq = typeof body.seq === "number" ? body.seq : 0;
    this.seq = Math.max(seq, sync?.seq ?? 0);
    this.rowsSeq = seq;
    // The sync-only record is newer only if it was written for these very rows.
    this.saved = sync && sync.rowsSeq === seq && sync.seq > seq ? sync.sync : (body.sync ?? null);
    return body.rows;
  }

  /** The sync state saved with the rows `load()` returned (null if none). */
  savedSyncState(): unknown {
    return this.saved;
  }

  /** Where the sync engine's current state is read at each save. */
  trackSyncState(state: () => unknown): void {
    this.syncState = state;
  }

  /** Schedules a save; `rows` is read when the save runs, so bursts cost one write. */
  schedule(rows: () => InboxRow[]): void {
    this.pending = rows;
    this.timer ??= setTimeout(() => void this.flush(), SAVE_EVERY_MS);
  }

  /**
   * The sync state moved on. Saved at once in its own small record when the saved rows are current; otherwise
   * the next rows write takes it along.
   */
  syncStateChanged(): void {
    if (this.pending || this.writingRows || !this.syncState || this.rowsSeq < 0) return;
    const sync = this.syncState();
    const rowsSeq = this.rowsSeq;
    this.syncWrite = this.syncWrite.then(async () => {
      if (rowsSeq !== this.rowsSeq) return;
      const body: SyncBody = { seq: ++this.seq, rowsSeq, sync };
      await this.db.put(SYNC_KEY, await seal(this.key, body)).catch(() => {});
    });
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Rows and sync state are read in the same tick: the state never runs ahead of the rows saved with it.
    const rows = this.pending?.();
    const sync = this.syncState?.() ?? null;
    this.pending = null;
    if (!rows) return this.syncWrite;
    this.writingRows = true;
    try {
      await this.syncWrite;
      const seq = ++this.seq;
      const body: SnapshotBody = { v: VERSION, savedAt: Date.now(), rows, seq, sync };
      await this.db.put(ROWS_KEY, await seal(this.key, body));
      this.rowsSeq = seq;
    } finally {
      this.writingRows = false;
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.db.close();
  }
}
