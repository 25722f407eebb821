// How timeline events move an inbox row forward: the last message's preview, unread counts, "waiting since",
// the wallet's encryption flags. Loaded with the sync engine, not on the start path.
// A message holding a recovery phrase or a private key never becomes preview text: its preview is the
// "secret" kind with no text, so it reaches neither the row, the sealed snapshot, a notification nor search.
import { detectSecrets, textOfHtml } from "../guard/index.ts";
import { applyReadReceipt, RECENT, type InboxRow, type PreviewKind, type WireEvent } from "./row.ts";

const PREVIEW_CHARS = 160;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Strips a rich-reply fallback ("> <@user> quoted…" lines) so previews show what was actually written. */
function withoutReplyFallback(body: string): string {
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith("> ")) i++;
  if (i > 0 && lines[i] === "") i++;
  return lines.slice(i).join("\n");
}

/** Whether a message content holds a secret, in its plain body or in its HTML body. */
export function holdsSecret(content: unknown): boolean {
  const c = obj(content);
  const html = str(c.formatted_body);
  return (
    detectSecrets(str(c.body) ?? "") !== null || (html !== null && detectSecrets(textOfHtml(html)) !== null)
  );
}

/** Preview of a (cleartext) m.room.message content. Junk content never throws; it becomes "other". */
export function previewOf(content: unknown): { kind: PreviewKind; text: string } {
  const c = obj(content);
  const body = str(c.body) ?? "";
  if (holdsSecret(c)) return { kind: "secret", text: "" };
  switch (str(c.msgtype)) {
    case "m.text":
    case "m.notice":
    case "m.emote": {
      const text = withoutReplyFallback(body).replace(/\s+/g, " ").trim();
      return { kind: "text", text: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text };
    }
    case "m.image":
      return { kind: "image", text: body.slice(0, PREVIEW_CHARS) };
    case "m.file":
      return { kind: "file", text: body.slice(0, PREVIEW_CHARS) };
    case "m.audio":
    case "m.video":
      return { kind: "media", text: body.slice(0, PREVIEW_CHARS) };
    default:
      return { kind: "other", text: "" };
  }
}

export function isMessageLike(type: unknown): boolean {
  return type === "m.room.message" || type === "m.room.encrypted";
}

/**
 * Applies timeline events in order. `supportUserId` is the agent's account: its messages (from any device or
 * agent) answer the wallet and imply it was read.
 */
export function applyEvents(row: InboxRow, events: WireEvent[], supportUserId: string): InboxRow {
  let next = row;
  for (const event of events) next = applyEvent(next, event, supportUserId);
  return next;
}

function applyEvent(row: InboxRow, event: WireEvent, supportUserId: string): InboxRow {
  const id = str(event.event_id);
  const sender = str(event.sender);
  const ts = typeof event.origin_server_ts === "number" ? event.origin_server_ts : 0;
  if (!id || !sender) return row;
  if (row.recent.some((m) => m.id === id)) return row; // seen already (a sync retried, or a snapshot overlap)
  if (event.type === "m.room.member" && str(event.state_key) === row.walletUserId) {
    const membership = str(obj(event.content).membership);
    return { ...row, walletLeft: membership === "leave" || membership === "ban", lastEventId: id };
  }
  if (!isMessageLike(event.type)) return { ...row, lastEventId: id };
  const fromSupport = sender === supportUserId;
  const fromWallet = sender === row.walletUserId;
  const encrypted = event.type === "m.room.encrypted";
  const { kind, text } = encrypted ? { kind: "decrypting" as const, text: "" } : previewOf(event.content);
  const recent = [...row.recent, { id, ts, fromWallet }].slice(-RECENT);
  const next: InboxRow = {
    ...row,
    recent,
    lastEventId: id,
    activityTs: Math.max(row.activityTs, ts),
    preview: ts >= (row.preview?.ts ?? 0) ? { kind, text, fromSupport, ts, eventId: id } : row.preview,
  };
  if (fromSupport) {
    return {
      ...next,
      waitingSince: null,
      unread: 0,
      unreadAtLeast: false,
      readUpTo: id,
      supportTs: Math.max(row.supportTs, ts),
    };
  }
  if (fromWallet) {
    next.walletTs = Math.max(row.walletTs, ts);
    next.waitingSince = row.waitingSince ?? ts;
    next.unread = row.unread + 1;
    if (!encrypted) next.sendsUnencrypted = true;
  }
  return next;
}

/**
 * Rebuilds a row from a server window of the latest events (a fresh device or a restart without overlap).
 * `limited` says older events exist that the window doesn't show: counts then become lower bounds.
 */
export function rowFromWindow(
  base: InboxRow,
  events: WireEvent[],
  supportUserId: string,
  readUpTo: string | null,
  limited: boolean,
): InboxRow {
  const row = applyEvents(
    { ...base, recent: [], unread: 0, waitingSince: null, readUpTo: null },
    events,
    supportUserId,
  );
  if (readUpTo && row.recent.some((m) => m.id === readUpTo)) return applyReadReceipt(row, readUpTo);
  // Support may have read up to an event that isn't a message (a name change, a membership): count what
  // came after it in the window.
  const readAt = readUpTo ? events.findIndex((e) => e.event_id === readUpTo) : -1;
  if (readAt >= 0) {
    const after = applyEvents(
      { ...base, recent: [], unread: 0, waitingSince: null },
      events.slice(readAt + 1),
      supportUserId,
    );
    return { ...row, readUpTo: row.readUpTo ?? readUpTo, unread: after.unread, unreadAtLeast: false };
  }
  // Support's own messages in the window already reset the count; otherwise every wallet message seen is
  // unread, and if the window is cut short there may be more.
  const sawSupport = row.readUpTo !== null;
  return {
    ...row,
    readUpTo: row.readUpTo ?? readUpTo,
    unreadAtLeast: !sawSupport && limited && row.unread > 0,
  };
}

/** The decrypted (or failed) content of an encrypted preview event. */
export function withDecryptedPreview(row: InboxRow, eventId: string, content: unknown | null): InboxRow {
  if (row.preview?.eventId !== eventId) return row;
  const { kind, text } = content === null ? { kind: "undecryptable" as const, text: "" } : previewOf(content);
  return { ...row, preview: { ...row.preview, kind, text } };
}
