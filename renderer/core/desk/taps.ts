// The desk's sync taps: one place where everything the sync delivers is fanned out to whoever registered for it
// (the ingest, the invite policy, and features such as shared status or notes). The sync engines (sliding sync,
// classic fallback) only know this sink; they never call a feature directly, so a feature that needs sync data
// registers a tap instead of being wired into an engine.
import type { Cancel } from "../clock.ts";
import type { RoomUpdate } from "../sync/ingest.ts";

/** An account-data or to-device event as it comes off the wire (content untrusted until a feature checks it). */
export interface DataEvent {
  type: string;
  content: Record<string, unknown>;
}

export interface ToDeviceEvent extends DataEvent {
  sender: string;
  /** The sending device (from the Olm envelope); null when the message was not end-to-end encrypted. */
  senderDevice: string | null;
  /** The sender's identity is cross-signed and verified (the crypto layer's word, at decryption time). */
  verified: boolean;
}

/** What a sync engine hands over, in order: receipts, then rooms, then the end of the response. */
export interface SyncSink {
  receipts(payload: unknown): void;
  room(roomId: string, update: RoomUpdate): void;
  /** Room account data of the signed-in user, for any room (also rooms with no matrix-js-sdk Room). */
  roomAccountData(roomId: string, events: DataEvent[]): void;
  /** The response has been processed. */
  flushReceipts(): void;
}

type Listener<A extends unknown[]> = (...args: A) => void;

class Hub<A extends unknown[]> {
  private readonly listeners = new Set<Listener<A>>();
  add(fn: Listener<A>): Cancel {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit(...args: A): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(...args);
      } catch (err) {
        // One feature's bug must not stop the sync from reaching the others.
        console.error("[desk] a sync tap failed", err);
      }
    }
  }
  clear(): void {
    this.listeners.clear();
  }
}

export class SyncTaps implements SyncSink {
  private readonly receiptsHub = new Hub<[unknown]>();
  private readonly roomHub = new Hub<[string, RoomUpdate]>();
  private readonly roomDataHub = new Hub<[string, DataEvent[]]>();
  private readonly globalDataHub = new Hub<[DataEvent]>();
  private readonly toDeviceHub = new Hub<[ToDeviceEvent]>();
  private readonly syncedHub = new Hub<[]>();
  private closed = false;

  /** Every room the sync delivers (sliding-sync room data; the classic engine shapes its rooms the same). */
  onRoom(fn: (roomId: string, update: RoomUpdate) => void): Cancel {
    return this.roomHub.add(fn);
  }
  /** The receipts extension's payload, before the rooms of the same response. */
  onReceipts(fn: (payload: unknown) => void): Cancel {
    return this.receiptsHub.add(fn);
  }
  onRoomAccountData(fn: (roomId: string, events: DataEvent[]) => void): Cancel {
    return this.roomDataHub.add(fn);
  }
  onGlobalAccountData(fn: (event: DataEvent) => void): Cancel {
    return this.globalDataHub.add(fn);
  }
  /** Decrypted to-device messages (the crypto layer has already taken its own). */
  onToDevice(fn: (event: ToDeviceEvent) => void): Cancel {
    return this.toDeviceHub.add(fn);
  }
  /** After each sync response has been processed. */
  onSynced(fn: () => void): Cancel {
    return this.syncedHub.add(fn);
  }

  receipts(payload: unknown): void {
    if (!this.closed) this.receiptsHub.emit(payload);
  }
  room(roomId: string, update: RoomUpdate): void {
    if (!this.closed) this.roomHub.emit(roomId, update);
  }
  roomAccountData(roomId: string, events: DataEvent[]): void {
    if (!this.closed && events.length > 0) this.roomDataHub.emit(roomId, events);
  }
  globalAccountData(event: DataEvent): void {
    if (!this.closed) this.globalDataHub.emit(event);
  }
  toDevice(event: ToDeviceEvent): void {
    if (!this.closed) this.toDeviceHub.emit(event);
  }
  flushReceipts(): void {
    if (!this.closed) this.syncedHub.emit();
  }

  /** The desk is disposed: a stopped engine's late response reaches nobody. */
  close(): void {
    this.closed = true;
    for (const hub of [
      this.receiptsHub,
      this.roomHub,
      this.roomDataHub,
      this.globalDataHub,
      this.toDeviceHub,
      this.syncedHub,
    ])
      hub.clear();
  }
}

/** Reads account-data events from a wire array defensively (drops anything without a type and an object). */
export function dataEvents(raw: unknown): DataEvent[] {
  if (!Array.isArray(raw)) return [];
  const out: DataEvent[] = [];
  for (const e of raw as Array<{ type?: unknown; content?: unknown }>) {
    if (
      typeof e?.type === "string" &&
      e.content &&
      typeof e.content === "object" &&
      !Array.isArray(e.content)
    )
      out.push({ type: e.type, content: e.content as Record<string, unknown> });
  }
  return out;
}
