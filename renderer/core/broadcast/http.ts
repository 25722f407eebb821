// Raw client-server calls for the notification room. Broadcasts and the room's state go through the HTTP API
// directly rather than matrix-js-sdk's send helpers, which may encrypt (messages in a room the SDK believes is
// encrypted, state events when encrypted state is on) and which read lazily-synced local state.
import { Method, type MatrixClient } from "matrix-js-sdk";
import { describeFailure } from "./errors.ts";

const room = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`;

export interface StateEvent {
  content: Record<string, unknown>;
  sender?: string;
}

/**
 * One state event read fresh from the server, or null when the room has none. Asks for the whole event
 * (`format=event`, which Synapse and most servers support) because m.room.create's sender is the creator;
 * a server that ignores the parameter returns just the content, which is handled too.
 */
export async function getStateEvent(
  client: MatrixClient,
  roomId: string,
  type: string,
  stateKey = "",
): Promise<StateEvent | null> {
  try {
    const res = await client.http.authedRequest<Record<string, unknown>>(
      Method.Get,
      `${room(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
      { format: "event" },
    );
    const isEvent = typeof res.type === "string" && res.content !== null && typeof res.content === "object";
    if (!isEvent) return { content: res };
    return {
      content: res.content as Record<string, unknown>,
      sender: typeof res.sender === "string" ? res.sender : undefined,
    };
  } catch (err) {
    if (describeFailure(err).errcode === "M_NOT_FOUND") return null;
    throw err;
  }
}

export async function putState(
  client: MatrixClient,
  roomId: string,
  type: string,
  content: Record<string, unknown>,
  stateKey = "",
): Promise<string> {
  const res = await client.http.authedRequest<{ event_id: string }>(
    Method.Put,
    `${room(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
    undefined,
    content,
  );
  return res.event_id;
}

export async function joinedMemberCount(client: MatrixClient, roomId: string): Promise<number> {
  const res = await client.http.authedRequest<{ joined?: Record<string, unknown> }>(
    Method.Get,
    `${room(roomId)}/joined_members`,
  );
  return Object.keys(res.joined ?? {}).length;
}

/** Whether the room is listed in the server's public room directory; null when the server won't say. */
export async function directoryListing(client: MatrixClient, roomId: string): Promise<boolean | null> {
  try {
    const res = await client.http.authedRequest<{ visibility?: string }>(
      Method.Get,
      `/directory/list/room/${encodeURIComponent(roomId)}`,
    );
    return res.visibility === "public";
  } catch {
    return null;
  }
}

export async function setDirectoryListing(
  client: MatrixClient,
  roomId: string,
  listed: boolean,
): Promise<void> {
  await client.http.authedRequest(
    Method.Put,
    `/directory/list/room/${encodeURIComponent(roomId)}`,
    undefined,
    {
      visibility: listed ? "public" : "private",
    },
  );
}

/** A transaction ID unique to this device and moment; reusing it makes a retried send idempotent. */
export function newTxnId(): string {
  const random = new Uint32Array(2);
  crypto.getRandomValues(random);
  return `wsc.broadcast.${Date.now()}.${random[0]!.toString(36)}${random[1]!.toString(36)}`;
}

const RETRIES = 3;

/**
 * Sends an m.room.message as plaintext with a fixed transaction ID. Connection failures and rate limits are
 * retried with the same ID: the server deduplicates them, so a send whose response got lost isn't posted twice.
 */
export async function sendPlainMessage(
  client: MatrixClient,
  roomId: string,
  content: Record<string, unknown>,
  txnId: string,
): Promise<string> {
  const path = `${room(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await client.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content);
      return res.event_id;
    } catch (err) {
      const f = describeFailure(err);
      const rateLimited = f.errcode === "M_LIMIT_EXCEEDED" || f.httpStatus === 429;
      if (attempt >= RETRIES || !(f.connection || rateLimited)) throw err;
      const retryAfter = (err as { getRetryAfterMs?: () => number | null }).getRetryAfterMs?.() ?? null;
      await new Promise((r) => setTimeout(r, Math.min(retryAfter ?? 500 * attempt, 10_000)));
    }
  }
}
