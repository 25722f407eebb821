// One conversation per wallet user. AltMe opens a new room (`<thumbprint>-updated-<ms>`) when its alias is taken,
// so a wallet can own several rooms with support over time; the inbox shows them as one conversation. These are
// the pure rules: which room takes replies (the newest one the wallet is still in), and what the conversation's
// row says (counts summed, the earliest wait, the newest message).
import type { InboxRow } from "./row.ts";

/** The room replies go to: the newest room (by creation) the wallet has not left; the newest room otherwise. */
export function primaryRoom(rows: readonly InboxRow[]): InboxRow {
  let best: InboxRow | undefined;
  for (const row of rows) {
    if (!best) best = row;
    else if (best.walletLeft !== row.walletLeft) best = row.walletLeft ? best : row;
    else if (newer(row, best)) best = row;
  }
  if (!best) throw new Error("a conversation has at least one room");
  return best;
}

/** Creation time for ordering: a room whose m.room.create hasn't been seen yet was just joined — the newest. */
const created = (row: InboxRow) => row.createdTs || Infinity;

function newer(a: InboxRow, b: InboxRow): boolean {
  if (created(a) !== created(b)) return created(a) > created(b);
  if (a.activityTs !== b.activityTs) return a.activityTs > b.activityTs;
  return a.roomId > b.roomId;
}

/** The rooms of a conversation, oldest first (the order the timeline shows them in). */
export function roomsOldestFirst(rows: readonly InboxRow[]): InboxRow[] {
  return [...rows].sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0));
}

/**
 * The conversation's row for the inbox view: the primary room's row (its roomId, label, the fields features put
 * in `ext`), with what the agent must see of every room — unread messages of all of them, the earliest wallet
 * still waiting, the latest message.
 */
export function conversationRow(rows: readonly InboxRow[]): InboxRow {
  if (rows.length === 1) return rows[0]!;
  const primary = primaryRoom(rows);
  const ordered = roomsOldestFirst(rows);
  let unread = 0;
  let unreadAtLeast = false;
  let waitingSince: number | null = null;
  let activityTs = 0;
  let walletTs = 0;
  let supportTs = 0;
  let sendsUnencrypted = false;
  let preview = primary.preview;
  for (const row of rows) {
    unread += row.unread;
    unreadAtLeast ||= row.unreadAtLeast;
    activityTs = Math.max(activityTs, row.activityTs);
    walletTs = Math.max(walletTs, row.walletTs);
    supportTs = Math.max(supportTs, row.supportTs);
    sendsUnencrypted ||= row.sendsUnencrypted;
    if (row.preview && row.preview.ts > (preview?.ts ?? -1)) preview = row.preview;
  }
  // Waiting: a wallet message no reply came after, in any room (a reply in the new room answers the old one).
  for (const row of rows) {
    if (row.waitingSince === null || row.walletTs <= supportTs) continue;
    const since = row.waitingSince > supportTs ? row.waitingSince : row.walletTs;
    waitingSince = Math.min(waitingSince ?? Infinity, since);
  }
  return {
    ...primary,
    unread,
    unreadAtLeast,
    waitingSince,
    activityTs,
    walletTs,
    supportTs,
    sendsUnencrypted,
    preview,
    walletLeft: rows.every((r) => r.walletLeft),
    rooms: ordered.map((r) => r.roomId),
  };
}
