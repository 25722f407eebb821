// The staff index: every note, activity line and agent profile of the staff rooms, by conversation, decrypted
// and sealed on this device. It fills from three directions: live events of the (subscribed) staff rooms, a
// catch-up that pages back from the newest event to the last one indexed (after a restart or a gap), and a
// backfill of older history that resumes where it stopped. Events this device can't decrypt yet (no key until
// the recovery key is entered) are kept aside and indexed when the key arrives. The room list (which sees every
// staff room's new events whatever became of the SDK's Room object) is the check: an event it shows that no
// direction has brought in a moment later starts a catch-up, so a lost live event costs a delay, not the record.
import {
  Direction,
  MatrixEvent,
  MatrixEventEvent,
  RoomEvent,
  type MatrixClient,
  type Room,
} from "matrix-js-sdk";
import type { Clock } from "../clock.ts";
import { Observable, type Readable } from "../observable.ts";
import { recordFromEvent, type StaffRecord } from "./records.ts";
import type { StaffStorage } from "./storage.ts";

type Wire = Record<string, unknown> & { event_id?: string; type?: string };

interface RoomProgress {
  /** Where the backfill of older history resumes (null: from the newest event). */
  backToken: string | null;
  /** The room's beginning has been indexed. */
  complete: boolean;
}

interface Meta {
  rooms: Record<string, RoomProgress>;
  /** Encrypted events waiting for their key, by event ID. */
  waiting: Record<string, Wire & { room_id: string }>;
}

const PAGE = 100;
const SAVE_AFTER_MS = 1000;
/** How long the live path has to bring an event the room list already showed, before paging for it. */
const LIVE_GRACE_MS = 3000;
/**
 * How often every staff room is checked for events that no sync response brought. Seen with Synapse 1.160 under
 * load: a staff-room event that neither device's sliding-sync connection ever delivered (no wake-up of the long
 * poll, nothing in the answer after it), so neither the live timeline nor the room-list check saw it. One small
 * `/messages` page per staff room (it stops at the first known event) bounds that loss to a delay.
 */
export const STAFF_RECHECK_MS = 15_000;
const AGENTS = "agents";

export class StaffIndex {
  private readonly client: MatrixClient;
  private readonly storage: StaffStorage;
  private readonly clock: Clock;
  private readonly byConversation = new Map<string, StaffRecord[]>();
  private readonly views = new Map<string, Observable<StaffRecord[]>>();
  private readonly agentState = new Observable<StaffRecord[]>([]);
  private readonly ids = new Set<string>();
  /** Every staff-room event that reached indexEvent (records or not): what the room list is checked against. */
  private readonly handled = new Set<string>();
  private readonly checks = new Map<string, () => void>();
  /** The events a pending check (`noticed`) waits for, by room. */
  private readonly expected = new Map<string, Set<string>>();
  /** Rooms whose catch-up was asked for while one ran: it may have paged past the newest event already. */
  private readonly again = new Set<string>();
  private meta: Meta = { rooms: {}, waiting: {} };
  private readonly dirty = new Set<string>();
  private cancelSave: (() => void) | null = null;
  private readonly rooms = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly waitingEvents = new Map<string, MatrixEvent>();
  private readonly progressState = new Observable<{ complete: boolean }>({ complete: false });
  private loaded: Promise<void>;
  private stopped = false;
  private readonly cleanups: Array<() => void> = [];
  private recheck: (() => void) | null = null;
  private readonly afterSend = new Set<() => void>();

  constructor(client: MatrixClient, storage: StaffStorage, clock: Clock) {
    this.client = client;
    this.storage = storage;
    this.clock = clock;
    this.loaded = this.load();
    const onTimeline = (event: MatrixEvent, room: Room | undefined) => {
      if (room && this.rooms.has(room.roomId)) void this.live(event);
    };
    client.on(RoomEvent.Timeline, onTimeline);
    // A gap in a staff room's live timeline (a reconnect, a burst): page back to what was indexed.
    const onReset = (room: Room | undefined) => {
      if (room && this.rooms.has(room.roomId)) this.catchUp(room.roomId);
    };
    client.on(RoomEvent.TimelineReset, onReset);
    this.cleanups.push(() => {
      client.off(RoomEvent.Timeline, onTimeline);
      client.off(RoomEvent.TimelineReset, onReset);
    });
    this.scheduleRecheck();
  }

