// Cuts a message into the words a recovery phrase could be made of, with their places in the original text,
// and says which gaps between two words a phrase may have. One pass, no backtracking: messages are hostile and
// up to 64 KiB.
//
// A word is a run of letters (any script, combining marks included); a Han character is a word on its own,
// because the Chinese lists are single characters. A phrase's words are separated by what people type or
// paste between them — spaces, line breaks, commas, numbering ("1.", "2)", "#3", "(4)"), bullets, quotes and
// brackets (a JSON array), dashes, slashes, pipes — and nothing else: a dot, a bracket call or an underscore
// between two words ends the chain, so identifiers in code ("able.about(above)") never join into a phrase,
// and neither do sentences across their full stop.

export interface Token {
  /** The word as written. */
  text: string;
  start: number;
  end: number;
}

const WORD = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{M}])+/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD))
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return tokens;
}

const MAX_GAP = 48;
const SEPARATORS = /* @__PURE__ */ new Set(/* @__PURE__ */ Array.from(",;•·*-–—|/\\\"'`«»“”‘’„[]"));
const SPACE = /\s/;
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * Whether the text between two words is something a written-out phrase has between its words: separators,
 * and list numbers with their punctuation ("12.", "3)", "(4)", "#5", "07-"). A plain loop, not a regular
 * expression, so a hostile gap of digits cannot make it backtrack.
 */
export function isPhraseGap(gap: string): boolean {
  if (gap === " " || gap === "\n" || gap === ", ") return true; // nearly every gap, decided at once
  if (gap.length === 0 || gap.length > MAX_GAP) return false;
  let digits = 0;
  for (let i = 0; i < gap.length; i++) {
    const c = gap[i]!;
    if (isDigit(c)) {
      if (++digits > 2) return false; // a list number, not an amount or a date
      continue;
    }
    const afterDigit = digits > 0;
    digits = 0;
    if (SEPARATORS.has(c) || SPACE.test(c)) continue;
    if ((c === "." || c === ")" || c === ":") && afterDigit) continue;
    if ((c === "(" || c === "#") && isDigit(gap[i + 1])) continue;
    if (c === "(" && gap[i + 1] === "#") continue;
    return false;
  }
  return true;
}
