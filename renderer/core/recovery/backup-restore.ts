// Restores the message keys of the server-side key backup onto this device in bulk, in the background: the
// conversations on screen and open first (one request each), then the whole backup in one request, decrypted and
// imported in small steps so the UI keeps its frames, with progress for Settings → Encryption. What is done is
// recorded (sealed, per device), so a restart carries on instead of starting over, and a finished restore costs
// nothing at the next start. It replaces matrix-js-sdk's per-session lookups (see key-lookups.ts), which ask
// the server once per undecryptable session.
import { Method, type MatrixClient } from "matrix-js-sdk";
import type { BackupDecryptor, CryptoBackend } from "matrix-js-sdk/lib/common-crypto/CryptoBackend.js";
import type { KeyBackupInfo, KeyBackupRoomSessions } from "matrix-js-sdk/lib/crypto-api/keybackup.js";
import { Observable, type Readable } from "../observable.ts";
import { KeyLookupGate, type LookupAnswer, type LookupPolicy } from "./key-lookups.ts";

export interface RestoreProgress {
  /** Message keys imported from the backup so far, and how many it holds. */
  imported: number;
  total: number;
  done: boolean;
  /** What runs now: the conversations on screen first, then the rest of the backup. */
  phase?: "on-screen" | "backup";
}

/** What a restore has done for one backup version, kept between runs. */
export interface RestoreRecord {
  version: string;
  complete: boolean;
  /** Rooms whose keys are all imported (skipped when an interrupted restore carries on). */
  doneRooms: string[];
  imported: number;
  total: number;
}

export interface RestoreStorage {
  load(): Promise<RestoreRecord | null>;
  save(record: RestoreRecord): Promise<void>;
}

export interface BackupRestoreOptions {
  storage?: RestoreStorage | null;
  /** Keys decrypted and imported per step (the UI thread gets a turn between steps). */
  chunk?: number;
  /** Conversations fetched on their own before the whole backup. */
  priorityRooms?: number;
  now?: () => number;
}

type Backend = Pick<CryptoBackend, "getBackupDecryptor" | "importBackedUpRoomKeys">;
type Sessions = Record<string, KeyBackupRoomSessions>;

const CHUNK = 100;
const PRIORITY_ROOMS = 20;
/** A backup downloaded less than this long ago is trusted to say a session is not in it. */
const KNOWN_FOR_MS = 10 * 60_000;
/** A lookup starts a restore at most this often (one that found nothing to restore is not retried at once). */
const RESTART_AFTER_MS = 60_000;

const turn = () => new Promise<void>((r) => setTimeout(r, 0));

export class BackupRestore implements LookupPolicy {
  private readonly client: MatrixClient;
  private readonly storage: RestoreStorage | null;
  private readonly chunk: number;
  private readonly priorityLimit: number;
  private readonly now: () => number;
  private readonly state = new Observable<RestoreProgress | null>(null);
  private readonly gate: KeyLookupGate;
  /** Conversations on screen or open that need keys: fetched on their own first, latest request first. */
  private priority: string[] = [];
  /** Rooms the SDK failed to decrypt something in (its lookups): imported before the others. */
  private readonly wanted: string[] = [];
  private running: Promise<RestoreProgress | null> | null = null;
  private downloadedAt: number | null = null;
  private lastStarted = Number.NEGATIVE_INFINITY;
  /** Sessions asked of the server once already this run (never asked again). */
  private readonly asked = new Set<string>();
  private stopped = false;

  constructor(client: MatrixClient, options: BackupRestoreOptions = {}) {
    this.client = client;
    this.storage = options.storage ?? null;
    this.chunk = options.chunk ?? CHUNK;
    this.priorityLimit = options.priorityRooms ?? PRIORITY_ROOMS;
    this.now = options.now ?? Date.now;
    this.gate = new KeyLookupGate(client, this, this.now);
  }

  get view(): Readable<RestoreProgress | null> {
    return this.state;
  }

  /** The SDK's per-session lookups as answered so far (here / by the server). */
  get lookups(): { local: number; server: number } {
    return this.gate.answered;
  }

  /**
   * Conversations on screen (with messages this device cannot read) or open: their keys come first, one small
   * request each, before the whole backup.
   */
  prioritize(roomIds: Iterable<string>): void {
    const ids = [...roomIds];
    this.priority = [...ids, ...this.priority.filter((id) => !ids.includes(id))].slice(0, 200);
  }

  /**
   * The SDK wants one session's key (a message it cannot decrypt; see key-lookups.ts). While a restore runs, or
   * shortly after one downloaded the backup, the answer is known here: the restore imports every key the backup
   * holds. A device whose restore has not finished starts (or carries on) one instead of asking per session. Only
   * after a restore finished in an earlier run may a lookup reach the server — each session once, paced.
   */
  async lookup(roomId: string, sessionId: string): Promise<LookupAnswer> {
    if (!this.wanted.includes(roomId)) this.wanted.push(roomId);
    if (this.running) return "local";
    if (this.downloadedAt !== null && this.now() - this.downloadedAt < KNOWN_FOR_MS) return "local";
    const complete = this.state.get()?.done || (await this.storage?.load().catch(() => null))?.complete;
    if (!complete) {
      if (this.now() - this.lastStarted > RESTART_AFTER_MS) void this.resume();
      return "local";
    }
    if (this.asked.has(sessionId)) return "local";
    this.asked.add(sessionId);
    return "server";
  }

