// Plain text with its web links picked out, for rendering as text nodes and <a> elements (never as HTML):
// what wallets do with a broadcast's body, and what the conversation does with a plain message.

export type TextSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// http(s) URLs and bare www. hosts; trailing punctuation that usually ends a sentence stays outside the link.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TRAILING = ".,;:!?'\")]}";

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimTrailing(match[0]);
    const start = match.index;
    if (start > last) segments.push({ kind: "text", text: text.slice(last, start) });
    const href = url.toLowerCase().startsWith("www.") ? `https://${url}` : url;
    if (isWebLink(href)) segments.push({ kind: "link", text: url, href });
    else segments.push({ kind: "text", text: url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ kind: "text", text: text.slice(last) });
  return segments;
}

/** Drops sentence punctuation after a URL, one character at a time; a ")" stays when the URL opened one. */
function trimTrailing(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.includes(url[end - 1]!)) {
    if (url[end - 1] === ")") {
      const part = url.slice(0, end);
      const opens = part.split("(").length - 1;
      const closes = part.split(")").length - 1;
      if (opens >= closes) break;
    }
    end--;
  }
  return url.slice(0, end);
}

export function isWebLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
  } catch {
    return false;
  }
}
