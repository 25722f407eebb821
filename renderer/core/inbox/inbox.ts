// The inbox: every wallet conversation as a row, kept sorted by latest activity, filtered and searched for the
// view, and saved (sealed) so a restart renders at once. Designed for 10,000 rows: rows are small immutable
// objects, updates are applied by binary insertion, and bursts of changes reach the view once per frame.
// Features add filter dimensions (e.g. status tabs, Mine/Unassigned) next to the built-in All/Unread/Waiting:
// a row is shown when it passes the selected option of every dimension, and each option gets a count.
// Rows are kept per room (that is what sync delivers); the view shows one row per conversation — per wallet
// user — folding a wallet's several rooms into one (grouping.ts).
import { batched, Observable, type Readable } from "../observable.ts";
import { conversationRow } from "./grouping.ts";
import { compareRows, normalizeRow, type InboxRow } from "./row.ts";

export type InboxFilter = "all" | "unread" | "waiting";

/** A set of mutually exclusive filters (tabs), contributed by a feature. */
export interface InboxDimension {
  id: string;
  options: ReadonlyArray<{ id: string; test: (row: InboxRow) => boolean }>;
  /** The option selected at first. */
  initial: string;
}

export interface InboxView {
  /** The rows to show, in order (filtered and searched). */
  rows: InboxRow[];
  /** Over every conversation, whatever is selected (the badge and the rail use these). */
  counts: { all: number; unread: number; waiting: number };
  filter: InboxFilter;
  query: string;
  /** The selected option of each feature dimension. */
  selection: Readonly<Record<string, string>>;
  /** For each dimension's options: rows that pass it and the other dimensions' selections (not the query). */
  tallies: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** False until the first complete picture (snapshot or server) is in. */
  loaded: boolean;
  /**
   * The order is held (the agent is pointing at or moving through the list) and newer activity would change
   * it: the UI shows a "new activity" cue, and the new order comes when the hold ends.
   */
  reorderPending: boolean;
}

function matches(row: InboxRow, query: string): boolean {
  if (!query) return true;
  return (
    row.label.toLowerCase().includes(query) || (row.preview?.text.toLowerCase().includes(query) ?? false)
  );
}

export class Inbox {
  private readonly rows = new Map<string, InboxRow>();
  private order: InboxRow[] = [];
  /** Each wallet's rooms; `multi` holds the wallets with more than one (so the common case costs nothing). */
  private readonly walletRooms = new Map<string, Set<string>>();
  private readonly multi = new Set<string>();
  private readonly merged = new Map<string, InboxRow>();
  private filter: InboxFilter = "all";
  private query = "";
  private loaded = false;
  private readonly dimensions: InboxDimension[] = [];
  private readonly selection: Record<string, string> = {};
  private readonly viewState = new Observable<InboxView>({
    rows: [],
    counts: { all: 0, unread: 0, waiting: 0 },
    filter: "all",
    query: "",
    selection: {},
    tallies: {},
    loaded: false,
    reorderPending: false,
  });
  /** Rooms that are not wallet conversations whatever their shape (accepted by hand): never listed. */
  private readonly notWallets = new Set<string>();
  /** While the order is held: the rooms in the order shown when the hold began. */
  private held: string[] | null = null;
  private readonly changeListeners = new Set<(row: InboxRow, previous: InboxRow | undefined) => void>();
  private readonly rules: Array<(row: InboxRow, previous: InboxRow | undefined) => InboxRow> = [];
  private readonly removeListeners = new Set<(roomId: string) => void>();
  private readonly scheduleEmit = batched(() => this.emit());

  get view(): Readable<InboxView> {
    return this.viewState;
  }

  get size(): number {
    return this.rows.size;
  }

  /** One room's row (as sync keeps it). */
  get(roomId: string): InboxRow | undefined {
    return this.rows.get(roomId);
  }

  /** The row of the conversation `roomId` belongs to (the view's row: every room of the wallet folded in). */
  conversation(roomId: string): InboxRow | undefined {
    const row = this.rows.get(roomId);
    if (!row) return undefined;
    if (!this.multi.has(row.walletUserId)) return row;
    return this.mergedRow(row.walletUserId);
  }

  /** Every room's row of a wallet (usually one). */
  roomsOf(walletUserId: string): InboxRow[] {
    const ids = this.walletRooms.get(walletUserId);
    if (!ids) return [];
    return [...ids].flatMap((id) => this.rows.get(id) ?? []);
  }

  /** Every room's row, newest activity first (what the snapshot saves). */
  all(): InboxRow[] {
    return this.order;
  }

