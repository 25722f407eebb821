// Who wrote when in a wallet conversation's rooms, read from the server for the metrics: `/messages` pages of
// message events (the filter leaves out state and receipts), newest first. Only the sender and the server
// timestamp are kept, so nothing is decrypted (an undecryptable message counts like any other) and no content
// is held. Each room's stamps are kept for the session; a later computation pages only until it meets a known
// event.
import { Method, type MatrixClient } from "matrix-js-sdk";
import type { MessageStamp } from "./compute/types.ts";

const PAGE = 200;
const FILTER = JSON.stringify({ types: ["m.room.message", "m.room.encrypted"], lazy_load_members: true });

interface Wire {
  event_id?: unknown;
  sender?: unknown;
  origin_server_ts?: unknown;
  content?: unknown;
}

interface RoomStamps {
  /** By event ID, with the sender (the wallet or support is decided per read: a room may change hands). */
  events: Map<string, { ts: number; sender: string }>;
  /** The room's beginning has been read. */
  complete: boolean;
}

export class StampReader {
  private readonly rooms = new Map<string, RoomStamps>();

  private readonly client: Pick<MatrixClient, "http">;

  constructor(client: Pick<MatrixClient, "http">) {
    this.client = client;
  }

  /** Every message of the room as (ts, from): the wallet's (sent by `walletUserId`) and support's. */
  async read(
    roomId: string,
    walletUserId: string,
    supportUserId: string,
    signal?: AbortSignal,
  ): Promise<MessageStamp[]> {
    let known = this.rooms.get(roomId);
    if (!known) this.rooms.set(roomId, (known = { events: new Map(), complete: false }));
    let from: string | null = null;
    for (;;) {
      signal?.throwIfAborted();
      const params: Record<string, string> = { dir: "b", limit: String(PAGE), filter: FILTER };
      if (from) params.from = from;
      const res = await this.client.http.authedRequest<{ chunk?: Wire[]; end?: string }>(
        Method.Get,
        `/rooms/${encodeURIComponent(roomId)}/messages`,
        params,
        undefined,
        signal ? { abortSignal: signal } : undefined,
      );
      const chunk = Array.isArray(res.chunk) ? res.chunk : [];
      let metKnown = false;
      for (const wire of chunk) {
        const id = typeof wire.event_id === "string" ? wire.event_id : null;
        if (!id) continue;
        if (known.events.has(id)) metKnown = true;
        // A redacted message (empty content) was withdrawn: it counts for nothing.
        const content = wire.content && typeof wire.content === "object" ? wire.content : {};
        if (typeof wire.sender !== "string" || typeof wire.origin_server_ts !== "number") continue;
        if (Object.keys(content).length === 0) continue;
        known.events.set(id, { ts: wire.origin_server_ts, sender: wire.sender });
      }
      const end = chunk.length === 0 || !res.end;
      if (end) known.complete = true;
      if (end || (metKnown && known.complete)) break;
      from = res.end!;
    }
    const stamps: MessageStamp[] = [];
    for (const { ts, sender } of known.events.values()) {
      if (sender === walletUserId) stamps.push({ ts, from: "wallet" });
      else if (sender === supportUserId) stamps.push({ ts, from: "support" });
    }
    return stamps;
  }

  /** Forgets a room's stamps (a forgotten conversation). */
  drop(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
