// Finding wallet content worth a card: in a message's text (credential offers, presentation requests, DIDs and
// web links, a few per message) and in a QR code's decoded text (one card for the whole content, whatever it
// is). Nothing here throws, whatever the input: each candidate is capped and parsed on its own, and a parser
// that fails on hostile input loses that card, not the message.
import { detectSecrets } from "../guard/index.ts";
import { DID_PATTERN, parseDid } from "./did.ts";
import { parseLink } from "./link.ts";
import { isCredentialOffer, parseCredentialOffer } from "./offer.ts";
import { isPresentationRequest, parsePresentationRequest } from "./request.ts";
import { displayText, looksBinary, MAX_CANDIDATE } from "./text.ts";
import type { Diagnostic } from "./types.ts";

/** Most cards under one message; the rest of a message full of links stays plain text. */
export const MAX_CARDS = 5;
/** How much of a message is searched (the conversation already caps a body at 64 KB). */
const MAX_SEARCHED = 64 * 1024;
/** How much of a QR code's text a "text" card shows. */
const MAX_SHOWN_TEXT = 600;

const URI_PATTERN = /\b[a-z][a-z0-9+.-]{1,40}:\/\/[^\s<>"'`]+/gi;
const TRAILING = ".,;:!?'\")]}";

/** One recognised URI or DID, or null when it is nothing the console explains. */
function diagnose(candidate: string): Diagnostic | null {
  const capped = candidate.length > MAX_CANDIDATE;
  const text = capped ? candidate.slice(0, MAX_CANDIDATE) : candidate;
  let result: Diagnostic | null;
  try {
    if (/^did:/i.test(text)) result = parseDid(text);
    else if (isCredentialOffer(text)) result = parseCredentialOffer(text);
    else if (isPresentationRequest(text)) result = parsePresentationRequest(text);
    else if (/^https?:\/\//i.test(text)) result = parseLink(text);
    else result = null;
  } catch {
    // A parser bug on hostile input must not take the message down with it.
    result = null;
  }
  if (result && capped) {
    result.findings.unshift({
      code: "text.truncated",
      severity: "warning",
      params: { length: candidate.length },
    });
  }
  return result;
}

interface Span {
  start: number;
  end: number;
  text: string;
}

function trimTrailing(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function candidates(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(URI_PATTERN)) {
    const uri = trimTrailing(m[0]);
    spans.push({ start: m.index, end: m.index + uri.length, text: uri });
  }
  for (const m of text.matchAll(DID_PATTERN)) {
    const did = trimTrailing(m[0]);
    // A DID inside a link (a client_id, a did:web path) belongs to that link's card.
    if (spans.some((s) => m.index >= s.start && m.index < s.end)) continue;
    spans.push({ start: m.index, end: m.index + did.length, text: did });
  }
  return spans.sort((a, b) => a.start - b.start);
}

const memo = new Map<string, readonly Diagnostic[]>();
const MEMO_SIZE = 500;
const NOTHING: readonly Diagnostic[] = Object.freeze([]);

/** The cards for a wallet's message text, in the order they appear; cached by text (timelines rebuild often). */
export function findDiagnostics(text: string): readonly Diagnostic[] {
  if (!/:\/\/|did:/i.test(text)) return NOTHING;
  const cached = memo.get(text);
  if (cached) return cached;
  const found: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const span of candidates(text.slice(0, MAX_SEARCHED))) {
    if (found.length >= MAX_CARDS) break;
    if (seen.has(span.text)) continue;
    seen.add(span.text);
    const diagnostic = diagnose(span.text);
    if (diagnostic) found.push(diagnostic);
  }
  const result = found.length > 0 ? Object.freeze(found) : NOTHING;
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(text, result);
  return result;
}

/** The card for a QR code's whole decoded text: what it is, or the text itself when it is nothing known. */
export function diagnoseContent(content: string): Diagnostic {
  const trimmed = content.trim();
  const known =
    /^[a-z][a-z0-9+.-]*:\/\/|^did:/i.test(trimmed) && !/\s/.test(trimmed) ? diagnose(trimmed) : null;
  if (known) return known;
  // A QR code of a recovery phrase or a private key (some wallets export them so): the guard's rule applies.
  if (detectSecrets(content)) {
    return {
      kind: "text",
      source: "",
      rows: [{ label: "content", value: { code: "content.secret" } }],
      findings: [],
      advice: [{ code: "text.does.nothing" }],
    };
  }
  const findings: Diagnostic["findings"] = [];
  if (looksBinary(content)) findings.push({ code: "text.binary", severity: "note" });
  if (content.length > MAX_SHOWN_TEXT) {
    findings.push({ code: "text.truncated", severity: "note", params: { length: content.length } });
  }
  return {
    kind: "text",
    source: displayText(content, MAX_CANDIDATE),
    rows: [{ label: "content", value: { text: displayText(content, MAX_SHOWN_TEXT) }, mono: true }],
    findings,
    advice: [{ code: "text.does.nothing" }],
  };
}
