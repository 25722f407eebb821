// Team-wide lists kept as state events of the staff room, one state key per item (label definitions, canned
// replies): each item is its own last-writer-wins register, so two agents editing two different items never
// collide, and the room's state history keeps every version. Deleting writes empty content.
//
// Two agents editing the same item at the same moment: each write names the version it was based on, so when a
// version arrives that was written without seeing the one before it, the server is asked which one the state
// kept, and the other is kept here as a conflict (who, when, what) that any device can show and restore —
// nothing an agent wrote is lost.
import {
  ClientEvent,
  Method,
  RoomEvent,
  RoomStateEvent,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import { Observable, type Readable } from "../observable.ts";
import { teamErrorFrom } from "./errors.ts";

export interface StateItem<T> {
  /** The state key. */
  id: string;
  value: T;
  /** The state event holding this version (what an edit is based on). */
  version: string;
  ts: number;
  /** The device that wrote it. */
  by: string | null;
}

export interface Conflict<T> {
  id: string;
  /** The version that was replaced without its author's write having been seen. */
  lost: T;
  lostBy: string | null;
  lostAt: number;
  /** Who replaced it. */
  replacedBy: string | null;
  replacedAt: number;
  /** The replacing event (one conflict per replacement). */
  key: string;
}

export class StaffStateItems<T> {
  private readonly client: MatrixClient;
  private readonly type: string;
  private readonly parse: (content: Record<string, unknown>) => T | null;
  private readonly rooms: Readable<string[]>;
  private readonly itemsState = new Observable<StateItem<T>[]>([]);
  private readonly conflictsState = new Observable<Conflict<T>[]>([]);
  private readonly dismissed = new Set<string>();
  /** The newest event of each item, by room: from the room's state, and from state events in its timeline
   *  (simplified sliding sync puts a state change in the timeline only, and the SDK leaves it out of the state). */
  private readonly latest = new Map<string, Map<string, MatrixEvent>>();
  private readonly cleanups: Array<() => void> = [];

  constructor(
    client: MatrixClient,
    rooms: Readable<string[]>,
    type: string,
    parse: (content: Record<string, unknown>) => T | null,
  ) {
    this.client = client;
    this.type = type;
    this.parse = parse;
    this.rooms = rooms;
    const isOurs = (roomId: string | undefined) => !!roomId && rooms.get().includes(roomId);
    const onState = (event: MatrixEvent) => {
      if (event.getType() === type && isOurs(event.getRoomId()) && this.absorb(event)) this.publish();
    };
    const onRoom = (room: { roomId: string }) => isOurs(room.roomId) && this.refresh();
    const onTimeline = (event: MatrixEvent) => {
      if (event.getType() !== type || !event.isState() || !isOurs(event.getRoomId())) return;
      if (this.concurrent(event)) void this.settle(event);
      else if (this.absorb(event)) this.publish();
    };
    client.on(RoomStateEvent.Events, onState);
    client.on(ClientEvent.Room, onRoom);
    client.on(RoomEvent.Timeline, onTimeline);
    this.cleanups.push(
      () => client.off(RoomStateEvent.Events, onState),
      () => client.off(ClientEvent.Room, onRoom),
      () => client.off(RoomEvent.Timeline, onTimeline),
      rooms.subscribe(() => this.refresh()),
    );
  }

  get items(): Readable<StateItem<T>[]> {
    return this.itemsState;
  }

  /** Versions replaced by a concurrent edit (newest first), until dismissed. */
  get conflicts(): Readable<Conflict<T>[]> {
    return this.conflictsState;
  }

  get(id: string): StateItem<T> | undefined {
    return this.itemsState.get().find((i) => i.id === id);
  }

  /** Reads every staff room's current state (a room just loaded, or the list of rooms changed). */
  private refresh(): void {
    for (const roomId of this.rooms.get()) {
      const room = this.client.getRoom(roomId);
      for (const event of room?.currentState.getStateEvents(this.type) ?? []) this.absorb(event);
    }
    this.publish();
  }

  /** Keeps the event if it is the newest of its item in its room; says whether anything changed. */
  private absorb(event: MatrixEvent): boolean {
    const roomId = event.getRoomId();
    const id = event.getStateKey();
    if (!roomId || id === undefined) return false;
    let items = this.latest.get(roomId);
    if (!items) this.latest.set(roomId, (items = new Map()));
    const known = items.get(id);
    if (known && (known === event || known.getTs() > event.getTs())) return false;
    items.set(id, event);
    return true;
  }

  /** The newest version of each item over every staff room; deleted ones (empty content) left out. */
  private publish(): void {
    const rooms = new Set(this.rooms.get());
    const newest = new Map<string, MatrixEvent>();
    for (const [roomId, items] of this.latest) {
      if (!rooms.has(roomId)) continue;
      for (const [id, event] of items) {
        const known = newest.get(id);
        if (!known || event.getTs() > known.getTs()) newest.set(id, event);
      }
    }
    const items: StateItem<T>[] = [];
    for (const [id, event] of newest) {
      const content = event.getContent();
      const value = Object.keys(content).length === 0 ? null : this.parse(content);
      if (value === null) continue;
      items.push({
        id,
        value,
        version: event.getId() ?? "",
        ts: event.getTs(),
        by: typeof content.by === "string" ? content.by : null,
      });
    }
    this.itemsState.set(items);
  }

  /**
   * Whether this new version was written without its author having seen the version this device holds: its
   * `base` (the version the author edited) is not the one before it. Two agents saving at once both name the same
   * base, and the server picks one (state resolution) — which, this device can't tell from the events alone.
   */
  private concurrent(event: MatrixEvent): boolean {
    const previous = this.latest.get(event.getRoomId()!)?.get(event.getStateKey() ?? "");
    const content = event.getContent();
    if (!previous || previous === event || Object.keys(content).length === 0) return false;
    const base = typeof content.base === "string" ? content.base : null;
    return base !== previous.getId() && Object.keys(previous.getContent()).length > 0;
  }

  /**
   * Two versions written at once: asks the server which one the room's state holds, keeps that one, and keeps
   * the other as a conflict, so no agent's words disappear.
   */
  private async settle(event: MatrixEvent): Promise<void> {
    const roomId = event.getRoomId()!;
    const id = event.getStateKey() ?? "";
    const items = this.latest.get(roomId)!;
    const previous = items.get(id)!;
    let winnerId: string | null = null;
    try {
      const current = await this.client.http.authedRequest<{ event_id?: string }>(
        Method.Get,
        `/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(this.type)}/${encodeURIComponent(id)}`,
        { format: "event" },
      );
      winnerId = current.event_id ?? null;
    } catch {
      // Offline: the later one in the timeline stands until the next refresh; the other is still kept below.
    }
    const winner = winnerId === previous.getId() ? previous : event;
    const loser = winner === event ? previous : event;
    if (items.get(id) === previous || items.get(id) === event) items.set(id, winner);
    this.publish();
    const key = `${loser.getId()}|${winner.getId()}`;
    if (this.dismissed.has(key) || this.conflictsState.get().some((c) => c.key === key)) return;
    const lost = this.parse(loser.getContent());
    if (lost === null) return;
    const by = (e: MatrixEvent) =>
      typeof e.getContent().by === "string" ? (e.getContent().by as string) : null;
    this.conflictsState.set([
      {
        id,
        lost,
        lostBy: by(loser),
        lostAt: loser.getTs(),
        replacedBy: by(winner),
        replacedAt: winner.getTs(),
        key,
      },
      ...this.conflictsState.get(),
    ]);
  }

  dismiss(key: string): void {
    this.dismissed.add(key);
    this.conflictsState.set(this.conflictsState.get().filter((c) => c.key !== key));
  }

  /**
   * Writes an item (empty content deletes it) into `roomId`, based on `base` (the version the agent edited;
   * null for a new item). Rejects with a TeamError.
   */
  async write(
    roomId: string,
    id: string,
    content: Record<string, unknown>,
    base: string | null,
  ): Promise<void> {
    const body = Object.keys(content).length === 0 ? {} : { ...content, base };
    try {
      await this.client.sendStateEvent(roomId, this.type as never, body as never, id);
    } catch (err) {
      throw teamErrorFrom(err);
    }
  }

  stop(): void {
    for (const cleanup of this.cleanups) cleanup();
  }
}