  /** Restores (or carries on restoring) the backup this device holds the key for; resolves when done. */
  run(): Promise<RestoreProgress | null> {
    if (!this.running) this.lastStarted = this.now();
    this.running ??= this.restore().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * At start-up, on a device that holds the backup key: finishes an interrupted restore, or makes the first one;
   * a restore already finished for this backup costs nothing.
   */
  async resume(): Promise<void> {
    await this.run().catch((err: Error) => console.warn(`[backup] restore: ${err.message}`));
  }

  private async restore(): Promise<RestoreProgress | null> {
    const crypto = this.client.getCrypto();
    const privateKey = await crypto?.getSessionBackupPrivateKey();
    const info = privateKey ? await crypto!.getKeyBackupInfo() : null;
    if (!crypto || !privateKey || !info?.version) return null;
    const version = info.version;
    const saved = await this.storage?.load().catch(() => null);
    const record: RestoreRecord =
      saved?.version === version
        ? { ...saved, doneRooms: [...saved.doneRooms] }
        : { version, complete: false, doneRooms: [], imported: 0, total: info.count ?? 0 };
    if (record.complete) {
      this.state.set({ imported: record.imported, total: record.total, done: true });
      return this.state.get();
    }
    const backend = crypto as unknown as Backend;
    const decryptor = await backend.getBackupDecryptor(info, privateKey);
    try {
      const done = new Set(record.doneRooms);
      record.total = Math.max(record.total, info.count ?? 0);
      const progress = (phase: RestoreProgress["phase"]) =>
        this.state.set({ imported: record.imported, total: record.total, done: false, phase });
      progress("on-screen");

      // The conversations the agent is looking at, one small request each.
      let fetched = 0;
      while (fetched < this.priorityLimit && !this.stopped) {
        const roomId = this.priority.find((id) => !done.has(id));
        if (!roomId) break;
        fetched++;
        const sessions = await this.roomSessions(version, roomId);
        await this.importRoom(backend, decryptor, version, roomId, sessions, record);
        done.add(roomId);
        record.doneRooms = [...done];
        progress("on-screen");
        await this.save(record);
      }

      // Then everything else, in one request.
      progress("backup");
      const all = await this.allSessions(version);
      this.downloadedAt = this.now();
      record.total = Math.max(record.total, countKeys(all));
      let sinceSave = 0;
      for (let roomId = this.next(all, done); roomId && !this.stopped; roomId = this.next(all, done)) {
        await this.importRoom(backend, decryptor, version, roomId, all[roomId] ?? {}, record, () =>
          progress("backup"),
        );
        done.add(roomId);
        if (++sinceSave >= 20) {
          sinceSave = 0;
          record.doneRooms = [...done];
          await this.save(record);
        }
      }
      if (this.stopped) {
        record.doneRooms = [...done];
        await this.save(record);
        return this.state.get();
      }
      record.complete = true;
      record.doneRooms = [];
      record.imported = Math.min(record.imported, record.total);
      await this.save(record);
      this.state.set({ imported: record.imported, total: record.total, done: true });
      return this.state.get();
    } finally {
      decryptor.free();
    }
  }

  /** The next room to import: one on screen, then one with messages waiting for keys, then any other. */
  private next(all: Sessions, done: Set<string>): string | undefined {
    const pending = (id: string) => !done.has(id) && all[id] !== undefined;
    return (
      this.priority.find(pending) ?? this.wanted.find(pending) ?? Object.keys(all).find((id) => !done.has(id))
    );
  }

  private async importRoom(
    backend: Backend,
    decryptor: BackupDecryptor,
    version: string,
    roomId: string,
    sessions: KeyBackupRoomSessions,
    record: RestoreRecord,
    onStep?: () => void,
  ): Promise<void> {
    const ids = Object.keys(sessions);
    for (let i = 0; i < ids.length && !this.stopped; i += this.chunk) {
      const slice: KeyBackupRoomSessions = {};
      for (const id of ids.slice(i, i + this.chunk)) slice[id] = sessions[id]!;
      const keys = await decryptor.decryptSessions(slice);
      for (const key of keys) key.room_id = roomId;
      // Imported as already backed up (this version): they are not uploaded back.
      await backend.importBackedUpRoomKeys(keys, version);
      record.imported += keys.length;
      onStep?.();
      await turn();
    }
  }

  private async roomSessions(version: string, roomId: string): Promise<KeyBackupRoomSessions> {
    try {
      const res = await this.client.http.authedRequest<{ sessions?: KeyBackupRoomSessions }>(
        Method.Get,
        `/room_keys/keys/${encodeURIComponent(roomId)}`,
        { version },
      );
      return res.sessions ?? {};
    } catch (err) {
      if ((err as { httpStatus?: number }).httpStatus === 404) return {}; // nothing backed up for that room
      throw err;
    }
  }

  private async allSessions(version: string): Promise<Sessions> {
    const res = await this.client.http.authedRequest<{
      rooms?: Record<string, { sessions?: KeyBackupRoomSessions }>;
    }>(Method.Get, "/room_keys/keys", { version });
    const out: Sessions = {};
    for (const [roomId, room] of Object.entries(res.rooms ?? {})) out[roomId] = room.sessions ?? {};
    return out;
  }

  private async save(record: RestoreRecord): Promise<void> {
    await this.storage?.save(record).catch(() => {});
  }

  stop(): void {
    this.stopped = true;
    this.gate.uninstall();
  }
}

function countKeys(all: Sessions): number {
  let n = 0;
  for (const sessions of Object.values(all)) n += Object.keys(sessions).length;
  return n;
}

export type { KeyBackupInfo };
