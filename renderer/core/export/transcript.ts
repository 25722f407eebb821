// What a transcript holds, and how one conversation's messages in a date range are gathered: history read back
// over /messages and decrypted locally (history/reader.ts), each message turned into a transcript entry — a
// message the guard says holds a recovery phrase or a key becomes a "hidden secret" entry with no text — images
// optionally embedded after the same download limits and byte sniffing as on screen, and entries from other
// sources (the team's notes, later) merged in by time.
import { holdsSecret } from "../inbox/events.ts";
import { readHistoryPage, type HistoryClient, type HistoryEvent } from "../history/reader.ts";
import { fetchImage, mediaSourceFromContent, type MediaDownloadClient } from "../media/index.ts";
import { toBase64 } from "../storage/sealed.ts";

export type TranscriptKind = "text" | "image" | "file" | "hidden-secret" | "undecryptable" | "note" | "other";

export interface TranscriptEntry {
  eventId: string;
  ts: number;
  /** "other": someone besides the wallet and support who wrote in the conversation, named by their user ID. */
  sender: { role: "wallet" | "support" | "other" | "note"; name: string };
  kind: TranscriptKind;
  /** The decrypted text (for images and files: the file name); null for hidden secrets and undecryptable ones. */
  text: string | null;
  /** Only when images were asked for and this one passed the checks. */
  image?: { mimetype: string; dataUrl: string } | null;
  /** Which source the entry came from: "timeline" or a registered source's ID ("notes"). */
  source: string;
}

export interface TranscriptConversation {
  roomId: string;
  label: string;
  entries: TranscriptEntry[];
}

export interface DateRange {
  /** Inclusive bounds in ms since the epoch; null: open. */
  from: number | null;
  to: number | null;
}

/** Another timeline to merge into transcripts (the hook for the team's notes). */
export interface TranscriptSource {
  id: string;
  entries(roomId: string, range: DateRange): Promise<TranscriptEntry[]>;
}

export interface GatherOptions {
  client: HistoryClient & MediaDownloadClient;
  supportUserId: string;
  /** The conversation's wallet: anyone else who wrote in it is "other", never shown as the wallet. */
  walletUserId: string | null;
  label: string;
  range: DateRange;
  includeImages: boolean;
  maxImageBytes: number;
  sources: readonly TranscriptSource[];
  /** The name shown for a support message (an agent's name when the team feature knows it). */
  agentName(event: HistoryEvent): string;
  signal: AbortSignal;
  /** Called after each page with the number of entries gathered so far. */
  onEntries?(count: number): void;
}

const inRange = (ts: number, range: DateRange) =>
  (range.from === null || ts >= range.from) && (range.to === null || ts <= range.to);

async function imageOf(
  event: HistoryEvent,
  options: GatherOptions,
): Promise<{ mimetype: string; dataUrl: string } | null> {
  const source = mediaSourceFromContent(event.content);
  if (!source || source instanceof Error) return null;
  try {
    const image = await fetchImage(options.client, source, {
      limits: { maxBytes: options.maxImageBytes },
      signal: options.signal,
    });
    return { mimetype: image.mime, dataUrl: `data:${image.mime};base64,${toBase64(image.bytes)}` };
  } catch {
    options.signal.throwIfAborted();
    return null; // too large, not an image, unreachable: the transcript says it is not included
  }
}

/** One message as a transcript entry. */
export async function entryOf(event: HistoryEvent, options: GatherOptions): Promise<TranscriptEntry> {
  const fromSupport = event.sender === options.supportUserId;
  const base = {
    eventId: event.eventId,
    ts: event.ts,
    sender: fromSupport
      ? { role: "support" as const, name: options.agentName(event) }
      : options.walletUserId !== null && event.sender !== options.walletUserId
        ? { role: "other" as const, name: event.sender }
        : { role: "wallet" as const, name: options.label },
    source: "timeline",
  };
  if (event.undecryptable || event.type !== "m.room.message") {
    return { ...base, kind: "undecryptable", text: null };
  }
  const content = event.content;
  if (holdsSecret(content)) return { ...base, kind: "hidden-secret", text: null };
  const body = typeof content.body === "string" ? content.body : "";
  switch (content.msgtype) {
    case "m.text":
    case "m.notice":
    case "m.emote":
      return { ...base, kind: "text", text: body };
    case "m.image":
      return {
        ...base,
        kind: "image",
        text: body,
        ...(options.includeImages ? { image: await imageOf(event, options) } : {}),
      };
    case "m.file":
    case "m.audio":
    case "m.video":
      return { ...base, kind: "file", text: body };
    default:
      return { ...base, kind: "other", text: body };
  }
}

/** Reads a conversation back to the start of the range and returns its entries in time order. */
export async function gatherConversation(
  roomId: string,
  options: GatherOptions,
): Promise<TranscriptConversation> {
  const entries: TranscriptEntry[] = [];
  let from: string | null = null;
  for (;;) {
    options.signal.throwIfAborted();
    const page = await readHistoryPage(options.client, roomId, from, { limit: 100, signal: options.signal });
    for (const event of page.events) {
      if (inRange(event.ts, options.range)) entries.push(await entryOf(event, options));
    }
    options.onEntries?.(entries.length);
    const passedStart =
      options.range.from !== null && page.oldestTs !== null && page.oldestTs < options.range.from;
    if (page.next === null || passedStart) break;
    from = page.next;
  }
  for (const source of options.sources) {
    options.signal.throwIfAborted();
    const extra = await source.entries(roomId, options.range);
    entries.push(
      ...extra.filter((e) => inRange(e.ts, options.range)).map((e) => ({ ...e, source: source.id })),
    );
  }
  entries.sort((a, b) => a.ts - b.ts || (a.eventId < b.eventId ? -1 : 1));
  return { roomId, label: options.label, entries };
}
