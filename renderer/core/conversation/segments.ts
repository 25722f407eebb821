// The rooms behind one conversation, as the timeline walks them. A wallet can own several rooms with support
// (AltMe opens `<thumbprint>-updated-<ms>` when its alias is taken); the conversation shows the newest room's
// history first and, once the agent has scrolled to its beginning, the previous room's above it, and so on. Each
// room becomes a matrix-js-sdk Room only when the timeline reaches it.
import { EventTimeline, type MatrixEvent, type Room } from "matrix-js-sdk";

export interface Segment {
  roomId: string;
  /** The materialised room, once loaded. */
  room: Room | null;
}

export class Segments {
  /** Oldest room first. */
  private list: Segment[];
  /** Index of the oldest segment the timeline shows (newer ones are all shown). */
  private from: number;
  private readonly load: (roomId: string) => Promise<Room>;

  constructor(roomIds: readonly string[], load: (roomId: string) => Promise<Room>) {
    this.list = roomIds.map((roomId) => ({ roomId, room: null }));
    this.from = Math.max(0, this.list.length - 1);
    this.load = load;
  }

  has(roomId: string): boolean {
    return this.list.some((s) => s.roomId === roomId);
  }

  roomIds(): string[] {
    return this.list.map((s) => s.roomId);
  }

  /** The shown segments, oldest first. */
  shown(): Segment[] {
    return this.list.slice(this.from);
  }

  /** The newest room (where live messages arrive). */
  get newest(): Segment {
    return this.list[this.list.length - 1]!;
  }

  /** Materialises the newest room; resolves with it. */
  async openNewest(): Promise<Room> {
    const segment = this.newest;
    segment.room ??= await this.load(segment.roomId);
    return segment.room;
  }

  /**
   * The wallet's rooms changed (a new room appeared): keeps what is loaded, shows the new newest room too. A room
   * that was the newest stays shown, so the agent loses nothing from view.
   */
  update(roomIds: readonly string[]): boolean {
    const same = roomIds.length === this.list.length && roomIds.every((id, i) => this.list[i]!.roomId === id);
    if (same) return false;
    const shownIds = new Set(this.shown().map((s) => s.roomId));
    const known = new Map(this.list.map((s) => [s.roomId, s]));
    this.list = roomIds.map((roomId) => known.get(roomId) ?? { roomId, room: null });
    const first = this.list.findIndex((s) => shownIds.has(s.roomId));
    this.from = first >= 0 ? first : Math.max(0, this.list.length - 1);
    return true;
  }

  /** Older history exists: in the oldest shown room, or an earlier room not shown yet. */
  canLoadOlder(): boolean {
    const oldest = this.list[this.from];
    if (!oldest?.room) return false;
    return (
      oldest.room.getLiveTimeline().getPaginationToken(EventTimeline.BACKWARDS) !== null || this.from > 0
    );
  }

  /**
   * What "load older" does next: page back in the oldest shown room, or — at its beginning — reveal the
   * previous room (materialising it). Returns the room to page back in, or null when a room was revealed.
   */
  async older(): Promise<Room | null> {
    const oldest = this.list[this.from];
    if (!oldest?.room) return null;
    if (oldest.room.getLiveTimeline().getPaginationToken(EventTimeline.BACKWARDS) !== null)
      return oldest.room;
    if (this.from === 0) return null;
    const previous = this.list[this.from - 1]!;
    previous.room ??= await this.load(previous.roomId);
    this.from--;
    return null;
  }

  /** The events of every shown room in order, each with where a newer room begins. */
  *events(): Generator<{ event: MatrixEvent; roomStart: boolean }> {
    for (const [i, segment] of this.shown().entries()) {
      if (!segment.room) continue;
      let first = i > 0;
      for (const event of segment.room.getLiveTimeline().getEvents()) {
        yield { event, roomStart: first };
        first = false;
      }
    }
  }
}
