// One inbox row per wallet conversation: last message preview, unread count (client-side: Synapse's sliding
// sync does not count notifications), "waiting since" (the oldest wallet message support hasn't answered) and
// the wallet's encryption flags; read receipts and the inbox order. The rules that apply timeline events to a
// row live in events.ts, which only the sync engine loads: it carries the seed-phrase guard and its word
// lists, which a restart painting the saved inbox must not wait for.
import { walletHue, walletLabel } from "../labels.ts";
import type { RoomProblem } from "./room-check.ts";

export type PreviewKind =
  "text" | "image" | "file" | "media" | "undecryptable" | "decrypting" | "secret" | "other";

export interface Preview {
  kind: PreviewKind;
  /** Plain text (never HTML); for images and files, their file name; empty for "secret". */
  text: string;
  fromSupport: boolean;
  ts: number;
  eventId: string;
}

/**
 * Per-row fields that features own (shared status, claim, labels…). A feature adds its field by augmentation —
 *   declare module "../inbox/row.ts" { interface RowExtensions { status?: ConversationStatus } }
 * — and sets it with inbox.update(); rows stay immutable and the sealed snapshot keeps the fields across restarts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RowExtensions {}

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
  /** Time of the wallet's latest message, and of support's latest reply (0: none seen). Only ever move forward:
   *  the shared status (Open/Pending…) is derived from them, so an older window must not move them back. */
  walletTs: number;
  supportTs: number;
  /** When the room was created (its m.room.create event; 0 until known): a wallet's newest room takes replies. */
  createdTs: number;
  /**
   * Set on the inbox view's rows only, when the wallet has several rooms (AltMe's `<thumbprint>-updated-<ms>`):
   * every room of the conversation, oldest first. The row's own roomId is the one replies go to.
   */
  rooms?: string[];
  /**
   * What changed since the console joined and checked the room (room-check.ts): a third member, or a join rule
   * that lets anyone in. Absent in snapshots from before the check: read it as null.
   */
  roomWarning?: RoomProblem | null;
  /** Bookkeeping: the latest message events (for recounting on read receipts) and support's read position. */
  recent: RecentMessage[];
  readUpTo: string | null;
  lastEventId: string | null;
  /** Features' fields (see RowExtensions). */
  ext?: RowExtensions;
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

export const RECENT = 12;

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
    walletTs: 0,
    supportTs: 0,
    createdTs: 0,
    roomWarning: null,
    recent: [],
    readUpTo: null,
    lastEventId: null,
  };
}

/** Wallet messages after support's read position (a lower bound when that position fell out of `recent`). */
export function countUnreadAfter(
  recent: RecentMessage[],
  readUpTo: string | null,
): { count: number; atLeast: boolean } {
  const idx = readUpTo ? recent.findIndex((m) => m.id === readUpTo) : -1;
  const after = idx >= 0 ? recent.slice(idx + 1) : recent;
  return { count: after.filter((m) => m.fromWallet).length, atLeast: idx < 0 && recent.length >= RECENT };
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

/** Newest activity first; ties broken by room ID so the order is stable. */
export function compareRows(a: InboxRow, b: InboxRow): number {
  return b.activityTs - a.activityTs || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0);
}

/** A row saved by an older version (before walletTs, supportTs, createdTs): the missing fields filled in. */
export function normalizeRow(row: InboxRow): InboxRow {
  if (
    typeof row.walletTs === "number" &&
    typeof row.supportTs === "number" &&
    typeof row.createdTs === "number"
  )
    return row;
  const last = (fromWallet: boolean) =>
    row.recent.reduce((ts, m) => (m.fromWallet === fromWallet ? Math.max(ts, m.ts) : ts), 0);
  return {
    ...row,
    walletTs: typeof row.walletTs === "number" ? row.walletTs : last(true),
    supportTs:
      typeof row.supportTs === "number" ? row.supportTs : row.preview?.fromSupport ? row.preview.ts : 0,
    createdTs: typeof row.createdTs === "number" ? row.createdTs : 0,
  };
}