  private scheduleRecheck(): void {
    if (this.stopped) return;
    this.recheck = this.clock.setTimeout(() => {
      for (const roomId of this.rooms) this.catchUp(roomId, "recheck");
      this.scheduleRecheck();
    }, STAFF_RECHECK_MS);
  }

  /**
   * This device sent a record into a staff room: it comes back through the sync like everyone's, and if it has
   * not a moment later, the room is paged for it (the server's answer may never carry it; see STAFF_RECHECK_MS).
   */
  sent(roomId: string): void {
    if (!this.rooms.has(roomId) || this.stopped) return;
    // Later than the room list's own check (LIVE_GRACE_MS), which normally finds it first.
    const cancel = this.clock.setTimeout(() => {
      this.afterSend.delete(cancel);
      this.catchUp(roomId, "sent");
    }, 2 * LIVE_GRACE_MS);
    this.afterSend.add(cancel);
  }

  /** A conversation's notes and activity, oldest first. */
  records(conversation: string): Readable<StaffRecord[]> {
    let view = this.views.get(conversation);
    if (!view) {
      view = new Observable(this.byConversation.get(conversation) ?? []);
      this.views.set(conversation, view);
    }
    return view;
  }

  /** Every conversation's records (for features that count across the inbox, e.g. metrics). */
  allRecords(): ReadonlyMap<string, readonly StaffRecord[]> {
    return this.byConversation;
  }

  /** Agent profiles, oldest first (the latest per device is its name). */
  get agents(): Readable<StaffRecord[]> {
    return this.agentState;
  }

  /** Whether the staff rooms' whole history has been indexed. */
  get progress(): Readable<{ complete: boolean }> {
    return this.progressState;
  }

  /** Resolves once the sealed index has been read (before that, records() shows only live events). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Follows these staff rooms (their live events) and indexes their history. */
  setRooms(roomIds: readonly string[]): void {
    for (const roomId of roomIds) {
      if (this.rooms.has(roomId)) continue;
      this.rooms.add(roomId);
      const room = this.client.getRoom(roomId);
      if (room) for (const event of room.getLiveTimeline().getEvents()) void this.live(event);
      this.catchUp(roomId);
    }
  }

  /**
   * The room list showed these events of a staff room: any that hasn't come in through the live timeline a
   * moment later (a Room object rebuilt under it, a gap) is paged for.
   */
  noticed(roomId: string, events: ReadonlyArray<{ event_id?: unknown; type?: unknown }>): void {
    if (!this.rooms.has(roomId) || this.stopped) return;
    const unhandled = events.flatMap((e) =>
      typeof e.event_id === "string" &&
      typeof e.type === "string" &&
      (e.type === "m.room.encrypted" || e.type.startsWith("org.walletsupport.")) &&
      !this.handled.has(e.event_id)
        ? [e.event_id]
        : [],
    );
    if (unhandled.length === 0) return;
    // Events noticed while a check is waiting join it (not dropped: the live path may miss them too).
    let expected = this.expected.get(roomId);
    if (!expected) this.expected.set(roomId, (expected = new Set()));
    for (const id of unhandled) expected.add(id);
    if (this.checks.has(roomId)) return;
    const cancel = this.clock.setTimeout(() => {
      this.checks.delete(roomId);
      const ids = [...(this.expected.get(roomId) ?? [])];
      this.expected.delete(roomId);
      if (ids.some((id) => !this.handled.has(id) && !this.ids.has(id))) this.catchUp(roomId);
    }, LIVE_GRACE_MS);
    this.checks.set(roomId, cancel);
  }

  private async load(): Promise<void> {
    const entries = await this.storage.loadAll<StaffRecord[] | Meta>("staff:");
    const meta = entries.get("staff:meta") as Meta | undefined;
    if (meta && typeof meta === "object" && meta.rooms)
      this.meta = { rooms: meta.rooms, waiting: meta.waiting ?? {} };
    for (const [key, value] of entries) {
      if (key === "staff:meta" || !Array.isArray(value)) continue;
      for (const record of value) this.add(record, false);
    }
    // Events that had no key last time: the key may be here now (entered the recovery key, or a backup).
    for (const wire of Object.values(this.meta.waiting)) void this.decrypt(wire.room_id, wire);
  }

