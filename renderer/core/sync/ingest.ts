// Turns what sync delivers about rooms (sliding-sync room data, or the classic fallback shaped the same way)
// into inbox rows and invite decisions, without materialising matrix-js-sdk Room objects for every room:
// that is what keeps 10,000 conversations small. Encrypted previews are decrypted through rust crypto,
// visible rows first.
import { MatrixEvent, MatrixEventEvent, Method, type MatrixClient } from "matrix-js-sdk";
import { isMalformedEncrypted } from "../conversation/items.ts";
import { walletOfJoinedRoom } from "../inbox/classify.ts";
import { roomWarning, type RoomProblem } from "../inbox/room-check.ts";
import type { Inbox } from "../inbox/inbox.ts";
import { applyEvents, rowFromWindow, withDecryptedPreview } from "../inbox/events.ts";
import { applyReadReceipt, newRow, type InboxRow, type WireEvent } from "../inbox/row.ts";

/** The part of a sliding-sync room response the console reads (MSC4186), read defensively. */
export interface RoomUpdate {
  initial?: boolean;
  limited?: boolean;
  required_state?: WireEvent[];
  timeline?: WireEvent[];
  invite_state?: WireEvent[];
  joined_count?: number;
  invited_count?: number;
}

export interface IngestHooks {
  /** An invite (with its stripped state) that the invite policy must look at. */
  onInvite(roomId: string, inviteState: WireEvent[]): void;
  /** A conversation forgotten on a wallet's request: nothing the sync still says about it lists it again. */
  isForgotten?(roomId: string): boolean;
  /**
   * A listed conversation changed into something else than a wallet's private chat (a third member joined, its
   * join rule opened) or back; the row is flagged either way. For the activity log.
   */
  onRoomWarning?(roomId: string, problem: RoomProblem | null): void;
}

/** Joined plus invited members, when the server said (a pending third invite counts as much as a join). */
function memberCount(update: RoomUpdate): number | undefined {
  if (update.joined_count === undefined) return undefined;
  return update.joined_count + (typeof update.invited_count === "number" ? update.invited_count : 0);
}

export class Ingest {
  private readonly client: MatrixClient;
  private readonly inbox: Inbox;
  private readonly hooks: IngestHooks;
  private readonly supportUserId: string;
  /** Support's own read receipts seen in this response, applied when the room's data is processed. */
  private readonly pendingReceipts = new Map<string, { eventId: string; ts: number }>();
  /** Encrypted previews waiting for decryption, by room; visible rooms jump the queue. */
  private readonly decryptQueue = new Map<string, WireEvent>();
  private readonly visible = new Set<string>();
  /** Rows whose unread count is a lower bound, to count exactly once on screen. */
  private readonly refineWanted = new Set<string>();
  private readonly refining = new Set<string>();
  /** Rows whose encrypted preview this run has tried to decrypt (it keeps listening for a late key). */
  private readonly previewTried = new Set<string>();
  private draining = false;
  /**
   * A new device's inbox is still paging rooms in: the exact counts of on-screen rows wait for it, as each is a
   * `/messages` request competing with the inbox's pages on the server (profiled at 1,000 conversations: 25
   * such requests at once, right after the first window, while the server built the next one).
   */
  private filling = false;

  constructor(client: MatrixClient, inbox: Inbox, hooks: IngestHooks) {
    this.client = client;
    this.inbox = inbox;
    this.hooks = hooks;
    this.supportUserId = client.getUserId()!;
  }

  /** The receipts extension's payload (`{ rooms: { [roomId]: m.receipt event } }`), read before the rooms. */
  receipts(payload: unknown): void {
    const rooms = (payload as { rooms?: Record<string, { content?: unknown }> } | undefined)?.rooms;
    if (!rooms || typeof rooms !== "object") return;
    for (const [roomId, event] of Object.entries(rooms)) {
      const content = event?.content;
      if (!content || typeof content !== "object") continue;
      for (const [eventId, byType] of Object.entries(
        content as Record<string, Record<string, Record<string, { ts?: number }>>>,
      )) {
        for (const type of ["m.read", "m.read.private"]) {
          const mine = byType?.[type]?.[this.supportUserId];
          if (!mine) continue;
          const ts = typeof mine.ts === "number" ? mine.ts : 0;
          const known = this.pendingReceipts.get(roomId);
          if (!known || known.ts <= ts) this.pendingReceipts.set(roomId, { eventId, ts });
        }
      }
    }
  }

