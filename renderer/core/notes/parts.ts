// Long notes, split so each part fits in one Matrix event. An event may not exceed 64 KiB on the wire, and an
// encrypted event's ciphertext is its JSON, base64'd (a third larger), so a part carries at most ~24 KB of
// JSON-escaped text; a 64 KB note goes out as three parts of one note and is read back whole. Splitting never
// cuts a character (surrogate pairs stay together).

/** The longest note an agent can write, in characters (a clear error past it; the draft stays). */
export const MAX_NOTE_CHARS = 100_000;
/** Bytes of JSON-escaped text per part. */
export const PART_BUDGET = 24_000;

const encoder = new TextEncoder();

/** What one character costs inside a JSON string, in UTF-8 bytes. */
function jsonCost(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (ch === '"' || ch === "\\") return 2;
  if (code < 0x20) return ch === "\n" || ch === "\t" || ch === "\r" ? 2 : 6;
  if (code < 0x80) return 1;
  return encoder.encode(ch).length;
}

export function splitNote(text: string, budget = PART_BUDGET): string[] {
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of text) {
    const cost = jsonCost(ch);
    if (size + cost > budget && current) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += cost;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}
