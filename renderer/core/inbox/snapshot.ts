// The inbox saved between runs, sealed with the device key: a restart renders every row at once, before the
// network answers. The rows are written whole at most every few seconds while they change, and when the app goes
// away.
// It also carries the sync engine's state (an opaque value the sync module defines: where the server's
// connection stood), because that state is only valid together with rows at least as new. It is written in the
// rows record, or in a small record of its own that names the rows write it goes with and carries the rows that
// changed since (a delta). The small record is what lets the state be on disk before the next request uses it
// (`persistSync`): Synapse forgets every other position of a connection as soon as a request uses a new one, so a
// position saved only with the next whole write (up to 3 s later) would be refused after a crash or a reload
// in between, and the console would walk every room again.
import { openKeyValueStore, type KeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";
import type { InboxRow } from "./row.ts";

const VERSION = 1;
const SAVE_EVERY_MS = 3000;
/** A delta of more rows than this is not worth a small record: the rows are written whole instead. */
const MAX_DELTA_ROWS = 1000;
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
  /** Rows changed since the rows write `rowsSeq` (a room ID alone: the row was removed). */
  changed?: InboxRow[];
  removed?: string[];
}

export class InboxSnapshot {
  private readonly db: KeyValueStore;
  private readonly key: CryptoKey;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: (() => InboxRow[]) | null = null;
  private syncState: (() => unknown) | null = null;
  private saved: unknown = null;
  private seq = 0;
  /** The latest rows write queued (-1: none yet); small records name it. */
  private rowsSeq = -1;
  /** Rows changed (or removed: null) since the rows of the latest queued rows write were read. */
  private readonly delta = new Map<string, InboxRow | null>();
  /** Every write, in order: a small record lands after the rows write it names. */
  private writes: Promise<void> = Promise.resolve();
  /** The sync state of the latest queued write. */
  private queuedSync: unknown = undefined;

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
    this.seq = Math.max(seq, typeof sync?.seq === "number" ? sync.seq : 0);
    this.rowsSeq = seq;
    // The small record is newer only if it was written for these very rows.
    if (!sync || sync.rowsSeq !== seq || !(sync.seq > seq)) {
      this.saved = body.sync ?? null;
      return body.rows;
    }
    this.saved = sync.sync;
    const rows = new Map(body.rows.map((r) => [r.roomId, r]));
    // The delta stays pending: the next small record names the same rows write, so it must carry these too.
    for (const roomId of Array.isArray(sync.removed) ? sync.removed : []) {
      if (typeof roomId !== "string") continue;
      rows.delete(roomId);
      this.delta.set(roomId, null);
    }
    for (const row of Array.isArray(sync.changed) ? sync.changed : []) {
      if (!row || typeof row.roomId !== "string") continue;
      rows.set(row.roomId, row);
      this.delta.set(row.roomId, row);
    }
    return [...rows.values()];
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
    this.timer ??= setTimeout(() => void this.flush().catch(() => {}), SAVE_EVERY_MS);
  }

  /** A row changed: kept for the next small record, and a whole save scheduled. */
  changed(row: InboxRow, rows: () => InboxRow[]): void {
    this.delta.set(row.roomId, row);
    this.schedule(rows);
  }

  /** A row went away (a forgotten conversation, a room that is no wallet's): as `changed`. */
  removed(roomId: string, rows: () => InboxRow[]): void {
    this.delta.set(roomId, null);
    this.schedule(rows);
  }

  /**
   * The sync state moved on: saved at once in the small record, with the rows changed since the last whole
   * write (or, when none has been written yet or too many changed, in a whole write now).
   */
  syncStateChanged(): void {
    // A failed write (disk full) leaves the previous state on disk: a restart walks more rooms, loses nothing.
    void this.persistSync().catch(() => {});
  }

  /**
   * Resolves once the sync state as it is now is on disk together with rows at least as new. The sync engine
   * waits for this before a request uses a new position (see the header).
   */
  persistSync(): Promise<void> {
    if (!this.syncState) return this.writes;
    const sync = this.syncState();
    if (sync === this.queuedSync) return this.writes;
    if (this.rowsSeq < 0 || this.delta.size > MAX_DELTA_ROWS) {
      // Nothing to name yet (a first run), or a big change: the whole rows, now.
      return this.pending ? this.flush() : this.writes;
    }
    this.queuedSync = sync;
    const body: SyncBody = { seq: ++this.seq, rowsSeq: this.rowsSeq, sync };
    const changed: InboxRow[] = [];
    const removed: string[] = [];
    for (const [roomId, row] of this.delta) {
      if (row) changed.push(row);
      else removed.push(roomId);
    }
    if (changed.length) body.changed = changed;
    if (removed.length) body.removed = removed;
    return this.enqueue(async () => {
      await this.db.put(SYNC_KEY, await seal(this.key, body));
    });
  }

  /** Writes the rows (and the sync state) now, if any changed since the last write. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Rows and sync state are read in the same tick: the state never runs ahead of the rows saved with it.
    const rows = this.pending?.();
    if (!rows) return this.writes;
    const sync = this.syncState?.() ?? null;
    this.pending = null;
    this.delta.clear();
    this.queuedSync = sync;
    const seq = ++this.seq;
    this.rowsSeq = seq;
    const body: SnapshotBody = { v: VERSION, savedAt: Date.now(), rows, seq, sync };
    return this.enqueue(async () => {
      await this.db.put(ROWS_KEY, await seal(this.key, body));
    });
  }

  /** Runs `write` after every write queued before it; a failed write (disk full) fails only its own caller. */
  private enqueue(write: () => Promise<void>): Promise<void> {
    const run = this.writes.then(write);
    this.writes = run.catch(() => {});
    return run;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.db.close();
  }
}