  /** After a response's rooms are processed: receipts for rooms that got no room data (another agent read them). */
  flushReceipts(): void {
    for (const [roomId, receipt] of this.pendingReceipts) {
      this.inbox.update(roomId, (row) => applyReadReceipt(row, receipt.eventId, receipt.ts));
    }
    this.pendingReceipts.clear();
  }

  /**
   * A wallet invite the policy has just joined: listed at once (the join is done when the server answers), not
   * a sync round trip later, when the room's first window arrives and fills the row in.
   */
  joined(roomId: string, walletUserId: string, at = Date.now()): void {
    if (this.inbox.get(roomId) || this.hooks.isForgotten?.(roomId)) return;
    this.inbox.upsert({ ...newRow(roomId, walletUserId), activityTs: at });
  }

  room(roomId: string, update: RoomUpdate): void {
    if (update.invite_state) {
      this.hooks.onInvite(roomId, update.invite_state);
      return;
    }
    if (this.hooks.isForgotten?.(roomId)) return;
    const timeline = Array.isArray(update.timeline) ? update.timeline : [];
    let row = this.inbox.get(roomId);
    if (!row) {
      const wallet = walletOfJoinedRoom(update.required_state ?? [], this.supportUserId, memberCount(update));
      if (!wallet) return;
      row = newRow(roomId, wallet);
    }
    const receipt = this.pendingReceipts.get(roomId);
    this.pendingReceipts.delete(roomId);
    const overlaps = row.lastEventId !== null && timeline.some((e) => e.event_id === row!.lastEventId);
    let next: InboxRow;
    if (update.initial && !overlaps) {
      // A fresh window with no overlap with what we knew (first sync, or too much happened while closed).
      next = rowFromWindow(
        row,
        timeline,
        this.supportUserId,
        receipt?.eventId ?? row.readUpTo,
        update.limited ?? false,
      );
      next = {
        ...next,
        sendsUnencrypted: next.sendsUnencrypted || row.sendsUnencrypted,
        cannotReadEncrypted: row.cannotReadEncrypted,
      };
    } else {
      // A window that overlaps what the row has seen (a conversation's subscription resends up to 40 events)
      // only adds what comes after the last event already counted.
      const known = overlaps ? timeline.findIndex((e) => e.event_id === row!.lastEventId) + 1 : 0;
      next = applyEvents(row, timeline.slice(known), this.supportUserId);
      if (receipt) next = applyReadReceipt(next, receipt.eventId, receipt.ts);
      // More arrived than the window shows (a burst, or a reconnect): what's missing may be unread too.
      if (update.limited && !overlaps && row.lastEventId !== null) next = { ...next, unreadAtLeast: true };
    }
    if (next.createdTs === 0) next = { ...next, createdTs: createdTsOf(update.required_state) };
    // The room's membership and join rule, as the inbox list carries them, re-checked on every update (what an
    // update does not carry keeps what the row knew).
    const warning = roomWarning(update.required_state, memberCount(update), row.roomWarning ?? null);
    if (warning !== (row.roomWarning ?? null)) {
      next = { ...next, roomWarning: warning };
      this.hooks.onRoomWarning?.(roomId, warning);
    }
    this.inbox.upsert(next);
    if (next.unreadAtLeast) this.needsRefine(roomId);
    const preview = next.preview;
    if (preview?.kind === "decrypting") {
      const wire = timeline.find((e) => e.event_id === preview.eventId);
      if (wire && isMalformedEncrypted(wire.content))
        this.inbox.update(roomId, (r) => withDecryptedPreview(r, preview.eventId, null));
      else if (wire) this.queueDecryption(roomId, wire);
    }
  }

  /** Rows on screen: their previews are decrypted first. */
  setVisible(roomIds: Iterable<string>): void {
    this.visible.clear();
    for (const id of roomIds) this.visible.add(id);
    this.drain();
    for (const id of this.visible) {
      if (this.refineWanted.has(id)) {
        if (!this.filling) void this.refine(id);
      } else this.retryPreview(id);
    }
  }

