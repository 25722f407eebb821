// What the search index holds for one message, and the one rule for what may enter it: the text of a message
// (or the file name of an image or file), never a message the guard says holds a recovery phrase or a key —
// such a message is counted as a hidden secret and nothing of it is kept. Also the accent and case folding the
// index applies to every term, so "reinitialiser" finds "réinitialiser" and "coeur" finds "cœur".
import { holdsSecret } from "../inbox/events.ts";
import type { HistoryEvent } from "../history/reader.ts";

/** "other": someone besides the wallet and support who wrote in the conversation (a third member). */
export type SearchSender = "wallet" | "support" | "other" | "note";
export type SearchKind = "text" | "image" | "file" | "note";

/** One indexed thing: a message, an image or file (its name), or — through the hook — a team note. */
export interface SearchDoc {
  /** Unique across the index: the event ID for messages; a feature's own ID for notes ("note:…"). */
  id: string;
  roomId: string;
  ts: number;
  from: SearchSender;
  kind: SearchKind;
  /** Plain text, as shown (untrusted: render as text). */
  text: string;
}

/**
 * What the index decided about a message: a document; a hidden secret (only its event ID is kept, as a marker,
 * so it is counted once and never read again); or nothing to index.
 */
export type Indexable = { doc: SearchDoc } | { secret: { id: string; roomId: string } } | null;

const MAX_TEXT = 4000;
const LIGATURES: Record<string, string> = { œ: "oe", Œ: "oe", æ: "ae", Æ: "ae", ß: "ss" };

/** Lower case without diacritics (NFD, combining marks dropped) and with French ligatures spelled out. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[œŒæÆß]/g, (c) => LIGATURES[c]!)
    .toLowerCase();
}

/** Strips a rich-reply fallback ("> <@user> quoted…" lines): the quoted text belongs to the quoted message. */
function withoutReplyFallback(body: string): string {
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith("> ")) i++;
  if (i > 0 && lines[i] === "") i++;
  return lines.slice(i).join("\n");
}

/** The index's view of a message content (cleartext m.room.message), whoever sent it. */
export function indexableContent(
  content: Record<string, unknown>,
  base: Pick<SearchDoc, "id" | "roomId" | "ts" | "from">,
): Indexable {
  const body = typeof content.body === "string" ? content.body : "";
  if (holdsSecret(content)) return { secret: { id: base.id, roomId: base.roomId } };
  let kind: SearchKind;
  let text: string;
  switch (content.msgtype) {
    case "m.text":
    case "m.notice":
    case "m.emote":
      kind = "text";
      text = withoutReplyFallback(body).trim();
      break;
    case "m.image":
      kind = "image";
      text = body.trim();
      break;
    case "m.file":
    case "m.audio":
    case "m.video":
      kind = "file";
      text = body.trim();
      break;
    default:
      return null;
  }
  if (!text) return null;
  return { doc: { ...base, kind, text: text.slice(0, MAX_TEXT) } };
}

/** A message read from history (or the live sync), once decrypted. */
export function indexableEvent(
  event: HistoryEvent,
  supportUserId: string,
  walletUserId: string | null = null,
): Indexable {
  if (event.undecryptable || event.type !== "m.room.message") return null;
  return indexableContent(event.content, {
    id: event.eventId,
    roomId: event.roomId,
    ts: event.ts,
    from:
      event.sender === supportUserId
        ? "support"
        : walletUserId !== null && event.sender !== walletUserId
          ? "other"
          : "wallet",
  });
}
