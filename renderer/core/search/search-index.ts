// The full-text index over every conversation's messages (MiniSearch: its tokenizer, its radix tree, its BM25
// ranking — nothing of that written here), with results grouped by conversation and the matched words located
// in the original text for highlighting. Terms are folded (case, accents, ligatures) when indexed and when
// searched, so French and English queries match either spelling.
import MiniSearch, { type Options, type SearchResult } from "minisearch";
import { fold, type SearchDoc, type SearchKind, type SearchSender } from "./documents.ts";

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
  /** Messages that matched, over every conversation. */
  total: number;
}

export interface SearchLimits {
  /** Conversations listed. */
  groups?: number;
  /** Hits shown per conversation. */
  perGroup?: number;
  /** Characters of an excerpt. */
  excerpt?: number;
}

type Stored = Pick<SearchDoc, "roomId" | "ts" | "from" | "kind" | "text">;

export const INDEX_OPTIONS: Options<SearchDoc> = {
  idField: "id",
  fields: ["text"],
  storeFields: ["roomId", "ts", "from", "kind", "text"],
  processTerm: (term) => {
    const folded = fold(term);
    return folded.length > 0 ? folded : null;
  },
};

export class SearchIndex {
  private mini: MiniSearch<SearchDoc>;
  /** Which documents each conversation has (forgetting a conversation removes them all). */
  private readonly byRoom = new Map<string, Set<string>>();

  constructor(mini = new MiniSearch<SearchDoc>(INDEX_OPTIONS), rooms: Record<string, string[]> = {}) {
    this.mini = mini;
    for (const [roomId, ids] of Object.entries(rooms)) this.byRoom.set(roomId, new Set(ids));
  }

  /** Rebuilds an index saved with `toJSON()`, without holding the thread for the whole load. */
  static async fromJSON(json: { index: string; rooms: Record<string, string[]> }): Promise<SearchIndex> {
    return new SearchIndex(await MiniSearch.loadJSONAsync<SearchDoc>(json.index, INDEX_OPTIONS), json.rooms);
  }

  toJSON(): { index: string; rooms: Record<string, string[]> } {
    const rooms: Record<string, string[]> = {};
    for (const [roomId, ids] of this.byRoom) rooms[roomId] = [...ids];
    return { index: JSON.stringify(this.mini), rooms };
  }

  get size(): number {
    return this.mini.documentCount;
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
    return true;
  }

  remove(id: string): boolean {
    if (!this.mini.has(id)) return false;
    const stored = this.mini.getStoredFields(id) as Stored | undefined;
    this.mini.discard(id);
    if (stored) this.byRoom.get(stored.roomId)?.delete(id);
    return true;
  }

  /** Removes every document of a conversation; returns how many. */
  removeRoom(roomId: string): number {
    const ids = this.byRoom.get(roomId);
    this.byRoom.delete(roomId);
    if (!ids) return 0;
    for (const id of ids) if (this.mini.has(id)) this.mini.discard(id);
    return ids.size;
  }

  /**
   * Drops what discarded documents left in the term index (their words): until then the serialized index
   * would still hold the words of a forgotten conversation.
   */
  async compact(): Promise<void> {
    await this.mini.vacuum({ batchSize: 5000, batchWait: 0 });
  }

  roomIds(): string[] {
    return [...this.byRoom.keys()];
  }

  countIn(roomId: string): number {
    return this.byRoom.get(roomId)?.size ?? 0;
  }

  /**
   * Every word must match; the last one also as a prefix from 3 letters (the agent is still typing it; 2-letter
   * prefixes matched most of a 200,000-message index and were the slowest queries) and longer words
   * tolerate a typo. Results are grouped by conversation, the best conversation first.
   */
  search(query: string, limits: SearchLimits = {}): SearchResults {
    const maxGroups = limits.groups ?? 50;
    const perGroup = limits.perGroup ?? 3;
    const trimmed = query.trim();
    if (fold(trimmed).replace(/[\s\p{P}]/gu, "").length < 2) return { query, groups: [], total: 0 };
    const results = this.mini.search(trimmed, {
      combineWith: "AND",
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
      fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
    });
    const groups = new Map<string, { hits: SearchResult[]; total: number }>();
    for (const result of results) {
      const roomId = result.roomId as string;
      let group = groups.get(roomId);
      if (!group) {
        if (groups.size >= maxGroups) continue;
        groups.set(roomId, (group = { hits: [], total: 0 }));
      }
      group.total++;
      if (group.hits.length < perGroup) group.hits.push(result);
    }
    return {
      query,
      total: results.length,
      groups: [...groups].map(([roomId, g]) => ({
        roomId,
        total: g.total,
        hits: g.hits.map((r) => toHit(r, limits.excerpt ?? 140)),
      })),
    };
  }
}

function toHit(result: SearchResult, excerptChars: number): SearchHit {
  const stored = result as unknown as Stored & { id: string };
  const ranges = locate(stored.text, result.terms);
  const { text, highlights } = excerpt(stored.text, ranges, excerptChars);
  return {
    id: String(result.id),
    roomId: stored.roomId,
    ts: stored.ts,
    from: stored.from,
    kind: stored.kind,
    text,
    highlights,
    score: result.score,
  };
}

/**
 * Where the matched (folded) terms start words in the original text. Folding can change lengths ("œ" → "oe"),
 * so the folded text keeps, for each of its characters, the position of the character it came from.
 */
export function locate(text: string, terms: readonly string[]): Array<[number, number]> {
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(text.length);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1)) {
      const before = at > 0 ? folded[at - 1]! : " ";
      if (/[\p{L}\p{N}]/u.test(before)) continue;
      const start = origin[at]!;
      const lastOrigin = origin[at + term.length - 1]!;
      const end = lastOrigin + String.fromCodePoint(text.codePointAt(lastOrigin)!).length;
      ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** An excerpt of at most `chars` characters around the first highlight, with the ranges moved to match. */
export function excerpt(
  text: string,
  ranges: Array<[number, number]>,
  chars: number,
): { text: string; highlights: Array<[number, number]> } {
  const flat = text.replace(/\s+/g, " ");
  // Whitespace runs collapse to one space: shift the ranges by what was removed before them.
  const shift = (pos: number) =>
    pos - (text.slice(0, pos).length - text.slice(0, pos).replace(/\s+/g, " ").length);
  const moved = ranges.map(([s, e]) => [shift(s), shift(e)] as [number, number]);
  if (flat.length <= chars) return { text: flat, highlights: moved };
  const first = moved[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(chars / 3));
  const space = flat.lastIndexOf(" ", start);
  if (start > 0 && space > start - 20 && space >= 0) start = space + 1;
  const end = Math.min(flat.length, start + chars);
  const prefix = start > 0 ? "…" : "";
  const suffix = end < flat.length ? "…" : "";
  const offset = prefix.length - start;
  return {
    text: `${prefix}${flat.slice(start, end)}${suffix}`,
    highlights: moved
      .filter(([s, e]) => s >= start && e <= end)
      .map(([s, e]) => [s + offset, e + offset] as [number, number]),
  };
}