  /**
   * An encrypted preview this run has not tried to decrypt — restored from the snapshot, in a room the server
   * did not send again (nothing changed there) — once it is on screen: its key may have arrived since (key
   * backup, a late room key). One request for the event; a failure stays listening for the key.
   */
  private retryPreview(roomId: string): void {
    const preview = this.inbox.get(roomId)?.preview;
    if (preview?.kind !== "decrypting" && preview?.kind !== "undecryptable") return;
    if (this.previewTried.has(roomId)) return;
    this.previewTried.add(roomId);
    this.client.http
      .authedRequest<WireEvent>(
        Method.Get,
        `/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(preview.eventId)}`,
      )
      .then((wire) => this.queueDecryption(roomId, wire))
      .catch(() => this.previewTried.delete(roomId)); // offline: try again when it is next on screen
  }

  private needsRefine(roomId: string): void {
    this.refineWanted.add(roomId);
    if (this.visible.has(roomId) && !this.filling) void this.refine(roomId);
  }

  /** The inbox started or finished paging in rooms never listed before (see `filling`). */
  setFilling(filling: boolean): void {
    if (this.filling === filling) return;
    this.filling = filling;
    if (filling) return;
    for (const id of this.visible) if (this.refineWanted.has(id)) void this.refine(id);
  }

  /**
   * A row whose count is only a lower bound ("4+"), once it is on screen: reads back through up to 50 events
   * (one request) to count exactly from support's read position or last reply.
   */
  private async refine(roomId: string): Promise<void> {
    if (this.refining.has(roomId)) return;
    this.refining.add(roomId);
    this.refineWanted.delete(roomId);
    try {
      const res = await this.client.http.authedRequest<{ chunk: WireEvent[]; end?: string }>(
        Method.Get,
        `/rooms/${encodeURIComponent(roomId)}/messages`,
        { dir: "b", limit: "50" },
      );
      const row = this.inbox.get(roomId);
      if (!row) return;
      const window = [...res.chunk].reverse();
      // The room's creation in the window means nothing older exists, whatever the pagination token says.
      const complete = window.some((e) => e.type === "m.room.create") || res.end === undefined;
      const refined = rowFromWindow(row, window, this.supportUserId, row.readUpTo, !complete);
      this.inbox.upsert({ ...refined, sendsUnencrypted: refined.sendsUnencrypted || row.sendsUnencrypted });
      const preview = refined.preview;
      if (preview?.kind === "decrypting") {
        const wire = window.find((e) => e.event_id === preview.eventId);
        if (wire) this.queueDecryption(roomId, wire);
      }
    } catch {
      this.refineWanted.add(roomId); // offline: try again when it is next on screen
    } finally {
      this.refining.delete(roomId);
    }
  }

  private queueDecryption(roomId: string, wire: WireEvent): void {
    this.previewTried.add(roomId);
    this.decryptQueue.set(roomId, wire);
    this.drain();
  }

  private nextToDecrypt(): [string, WireEvent] | undefined {
    for (const roomId of this.visible) {
      const wire = this.decryptQueue.get(roomId);
      if (wire) return [roomId, wire];
    }
    return this.decryptQueue.entries().next().value;
  }

  /** Decrypts in small slices so the WASM crypto never holds the UI thread for long. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const step = async () => {
      const started = performance.now();
      while (performance.now() - started < 12) {
        const next = this.nextToDecrypt();
        if (!next) {
          this.draining = false;
          return;
        }
        const [roomId, wire] = next;
        this.decryptQueue.delete(roomId);
        await this.decryptPreview(roomId, wire);
      }
      setTimeout(() => void step(), 0);
    };
    void step();
  }

  private async decryptPreview(roomId: string, wire: WireEvent): Promise<void> {
    const event = new MatrixEvent({ ...(wire as object), room_id: roomId });
    const apply = () => {
      const content =
        event.isDecryptionFailure() || event.getType() === "m.room.encrypted" ? null : event.getContent();
      this.inbox.update(roomId, (row) => withDecryptedPreview(row, String(wire.event_id), content));
    };
    // Keys can arrive after the event: the SDK retries and fires Decrypted again when they do.
    event.on(MatrixEventEvent.Decrypted, apply);
    try {
      await this.client.decryptEventIfNeeded(event);
    } catch {
      // reported through isDecryptionFailure()
    }
    apply();
    if (!event.isDecryptionFailure()) event.removeAllListeners(MatrixEventEvent.Decrypted);
  }
}

/** When the room was created, from its m.room.create in the required state (0 when absent). */
function createdTsOf(state: WireEvent[] | undefined): number {
  const create = state?.find((e) => e.type === "m.room.create");
  return typeof create?.origin_server_ts === "number" ? create.origin_server_ts : 0;
}
