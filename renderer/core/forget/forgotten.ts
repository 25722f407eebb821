// The conversations this device was asked to forget (a wallet user's erasure request): their room IDs and when,
// nothing of their content. The invite policy reads it (a forgotten room is never auto-accepted again) and so
// does the ingest (a late sync response can't list a forgotten conversation again). Sealed with the device key
// in the session's data database, so sign-out deletes it with the rest; in memory where there is no IndexedDB.
import { openKeyValueStore, type KeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";
import { Observable, type Readable } from "../observable.ts";

/** The only record a forgotten conversation leaves: which room, and when. */
export interface ForgetRecord {
  roomId: string;
  at: number;
  /** When an agent accepted the wallet's new invite to the same room by hand (it is listed again). */
  readmittedAt?: number;
}

const RECORD = "forgotten";

export class ForgottenRooms {
  private readonly rooms = new Map<string, ForgetRecord>();
  private readonly state = new Observable<ForgetRecord[]>([]);
  private readonly db: KeyValueStore | null;
  private readonly key: CryptoKey;
  private writing = Promise.resolve();

  private constructor(db: KeyValueStore | null, key: CryptoKey, records: ForgetRecord[]) {
    this.db = db;
    this.key = key;
    for (const r of records) this.rooms.set(r.roomId, r);
    this.publish();
  }

  static async open(prefix: string, deviceKey: Uint8Array): Promise<ForgottenRooms> {
    const key = await deriveSealingKey(deviceKey, "forgotten-rooms");
    if (typeof indexedDB === "undefined") return new ForgottenRooms(null, key, []);
    const db = await openKeyValueStore(`${prefix}-data`);
    let records: ForgetRecord[] = [];
    const sealed = await db.get<Sealed>(RECORD);
    if (sealed) records = await unseal<ForgetRecord[]>(key, sealed).catch(() => []);
    return new ForgottenRooms(db, key, records);
  }

  /** Forgotten and not readmitted since: sync and the invite policy leave it alone. */
  has(roomId: string): boolean {
    const record = this.rooms.get(roomId);
    return record !== undefined && record.readmittedAt === undefined;
  }

  get records(): Readable<ForgetRecord[]> {
    return this.state;
  }

  /** Records the room as forgotten (saved before anything is deleted, so a crash can't let it come back). */
  add(roomId: string, at: number): Promise<void> {
    this.rooms.set(roomId, { roomId, at });
    return this.save();
  }

  /** An agent accepted the wallet's new invite by hand: the conversation may be listed again (the record stays). */
  readmit(roomId: string, at: number): Promise<void> {
    const record = this.rooms.get(roomId);
    if (!record) return Promise.resolve();
    this.rooms.set(roomId, { ...record, readmittedAt: at });
    return this.save();
  }

  /** The forgetting failed before anything was deleted: the room is as it was. */
  undo(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
    return this.save();
  }

  private publish(): void {
    this.state.set([...this.rooms.values()]);
  }

  private save(): Promise<void> {
    this.publish();
    const records = this.state.get();
    this.writing = this.writing
      .catch(() => {})
      .then(async () => {
        if (this.db) await this.db.put(RECORD, await seal(this.key, records));
      });
    return this.writing;
  }

  close(): void {
    this.db?.close();
  }
}