  /** Every conversation's row (a wallet's rooms folded into one), newest activity first, unfiltered. */
  conversationRows(): InboxRow[] {
    if (this.multi.size === 0) return this.order;
    const seen = new Set<string>();
    const out: InboxRow[] = [];
    for (const row of this.order) {
      if (!this.multi.has(row.walletUserId)) out.push(row);
      else if (!seen.has(row.walletUserId)) {
        seen.add(row.walletUserId);
        out.push(this.mergedRow(row.walletUserId));
      }
    }
    return out;
  }

  /** Called for every row change (notifications and the badge listen here). */
  onChange(listener: (row: InboxRow, previous: InboxRow | undefined) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * A rule that completes every row before it is stored and before any listener sees it (a feature's derived
   * fields, e.g. the keyed wallet label). It returns the row itself when nothing changes. Returns the removal.
   */
  addRule(rule: (row: InboxRow, previous: InboxRow | undefined) => InboxRow): () => void {
    this.rules.push(rule);
    return () => {
      const i = this.rules.indexOf(rule);
      if (i >= 0) this.rules.splice(i, 1);
    };
  }

  private complete(row: InboxRow, previous: InboxRow | undefined): InboxRow {
    return this.rules.reduce((r, rule) => rule(r, previous), row);
  }

  /** Called when a row goes (a forgotten conversation): the saved inbox must lose it too. */
  onRemove(listener: (roomId: string) => void): () => void {
    this.removeListeners.add(listener);
    return () => this.removeListeners.delete(listener);
  }

  /** Replaces everything at once (restoring the snapshot, or a rule's inputs changed): one sort, one emit. */
  load(rows: InboxRow[]): void {
    this.rows.clear();
    this.walletRooms.clear();
    this.multi.clear();
    this.merged.clear();
    for (const saved of rows) {
      if (this.notWallets.has(saved.roomId)) continue;
      const row = this.complete(normalizeRow(saved), saved);
      this.rows.set(row.roomId, row);
      this.addToWallet(row);
    }
    this.order = [...this.rows.values()].sort(compareRows);
    this.loaded = true;
    this.scheduleEmit();
  }

  markLoaded(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.scheduleEmit();
  }

  upsert(input: InboxRow): void {
    if (this.notWallets.has(input.roomId)) return;
    const previous = this.rows.get(input.roomId);
    const row = this.complete(input, previous);
    if (previous === row) return;
    this.rows.set(row.roomId, row);
    if (previous) this.removeFromOrder(previous);
    else this.addToWallet(row);
    this.merged.delete(row.walletUserId);
    this.insertInOrder(row);
    for (const listener of this.changeListeners) listener(row, previous);
    this.scheduleEmit();
  }

  update(roomId: string, fn: (row: InboxRow) => InboxRow): void {
    const row = this.rows.get(roomId);
    if (row) this.upsert(fn(row));
  }

  remove(roomId: string): void {
    const row = this.rows.get(roomId);
    if (!row) return;
    this.rows.delete(roomId);
    this.removeFromOrder(row);
    const rooms = this.walletRooms.get(row.walletUserId);
    rooms?.delete(roomId);
    if (rooms?.size === 0) this.walletRooms.delete(row.walletUserId);
    if ((rooms?.size ?? 0) <= 1) this.multi.delete(row.walletUserId);
    this.merged.delete(row.walletUserId);
    for (const listener of this.removeListeners) listener(roomId);
    this.scheduleEmit();
  }

  private addToWallet(row: InboxRow): void {
    let rooms = this.walletRooms.get(row.walletUserId);
    if (!rooms) this.walletRooms.set(row.walletUserId, (rooms = new Set()));
    rooms.add(row.roomId);
    if (rooms.size > 1) this.multi.add(row.walletUserId);
  }

  private mergedRow(walletUserId: string): InboxRow {
    let row = this.merged.get(walletUserId);
    if (!row) this.merged.set(walletUserId, (row = conversationRow(this.roomsOf(walletUserId))));
    return row;
  }

  /**
   * Marks a room as not a wallet conversation (an agent accepted it by hand): its row goes, and sync never
   * lists it again until unmarked.
   */
  setNotWallet(roomId: string, notWallet: boolean): void {
    if (notWallet) {
      this.notWallets.add(roomId);
      this.remove(roomId);
    } else this.notWallets.delete(roomId);
  }

  /** A feature's filter dimension; the returned function removes it (the desk's teardown). */
  addDimension(dimension: InboxDimension): () => void {
    this.dimensions.push(dimension);
    this.selection[dimension.id] = dimension.initial;
    this.scheduleEmit();
    return () => {
      const i = this.dimensions.indexOf(dimension);
      if (i >= 0) this.dimensions.splice(i, 1);
      delete this.selection[dimension.id];
      this.scheduleEmit();
    };
  }

  select(dimensionId: string, optionId: string): void {
    const dimension = this.dimensions.find((d) => d.id === dimensionId);
    if (!dimension?.options.some((o) => o.id === optionId)) return;
    this.selection[dimensionId] = optionId;
    this.held = null; // another list: show it as it is
    this.emit();
  }

  /** Something a dimension's tests read has changed outside the rows (e.g. who "mine" is): recount. */
  refresh(): void {
    this.scheduleEmit();
  }

  setFilter(filter: InboxFilter): void {
    this.filter = filter;
    this.held = null; // the agent asked for another list: show it as it is
    this.emit();
  }

  setQuery(query: string): void {
    this.query = query.trim().toLowerCase();
    this.held = null;
    this.emit();
  }

  /**
   * Holds the order on screen while the agent points at or moves through the list, so no row moves under the
   * pointer or between two keystrokes: rows still update in place, new conversations and reordering wait
   * (`reorderPending` says some do) until the hold ends.
   */
  holdOrder(hold: boolean): void {
    if (hold === (this.held !== null)) return;
    // The list the agent asked for first (a search typed a moment ago may not be on screen yet): Chromium sends
    // a pointer move when rows change under a resting pointer, which would otherwise freeze the previous list.
    if (hold) this.emit();
    this.held = hold ? this.viewState.get().rows.map((r) => r.roomId) : null;
    if (!hold) this.emit();
  }

  private indexFor(row: InboxRow): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRows(this.order[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertInOrder(row: InboxRow): void {
    this.order.splice(this.indexFor(row), 0, row);
  }

  private removeFromOrder(row: InboxRow): void {
    const i = this.indexFor(row);
    if (this.order[i]?.roomId === row.roomId) this.order.splice(i, 1);
    else {
      const j = this.order.findIndex((r) => r.roomId === row.roomId);
      if (j >= 0) this.order.splice(j, 1);
    }
  }

  private emit(): void {
    let unread = 0;
    let waiting = 0;
    const rows: InboxRow[] = [];
    const dims = this.dimensions;
    const tallies: Record<string, Record<string, number>> = {};
    const selected = dims.map((d) => d.options.find((o) => o.id === this.selection[d.id]) ?? d.options[0]);
    for (const d of dims) tallies[d.id] = Object.fromEntries(d.options.map((o) => [o.id, 0]));
    const passes = new Array<boolean>(dims.length);
    const folded = this.multi.size > 0 ? new Set<string>() : null;
    let conversations = 0;
    for (const stored of this.order) {
      let row = stored;
      if (folded && this.multi.has(stored.walletUserId)) {
        // A wallet with several rooms is shown once, where its most recent room sorts.
        if (folded.has(stored.walletUserId)) continue;
        folded.add(stored.walletUserId);
        row = this.mergedRow(stored.walletUserId);
      }
      conversations++;
      const isUnread = row.unread > 0;
      const isWaiting = row.waitingSince !== null;
      if (isUnread) unread++;
      if (isWaiting) waiting++;
      const attention = this.filter === "all" || (this.filter === "unread" ? isUnread : isWaiting);
      let failing = attention ? 0 : 1;
      for (let i = 0; i < dims.length; i++) {
        passes[i] = selected[i]?.test(row) ?? true;
        if (!passes[i]) failing++;
      }
      // An option's count: rows passing it and every other selection (so tabs count within Mine, say).
      for (let i = 0; i < dims.length; i++) {
        if (failing - (passes[i] ? 0 : 1) > 0) continue;
        const counts = tallies[dims[i]!.id]!;
        for (const option of dims[i]!.options) if (option.test(row)) counts[option.id]!++;
      }
      if (failing === 0 && matches(row, this.query)) rows.push(row);
    }
    let shown = rows;
    let reorderPending = false;
    if (this.held) {
      // The rows on screen stay where they are (even one that no longer matches the filter, e.g. read now),
      // with their latest content; a row gone from the inbox goes.
      shown = [];
      for (const roomId of this.held) {
        const row = this.rows.get(roomId);
        if (row) shown.push(row);
      }
      reorderPending = shown.length !== rows.length || shown.some((r, i) => r.roomId !== rows[i]!.roomId);
    }
    this.viewState.set({
      rows: shown,
      counts: { all: conversations, unread, waiting },
      filter: this.filter,
      query: this.query,
      selection: { ...this.selection },
      tallies,
      loaded: this.loaded,
      reorderPending,
    });
  }
}