  /** A live event of a staff room: decrypted (sliding sync leaves that to us), then indexed. */
  private async live(event: MatrixEvent): Promise<void> {
    if (event.isEncrypted() && event.getType() === "m.room.encrypted") {
      event.once(MatrixEventEvent.Decrypted, () => this.indexEvent(event));
      await this.client.decryptEventIfNeeded(event).catch(() => {});
      return;
    }
    this.indexEvent(event);
  }

  private indexEvent(event: MatrixEvent): void {
    const id = event.getId();
    if (id) this.handled.add(id);
    if (event.isDecryptionFailure()) {
      const wire = { ...(event.event as Wire), room_id: event.getRoomId()! };
      this.keepWaiting(event, wire);
      return;
    }
    const record = recordFromEvent({
      event_id: event.getId(),
      type: event.getType(),
      origin_server_ts: event.getTs(),
      content: event.getContent(),
      unsigned: event.getUnsigned(),
    });
    if (record) this.add(record, true);
  }

  /**
   * Pages back from the newest event until reaching what is indexed, then resumes the older backfill.
   * `why`: a check for events no sync response may have brought ("recheck", "sent") logs any it finds that
   * nothing had shown before (the server's answers missed them, or they came before this device followed the
   * room): worth knowing, never lost.
   */
  private catchUp(roomId: string, why: "recheck" | "sent" | null = null): void {
    if (this.stopped) return;
    if (this.running.has(roomId)) {
      this.again.add(roomId);
      return;
    }
    const run = (async () => {
      const missed: string[] = [];
      await this.loaded;
      const progress = (this.meta.rooms[roomId] ??= { backToken: null, complete: false });
      // The first run of this room: paging back from the newest event is the backfill, saved as it goes.
      const fresh = !progress.complete && progress.backToken === null;
      let from: string | undefined;
      // From the newest event: stop at the first page that holds an event already indexed.
      for (;;) {
        const page = await this.page(roomId, from);
        const sawKnown = page.events.some(
          (e) => this.ids.has(e.event_id ?? "") || this.handled.has(e.event_id ?? ""),
        );
        for (const wire of page.events) {
          const id = wire.event_id ?? "";
          if (this.ids.has(id)) continue;
          // Not seen at all: neither brought live nor shown by the room list (a pending check waits for those).
          if (!this.handled.has(id) && !this.expected.get(roomId)?.has(id) && wire.type !== "m.room.create")
            missed.push(`${id} (${wire.type})`);
          await this.decrypt(roomId, wire);
        }
        if (fresh) {
          progress.backToken = page.end;
          progress.complete = page.end === null || page.reachedCreate;
          this.markDirty("staff:meta");
        }
        if (sawKnown || page.end === null || page.reachedCreate) break;
        from = page.end;
      }
      // The older history, where a previous run stopped.
      while (!progress.complete && progress.backToken && !this.stopped) {
        const page = await this.page(roomId, progress.backToken);
        for (const wire of page.events)
          if (!this.ids.has(wire.event_id ?? "")) await this.decrypt(roomId, wire);
        progress.backToken = page.end;
        progress.complete = page.end === null || page.reachedCreate;
        this.markDirty("staff:meta");
      }
      this.updateProgress();
      if (why && missed.length > 0)
        console.warn(
          `[staff] ${roomId}: paging (${why}) found what neither the live timeline nor the room list had shown: ${missed.join(", ")}`,
        );
    })()
      .catch((err: Error) => {
        // Offline or the server is struggling: the next gap, restart or room change tries again.
        if (!this.stopped) console.warn(`[staff] indexing ${roomId} paused: ${err.message}`);
      })
      .finally(() => {
        this.running.delete(roomId);
        if (this.again.delete(roomId)) this.catchUp(roomId);
      });
    this.running.set(roomId, run);
  }

