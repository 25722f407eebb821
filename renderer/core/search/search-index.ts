// The full-text index over every conversation's messages (MiniSearch: its tokenizer, its radix tree, its BM25
// ranking — nothing of that written here), with results grouped by conversation and the matched words located
// in the original text for highlighting. Terms are folded (case, accents, ligatures) when indexed and when
// searched, so French and English queries match either spelling.
//
// Messages are MiniSearch documents (what is stored, saved and forgotten); queries are answered by
// conversation-level documents in two tiers, recent and older (conversation-tiers.ts, which says why). Every
// word must be in the conversation; its messages holding the most of them are its hits.
import MiniSearch, { type Options, type SearchOptions, type SearchResult } from "minisearch";
import { fold, type SearchDoc, type SearchKind, type SearchSender } from "./documents.ts";
import { ConversationTiers, type SavedTiers } from "./conversation-tiers.ts";
import { excerpt, locate } from "./highlight.ts";
import { vacuumNow } from "./vacuum.ts";

export { excerpt, locate } from "./highlight.ts";

export interface SearchHit {
  id: string;
  roomId: string;
  ts: number;
  from: SearchSender;
  kind: SearchKind;
  /** The message text, or an excerpt of it around the first match (with "…" where cut). */
  text: string;
  /** Ranges of `text` to highlight ([start, end) in UTF-16 units). */
  highlights: Array<[number, number]>;
  score: number;
}

export interface SearchGroup {
  roomId: string;
  /** The best hits of this conversation, best first. */
  hits: SearchHit[];
  /** How many messages of the conversation matched. */
  total: number;
}

export interface SearchResults {
  query: string;
  groups: SearchGroup[];
  /** Messages that matched, in the conversations listed. */
  total: number;
  /** Conversations that matched (more than `groups` when the list was cut). */
  conversations: number;
  /** Whether older conversations were not searched because recent ones filled the list (then more may match). */
  more: boolean;
}

export interface SearchLimits {
  /** Conversations listed. */
  groups?: number;
  /** Hits shown per conversation. */
  perGroup?: number;
  /** Characters of an excerpt. */
  excerpt?: number;
}

/** What a saved index holds (`toJSON()`); `tiers` is absent from indexes saved before they existed. */
export interface SavedSearchIndex {
  index: string;
  rooms: Record<string, string[]>;
  tiers?: SavedTiers;
}

type Stored = Pick<SearchDoc, "roomId" | "ts" | "from" | "kind" | "text">;

const processTerm = (term: string) => {
  const folded = fold(term);
  return folded.length > 0 ? folded : null;
};

export const INDEX_OPTIONS: Options<SearchDoc> = {
  idField: "id",
  fields: ["text"],
  storeFields: ["roomId", "ts", "from", "kind", "text"],
  processTerm,
  // Vacuumed in one pass by this code instead (vacuum.ts says why).
  autoVacuum: false,
};

/**
 * Every word must match; the last one also as a prefix from 3 letters (the agent is still typing it; 2-letter
 * prefixes matched most of a 200,000-message index and were the slowest queries) and longer words
 * tolerate a typo.
 */
const QUERY_OPTIONS: SearchOptions = {
  combineWith: "AND",
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
  fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
};
const tokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];

/** Up to this many dirty conversations are re-indexed inside a query; more, and the query uses the messages. */
const FLUSH_IN_QUERY = 40;
/** Folded words of recently listed messages (reading results again while typing costs nothing). */
const WORD_CACHE = 20_000;

export class SearchIndex {
  private mini: MiniSearch<SearchDoc>;
  private tiers: ConversationTiers;
  /** Which documents each conversation has (forgetting a conversation removes them all). */
  private readonly byRoom = new Map<string, Set<string>>();
  private readonly words = new Map<string, Set<string>>();

  constructor(
    mini = new MiniSearch<SearchDoc>(INDEX_OPTIONS),
    rooms: Record<string, string[]> = {},
    tiers: ConversationTiers | null = null,
  ) {
    this.mini = mini;
    this.tiers = tiers ?? new ConversationTiers(processTerm, (roomId) => this.textOf(roomId), null);
    for (const [roomId, ids] of Object.entries(rooms)) {
      this.byRoom.set(roomId, new Set(ids));
      for (const id of ids) {
        const stored = this.mini.getStoredFields(id) as Stored | undefined;
        if (stored) this.tiers.note(roomId, stored.ts, !tiers);
      }
    }
  }

