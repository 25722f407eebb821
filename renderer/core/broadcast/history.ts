// Past broadcasts, newest first, paged from the server with /messages and a server-side filter (support's
// m.room.message events only), so the history doesn't depend on how much of the room the client has synced.
import { Method, type MatrixClient } from "matrix-js-sdk";
import { mediaSourceFromContent, type ImageSource } from "../media/index.ts";
import { BroadcastError, describeFailure, failed, unreachable } from "./errors.ts";

interface BroadcastBase {
  eventId: string;
  sender: string;
  /** Server timestamp, ms since epoch. */
  ts: number;
}

export type BroadcastItem =
  | (BroadcastBase & { kind: "text"; text: string })
  | (BroadcastBase & {
      kind: "image";
      name: string;
      /** Where the image lives, for the media module's download (null when the content's URL is invalid). */
      source: ImageSource | null;
      w: number | null;
      h: number | null;
    });

export interface BroadcastPage {
  items: BroadcastItem[];
  /** Pass as `from` to get older broadcasts; null at the beginning of the room. */
  next: string | null;
}

export interface HistoryOptions {
  /** Token from a previous page's `next`. */
  from?: string;
  /** Whose posts count as broadcasts; default: support's own account. */
  senders?: string[];
}

interface RawEvent {
  event_id: string;
  sender: string;
  origin_server_ts: number;
  type: string;
  content: Record<string, unknown>;
}

const TEXT_TYPES = new Set(["m.text", "m.notice", "m.emote"]);
/** Bounds the walk through a room whose messages are mostly from others (only possible in an unsafe room). */
const MAX_PAGES = 20;

const dim = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : null);

function toItem(event: RawEvent): BroadcastItem | null {
  const c = event.content;
  // Edits are shown through the event they replace; redacted events have no body left.
  const relation = c["m.relates_to"] as { rel_type?: unknown } | undefined;
  if (relation?.rel_type === "m.replace" || typeof c.body !== "string") return null;
  const base = { eventId: event.event_id, sender: event.sender, ts: event.origin_server_ts };
  if (typeof c.msgtype === "string" && TEXT_TYPES.has(c.msgtype))
    return { ...base, kind: "text", text: c.body };
  if (c.msgtype === "m.image") {
    const source = mediaSourceFromContent(c);
    const info = (c.info ?? {}) as Record<string, unknown>;
    return {
      ...base,
      kind: "image",
      name: c.body,
      source: source instanceof Error ? null : source,
      w: dim(info.w),
      h: dim(info.h),
    };
  }
  return null;
}

/** Up to `limit` past broadcasts, newest first. */
export async function broadcastHistory(
  client: MatrixClient,
  roomId: string,
  limit = 20,
  options: HistoryOptions = {},
): Promise<BroadcastPage> {
  const filter = JSON.stringify({
    types: ["m.room.message"],
    senders: options.senders ?? [client.getSafeUserId()],
  });
  const items: BroadcastItem[] = [];
  let from = options.from ?? null;
  try {
    for (let page = 0; page < MAX_PAGES && items.length < limit; page++) {
      const res = await client.http.authedRequest<{ chunk?: RawEvent[]; end?: string }>(
        Method.Get,
        `/rooms/${encodeURIComponent(roomId)}/messages`,
        { dir: "b", limit: String(limit - items.length), filter, ...(from ? { from } : {}) },
      );
      for (const event of res.chunk ?? []) {
        const item = toItem(event);
        if (item) items.push(item);
      }
      from = res.end ?? null;
      if (!from || (res.chunk ?? []).length === 0) {
        from = null;
        break;
      }
    }
  } catch (err) {
    const f = describeFailure(err);
    if (f.connection) throw unreachable(client.getDomain() ?? client.baseUrl, err);
    if (f.errcode === "M_FORBIDDEN") {
      throw new BroadcastError("not-joined", "Support is not a member of the notification room.", {
        cause: err,
      });
    }
    throw failed("Loading past broadcasts", err);
  }
  return { items: items.slice(0, limit), next: from };
}
