// The guard's incoming check: does this message hold a recovery phrase or a private key? One call per message
// body (plain text; HTML bodies go through textOfHtml first), linear in its length, and it never throws:
// wallet content is hostile. If the check itself fails on some input nobody foresaw, the message is treated
// as holding a secret — hiding a message by mistake costs the agent a click, showing a phrase costs the funds.
import { findPrivateKeys, type KeyFormat, type KeyMatch } from "./keys.ts";
import { findMnemonics, type MnemonicMatch } from "./mnemonic.ts";
import type { WordlistName } from "./wordlists.ts";

export type SecretKind = "mnemonic" | "private-key" | "unchecked";

export type SecretMatch = MnemonicMatch | KeyMatch;

export interface SecretDetection {
  /** The most serious kind found (a recovery phrase before a key). */
  kind: SecretKind;
  /** For a phrase: the word list it is written in. */
  language?: WordlistName;
  wordCount?: number;
  checksumValid?: boolean | null;
  /** For a key: how it is written. */
  format?: KeyFormat;
  /** Where the secrets are in the text, [start, end) in UTF-16 units, in order. */
  ranges: Array<[number, number]>;
  matches: SecretMatch[];
}

/** Messages are capped at 64 KiB where they are shown; checking beyond that would only cost time. */
export const MAX_CHECKED = 64 * 1024;

export function detectSecrets(text: unknown): SecretDetection | null {
  if (typeof text !== "string" || text.length === 0) return null;
  const checked = text.length > MAX_CHECKED ? text.slice(0, MAX_CHECKED) : text;
  try {
    const matches: SecretMatch[] = [...findMnemonics(checked), ...findPrivateKeys(checked)];
    if (matches.length === 0) return null;
    matches.sort((a, b) => a.start - b.start);
    const lead = matches.find((m) => m.kind === "mnemonic") ?? matches[0]!;
    return {
      kind: lead.kind,
      ...(lead.kind === "mnemonic"
        ? { language: lead.language, wordCount: lead.wordCount, checksumValid: lead.checksumValid }
        : { format: lead.format }),
      ranges: mergeRanges(matches.map((m) => [m.start, m.end] as [number, number])),
      matches,
    };
  } catch {
    return { kind: "unchecked", ranges: [[0, checked.length]], matches: [] };
  }
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * The text of an HTML body as the guard reads it: tags become line breaks (a phrase in a list or table is
 * still a phrase), and character references are decoded (so "&#97;bandon" is "abandon").
 */
export function textOfHtml(html: string): string {
  return html
    .slice(0, MAX_CHECKED * 2)
    .replace(/<[^>]*>/g, "\n")
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
      if (ref[0] !== "#") return ENTITIES[ref.toLowerCase()] ?? whole;
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}
