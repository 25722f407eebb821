// Finds BIP-39 recovery phrases in a message: 12 or more words in a row, all from ONE official word list,
// separated the way people write a phrase down (see tokens.ts), with or without a valid checksum — a phrase
// with one mistyped word is still a leaked phrase, so one near-miss word per twelve is tolerated, and so are
// the 4-letter abbreviations metal backups use. Checksums are checked with @scure/bip39 itself.
//
// Linear in the message: every token is folded and looked up once per list it belongs to, typo checks only
// run where they could complete a 12-word run, and checksum checks are capped per message.
import { mnemonicToEntropy } from "@scure/bip39";
import { tokenize, isPhraseGap, type Token } from "./tokens.ts";
import { fold, nearWord, wordLookup, WORDLISTS, type WordlistName } from "./wordlists.ts";

export const PHRASE_LENGTHS = [12, 15, 18, 21, 24] as const;
const MIN_WORDS = 12;
/** Longest run whose checksum windows are searched (a 24-word phrase plus a few words around it). */
const CHECKSUM_SEARCH_MAX = 27;
/** Checksum checks per message: @scure/bip39 takes about a millisecond for one (it re-validates the list). */
const CHECKSUM_BUDGET = 40;
/** Words of the run a checksum window may leave out ("my phrase:" before it, "thanks" after it). */
const CHECKSUM_SLACK = 3;
const CJK = /* @__PURE__ */ new Set<WordlistName>([
  "japanese",
  "korean",
  "chinese-simplified",
  "chinese-traditional",
]);

export interface MnemonicMatch {
  kind: "mnemonic";
  language: WordlistName;
  /** Words in the run (the phrase plus any list words written right next to it). */
  wordCount: number;
  /** A 12–24-word window of the run has a valid BIP-39 checksum; null when the run was too long to check. */
  checksumValid: boolean | null;
  /** Words that were a letter off a list word, or abbreviated. */
  inexactWords: number;
  start: number;
  end: number;
}

interface Slot {
  token: Token;
  key: string;
  /** Lists holding the word exactly. */
  exact: number;
  /** Lists where it is the unique 4-letter abbreviation of a word. */
  abbreviation: number;
}

/** Splits tokens into chains: neighbours joined by a phrase-like gap. */
function chains(text: string, tokens: Token[]): Slot[][] {
  const lookup = wordLookup();
  const out: Slot[][] = [];
  let current: Slot[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const key = fold(token.text);
    const slot: Slot = {
      token,
      key,
      exact: lookup.exact.get(key) ?? 0,
      abbreviation: key.length === 4 ? (lookup.abbreviation.get(key) ?? 0) : 0,
    };
    if (i > 0 && !isPhraseGap(text.slice(tokens[i - 1]!.end, token.start))) {
      if (current.length >= MIN_WORDS - 1) out.push(current);
      current = [];
    }
    current.push(slot);
  }
  if (current.length >= MIN_WORDS - 1) out.push(current);
  return out;
}

interface Run {
  from: number;
  to: number; // exclusive
  words: string[]; // the list's own spelling
  inexact: number;
  typos: number;
}