  /** Rebuilds an index saved with `toJSON()`, without holding the thread for the whole load. */
  static async fromJSON(json: SavedSearchIndex): Promise<SearchIndex> {
    const mini = await MiniSearch.loadJSONAsync<SearchDoc>(json.index, INDEX_OPTIONS);
    // The tiers read conversation texts lazily (when re-indexing), through the index being built here.
    let index: SearchIndex | null = null;
    const textOf = (roomId: string) => index?.textOf(roomId) ?? null;
    const tiers = json.tiers ? await ConversationTiers.load(json.tiers, processTerm, textOf) : null;
    index = new SearchIndex(mini, json.rooms, tiers);
    return index;
  }

  toJSON(): SavedSearchIndex {
    const rooms: Record<string, string[]> = {};
    for (const [roomId, ids] of this.byRoom) rooms[roomId] = [...ids];
    vacuumNow(this.mini);
    return { index: JSON.stringify(this.mini), rooms, tiers: this.tiers.toJSON() };
  }

  get size(): number {
    return this.mini.documentCount;
  }

  /** Conversations waiting to be re-indexed (0 once `settle()` resolved). */
  get pending(): number {
    return this.tiers.pending;
  }

  has(id: string): boolean {
    return this.mini.has(id);
  }

  /** Adds a document, or replaces the one with the same ID (an edited note). Returns whether it changed. */
  add(doc: SearchDoc): boolean {
    if (this.mini.has(doc.id)) {
      const old = this.mini.getStoredFields(doc.id) as Stored | undefined;
      if (old && old.text === doc.text && old.roomId === doc.roomId) return false;
      this.remove(doc.id);
    }
    this.mini.add(doc);
    let ids = this.byRoom.get(doc.roomId);
    if (!ids) this.byRoom.set(doc.roomId, (ids = new Set()));
    ids.add(doc.id);
    this.tiers.note(doc.roomId, doc.ts, true);
    return true;
  }

  remove(id: string): boolean {
    if (!this.mini.has(id)) return false;
    const stored = this.mini.getStoredFields(id) as Stored | undefined;
    this.mini.discard(id);
    this.words.delete(id);
    if (stored) {
      this.byRoom.get(stored.roomId)?.delete(id);
      this.tiers.touch(stored.roomId);
    }
    return true;
  }

  /** Removes every document of a conversation; returns how many. */
  removeRoom(roomId: string): number {
    const ids = this.byRoom.get(roomId);
    this.byRoom.delete(roomId);
    this.tiers.drop(roomId);
    if (!ids) return 0;
    for (const id of ids) {
      this.words.delete(id);
      if (this.mini.has(id)) this.mini.discard(id);
    }
    return ids.size;
  }

  /**
   * Drops what discarded documents left in the term indexes (their words): until then the serialized index
   * would still hold the words of a forgotten conversation.
   */
  async compact(): Promise<void> {
    vacuumNow(this.mini, true);
    await this.tiers.vacuum();
  }

  /** Resolves once every conversation document follows its messages (re-indexing in slices meanwhile). */
  settle(): Promise<void> {
    return this.tiers.settle();
  }

  roomIds(): string[] {
    return [...this.byRoom.keys()];
  }

  countIn(roomId: string): number {
    return this.byRoom.get(roomId)?.size ?? 0;
  }

