// Where a search matched inside a message, for display: the matched words located in the original spelling
// (folding can change lengths, "œ" → "oe") and an excerpt of a long message cut around the first match.
import { fold } from "./documents.ts";

/**
 * Where the matched (folded) terms start words in the original text. Folding can change lengths ("œ" → "oe"),
 * so the folded text keeps, for each of its characters, the position of the character it came from.
 */
export function locate(text: string, terms: readonly string[]): Array<[number, number]> {
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    // ASCII folds to its lower case: only the rest pays for Unicode normalization (hits are drawn per keystroke).
    const ch = code < 128 ? text[i]! : String.fromCodePoint(text.codePointAt(i)!);
    const f = code < 128 ? ch.toLowerCase() : fold(ch);
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
