// What the team writes into its staff room, and how it is read back. Every record is an end-to-end encrypted
// timeline event of the staff room (notes, activity lines, agent profiles): the homeserver stores ciphertext,
// other agents' devices get the keys like for any message, and a device that recovers with the recovery key
// reads them from the key backup. Content is untrusted until it passes these parsers: another device of the
// account (or a buggy older version) may write anything.

/** The staff room's m.room.create `type`, so any device recognises it among the account's rooms. */
export const STAFF_ROOM_TYPE = "org.walletsupport.staff";
/** Global account data listing the staff rooms (a fresh device finds them before its room list is complete). */
export const STAFF_ROOMS_DATA = "org.walletsupport.staff_rooms";

export const NOTE_EVENT = "org.walletsupport.note";
export const ACTIVITY_EVENT = "org.walletsupport.activity";
export const AGENT_EVENT = "org.walletsupport.agent";

export type RecordType = "note" | "activity" | "agent";

const TYPES: Record<string, RecordType> = {
  [NOTE_EVENT]: "note",
  [ACTIVITY_EVENT]: "activity",
  [AGENT_EVENT]: "agent",
};

/** One decrypted staff event, as the index keeps it (sealed at rest). */
export interface StaffRecord {
  /** Event ID. */
  id: string;
  type: RecordType;
  /** Server timestamp. */
  ts: number;
  /** The agent's device that wrote it. */
  agent: string;
  /** The wallet user the record is about (notes, activity); null for agent profiles. */
  conversation: string | null;
  content: Record<string, unknown>;
  /** The transaction ID it was sent with, when this device sent it (matches the outbox entry). */
  txnId: string | null;
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A decrypted staff-room event as a record, or null when it is not one of ours or is malformed. */
export function recordFromEvent(event: {
  event_id?: unknown;
  type?: unknown;
  origin_server_ts?: unknown;
  content?: unknown;
  unsigned?: unknown;
}): StaffRecord | null {
  const type = TYPES[str(event.type) ?? ""];
  const id = str(event.event_id);
  const ts = event.origin_server_ts;
  if (!type || !id || typeof ts !== "number") return null;
  const content = obj(event.content);
  const agent = str(content.agent);
  if (!agent) return null;
  const conversation = str(content.conversation);
  if (type !== "agent" && !conversation) return null;
  return {
    id,
    type,
    ts,
    agent,
    conversation: type === "agent" ? null : conversation,
    content,
    txnId: str(obj(event.unsigned).transaction_id),
  };
}

/** The Matrix event type of a record type (for sending). */
export function eventTypeOf(type: RecordType): string {
  return type === "note" ? NOTE_EVENT : type === "activity" ? ACTIVITY_EVENT : AGENT_EVENT;
}

/** Reads the staff-rooms account data defensively. */
export function staffRoomsFrom(content: unknown): string[] {
  const rooms = obj(content).rooms;
  if (!Array.isArray(rooms)) return [];
  return rooms.filter((r): r is string => typeof r === "string" && r.startsWith("!"));
}
