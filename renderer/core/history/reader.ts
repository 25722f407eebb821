// Reading a conversation's history without materialising a matrix-js-sdk Room: `/messages` pages read backwards
// from the newest event (or from a saved pagination token), each encrypted event decrypted locally through rust
// crypto on a MatrixEvent built from the wire event — the way the ingest decrypts previews. The search backfill
// and the transcript export both read history this way, so 10,000 conversations never become 10,000 Rooms.
import { MatrixEvent, MatrixEventEvent, Method, type MatrixClient } from "matrix-js-sdk";
import { isMalformedEncrypted } from "../conversation/items.ts";
import type { WireEvent } from "../inbox/row.ts";

/** One message event, decrypted when it could be. Content is untrusted wallet input. */
export interface HistoryEvent {
  eventId: string;
  roomId: string;
  sender: string;
  ts: number;
  /** The cleartext type ("m.room.message"), or "m.room.encrypted" when it could not be decrypted. */
  type: string;
  content: Record<string, unknown>;
  /** It arrived end-to-end encrypted. */
  encrypted: boolean;
  /** Encrypted and not (yet) decryptable on this device. */
  undecryptable: boolean;
}

export interface HistoryPage {
  /** Message events of the page, oldest first. */
  events: HistoryEvent[];
  /** Where the next (older) page starts; null when the conversation's beginning was reached. */
  next: string | null;
  /** The oldest timestamp the page reached (also from non-message events), or null for an empty page. */
  oldestTs: number | null;
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The part of MatrixClient the reader needs. */
export type HistoryClient = Pick<MatrixClient, "http" | "decryptEventIfNeeded">;

/**
 * Decrypts one wire event locally. `onLate` hears a later success (the key arrived after the first try); it is
 * called at most once.
 */
export async function decryptWire(
  client: HistoryClient,
  roomId: string,
  wire: WireEvent,
  onLate?: (event: HistoryEvent) => void,
): Promise<HistoryEvent | null> {
  const eventId = typeof wire.event_id === "string" ? wire.event_id : null;
  const sender = typeof wire.sender === "string" ? wire.sender : null;
  if (!eventId || !sender) return null;
  if (wire.type !== "m.room.message" && wire.type !== "m.room.encrypted") return null;
  if (Object.keys(obj(wire.content)).length === 0) return null; // redacted
  const ts = typeof wire.origin_server_ts === "number" ? wire.origin_server_ts : 0;
  const base = { eventId, roomId, sender, ts };
  if (wire.type === "m.room.message") {
    return { ...base, type: wire.type, content: obj(wire.content), encrypted: false, undecryptable: false };
  }
  if (isMalformedEncrypted(wire.content)) {
    return { ...base, type: "m.room.encrypted", content: {}, encrypted: true, undecryptable: true };
  }
  const event = new MatrixEvent({ ...(wire as object), room_id: roomId });
  const read = (): HistoryEvent => {
    const failed = event.isDecryptionFailure() || event.getType() === "m.room.encrypted";
    return {
      ...base,
      type: failed ? "m.room.encrypted" : event.getType(),
      content: failed ? {} : obj(event.getContent()),
      encrypted: true,
      undecryptable: failed,
    };
  };
  try {
    await client.decryptEventIfNeeded(event);
  } catch {
    // reported through isDecryptionFailure()
  }
  const first = read();
  if (first.undecryptable && onLate) {
    // The SDK retries when the key arrives (a late room key, the key backup) and fires Decrypted again.
    const onDecrypted = () => {
      const later = read();
      if (later.undecryptable) return;
      event.off(MatrixEventEvent.Decrypted, onDecrypted);
      onLate(later);
    };
    event.on(MatrixEventEvent.Decrypted, onDecrypted);
  }
  return first;
}

/**
 * One page of history, read backwards from `from` (null: from the newest event). Events are decrypted in
 * parallel; the page keeps the server's order (oldest first once reversed).
 */
export async function readHistoryPage(
  client: HistoryClient,
  roomId: string,
  from: string | null,
  options: { limit?: number; onLate?: (event: HistoryEvent) => void; signal?: AbortSignal } = {},
): Promise<HistoryPage> {
  const res = await client.http.authedRequest<{ chunk?: WireEvent[]; end?: string }>(
    Method.Get,
    `/rooms/${encodeURIComponent(roomId)}/messages`,
    { dir: "b", limit: String(options.limit ?? 100), ...(from ? { from } : {}) },
    undefined,
    options.signal ? { abortSignal: options.signal } : undefined,
  );
  const chunk = Array.isArray(res.chunk) ? res.chunk : [];
  const decrypted = await Promise.all(chunk.map((wire) => decryptWire(client, roomId, wire, options.onLate)));
  const events = decrypted.filter((e): e is HistoryEvent => e !== null).reverse();
  let oldestTs: number | null = null;
  for (const wire of chunk) {
    const ts = wire.origin_server_ts;
    if (typeof ts === "number" && (oldestTs === null || ts < oldestTs)) oldestTs = ts;
  }
  // The room's creation in the page means nothing older exists, whatever the pagination token says.
  const complete = chunk.length === 0 || !res.end || chunk.some((e) => e.type === "m.room.create");
  return { events, next: complete ? null : res.end!, oldestTs };
}
