// Wallet labels that an agent could mistake for each other. Even keyed, 55-bit codes can be *close* by chance
// (and a provisional label can be close on purpose): two codes count as look-alikes when they share their first
// four characters (what the eye reads first) or are within two edits (Levenshtein) of each other. The index finds
// them among 10,000 listed wallets without comparing every pair: candidates come from the 4-character prefix and
// from shared 3-grams — two codes of length n within k edits share at least n − 2 − 3k of them (the q-gram lemma),
// so for keyed codes (11 characters, 2 edits: ≥ 3) no look-alike is missed. For the 6-character provisional codes
// the lemma guarantees nothing: there, the prefix is certain and the edit distance best-effort.

export const PREFIX_CHARS = 4;
export const MAX_EDITS = 2;
const Q = 3;

/** Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1 then). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Two codes an agent could confuse (see the header). Identical codes are look-alikes too. */
export function looksAlike(a: string, b: string): boolean {
  if (a.slice(0, PREFIX_CHARS) === b.slice(0, PREFIX_CHARS)) return true;
  return editDistance(a, b, MAX_EDITS) <= MAX_EDITS;
}

/** The code's 3-grams, without positions (an insertion shifts them). */
function freeGrams(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + Q <= code.length; i++) out.push(code.slice(i, i + Q));
  return out;
}

/** Codes by owner (a room ID), answering "which listed codes look like this one?". */
export class LookalikeIndex {
  private readonly codes = new Map<string, string>();
  private readonly byPrefix = new Map<string, Set<string>>();
  private readonly byGram = new Map<string, Set<string>>();

  get size(): number {
    return this.codes.size;
  }

  /** The owners whose code looks like `code` (not `owner` itself). */
  matches(owner: string, code: string): string[] {
    const shared = new Set<string>();
    for (const gram of new Set(freeGrams(code))) {
      for (const other of this.byGram.get(gram) ?? []) shared.add(other);
    }
    const candidates = new Set(this.byPrefix.get(code.slice(0, PREFIX_CHARS)) ?? []);
    for (const other of shared) candidates.add(other);
    candidates.delete(owner);
    return [...candidates].filter((other) => looksAlike(code, this.codes.get(other)!)).sort();
  }

  /** Adds or replaces `owner`'s code. */
  set(owner: string, code: string): void {
    if (this.codes.get(owner) === code) return;
    this.delete(owner);
    this.codes.set(owner, code);
    add(this.byPrefix, code.slice(0, PREFIX_CHARS), owner);
    for (const gram of new Set(freeGrams(code))) add(this.byGram, gram, owner);
  }

  delete(owner: string): void {
    const code = this.codes.get(owner);
    if (code === undefined) return;
    this.codes.delete(owner);
    drop(this.byPrefix, code.slice(0, PREFIX_CHARS), owner);
    for (const gram of new Set(freeGrams(code))) drop(this.byGram, gram, owner);
  }

  clear(): void {
    this.codes.clear();
    this.byPrefix.clear();
    this.byGram.clear();
  }
}

function add(map: Map<string, Set<string>>, key: string, owner: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(owner);
}

function drop(map: Map<string, Set<string>>, key: string, owner: string): void {
  const set = map.get(key);
  set?.delete(owner);
  if (set?.size === 0) map.delete(key);
}
