// Owns turning message text from wallets into HTML the console may insert into the page. Wallet content is
// hostile by assumption: an allowlist modelled on Element's (matrix-react-sdk HtmlUtils) over sanitize-html, minus
// everything that can run code, load anything or restyle the console — no images (a wallet's HTML must never make
// a network request), no style, no classes except `language-*` on code, links only to http(s) and mailto, opened
// outside the app. Also renders plain bodies (escaped, links found by links.ts, line breaks) and strips reply fallbacks.
import sanitizeHtml from "sanitize-html";
import { linkify, safeMailto } from "./links.ts";

export const ALLOWED_TAGS: readonly string[] = [
  "font",
  "del",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "p",
  "a",
  "ul",
  "ol",
  "sup",
  "sub",
  "li",
  "b",
  "i",
  "u",
  "strong",
  "em",
  "strike",
  "s",
  "code",
  "hr",
  "br",
  "div",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "caption",
  "pre",
  "span",
  "details",
  "summary",
];

/** Attributes each tag may keep; anything else (on*, style, src, id…) is dropped. */
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ["href", "rel", "target"],
  ol: ["start"],
  code: ["class"],
  span: ["data-mx-spoiler"],
};

export const LINK_REL = "noopener noreferrer nofollow";
const SCHEMES = ["http:", "https:", "mailto:"];

/**
 * The link's absolute URL when it is http(s) or mailto (with only subject/body), else null. Relative links would
 * navigate the app itself.
 */
export function safeLinkHref(href: string | undefined): string | null {
  if (!href) return null;
  try {
    // The WHATWG parser strips the whitespace and control characters that "java\tscript:" tricks rely on.
    const url = new URL(href);
    if (url.protocol === "mailto:") return safeMailto(url.href);
    return SCHEMES.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

type Attributes = Record<string, string>;

const options: sanitizeHtml.IOptions = {
  // mx-reply is allowed in only so that exclusiveFilter can remove it together with everything inside.
  allowedTags: [...ALLOWED_TAGS, "mx-reply"],
  allowedAttributes: Object.fromEntries(Object.entries(ALLOWED_ATTRIBUTES).map(([t, a]) => [t, [...a]])),
  // Syntax-highlighting hints only, in a tame alphabet.
  allowedClasses: { code: [/^language-[\w+#.-]{1,40}$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  disallowedTagsMode: "discard",
  // Text of these is code or metadata, not message: drop it rather than show it.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "template", "xmp", "plaintext"],
  exclusiveFilter: (frame) => frame.tag === "mx-reply",
  nestingLimit: 50,
  transformTags: {
    a: (_tag, attribs: Attributes): sanitizeHtml.Tag => {
      const href = safeLinkHref(attribs.href);
      return href
        ? { tagName: "a", attribs: { href, rel: LINK_REL, target: "_blank" } }
        : { tagName: "span", attribs: {} };
    },
    // An image in a wallet's HTML becomes a visible placeholder; its source is never fetched.
    img: (_tag, attribs: Attributes): sanitizeHtml.Tag => ({
      tagName: "span",
      attribs: {},
      text: attribs.alt?.trim() ? `[image: ${attribs.alt.trim().slice(0, 200)}]` : "[image]",
    }),
    ol: (_tag, attribs: Attributes): sanitizeHtml.Tag => ({
      tagName: "ol",
      attribs: /^\d{1,6}$/.test(attribs.start ?? "") ? { start: attribs.start! } : {},
    }),
    span: (_tag, attribs: Attributes): sanitizeHtml.Tag => ({
      tagName: "span",
      attribs:
        "data-mx-spoiler" in attribs ? { "data-mx-spoiler": attribs["data-mx-spoiler"]!.slice(0, 200) } : {},
    }),
  },
};

/** Safe HTML for a message's `formatted_body` (org.matrix.custom.html). */
export function sanitizeMessageHtml(html: string): string {
  return sanitizeHtml(html, options);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Safe HTML for a plain `body`: escaped, web links linked (opened outside the app), newlines as <br>. */
export function plainTextToSafeHtml(text: string): string {
  let out = "";
  for (const segment of linkify(text)) {
    const safe = escapeHtml(segment.text);
    const href = segment.kind === "link" ? safeLinkHref(segment.href) : null;
    out += href ? `<a href="${escapeHtml(href)}" rel="${LINK_REL}" target="_blank">${safe}</a>` : safe;
  }
  return out.replace(/\r\n?|\n/g, "<br>");
}

/**
 * A reply's `body` without the "> quoted" fallback older clients prepend (Matrix 1.13 dropped fallbacks, so
 * the console sends none). Only call it for events that are replies (they carry m.relates_to.m.in_reply_to).
 */
export function stripReplyFallback(body: string): string {
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith(">")) i++;
  if (i === 0) return body;
  if (lines[i] === "") i++;
  return lines.slice(i).join("\n");
}