/** Runs of one list's words inside a chain, bridging single mistyped words where that completes a phrase. */
function runsInChain(chain: Slot[], listIndex: number): Run[] {
  const bit = 1 << listIndex;
  const { canonical, expansion } = wordLookup();
  const own = canonical[listIndex]!;
  const member = chain.map((s) => (s.exact & bit ? 1 : s.abbreviation & bit ? 2 : 0));
  // Length of the run of members ending at i (left) and starting at i (right).
  const left = new Array<number>(chain.length).fill(0);
  const right = new Array<number>(chain.length).fill(0);
  for (let i = 0; i < chain.length; i++) left[i] = member[i] ? (i > 0 ? left[i - 1]! : 0) + 1 : 0;
  for (let i = chain.length - 1; i >= 0; i--)
    right[i] = member[i] ? (i + 1 < chain.length ? right[i + 1]! : 0) + 1 : 0;
  const alphabetic = !CJK.has(WORDLISTS[listIndex]!.name);
  const typo = new Map<number, string>();
  for (let i = 0; i < chain.length; i++) {
    if (member[i] || !alphabetic) continue;
    const around = (i > 0 ? left[i - 1]! : 0) + (i + 1 < chain.length ? right[i + 1]! : 0);
    const key = chain[i]!.key;
    if (around + 1 < MIN_WORDS || key.length < 4 || key.length > 12) continue;
    const near = nearWord(listIndex, key);
    if (near !== null) typo.set(i, own.get(near)!);
  }
  const runs: Run[] = [];
  let run: Run | null = null;
  const close = () => {
    if (run && run.to - run.from >= MIN_WORDS) {
      // At most one mistyped word per twelve; otherwise keep only the exact stretches.
      if (run.typos <= Math.floor((run.to - run.from) / MIN_WORDS)) runs.push(run);
      else runs.push(...exactStretches(run));
    }
    run = null;
  };
  const exactStretches = (r: Run): Run[] => {
    const parts: Run[] = [];
    let from = r.from;
    for (let i = r.from; i <= r.to; i++) {
      if (i === r.to || typo.has(i)) {
        if (i - from >= MIN_WORDS) {
          const words = r.words.slice(from - r.from, i - r.from);
          const inexact = chain.slice(from, i).filter((s) => !(s.exact & bit)).length;
          parts.push({ from, to: i, words, inexact, typos: 0 });
        }
        from = i + 1;
      }
    }
    return parts;
  };
  for (let i = 0; i < chain.length; i++) {
    const slot = chain[i]!;
    let word: string | null = null;
    let isTypo = false;
    if (member[i] === 1) word = own.get(slot.key)!;
    else if (member[i] === 2) word = expansion[listIndex]!.get(slot.key)!;
    else if (typo.has(i) && !(run && typo.has(i - 1))) {
      word = typo.get(i)!;
      isTypo = true;
    }
    if (word === null) {
      close();
      continue;
    }
    run ??= { from: i, to: i, words: [], inexact: 0, typos: 0 };
    run.to = i + 1;
    run.words.push(word);
    if (member[i] !== 1) run.inexact++;
    if (isTypo) run.typos++;
  }
  close();
  return runs;
}

/** Whether a 12–24-word window of `words` (all of it, or all but a few words at its ends) has a valid checksum. */
function checksumWindow(
  words: string[],
  list: readonly string[],
  budget: { left: number },
): { valid: boolean; checked: boolean } {
  if (words.length > CHECKSUM_SEARCH_MAX) return { valid: false, checked: false };
  for (const n of [...PHRASE_LENGTHS].reverse()) {
    if (n > words.length || n < words.length - CHECKSUM_SLACK) continue;
    for (let at = 0; at + n <= words.length; at++) {
      if (budget.left-- <= 0) return { valid: false, checked: false };
      try {
        mnemonicToEntropy(words.slice(at, at + n).join(" "), list as string[]);
        return { valid: true, checked: true };
      } catch {
        // wrong checksum: try the next window
      }
    }
  }
  return { valid: false, checked: true };
}

export function findMnemonics(text: string, tokens: Token[] = tokenize(text)): MnemonicMatch[] {
  const matches: MnemonicMatch[] = [];
  const budget = { left: CHECKSUM_BUDGET };
  for (const chain of chains(text, tokens)) {
    // Lists with at least one word in this chain; most chains touch one or two.
    let present = 0;
    for (const s of chain) present |= s.exact | s.abbreviation;
    for (let li = 0; li < WORDLISTS.length; li++) {
      if (!(present & (1 << li))) continue;
      for (const run of runsInChain(chain, li)) {
        if (inListOrder(run.words, li)) continue;
        const { valid, checked } = checksumWindow(run.words, WORDLISTS[li]!.words, budget);
        matches.push({
          kind: "mnemonic",
          language: WORDLISTS[li]!.name,
          wordCount: run.to - run.from,
          checksumValid: checked ? valid : null,
          inexactWords: run.inexact,
          start: chain[run.from]!.token.start,
          end: chain[run.to - 1]!.token.end,
        });
      }
    }
  }
  return dedupe(matches);
}

/**
 * Words in the word list's own order ("abandon ability able about…") are an excerpt of the list — in
 * documentation, code or a test — not a phrase: a random phrase is in that order once in 12! ≈ 479 million.
 */
function inListOrder(words: string[], listIndex: number): boolean {
  const position = wordLookup().position[listIndex]!;
  for (let i = 1; i < words.length; i++)
    if (position.get(words[i]!)! <= position.get(words[i - 1]!)!) return false;
  return true;
}

/** Where runs of two lists cover the same words (they share some words), keep the better-supported one. */
function dedupe(matches: MnemonicMatch[]): MnemonicMatch[] {
  const score = (m: MnemonicMatch) => (m.checksumValid ? 1_000_000 : 0) + m.wordCount * 100 - m.inexactWords;
  const sorted = [...matches].sort((a, b) => score(b) - score(a));
  const kept: MnemonicMatch[] = [];
  for (const m of sorted) if (!kept.some((k) => k.start < m.end && m.start < k.end)) kept.push(m);
  return kept.sort((a, b) => a.start - b.start);
}
