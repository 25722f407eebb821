// The conversation-level indexes that answer queries: one MiniSearch document per conversation (the text of all
// its messages), in two tiers — the RECENT_CAP most recently active conversations, and the older ones. A query
// scores the recent tier first and reads the older one only when the recent one has fewer matches than the
// list shows. A common word ("attestation") is in nearly every conversation, and scoring 10,000 of them for
// each keystroke cost 20–70 ms; scoring the 2,000 recent ones costs a fifth of that, while a rarer word, with
// few matches in either tier, is cheap in both. So results list the recent conversations first (what an agent
// looks for), best match first within each tier.
//
// The tiers follow the messages a moment later: conversations marked dirty are re-indexed in SLICE_MS slices
// off the typing path, and a few left dirty are re-indexed inside the next query.
import MiniSearch, { type Options, type SearchOptions, type SearchResult } from "minisearch";
import { vacuumNow } from "./vacuum.ts";

type ConversationDoc = { id: string; text: string };

/** How many conversations the recent tier holds (it is rebuilt past 1.5 × this). */
export const RECENT_CAP = 2000;
/** Time slice of the background re-indexing (ms). */
const SLICE_MS = 8;
/** Discarded conversation documents a tier may hold between saves before it is vacuumed anyway. */
const PILE_UP = 1000;

export interface SavedTiers {
  recent: string;
  older: string;
  cutoff: number;
}

export interface TierMatches {
  /** Matching conversations, recent tier first, best first within a tier. */
  found: SearchResult[];
  /** Matching conversations counted (the older tier is not read when the recent one filled the list). */
  conversations: number;
  /** Whether the older tier was left unread, so more conversations may match than counted. */
  more: boolean;
}

/** Re-indexing discards a conversation's old document each time; vacuum.ts says why it vacuums, not MiniSearch. */
const tierOptions = (processTerm: (term: string) => string | null): Options<ConversationDoc> => ({
  idField: "id",
  fields: ["text"],
  processTerm,
  autoVacuum: false,
});

export class ConversationTiers {
  private readonly options: Options<ConversationDoc>;
  private readonly textOf: (roomId: string) => string | null;
  private recent: MiniSearch<ConversationDoc>;
  private older: MiniSearch<ConversationDoc>;
  /** Conversations whose latest message is at least this recent belong to the recent tier. */
  private cutoff: number;
  /** The newest message time of every conversation. */
  private readonly latest = new Map<string, number>();
  /** Conversations whose messages changed since their document was written. */
  private readonly dirty = new Set<string>();
  private flushing: Promise<void> | null = null;

  constructor(
    processTerm: (term: string) => string | null,
    textOf: (roomId: string) => string | null,
    saved: { recent: MiniSearch<ConversationDoc>; older: MiniSearch<ConversationDoc>; cutoff: number } | null,
  ) {
    this.options = tierOptions(processTerm);
    this.textOf = textOf;
    this.recent = saved?.recent ?? new MiniSearch(this.options);
    this.older = saved?.older ?? new MiniSearch(this.options);
    this.cutoff = saved?.cutoff ?? -Infinity;
  }

  static async load(
    json: SavedTiers,
    processTerm: (term: string) => string | null,
    textOf: (roomId: string) => string | null,
  ): Promise<ConversationTiers> {
    const options = tierOptions(processTerm);
    return new ConversationTiers(processTerm, textOf, {
      recent: await MiniSearch.loadJSONAsync<ConversationDoc>(json.recent, options),
      older: await MiniSearch.loadJSONAsync<ConversationDoc>(json.older, options),
      cutoff: json.cutoff,
    });
  }

  toJSON(): SavedTiers {
    this.flushAll();
    vacuumNow(this.recent);
    vacuumNow(this.older);
    return { recent: JSON.stringify(this.recent), older: JSON.stringify(this.older), cutoff: this.cutoff };
  }