  /**
   * Every word must be in the conversation (see QUERY_OPTIONS); its messages holding the most of the query's
   * words are its hits, newest first among equals. The best conversation first.
   */
  search(query: string, limits: SearchLimits = {}): SearchResults {
    const trimmed = query.trim();
    if (fold(trimmed).replace(/[\s\p{P}]/gu, "").length < 2)
      return { query, groups: [], total: 0, conversations: 0, more: false };
    if (this.tiers.pending <= FLUSH_IN_QUERY) this.tiers.flushAll();
    else return this.searchMessages(query, limits);
    const maxGroups = limits.groups ?? 50;
    const perGroup = limits.perGroup ?? 3;
    const { found, conversations, more } = this.tiers.search(trimmed, QUERY_OPTIONS, maxGroups);
    const groups: SearchGroup[] = [];
    let total = 0;
    for (const conversation of found.slice(0, maxGroups)) {
      const terms = new Set(conversation.terms);
      const hits: Array<{ id: string; stored: Stored; matched: string[] }> = [];
      for (const id of this.byRoom.get(String(conversation.id)) ?? []) {
        const stored = this.mini.getStoredFields(id) as Stored | undefined;
        if (!stored) continue;
        const matched = [...this.wordsOf(id, stored.text)].filter((w) => terms.has(w));
        if (matched.length > 0) hits.push({ id, stored, matched });
      }
      if (hits.length === 0) continue;
      hits.sort((a, b) => b.matched.length - a.matched.length || b.stored.ts - a.stored.ts);
      total += hits.length;
      groups.push({
        roomId: String(conversation.id),
        total: hits.length,
        hits: hits
          .slice(0, perGroup)
          .map((h) => toHit(h.id, h.stored, h.matched, conversation.score, limits.excerpt ?? 140)),
      });
    }
    return { query, groups, total, conversations, more };
  }

  /**
   * The message index answering alone (every word in one message): while conversations are being re-indexed,
   * and as the benchmark's baseline (it scores every matching message).
   */
  searchMessages(query: string, limits: SearchLimits = {}): SearchResults {
    const trimmed = query.trim();
    if (fold(trimmed).replace(/[\s\p{P}]/gu, "").length < 2)
      return { query, groups: [], total: 0, conversations: 0, more: false };
    const maxGroups = limits.groups ?? 50;
    const perGroup = limits.perGroup ?? 3;
    const results = this.mini.search(trimmed, QUERY_OPTIONS);
    const groups = new Map<string, { hits: SearchResult[]; total: number }>();
    for (const result of results) {
      const roomId = result.roomId as string;
      let group = groups.get(roomId);
      if (!group) groups.set(roomId, (group = { hits: [], total: 0 }));
      group.total++;
      if (group.hits.length < perGroup) group.hits.push(result);
    }
    const listed = [...groups].slice(0, maxGroups);
    return {
      query,
      total: listed.reduce((sum, [, g]) => sum + g.total, 0),
      conversations: groups.size,
      more: false,
      groups: listed.map(([roomId, g]) => ({
        roomId,
        total: g.total,
        hits: g.hits.map((r) =>
          toHit(String(r.id), r as unknown as Stored, r.terms, r.score, limits.excerpt ?? 140),
        ),
      })),
    };
  }

  /** The folded words of a message (kept for the most recently listed ones). */
  private wordsOf(id: string, text: string): Set<string> {
    let words = this.words.get(id);
    if (!words) {
      words = new Set(tokenize(fold(text)).filter((w) => w.length > 0));
      if (this.words.size >= WORD_CACHE) this.words.clear();
      this.words.set(id, words);
    }
    return words;
  }

  /** The text of a conversation's messages, as its conversation document (null once it has none). */
  textOf(roomId: string): string | null {
    return textOfRoom(this.mini, this.byRoom.get(roomId) ?? []);
  }
}

function textOfRoom(mini: MiniSearch<SearchDoc>, ids: Iterable<string>): string | null {
  const texts: string[] = [];
  for (const id of ids) {
    const stored = mini.getStoredFields(id) as Stored | undefined;
    if (stored) texts.push(stored.text);
  }
  return texts.length > 0 ? texts.join("\n") : null;
}

function toHit(
  id: string,
  stored: Stored,
  terms: readonly string[],
  score: number,
  chars: number,
): SearchHit {
  const ranges = locate(stored.text, terms);
  const { text, highlights } = excerpt(stored.text, ranges, chars);
  return {
    id,
    roomId: stored.roomId,
    ts: stored.ts,
    from: stored.from,
    kind: stored.kind,
    text,
    highlights,
    score,
  };
}
