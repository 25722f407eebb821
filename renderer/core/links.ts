// Web links in wallet text, found in one linear pass: the conversation's plain messages, broadcasts and the
// sanitizer's plain bodies all use it. Wallet text is hostile and up to 64 KiB, so every character is looked at a
// bounded number of times (a regex with a per-match re-split was quadratic: 47,000 ")" froze the renderer for
// seconds), and a "URL" longer than MAX_URL_LENGTH stays text. Linkifiers on the registry were measured on the
// same payloads first (see test/fixtures/complexity.ts): linkifyjs 4.4 spent 0.4–1.4 s on several 64 KiB
// payloads and linkify-it 6.1 grew faster than linearly on repeated schemes, so this small scanner it is.
// Also decides what a click on a link may do: a link whose text names another host than it goes to
// (<a href="https://evil">https://bank</a>) is confirmed showing the real host; mailto keeps only subject/body.

export type TextSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

/** Longer runs are not links: real ones are far shorter, and the cap bounds every per-link step. */
export const MAX_URL_LENGTH = 2048;
/**
 * Links per message: 3,500 of them in one 60 KB message rendered 3.6× slower than plain text of that size (the
 * complexity benchmark); no real message needs more than a few. Later URLs stay text.
 */
export const MAX_LINKS = 200;

// Sentence punctuation that usually ends a sentence rather than the URL.
const TRAILING = new Set([".", ",", ";", ":", "!", "?", "'", '"', ")", "]", "}"]);

// Both patterns are linear: a fixed prefix after a one-character look-behind (what \b means before "h" or "w"),
// and one greedy character class with nothing after it, so the regex engine never backtracks.
const START = /(?<![A-Za-z0-9_])(?:https?:\/\/|www\.)/gi;
/**
 * The rest of a URL: anything but what ends one — spaces of every kind (\s), controls (Cc), markup delimiters,
 * and invisible formatting (Cf: zero-width characters, bidi embeddings, overrides and isolates), which a URL never
 * contains and which could make the shown text differ from where the link goes.
 */
const REST = /[^\s<>"`\p{Cc}\p{Cf}]*/uy;

/** End of the URL in text[start, end) once sentence punctuation is dropped; a ")" stays when it closes one. */
function trimmedEnd(text: string, start: number, end: number): number {
  let opens = 0;
  let closes = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x28) opens++;
    else if (c === 0x29) closes++;
  }
  while (end > start && TRAILING.has(text[end - 1]!)) {
    if (text.charCodeAt(end - 1) === 0x29) {
      if (opens >= closes) break;
      closes--;
    }
    end--;
  }
  return end;
}

/** Plain text with its web links (http, https, www.) picked out, for rendering as text nodes and <a> elements. */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let plainFrom = 0;
  const start = new RegExp(START);
  const rest = new RegExp(REST);
  let count = 0;
  for (let match = start.exec(text); match && count < MAX_LINKS; match = start.exec(text)) {
    const from = match.index;
    const prefix = match[0].length;
    rest.lastIndex = from + prefix;
    rest.exec(text);
    const runEnd = rest.lastIndex;
    // Whatever happens to this run, the search goes on after it: no character is scanned twice.
    start.lastIndex = runEnd;
    if (runEnd - from > MAX_URL_LENGTH) continue; // far too long to be a link: all of it stays text
    const end = trimmedEnd(text, from + prefix, runEnd);
    if (end === from + prefix) continue;
    const url = text.slice(from, end);
    const href = prefix === 4 ? `https://${url}` : url;
    if (!isWebLink(href)) continue;
    if (from > plainFrom) segments.push({ kind: "text", text: text.slice(plainFrom, from) });
    segments.push({ kind: "link", text: url, href });
    count++;
    plainFrom = end;
  }
  if (plainFrom < text.length) segments.push({ kind: "text", text: text.slice(plainFrom) });
  return segments;
}

/** An http(s) URL without credentials in it (`https://bank@evil/` reads as "bank" to people). */
export function isWebLink(href: string): boolean {
  if (href.length > MAX_URL_LENGTH + 8) return false;
  try {
    const url = new URL(href);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** What a click on a link in wallet content may do. */
export type LinkDecision =
  | { kind: "open"; href: string }
  /** The link's text names another place than it goes to: ask first, showing the real host. */
  | { kind: "confirm"; href: string; host: string; shown: string }
  | { kind: "refuse" };

/** mailto: parameters a link may carry; attach=, cc=, bcc= and the rest are dropped (attach= can name a file). */
const MAILTO_PARAMS = new Set(["subject", "body"]);

/** A mailto: URL with its address and only subject/body, or null when it has no address. */
export function safeMailto(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== "mailto:" || !/^[^@/?#]+@[^@/?#]+$/.test(url.pathname)) return null;
  const kept = new URLSearchParams();
  for (const [key, value] of url.searchParams)
    if (MAILTO_PARAMS.has(key.toLowerCase())) kept.append(key, value);
  const query = kept.toString().replace(/\+/g, "%20");
  return `mailto:${url.pathname}${query ? `?${query}` : ""}`;
}

// Text that reads as a web address: an optional scheme, then a host with at least one dot, then anything.
const LOOKS_LIKE_URL = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^\s/?#:@]+\.[^\s/?#:@]+)(?::\d+)?(?:[/?#]\S*)?$/iu;

/** The host a link's text names, normalised like a URL's (IDN to punycode), or null when it names none. */
export function hostNamedBy(text: string): string | null {
  const m = LOOKS_LIKE_URL.exec(text.trim());
  if (!m) return null;
  try {
    return new URL(`https://${m[1]!}`).hostname;
  } catch {
    return null;
  }
}

const bare = (host: string) => host.replace(/^www\./, "").replace(/\.$/, "");

/** Decides a click on a link whose visible text is `text` and whose target is `href`. */
export function decideLink(text: string, href: string): LinkDecision {
  if (href.toLowerCase().startsWith("mailto:")) {
    const mailto = safeMailto(href);
    return mailto ? { kind: "open", href: mailto } : { kind: "refuse" };
  }
  if (!isWebLink(href)) return { kind: "refuse" };
  const host = new URL(href).hostname;
  const named = hostNamedBy(text);
  if (named !== null && bare(named) !== bare(host))
    return { kind: "confirm", href, host, shown: text.trim() };
  return { kind: "open", href };
}
