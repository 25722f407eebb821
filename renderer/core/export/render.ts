// Transcripts as files. HTML for people (auditors, colleagues): one self-contained, inert page — every character
// of wallet text escaped, styles inline and pinned by hash in a Content-Security-Policy meta that allows nothing
// else (no script, no network, no form, no base), images only as data: URLs of bytes the console sniffed itself.
// JSON for tools: event IDs, timestamps, sender role and name, decrypted text; hidden secrets stay hidden.
import type { TranscriptConversation, DateRange } from "./transcript.ts";

/** The words of a transcript, in the language chosen for it (the UI supplies them). */
export interface TranscriptWords {
  lang: "en" | "fr";
  title: string;
  conversation(label: string): string;
  exported(date: string, app: string): string;
  range(from: string, to: string): string;
  allTime: string;
  count(n: number): string;
  support: string;
  /** Someone besides the wallet and support (a third member), by user ID: never shown as the wallet. */
  other(sender: string): string;
  hiddenSecret: string;
  undecryptable: string;
  image: string;
  imageMissing: string;
  file: string;
  note: string;
  empty: string;
  contents: string;
  dateTime(ts: number): string;
  date(ts: number): string;
}

export interface TranscriptMeta {
  app: string;
  exportedAt: number;
  range: DateRange;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Only data: URLs of the four image types the console accepts, in base64: nothing else reaches an attribute. */
const SAFE_DATA_URL = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;

const STYLE = `
:root{color-scheme:light;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#fff}
body{max-width:820px;margin:0 auto;padding:24px}
header{border-bottom:2px solid #d9dee7;margin-bottom:16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;padding-top:12px;border-top:1px solid #d9dee7}
.meta{color:#5a6474;font-size:13px;margin:2px 0}
ol.messages{list-style:none;margin:0;padding:0}
li.entry{margin:8px 0;padding:8px 12px;border-radius:8px;background:#f3f5f9;border-left:4px solid #9aa6b8;break-inside:avoid}
li.support{background:#eaf2ff;border-left-color:#2f6fde}
li.note{background:#fff8e1;border-left-color:#c98a00}
li.hidden,li.undecryptable{background:#fff;border:1px dashed #9aa6b8;color:#5a6474;font-style:italic}
.who{font-weight:600}.when{color:#5a6474;font-size:12.5px;margin-left:8px}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin-top:2px}
img{display:block;max-width:100%;max-height:480px;margin-top:6px;border-radius:6px}
nav ul{padding-left:18px}
@media print{li.entry{border:1px solid #ccc}}
`;

async function styleHash(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLE));
  let binary = "";
  for (const b of new Uint8Array(digest)) binary += String.fromCharCode(b);
  return `sha256-${btoa(binary)}`;
}

function entryHtml(entry: TranscriptConversation["entries"][number], words: TranscriptWords): string {
  const who =
    entry.sender.role === "note"
      ? `${words.note} · ${entry.sender.name}`
      : entry.sender.role === "support"
        ? entry.sender.name || words.support
        : entry.sender.role === "other"
          ? words.other(entry.sender.name)
          : entry.sender.name;
  const classes = ["entry", entry.sender.role];
  let body: string;
  switch (entry.kind) {
    case "hidden-secret":
      classes.push("hidden");
      body = `<div class="text">${escapeHtml(words.hiddenSecret)}</div>`;
      break;
    case "undecryptable":
      classes.push("undecryptable");
      body = `<div class="text">${escapeHtml(words.undecryptable)}</div>`;
      break;
    case "image": {
      const name = `${escapeHtml(words.image)}: ${escapeHtml(entry.text ?? "")}`;
      const url = entry.image?.dataUrl;
      body =
        url && SAFE_DATA_URL.test(url)
          ? `<div class="text">${name}</div><img src="${url}" alt="${escapeHtml(entry.text ?? words.image)}">`
          : `<div class="text">${name}${entry.image === null ? ` (${escapeHtml(words.imageMissing)})` : ""}</div>`;
      break;
    }
    case "file":
      body = `<div class="text">${escapeHtml(words.file)}: ${escapeHtml(entry.text ?? "")}</div>`;
      break;
    default:
      body = `<div class="text">${escapeHtml(entry.text ?? "")}</div>`;
  }
  return (
    `<li class="${classes.join(" ")}" id="${escapeHtml(entry.eventId)}" data-event-id="${escapeHtml(entry.eventId)}">` +
    `<span class="who">${escapeHtml(who)}</span><time class="when" datetime="${new Date(entry.ts).toISOString()}">` +
    `${escapeHtml(words.dateTime(entry.ts))}</time>${body}</li>`
  );
}

