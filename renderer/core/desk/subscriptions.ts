// Which rooms must be live matrix-js-sdk Rooms (sliding-sync room subscriptions): the union of what each owner
// asks for — the open conversation, rooms with replies waiting in the outbox, the recently opened ones, a
// feature's staff room. Every other room lives only as a compact inbox row.

export interface SubscriptionTarget {
  setSubscriptions?(roomIds: Set<string>): void;
}

export class RoomSubscriptions {
  private readonly owners = new Map<string, ReadonlySet<string>>();
  private target: SubscriptionTarget | null = null;
  private last = "";

  /** `owner` now needs exactly these rooms (replacing what it asked for before). */
  keep(owner: string, roomIds: Iterable<string>): void {
    const set = new Set(roomIds);
    if (set.size === 0) this.owners.delete(owner);
    else this.owners.set(owner, set);
    this.apply();
  }

  /** No owner keeps this room live any more (a forgotten conversation). */
  drop(roomId: string): void {
    for (const [owner, ids] of this.owners) {
      if (!ids.has(roomId)) continue;
      const rest = new Set(ids);
      rest.delete(roomId);
      if (rest.size === 0) this.owners.delete(owner);
      else this.owners.set(owner, rest);
    }
    this.apply();
  }

  all(): Set<string> {
    const rooms = new Set<string>();
    for (const ids of this.owners.values()) for (const id of ids) rooms.add(id);
    return rooms;
  }

  /** The sync engine that materialises rooms (set once it runs). */
  attach(target: SubscriptionTarget): void {
    this.target = target;
    this.last = "";
    this.apply();
  }

  detach(): void {
    this.target = null;
  }

  private apply(): void {
    if (!this.target?.setSubscriptions) return;
    const rooms = this.all();
    const key = [...rooms].sort().join("\n");
    if (key === this.last) return;
    this.last = key;
    this.target.setSubscriptions(rooms);
  }
}