  private async page(
    roomId: string,
    from: string | undefined,
  ): Promise<{ events: Wire[]; end: string | null; reachedCreate: boolean }> {
    const res = await this.client.createMessagesRequest(roomId, from ?? null, PAGE, Direction.Backward);
    const events = (res.chunk ?? []) as unknown as Wire[];
    return {
      events,
      end: res.end ?? null,
      reachedCreate: events.some((e) => e.type === "m.room.create"),
    };
  }

  /** Decrypts a paged event and indexes it; one without its key yet waits for it (sealed, across restarts). */
  private async decrypt(roomId: string, wire: Wire): Promise<void> {
    if (this.stopped) return;
    if (typeof wire.event_id === "string") this.handled.add(wire.event_id);
    const event = new MatrixEvent({ ...wire, room_id: roomId } as never);
    if (event.getWireType() !== "m.room.encrypted") {
      this.indexEvent(event); // plaintext in the staff room (a state event): only ours count
      return;
    }
    try {
      await this.client.decryptEventIfNeeded(event);
    } catch {
      // reported through isDecryptionFailure()
    }
    if (event.isDecryptionFailure()) this.keepWaiting(event, { ...wire, room_id: roomId });
    else this.indexEvent(event);
  }

  private keepWaiting(event: MatrixEvent, wire: Wire & { room_id: string }): void {
    const id = event.getId();
    if (!id || this.waitingEvents.has(id) || this.ids.has(id)) return;
    this.waitingEvents.set(id, event);
    this.meta.waiting[id] = wire;
    this.markDirty("staff:meta");
    // The crypto layer retries when keys arrive (from another device, or the backup after recovery).
    event.on(MatrixEventEvent.Decrypted, () => {
      if (event.isDecryptionFailure()) return;
      event.removeAllListeners(MatrixEventEvent.Decrypted);
      this.waitingEvents.delete(id);
      delete this.meta.waiting[id];
      this.markDirty("staff:meta");
      this.indexEvent(event);
    });
  }

  private add(record: StaffRecord, save: boolean): void {
    if (this.ids.has(record.id)) return;
    this.ids.add(record.id);
    if (record.type === "agent") {
      this.agentState.set(insertSorted(this.agentState.get(), record));
      if (save) this.markDirty(`staff:${AGENTS}`);
      return;
    }
    const key = record.conversation!;
    const list = insertSorted(this.byConversation.get(key) ?? [], record);
    this.byConversation.set(key, list);
    this.views.get(key)?.set(list);
    if (save) this.markDirty(`staff:c:${key}`);
  }

  private updateProgress(): void {
    const complete = [...this.rooms].every((id) => this.meta.rooms[id]?.complete);
    this.progressState.set(
      complete === this.progressState.get().complete ? this.progressState.get() : { complete },
    );
  }

  private markDirty(key: string): void {
    this.dirty.add(key);
    this.cancelSave ??= this.clock.setTimeout(() => void this.flush(), SAVE_AFTER_MS);
  }

  /** Writes what changed (also when the desk stops). */
  async flush(): Promise<void> {
    this.cancelSave?.();
    this.cancelSave = null;
    const keys = [...this.dirty];
    this.dirty.clear();
    await Promise.all(
      keys.map((key) => {
        if (key === "staff:meta") return this.storage.save(key, this.meta);
        if (key === `staff:${AGENTS}`) return this.storage.save(key, this.agentState.get());
        return this.storage.save(key, this.byConversation.get(key.slice("staff:c:".length)) ?? []);
      }),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const cleanup of this.cleanups) cleanup();
    this.recheck?.();
    for (const cancel of this.afterSend) cancel();
    for (const cancel of this.checks.values()) cancel();
    for (const event of this.waitingEvents.values()) event.removeAllListeners(MatrixEventEvent.Decrypted);
    void this.flush().finally(() => this.storage.close());
  }
}

/** Inserts by (ts, id), returning a new array (views compare by identity). */
function insertSorted(list: readonly StaffRecord[], record: StaffRecord): StaffRecord[] {
  const out = [...list];
  let i = out.length;
  while (
    i > 0 &&
    (out[i - 1]!.ts > record.ts || (out[i - 1]!.ts === record.ts && out[i - 1]!.id > record.id))
  )
    i--;
  out.splice(i, 0, record);
  return out;
}
