// One inbox row per wallet conversation, and the pure rules that move it forward as events arrive: last
// message preview, unread count (client-side: Synapse's sliding sync does not count notifications), "waiting
// since" (the oldest wallet message support hasn't answered) and the wallet's encryption flags.
import { walletHue, walletLabel } from "../labels.ts";

export type PreviewKind = "text" | "image" | "file" | "media" | "undecryptable" | "decrypting" | "other";

export interface Preview {
  kind: PreviewKind;
  /** Plain text (never HTML); for images and files, their file name. */
  text: string;
  fromSupport: boolean;
  ts: number;
  eventId: string;
}

export interface InboxRow {
  roomId: string;
  walletUserId: string;
  label: string;
  hue: number;
  preview: Preview | null;
  /** Time of the latest message either way; the inbox sorts by it. */
  activityTs: number;
  unread: number;
  /** True when `unread` is a lower bound (more unread messages than the console has seen). */
  unreadAtLeast: boolean;
  waitingSince: number | null;
  /** The wallet sent plaintext into its encrypted room (today's AltMe builds do). */
  sendsUnencrypted: boolean;
  /** The wallet has no device that can decrypt; null until checked. */
  cannotReadEncrypted: boolean | null;
  /** An agent confirmed unencrypted replies to this wallet (the team's record, core/wallet/record.ts). */
  unencryptedRepliesConfirmed?: boolean;
  walletLeft: boolean;
  /** Bookkeeping: the latest message events (for recounting on read receipts) and support's read position. */
  recent: RecentMessage[];
  readUpTo: string | null;
  lastEventId: string | null;
}

export interface RecentMessage {
  id: string;
  ts: number;
  fromWallet: boolean;
}

/** A timeline event as it comes off the wire (sliding sync or /messages), read defensively. */
export interface WireEvent {
  event_id?: unknown;
  sender?: unknown;
  type?: unknown;
  origin_server_ts?: unknown;
  content?: unknown;
  state_key?: unknown;
  unsigned?: unknown;
}

const RECENT = 12;
const PREVIEW_CHARS = 160;

export function newRow(roomId: string, walletUserId: string): InboxRow {
  return {
    roomId,
    walletUserId,
    label: walletLabel(walletUserId),
    hue: walletHue(walletUserId),
    preview: null,
    activityTs: 0,
    unread: 0,
    unreadAtLeast: false,
    waitingSince: null,
    sendsUnencrypted: false,
    cannotReadEncrypted: null,
    walletLeft: false,
    recent: [],
    readUpTo: null,
    lastEventId: null,
  };
}

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

/** Preview of a (cleartext) m.room.message content. Junk content never throws; it becomes "other". */
export function previewOf(content: unknown): { kind: PreviewKind; text: string } {
  const c = obj(content);
  const body = str(c.body) ?? "";
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

function countUnreadAfter(
  recent: RecentMessage[],
  readUpTo: string | null,
): { count: number; atLeast: boolean } {
  const idx = readUpTo ? recent.findIndex((m) => m.id === readUpTo) : -1;
  const after = idx >= 0 ? recent.slice(idx + 1) : recent;
  return { count: after.filter((m) => m.fromWallet).length, atLeast: idx < 0 && recent.length >= RECENT };
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
    return { ...next, waitingSince: null, unread: 0, unreadAtLeast: false, readUpTo: id };
  }
  if (fromWallet) {
    next.waitingSince = row.waitingSince ?? ts;
    next.unread = row.unread + 1;
    if (!encrypted) next.sendsUnencrypted = true;
  }
  return next;
}

/** Support read the conversation up to `eventId` (this device, or another agent's receipt). */
export function applyReadReceipt(row: InboxRow, eventId: string, receiptTs?: number): InboxRow {
  if (row.readUpTo === eventId) return row;
  const known = row.recent.some((m) => m.id === eventId);
  if (!known) {
    // A receipt for an event we never saw: trust it only if it is newer than everything unread.
    const lastWallet = [...row.recent].reverse().find((m) => m.fromWallet);
    if (receiptTs === undefined || (lastWallet && lastWallet.ts > receiptTs)) return row;
    return { ...row, readUpTo: eventId, unread: 0, unreadAtLeast: false };
  }
  const { count, atLeast } = countUnreadAfter(row.recent, eventId);
  return { ...row, readUpTo: eventId, unread: count, unreadAtLeast: atLeast };
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

/** Newest activity first; ties broken by room ID so the order is stable. */
export function compareRows(a: InboxRow, b: InboxRow): number {
  return b.activityTs - a.activityTs || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0);
}