/** The transcript as one inert HTML page, in parts (so a large export never builds one giant string twice). */
export async function renderHtml(
  conversations: readonly TranscriptConversation[],
  meta: TranscriptMeta,
  words: TranscriptWords,
): Promise<string[]> {
  const csp = `default-src 'none'; img-src data:; style-src '${await styleHash()}'; base-uri 'none'; form-action 'none'`;
  const range =
    meta.range.from === null && meta.range.to === null
      ? words.allTime
      : words.range(
          meta.range.from === null ? "…" : words.date(meta.range.from),
          meta.range.to === null ? "…" : words.date(meta.range.to),
        );
  const single = conversations.length === 1 ? conversations[0]! : null;
  const heading = single ? words.conversation(single.label) : words.title;
  const parts: string[] = [
    `<!DOCTYPE html><html lang="${words.lang}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${escapeHtml(heading)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeHtml(heading)}</h1>`,
    `<p class="meta">${escapeHtml(words.exported(words.dateTime(meta.exportedAt), meta.app))}</p>`,
    `<p class="meta">${escapeHtml(range)}</p></header>`,
  ];
  if (!single && conversations.length > 1) {
    parts.push(`<nav aria-label="${escapeHtml(words.contents)}"><ul>`);
    for (const c of conversations) {
      parts.push(
        `<li><a href="#c-${escapeHtml(c.roomId)}">${escapeHtml(c.label)}</a> · ${escapeHtml(words.count(c.entries.length))}</li>`,
      );
    }
    parts.push(`</ul></nav>`);
  }
  for (const c of conversations) {
    if (!single)
      parts.push(`<h2 id="c-${escapeHtml(c.roomId)}">${escapeHtml(words.conversation(c.label))}</h2>`);
    parts.push(`<p class="meta">${escapeHtml(words.count(c.entries.length))}</p>`);
    if (c.entries.length === 0) {
      parts.push(`<p class="meta">${escapeHtml(words.empty)}</p>`);
      continue;
    }
    parts.push(`<ol class="messages">`);
    for (const entry of c.entries) parts.push(entryHtml(entry, words));
    parts.push(`</ol>`);
  }
  parts.push(`</body></html>`);
  return parts;
}

/** The transcript as JSON (stable field names in English whatever the language of the words). */
export function renderJson(
  conversations: readonly TranscriptConversation[],
  meta: TranscriptMeta,
  language: "en" | "fr",
): string[] {
  const iso = (ts: number | null) => (ts === null ? null : new Date(ts).toISOString());
  const head = {
    format: "wallet-support-console.transcript",
    version: 1,
    app: meta.app,
    language,
    exportedAt: iso(meta.exportedAt),
    range: { from: iso(meta.range.from), to: iso(meta.range.to) },
  };
  const parts = [`${JSON.stringify(head).slice(0, -1)},"conversations":[`];
  conversations.forEach((c, i) => {
    const body = {
      roomId: c.roomId,
      label: c.label,
      messages: c.entries.map((e) => ({
        eventId: e.eventId,
        ts: e.ts,
        time: iso(e.ts),
        sender: e.sender,
        kind: e.kind,
        text: e.text,
        ...(e.image !== undefined ? { image: e.image } : {}),
        ...(e.source !== "timeline" ? { source: e.source } : {}),
      })),
    };
    parts.push(`${i > 0 ? "," : ""}${JSON.stringify(body)}`);
  });
  parts.push("]}");
  return parts;
}