  /** Conversations waiting to be re-indexed. */
  get pending(): number {
    return this.dirty.size;
  }

  /** A message of `roomId` sent at `ts` exists (loaded or added); `changed` marks the conversation dirty. */
  note(roomId: string, ts: number, changed: boolean): void {
    if (ts > (this.latest.get(roomId) ?? -Infinity)) this.latest.set(roomId, ts);
    if (changed) this.touch(roomId);
  }

  touch(roomId: string): void {
    this.dirty.add(roomId);
    this.scheduleFlush();
  }

  drop(roomId: string): void {
    this.dirty.delete(roomId);
    this.latest.delete(roomId);
    if (this.recent.has(roomId)) this.recent.discard(roomId);
    if (this.older.has(roomId)) this.older.discard(roomId);
  }

  async vacuum(): Promise<void> {
    await this.settle();
    vacuumNow(this.recent, true);
    vacuumNow(this.older, true);
  }

  /** Resolves once every conversation document follows its messages. */
  async settle(): Promise<void> {
    while (this.dirty.size > 0) {
      this.scheduleFlush();
      await this.flushing;
    }
  }

  /** Re-indexes what is dirty now (a query does this when only a few are). */
  flushAll(): void {
    this.rebalance();
    for (const roomId of this.dirty) this.reindex(roomId);
  }

  search(query: string, options: SearchOptions, wanted: number): TierMatches {
    const found = this.recent.search(query, options);
    if (found.length >= wanted)
      return { found, conversations: found.length, more: this.older.documentCount > 0 };
    const older = this.older.search(query, options);
    return { found: found.concat(older), conversations: found.length + older.length, more: false };
  }

  private reindex(roomId: string): void {
    this.dirty.delete(roomId);
    if (this.recent.has(roomId)) this.recent.discard(roomId);
    if (this.older.has(roomId)) this.older.discard(roomId);
    const text = this.textOf(roomId);
    if (text === null) return;
    const tier = (this.latest.get(roomId) ?? -Infinity) >= this.cutoff ? this.recent : this.older;
    tier.add({ id: roomId, text });
  }

  /**
   * Once the recent tier (with what waits to join it) passes 1.5 × RECENT_CAP, the cutoff moves up to the
   * RECENT_CAP-th newest conversation and conversations on the wrong side of it are re-indexed into their tier.
   */
  private rebalance(): void {
    // Before the first cutoff (a bulk load), what waits counts too, so the build places rooms once.
    const size = this.recent.documentCount + (this.cutoff === -Infinity ? this.dirty.size : 0);
    if (size <= RECENT_CAP * 1.5) return;
    if (this.latest.size <= RECENT_CAP) return;
    const times = [...this.latest.values()].sort((a, b) => b - a);
    const cutoff = times[RECENT_CAP - 1]!;
    if (cutoff === this.cutoff) return;
    this.cutoff = cutoff;
    for (const [roomId, ts] of this.latest) {
      const inRecent = this.recent.has(roomId);
      if (inRecent !== ts >= cutoff && (inRecent || this.older.has(roomId))) this.dirty.add(roomId);
    }
  }

  /** Re-indexes dirty conversations in slices of SLICE_MS, yielding to the page between them. */
  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => {
      const slice = () => {
        this.rebalance();
        const until = performance.now() + SLICE_MS;
        for (const roomId of this.dirty) {
          this.reindex(roomId);
          if (performance.now() >= until) break;
        }
        // Saving vacuums the tiers; a long stretch without a save (the agent typing) must not let old
        // documents' words pile up past the live ones.
        for (const tier of [this.recent, this.older])
          if (tier.dirtCount >= PILE_UP && tier.dirtFactor >= 0.5) vacuumNow(tier, true);
        if (this.dirty.size > 0) setTimeout(slice, 0);
        else {
          this.flushing = null;
          resolve();
        }
      };
      setTimeout(slice, 0);
    });
  }
}
