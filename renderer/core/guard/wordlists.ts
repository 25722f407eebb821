// The BIP-39 word lists the guard knows, exactly as @scure/bip39 ships them (every official list), and the
// lookups built over them once, on first use: word → index per list, the one-letter-off neighbours used to
// recognise a mistyped word, and the 4-letter abbreviations wallets and metal backups use.
// Words are compared by a folded key (NFKD, combining marks removed, lower case): a French phrase typed
// without accents ("eleve" for "élève") or in capitals still matches, and the folding merges no two words of
// any shipped list (test/unit/core/guard-wordlists.test.ts checks it).
import { wordlist as czech } from "@scure/bip39/wordlists/czech.js";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as french } from "@scure/bip39/wordlists/french.js";
import { wordlist as italian } from "@scure/bip39/wordlists/italian.js";
import { wordlist as japanese } from "@scure/bip39/wordlists/japanese.js";
import { wordlist as korean } from "@scure/bip39/wordlists/korean.js";
import { wordlist as portuguese } from "@scure/bip39/wordlists/portuguese.js";
import { wordlist as simplifiedChinese } from "@scure/bip39/wordlists/simplified-chinese.js";
import { wordlist as spanish } from "@scure/bip39/wordlists/spanish.js";
import { wordlist as traditionalChinese } from "@scure/bip39/wordlists/traditional-chinese.js";

export type WordlistName =
  | "english"
  | "french"
  | "spanish"
  | "italian"
  | "portuguese"
  | "czech"
  | "japanese"
  | "korean"
  | "chinese-simplified"
  | "chinese-traditional";

export const WORDLISTS: ReadonlyArray<{ name: WordlistName; words: readonly string[] }> = [
  { name: "english", words: english },
  { name: "french", words: french },
  { name: "spanish", words: spanish },
  { name: "italian", words: italian },
  { name: "portuguese", words: portuguese },
  { name: "czech", words: czech },
  { name: "japanese", words: japanese },
  { name: "korean", words: korean },
  { name: "chinese-simplified", words: simplifiedChinese },
  { name: "chinese-traditional", words: traditionalChinese },
];

/** The comparison key of a word: NFKD, without combining marks, lower case. */
export function fold(word: string): string {
  // Most words are plain ASCII: skip normalisation for them (the guard folds every word of every message).
  if (/^[\p{ASCII}]*$/u.test(word)) return word.toLowerCase();
  return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

export interface Lookup {
  /** Folded word → bit mask of the lists holding it (bit i = WORDLISTS[i]). */
  exact: Map<string, number>;
  /** Folded 4-letter prefix → lists where exactly one word starts with it (abbreviated phrases). */
  abbreviation: Map<string, number>;
  /** Per list: folded word → the list's own spelling (the form its checksum is computed over). */
  canonical: Array<Map<string, string>>;
  /** Per list: unique folded 4-letter prefix → the list's word it abbreviates. */
  expansion: Array<Map<string, string>>;
  /** Per list: the list's word → its index (the 11 bits it stands for). */
  position: Array<Map<string, number>>;
}

let lookup: Lookup | null = null;

/** Built on first use (about 20,000 words), so importing the guard costs nothing until a message is checked. */
export function wordLookup(): Lookup {
  if (lookup) return lookup;
  const exact = new Map<string, number>();
  const prefixCount = new Map<string, number>();
  const canonical: Array<Map<string, string>> = [];
  const expansion: Array<Map<string, string>> = [];
  const position: Array<Map<string, number>> = [];
  WORDLISTS.forEach(({ words }, i) => {
    position.push(new Map(words.map((w, at) => [w, at])));
    const bit = 1 << i;
    const own = new Map<string, string>();
    const prefixes = new Map<string, number>();
    const firstWithPrefix = new Map<string, string>();
    for (const word of words) {
      const key = fold(word);
      own.set(key, word);
      exact.set(key, (exact.get(key) ?? 0) | bit);
      // Abbreviations only make sense for alphabetic lists whose words are longer than four letters.
      if (key.length > 4 && /^[a-z]+$/.test(key)) {
        const p = key.slice(0, 4);
        prefixes.set(p, (prefixes.get(p) ?? 0) + 1);
        firstWithPrefix.set(p, word);
      }
    }
    canonical.push(own);
    const expand = new Map<string, string>();
    for (const [p, n] of prefixes) {
      // A prefix that is itself a word of the list is that word, not an abbreviation.
      if (n !== 1 || own.has(p)) continue;
      prefixCount.set(p, (prefixCount.get(p) ?? 0) | bit);
      expand.set(p, firstWithPrefix.get(p)!);
    }
    expansion.push(expand);
  });
  lookup = { exact, abbreviation: prefixCount, canonical, expansion, position };
  return lookup;
}

const deletions = /* @__PURE__ */ new Map<number, Map<string, string>>();

/** Every way to delete one letter from `key`. */
function deletesOf(key: string): string[] {
  const chars = [...key];
  return chars.map((_, i) => [...chars.slice(0, i), ...chars.slice(i + 1)].join(""));
}

/**
 * The list word one edit away from `token` (a letter inserted, deleted, replaced, or two letters swapped),
 * or null. Uses a symmetric-deletion index built per list on first need, so each check is a few map reads.
 */
export function nearWord(listIndex: number, token: string): string | null {
  let index = deletions.get(listIndex);
  if (!index) {
    index = new Map();
    for (const word of WORDLISTS[listIndex]!.words) {
      const key = fold(word);
      for (const d of deletesOf(key)) if (!index.has(d)) index.set(d, key);
      index.set(key, key);
    }
    deletions.set(listIndex, index);
  }
  const own = wordLookup().canonical[listIndex]!;
  const direct = index.get(token); // token is a word minus one letter, or a word
  if (direct && own.has(direct)) return direct;
  for (const d of deletesOf(token)) {
    if (own.has(d)) return d; // token has one extra letter
    const viaDeletion = index.get(d); // one letter replaced, or two swapped
    if (viaDeletion) return viaDeletion;
  }
  return null;
}
