// The inbox saved between runs, sealed with the device key: a restart renders every row at once, before the
// network answers. Written at most every few seconds while rows change, and when the app goes away.
import { openKeyValueStore, type KeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";
import type { InboxRow } from "./row.ts";

const VERSION = 1;
const SAVE_EVERY_MS = 3000;
const PURPOSE = "inbox-snapshot";

interface SnapshotBody {
  v: number;
  savedAt: number;
  rows: InboxRow[];
}

export class InboxSnapshot {
  private readonly db: KeyValueStore;
  private readonly key: CryptoKey;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: (() => InboxRow[]) | null = null;

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

  async load(): Promise<InboxRow[] | null> {
    const sealed = await this.db.get<Sealed>("inbox");
    if (!sealed) return null;
    try {
      const body = await unseal<SnapshotBody>(this.key, sealed);
      return body.v === VERSION && Array.isArray(body.rows) ? body.rows : null;
    } catch {
      return null; // another key (device changed) or damaged: start from the server
    }
  }

  /** Schedules a save; `rows` is read when the save runs, so bursts cost one write. */
  schedule(rows: () => InboxRow[]): void {
    this.pending = rows;
    this.timer ??= setTimeout(() => void this.flush(), SAVE_EVERY_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.pending?.();
    this.pending = null;
    if (!rows) return;
    await this.db.put(
      "inbox",
      await seal(this.key, { v: VERSION, savedAt: Date.now(), rows } satisfies SnapshotBody),
    );
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.db.close();
  }
}
