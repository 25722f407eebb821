// Keeps the search index filled: messages as they arrive (sync windows, the open conversation, decryptions that
// succeed late) and, in the background, every conversation's history read backwards page by page — pausing
// while the agent is busy (typing, scrolling), leaving the thread to the UI between pages, backing off when the
// server is unreachable, and saving the index with each conversation's progress so a restart resumes where it
// stopped. Time goes through the clock it is given.
import type { Clock } from "../clock.ts";
import type { WireEvent } from "../inbox/row.ts";
import { Observable, type Readable } from "../observable.ts";
import { decryptWire, readHistoryPage, type HistoryClient, type HistoryEvent } from "../history/reader.ts";
import { indexableEvent, type Indexable, type SearchDoc } from "./documents.ts";
import { SearchIndex } from "./search-index.ts";
import type { RoomProgress, SearchStore } from "./store.ts";

export interface IndexProgress {
  /** loading: opening the saved index; indexing/paused: reading history; complete: every conversation read. */
  state: "loading" | "indexing" | "paused" | "complete" | "stopped";
  /** Conversations known, and how many have their whole history in the index. */
  conversations: number;
  complete: number;
  /** Messages in the index, and messages the guard kept out. */
  messages: number;
  hiddenSecrets: number;
}

export interface IndexerDeps {
  client: HistoryClient;
  supportUserId: string;
  clock: Clock;
  store: SearchStore;
  /** Conversations whose history belongs in the index, most recently active first. */
  rooms(): string[];
  /** The wallet of a conversation (its inbox row): anyone else who wrote in it is indexed as "other". */
  walletOf?(roomId: string): string | null;
  /** True while the agent is busy: the backfill waits. */
  busy(): boolean;
  pageSize?: number;
}

/** Pause between history pages (the UI thread and the server get a breath). */
export const PAGE_GAP_MS = 40;
/**
 * And at least this many times as long as the page took: the backfill takes at most a quarter of the server's
 * attention, however busy the server is. At 10,000 conversations it reads history for many minutes after sign-in;
 * pages back to back (40 ms apart) kept Synapse busy: wallets' messages took 1.15 s p95 to show (0.84 s paced)
 * and the inbox's scroll p95 frame was 50 ms (33 ms paced).
 */
export const PAGE_REST_FACTOR = 3;
/**
 * Live messages are indexed this long after they arrive. The screen's own decryptions of the same event (the
 * open conversation's timeline, the inbox preview) go to the rust crypto first, and the open conversation's
 * messages are in the index from its view by then, so they are not decrypted a third time. At 1,000
 * conversations, an E2EE message in the open conversation showed ~70–110 ms later (median, console minus a raw
 * /sync) while the history backfill ran than while it was held back; decrypted here later, the two were alike
 * (profile-fill --messages, blocks alternating in one run).
 */
export const LIVE_INDEX_DELAY_MS = 2000;
/** How often a paused backfill looks again. */
export const BUSY_RECHECK_MS = 1000;
/** How long after a change the index is saved (bursts cost one save). */
export const SAVE_AFTER_MS = 10_000;
const MAX_BACKOFF_MS = 60_000;
/**
 * The progress line's counts change at most this often. At 10,000 conversations the backfill finishes a
 * conversation about nine times a second for minutes; redrawing (and recounting every conversation) each time was
 * busy work nobody can read. Changes of state (paused, complete) are reported at once.
 */
const REPORT_EVERY_MS = 1000;

export class Indexer {
  private readonly deps: IndexerDeps;
  private index = new SearchIndex();
  private progress: Record<string, RoomProgress> = {};
  private hiddenSecrets = new Map<string, string>();
  /** A count-only report waiting for its turn (see REPORT_EVERY_MS), and when the last one went out. */
  private reportDue: (() => void) | null = null;
  private lastReport = Number.NEGATIVE_INFINITY;
  private readonly state = new Observable<IndexProgress>({
    state: "loading",
    conversations: 0,
    complete: 0,
    messages: 0,
    hiddenSecrets: 0,
  });
  /** Live documents and catch-ups that came while the saved index was still loading. */
  private pendingDocs: SearchDoc[] = [];
  private readonly catchUps = new Set<string>();
  private loaded = false;
  private stopped = false;
  private dirty = false;
  private cancelSave: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private failures = 0;
  /** Live decryptions, one after another (they never block the thread for long). */
  private decrypting: Promise<void> = Promise.resolve();
  /** Live messages waiting for LIVE_INDEX_DELAY_MS, and the timer that will decrypt them. */
  private live: Array<{ roomId: string; wire: WireEvent }> = [];
  private cancelLive: (() => void) | null = null;

  constructor(deps: IndexerDeps) {
    this.deps = deps;
  }

  get view(): Readable<IndexProgress> {
    return this.state;
  }

  get searchIndex(): SearchIndex {
    return this.index;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Opens the saved index (search works from then on); `backfill()` reads history afterwards. */
  async load(): Promise<void> {
    const saved = await this.deps.store.load().catch(() => null);
    if (this.stopped) return;
    if (saved) {
      try {
        this.index = await SearchIndex.fromJSON(saved.index);
        this.progress = saved.progress;
        this.hiddenSecrets = new Map(saved.hiddenSecrets);
      } catch {
        this.index = new SearchIndex(); // damaged: index again
      }
    }
    this.loaded = true;
    for (const doc of this.pendingDocs.splice(0)) this.add(doc);
    this.report();
  }

  /** Reads every conversation's history into the index until stopped (after `load()`). */
  async backfill(): Promise<void> {
    if (!this.loaded || this.stopped) return;
    await this.run();
  }

  /** Something new to index (a note through the hook, an open conversation's message). */
  add(doc: SearchDoc): void {
    if (!this.loaded) {
      this.pendingDocs.push(doc);
      return;
    }
    if (this.index.add(doc)) this.changed();
  }

  remove(id: string): void {
    if (!this.loaded) {
      this.pendingDocs = this.pendingDocs.filter((d) => d.id !== id);
      return;
    }
    if (this.index.remove(id)) this.changed();
  }

  private take(result: Indexable): void {
    if (!result) return;
    if ("secret" in result) {
      if (this.hiddenSecrets.has(result.secret.id)) return;
      this.hiddenSecrets.set(result.secret.id, result.secret.roomId);
      this.changed();
      return;
    }
    this.add(result.doc);
  }

  /**
   * A sync window of a conversation. Conversations whose backfill hasn't started are left to it (its first
   * page reads from the newest message); for the others, new messages are indexed here, and a window that
   * that may skip messages (`gap`: limited, or the first window of a run) and doesn't reach back to anything
   * indexed means messages were missed while away: the conversation is caught up.
   */
  syncWindow(roomId: string, timeline: WireEvent[], gap: boolean): void {
    if (this.stopped) return;
    const progress = this.progress[roomId];
    if (!progress || (!progress.done && progress.back === null)) return;
    const fresh = timeline.filter((e) => typeof e.event_id === "string" && !this.knows(e.event_id));
    if (fresh.length === 0) return;
    const overlaps = fresh.length < timeline.length;
    if (gap && !overlaps) this.catchUp(roomId);
    for (const wire of fresh) this.live.push({ roomId, wire });
    this.cancelLive ??= this.deps.clock.setTimeout(() => this.takeLive(), LIVE_INDEX_DELAY_MS);
  }

  /** Decrypts the live messages that waited, except those indexed meanwhile (the open conversation's). */
  private takeLive(): Promise<void> {
    this.cancelLive?.();
    this.cancelLive = null;
    for (const { roomId, wire } of this.live.splice(0)) this.decryptLive(roomId, wire);
    return this.decrypting;
  }

  private indexable(event: HistoryEvent): Indexable {
    return indexableEvent(event, this.deps.supportUserId, this.deps.walletOf?.(event.roomId) ?? null);
  }

  /** Indexed, or known to hold a secret: nothing more to do with it. */
  private knows(eventId: string): boolean {
    return this.index.has(eventId) || this.hiddenSecrets.has(eventId);
  }

  private decryptLive(roomId: string, wire: WireEvent): void {
    this.decrypting = this.decrypting.then(async () => {
      if (this.stopped || this.knows(String(wire.event_id))) return;
      const event = await decryptWire(this.deps.client, roomId, wire, (late) => this.onLate(late));
      if (event) this.take(this.indexable(event));
    });
  }

  private onLate(event: HistoryEvent): void {
    if (!this.stopped) this.take(this.indexable(event));
  }

  /** Reads a conversation again from its newest message down to what the index already holds. */
  catchUp(roomId: string): void {
    this.catchUps.add(roomId);
    this.poke();
  }

  /** New conversations to read (the inbox grew). */
  poke(): void {
    this.wake?.();
  }

  /** Forgets a conversation: its documents and progress leave the index, and the index is saved without them. */
  async forgetRoom(roomId: string): Promise<number> {
    this.catchUps.delete(roomId);
    this.pendingDocs = this.pendingDocs.filter((d) => d.roomId !== roomId);
    this.live = this.live.filter((l) => l.roomId !== roomId);
    delete this.progress[roomId];
    for (const [id, room] of this.hiddenSecrets) if (room === roomId) this.hiddenSecrets.delete(id);
    const removed = this.index.removeRoom(roomId);
    await this.index.compact();
    this.dirty = true;
    await this.save();
    return removed;
  }

  /** Saves now if anything changed (the app is hiding or closing). */
  async flush(): Promise<void> {
    if (this.live.length > 0) await this.takeLive();
    if (this.dirty) await this.save();
  }

  stop(): void {
    this.stopped = true;
    this.cancelSave?.();
    this.cancelLive?.();
    this.reportDue?.();
    this.wake?.();
    this.state.update((s) => ({ ...s, state: "stopped" }));
  }

  private changed(): void {
    this.dirty = true;
    this.scheduleReport();
    if (this.cancelSave || this.stopped) return;
    this.cancelSave = this.deps.clock.setTimeout(() => {
      this.cancelSave = null;
      // Serializing a big index takes the thread for a moment: not while the agent types.
      if (this.deps.busy()) this.changed();
      else void this.save();
    }, SAVE_AFTER_MS);
  }

  private async save(): Promise<void> {
    if (!this.loaded) return;
    this.dirty = false;
    this.cancelSave?.();
    this.cancelSave = null;
    try {
      await this.deps.store.save({
        savedAt: this.deps.clock.now(),
        index: this.index.toJSON(),
        progress: { ...this.progress },
        hiddenSecrets: [...this.hiddenSecrets],
      });
    } catch (err) {
      this.dirty = true;
      console.warn(`[search] the index could not be saved: ${(err as Error).message}`);
    }
  }

  private scheduleReport(): void {
    if (this.reportDue || this.stopped) return;
    const wait = this.lastReport + REPORT_EVERY_MS - this.deps.clock.now();
    if (wait <= 0) return this.report();
    this.reportDue = this.deps.clock.setTimeout(() => this.report(), wait);
  }

  private report(state?: IndexProgress["state"]): void {
    this.reportDue?.();
    this.reportDue = null;
    if (this.stopped) return;
    this.lastReport = this.deps.clock.now();
    const rooms = this.deps.rooms();
    let complete = 0;
    for (const id of rooms) if (this.progress[id]?.done) complete++;
    this.state.set({
      state: state ?? (this.state.get().state === "loading" ? "indexing" : this.state.get().state),
      conversations: rooms.length,
      complete,
      messages: this.index.size,
      hiddenSecrets: this.hiddenSecrets.size,
    });
  }

  private nextRoom(): { roomId: string; catchUp: boolean } | null {
    for (const roomId of this.catchUps) return { roomId, catchUp: true };
    for (const roomId of this.deps.rooms())
      if (!this.progress[roomId]?.done) return { roomId, catchUp: false };
    return null;
  }

  private async run(): Promise<void> {
    const { clock } = this.deps;
    while (!this.stopped) {
      if (this.deps.busy()) {
        if (this.state.get().state !== "paused") this.report("paused");
        await clock.sleep(BUSY_RECHECK_MS);
        continue;
      }
      const next = this.nextRoom();
      if (!next) {
        this.report("complete");
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      if (this.state.get().state !== "indexing") this.report("indexing");
      const started = clock.now();
      try {
        if (next.catchUp) await this.catchUpPage(next.roomId);
        else await this.backfillPage(next.roomId);
        this.failures = 0;
      } catch (err) {
        if (this.stopped) return;
        // Offline or the server refused: wait longer each time (the room's progress is unchanged).
        this.failures++;
        const status = (err as { httpStatus?: number }).httpStatus;
        if (status === 403 || status === 404) {
          // Not in the room any more (left, kicked): nothing more to read there.
          this.catchUps.delete(next.roomId);
          this.progress[next.roomId] = { back: null, done: true };
          this.changed();
        } else await clock.sleep(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures, 6)));
        continue;
      }
      await clock.sleep(Math.max(PAGE_GAP_MS, PAGE_REST_FACTOR * (clock.now() - started)));
    }
  }

  private async backfillPage(roomId: string): Promise<void> {
    const from = this.progress[roomId]?.back ?? null;
    const page = await readHistoryPage(this.deps.client, roomId, from, {
      limit: this.deps.pageSize ?? 100,
      onLate: (e) => this.onLate(e),
    });
    if (this.stopped) return;
    for (const event of page.events) {
      if (!this.knows(event.eventId)) this.take(this.indexable(event));
    }
    this.progress[roomId] = { back: page.next, done: page.next === null };
    this.changed();
  }

  /** Newest first until a page holds something already indexed (or the beginning). */
  private async catchUpPage(roomId: string): Promise<void> {
    let from: string | null = null;
    for (;;) {
      const page = await readHistoryPage(this.deps.client, roomId, from, {
        limit: this.deps.pageSize ?? 100,
        onLate: (e) => this.onLate(e),
      });
      if (this.stopped) return;
      let reached = false;
      for (const event of page.events) {
        if (this.knows(event.eventId)) reached = true;
        else this.take(this.indexable(event));
      }
      if (reached || page.next === null) break;
      from = page.next;
      await this.deps.clock.sleep(PAGE_GAP_MS);
    }
    this.catchUps.delete(roomId);
    this.changed();
  }
}
