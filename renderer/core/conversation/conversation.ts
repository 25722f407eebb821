// One open wallet conversation: its timeline items (history, live messages, replies still in the outbox),
// loading older history, read markers, "Seen" when the wallet read support's last reply, and the reply rules
// for wallets that cannot decrypt (tell the agent first; plaintext only if the admin allows it and the agent
// confirms for this conversation). A conversation is a wallet user's: when the wallet has several rooms, the
// timeline walks back through them (segments.ts) and replies go to the newest room the wallet is in.
import {
  ClientEvent,
  Direction,
  MatrixEventEvent,
  RoomEvent,
  TimelineWindow,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import { batched, Observable, type Readable } from "../observable.ts";
import type { InboxRow } from "../inbox/row.ts";
import { browserThumbnailer, prepareImageUpload } from "../media/index.ts";
import { saveWalletRecord } from "../wallet/record.ts";
import { ConversationError } from "./errors.ts";
import { itemFromEvent, itemFromOutbox, type TimelineItem } from "./items.ts";
import type { Outbox } from "./outbox.ts";
import { Segments } from "./segments.ts";

export interface ConversationView {
  roomId: string;
  label: string;
  hue: number;
  items: TimelineItem[];
  /** Items that begin a newer room of the wallet (the timeline draws a separator above each). */
  roomStarts: string[];
  /** True until the conversation's history has arrived. */
  loading: boolean;
  canLoadOlder: boolean;
  loadingOlder: boolean;
  /** Whether the wallet has a device that can decrypt replies; null while checking. */
  walletCanDecrypt: boolean | null;
  /** The admin allows unencrypted replies (after the agent confirms, per conversation). */
  unencryptedRepliesAllowed: boolean;
  /** The agent confirmed unencrypted replies for this conversation. */
  unencryptedRepliesConfirmed: boolean;
  /** The wallet has read support's latest reply. */
  seenByWallet: boolean;
  walletLeft: boolean;
  /** The message the agent jumped to (from search), to bring into view and highlight; null otherwise. */
  focusedEventId: string | null;
  /** Showing history around a focused message rather than the live end: newer messages can be loaded. */
  canLoadNewer: boolean;
  loadingNewer: boolean;
}

export type SendResult =
  | { status: "queued"; txnId: string }
  | { status: "needs-confirmation"; reason: "wallet-cannot-decrypt"; canSendUnencrypted: boolean };

export interface ConversationDeps {
  client: MatrixClient;
  /** The conversation's row when it was opened (label, wallet, its rooms). */
  row: InboxRow;
  outbox: Outbox;
  allowUnencryptedReplies: boolean;
  maxImageBytes: number;
  /** Materialises one of the conversation's rooms (sliding-sync subscription) and resolves with it. */
  room(roomId: string): Promise<Room>;
  /** The room a reply goes to now: the newest room the wallet is in. */
  replyRoom(): string;
  onRead(roomId: string, eventId: string): void;
  /** Whether the agent is looking at this conversation right now (window focused): new messages count as read. */
  isWatched(): boolean;
  onWalletCapability(canDecrypt: boolean): void;
}

export class Conversation {
  /** The room the conversation was opened with (its newest room then). */
  readonly roomId: string;
  /** Whose conversation this is: notes, status and claims belong to the wallet user, across its rooms. */
  readonly walletUserId: string;
  private readonly deps: ConversationDeps;
  private readonly client: MatrixClient;
  private readonly supportUserId: string;
  private readonly segments: Segments;
  /** History around a focused message (a search result) in one of the rooms; null while showing the live end. */
  private window: TimelineWindow | null = null;
  private readonly state: Observable<ConversationView>;
  private readonly cleanups: Array<() => void> = [];
  private readonly schedule = batched(() => this.rebuild());
  private readonly lastReadSent = new Map<string, string>();
  /** Which room each shown message came from (to find, after a gap in one room, what was on screen of it). */
  private readonly itemRooms = new Map<string, string>();
  private closed = false;

  constructor(deps: ConversationDeps) {
    this.deps = deps;
    this.client = deps.client;
    this.roomId = deps.row.roomId;
    this.walletUserId = deps.row.walletUserId;
    this.supportUserId = deps.client.getUserId()!;
    this.segments = new Segments(deps.row.rooms ?? [deps.row.roomId], (id) => deps.room(id));
    this.state = new Observable<ConversationView>({
      roomId: deps.row.roomId,
      label: deps.row.label,
      hue: deps.row.hue,
      items: [],
      roomStarts: [],
      loading: true,
      canLoadOlder: false,
      loadingOlder: false,
      walletCanDecrypt: deps.row.cannotReadEncrypted === null ? null : !deps.row.cannotReadEncrypted,
      unencryptedRepliesAllowed: deps.allowUnencryptedReplies,
      // The team decides once per wallet (core/wallet/record.ts); the admin's switch still rules.
      unencryptedRepliesConfirmed:
        deps.allowUnencryptedReplies && (deps.row.unencryptedRepliesConfirmed ?? false),
      seenByWallet: false,
      walletLeft: deps.row.walletLeft,
      focusedEventId: null,
      canLoadNewer: false,
      loadingNewer: false,
    });
    const unsubscribe = deps.outbox.items.subscribe(() => this.schedule());
    this.cleanups.push(unsubscribe);
  }

  get view(): Readable<ConversationView> {
    return this.state;
  }

  /** The wallet's label changed (the team's label key arrived on this device): the heading follows the row. */
  relabel(label: string, hue: number): void {
    this.state.update((v) => (v.label === label && v.hue === hue ? v : { ...v, label, hue }));
  }

  /** The rooms of the conversation, oldest first. */
  rooms(): string[] {
    return this.segments.roomIds();
  }

  private ours(roomId: string | undefined): boolean {
    return roomId !== undefined && this.segments.has(roomId);
  }

  /** Materialises the newest room and starts following the conversation. Safe to call once. */
  async open(): Promise<void> {
    // A stopped client aborts the device query: that failure concerns nobody.
    this.checkWalletDevices().catch(() => {});
    const room = await this.segments.openNewest();
    if (this.closed) return;
    // Sliding sync leaves timeline events undecrypted until asked (big accounts start faster that way).
    void room.decryptAllEvents();
    const onTimeline = (_e: MatrixEvent, r: Room | undefined) => this.ours(r?.roomId) && this.schedule();
    const onDecrypted = (e: MatrixEvent) => this.ours(e.getRoomId()) && this.schedule();
    const onReceipt = (_e: MatrixEvent, r: Room) => this.ours(r.roomId) && this.schedule();
    this.client.on(RoomEvent.Timeline, onTimeline);
    this.client.on(MatrixEventEvent.Decrypted, onDecrypted);
    this.client.on(RoomEvent.Receipt, onReceipt);
    this.client.on(RoomEvent.LocalEchoUpdated, onTimeline);
    const onReset = (r: Room | undefined) => {
      if (r && this.ours(r.roomId)) void this.fillGap(r);
    };
    this.client.on(RoomEvent.TimelineReset, onReset);
    this.cleanups.push(() => {
      this.client.off(RoomEvent.TimelineReset, onReset);
      this.client.off(RoomEvent.Timeline, onTimeline);
      this.client.off(MatrixEventEvent.Decrypted, onDecrypted);
      this.client.off(RoomEvent.Receipt, onReceipt);
      this.client.off(RoomEvent.LocalEchoUpdated, onTimeline);
    });
    this.rebuild();
    this.state.update((v) => ({ ...v, loading: false }));
  }

  /** The wallet's rooms changed (it opened a new one): the new room joins the timeline below the others. */
  async roomsChanged(roomIds: string[]): Promise<void> {
    if (this.closed || !this.segments.update(roomIds)) return;
    const room = await this.segments.openNewest();
    if (this.closed) return;
    void room.decryptAllEvents();
    this.rebuild();
  }

  /** Asks the crypto layer for the wallet's devices (fetching them if unknown): none means it can't decrypt. */
  async checkWalletDevices(): Promise<boolean> {
    const crypto = this.client.getCrypto();
    if (!crypto) return false;
    const devices = await crypto.getUserDeviceInfo([this.walletUserId], true);
    const canDecrypt = (devices.get(this.walletUserId)?.size ?? 0) > 0;
    this.state.update((v) => ({ ...v, walletCanDecrypt: canDecrypt }));
    this.deps.onWalletCapability(canDecrypt);
    return canDecrypt;
  }

  private rebuild(): void {
    if (this.closed) return;
    const items: TimelineItem[] = [];
    const roomStarts: string[] = [];
    const sentTxnIds = new Set<string>();
    let lastSupport: MatrixEvent | null = null;
    let roomStart = false;
    this.itemRooms.clear();
    const events = this.window
      ? this.window.getEvents().map((event) => ({ event, roomStart: false }))
      : this.segments.events();
    for (const { event, roomStart: starts } of events) {
      roomStart ||= starts;
      const item = itemFromEvent(event, this.supportUserId, true, this.walletUserId);
      if (!item) continue;
      this.itemRooms.set(item.id, event.getRoomId()!);
      if (roomStart) roomStarts.push(item.id);
      roomStart = false;
      if (item.txnId) sentTxnIds.add(item.txnId);
      if (item.from === "support") lastSupport = event;
      items.push(item);
    }
    const rooms = new Set(this.segments.roomIds());
    for (const entry of this.deps.outbox.items.get()) {
      if (rooms.has(entry.roomId) && !sentTxnIds.has(entry.txnId)) items.push(itemFromOutbox(entry));
    }
    const supportRoom = lastSupport ? this.client.getRoom(lastSupport.getRoomId()) : null;
    const seenByWallet =
      !!supportRoom && !!lastSupport && supportRoom.hasUserReadEvent(this.walletUserId, lastSupport.getId()!);
    const canLoadOlder = this.window
      ? this.window.canPaginate(Direction.Backward)
      : this.segments.canLoadOlder();
    const canLoadNewer = this.window?.canPaginate(Direction.Forward) ?? false;
    this.state.update((v) => ({ ...v, items, roomStarts, seenByWallet, canLoadOlder, canLoadNewer }));
    if (this.segments.newest.room && !this.window && this.deps.isWatched()) void this.markRead();
  }

  /**
   * After a gap (the live timeline was reset), pages back until the messages shown before it are reached again,
   * so nothing that arrived while the console was away is missing from the conversation.
   */
  private async fillGap(room: Room): Promise<void> {
    // The oldest message of this room that was on screen: everything from there on must be back in view.
    const oldestShown = this.state
      .get()
      .items.find((i) => i.status === "sent" && this.itemRooms.get(i.id) === room.roomId)?.id;
    for (let page = 0; oldestShown && page < 20; page++) {
      this.rebuild();
      if (
        room
          .getLiveTimeline()
          .getEvents()
          .some((e) => e.getId() === oldestShown)
      )
        break;
      if (room.getLiveTimeline().getPaginationToken("b" as never) === null) break;
      await this.client.scrollback(room, 50);
    }
    void room.decryptAllEvents();
    this.rebuild();
  }

  /**
   * Shows the conversation around one message (a search result) and marks it for the view to bring into sight
   * and highlight: from the live timelines when it is loaded, otherwise from the server's context around it
   * (matrix-js-sdk's TimelineWindow over /context) in the room it was sent in, with older and newer history
   * loadable from there.
   */
  async focus(eventId: string, roomId?: string): Promise<void> {
    const newest = await this.segments.openNewest();
    if (this.closed) return;
    if ([...this.segments.events()].some(({ event }) => event.getId() === eventId)) {
      this.window = null;
    } else {
      const inRoom = roomId && this.segments.has(roomId) ? await this.deps.room(roomId) : newest;
      if (this.closed) return;
      const window = new TimelineWindow(this.client, inRoom.getUnfilteredTimelineSet(), {
        windowLimit: 1000,
      });
      await window.load(eventId, 40);
      if (this.closed) return;
      this.window = window;
      await this.decryptWindow();
    }
    this.state.update((v) => ({ ...v, focusedEventId: eventId }));
    this.rebuild();
  }

  /** Back to the newest messages (leaving the history around a search result). */
  showLatest(): void {
    this.window = null;
    this.state.update((v) => ({ ...v, focusedEventId: null }));
    this.rebuild();
  }

  /** Newer messages after a focused one; at the live end the view returns to the live timeline. */
  async loadNewer(count = 30): Promise<void> {
    const window = this.window;
    const v = this.state.get();
    if (!window || v.loadingNewer || !v.canLoadNewer) return;
    this.state.update((s) => ({ ...s, loadingNewer: true }));
    try {
      await window.paginate(Direction.Forward, count);
      await this.decryptWindow();
    } finally {
      this.state.update((s) => ({ ...s, loadingNewer: false }));
      this.rebuild();
    }
  }

  private async decryptWindow(): Promise<void> {
    const events = this.window?.getEvents() ?? [];
    await Promise.all(events.map((e) => this.client.decryptEventIfNeeded(e).catch(() => {})));
  }

  /** Older history: earlier in the oldest room shown, or — at its beginning — the wallet's previous room. */
  async loadOlder(count = 30): Promise<void> {
    const v = this.state.get();
    if (v.loadingOlder || !v.canLoadOlder) return;
    this.state.update((s) => ({ ...s, loadingOlder: true }));
    try {
      if (this.window) {
        await this.window.paginate(Direction.Backward, count);
        await this.decryptWindow();
      } else {
        const room = await this.segments.older();
        if (room) await this.client.scrollback(room, count);
        for (const segment of this.segments.shown()) void segment.room?.decryptAllEvents();
      }
    } finally {
      this.state.update((s) => ({ ...s, loadingOlder: false }));
      this.rebuild();
    }
  }

  /**
   * The agent has seen the latest messages: move the public read receipt (so other agents' consoles clear their
   * unread count too) and the fully-read marker there, in each room of the conversation on screen.
   */
  async markRead(): Promise<void> {
    await Promise.all(
      this.segments.shown().map((segment) => segment.room && this.markRoomRead(segment.room)),
    );
  }

  private async markRoomRead(room: Room): Promise<void> {
    const events = room.getLiveTimeline().getEvents();
    const latest = [...events]
      .reverse()
      .find((e) => e.getId() && !e.getId()!.startsWith("~") && e.status === null);
    const eventId = latest?.getId();
    if (!latest || !eventId || eventId === this.lastReadSent.get(room.roomId)) return;
    this.lastReadSent.set(room.roomId, eventId);
    this.deps.onRead(room.roomId, eventId);
    try {
      await this.client.setRoomReadMarkers(room.roomId, eventId, latest);
    } catch {
      this.lastReadSent.delete(room.roomId); // offline: try again next time
    }
  }

  /** The agent confirms unencrypted replies to this wallet: for every agent of the team, from now on. */
  confirmUnencryptedReplies(): void {
    if (!this.deps.allowUnencryptedReplies) throw new ConversationError("unencrypted-not-allowed");
    this.state.update((v) => ({ ...v, unencryptedRepliesConfirmed: true }));
    const canDecrypt = this.state.get().walletCanDecrypt;
    saveWalletRecord(this.client, this.roomId, {
      canDecrypt,
      checkedAt: canDecrypt === null ? null : Date.now(),
      unencryptedReplies: true,
    }).catch((err: Error) => console.warn(`[wallets] could not record the decision: ${err.message}`));
  }

  /** Queues a reply; for a wallet that cannot decrypt, asks for confirmation first instead of losing it. */
  async send(content: Record<string, unknown>): Promise<SendResult> {
    const canDecrypt =
      this.state.get().walletCanDecrypt ?? (await this.checkWalletDevices().catch(() => true));
    if (!canDecrypt) {
      const v = this.state.get();
      if (!(v.unencryptedRepliesAllowed && v.unencryptedRepliesConfirmed)) {
        return {
          status: "needs-confirmation",
          reason: "wallet-cannot-decrypt",
          canSendUnencrypted: v.unencryptedRepliesAllowed,
        };
      }
      return {
        status: "queued",
        txnId: this.deps.outbox.enqueue(this.deps.replyRoom(), content, true).txnId,
      };
    }
    return { status: "queued", txnId: this.deps.outbox.enqueue(this.deps.replyRoom(), content).txnId };
  }

  sendText(text: string): Promise<SendResult> {
    return this.send({ msgtype: "m.text", body: text });
  }

  /**
   * Checks, uploads (encrypted unless the agent confirmed plaintext for this wallet) and queues an image.
   * Rejects with a MediaError (not an image, too large…) before anything is uploaded, or queued.
   *
   * `leadIn` is text the agent wrote with the image ("Here is where to find it:"): it is queued right before the
   * image, once the upload worked, so the wallet shows it first — the outbox sends a conversation's replies one
   * at a time, in order. Not a caption on the image (MSC2530): AltMe shows only an m.image's picture, so its
   * body would never be read there.
   */
  async sendImage(
    bytes: Uint8Array,
    name: string,
    onProgress?: (sent: number, total: number) => void,
    signal?: AbortSignal,
    leadIn?: string,
  ): Promise<SendResult> {
    const canDecrypt =
      this.state.get().walletCanDecrypt ?? (await this.checkWalletDevices().catch(() => true));
    const v = this.state.get();
    const plaintext = !canDecrypt;
    if (plaintext && !(v.unencryptedRepliesAllowed && v.unencryptedRepliesConfirmed)) {
      return {
        status: "needs-confirmation",
        reason: "wallet-cannot-decrypt",
        canSendUnencrypted: v.unencryptedRepliesAllowed,
      };
    }
    const content = await prepareImageUpload(this.client, bytes, {
      encrypt: !plaintext,
      name,
      limits: { maxBytes: this.deps.maxImageBytes },
      thumbnailer: typeof OffscreenCanvas === "undefined" ? null : browserThumbnailer,
      ...(onProgress ? { onProgress } : {}),
      ...(signal ? { signal } : {}),
    });
    if (leadIn) this.deps.outbox.enqueue(this.roomId, { msgtype: "m.text", body: leadIn }, plaintext);
    const item = this.deps.outbox.enqueue(
      this.deps.replyRoom(),
      content as unknown as Record<string, unknown>,
      plaintext,
    );
    return { status: "queued", txnId: item.txnId };
  }

  retry(txnId: string): void {
    this.deps.outbox.retry(txnId);
  }

  cancel(txnId: string): void {
    this.deps.outbox.cancel(txnId);
  }

  close(): void {
    this.closed = true;
    this.cleanups.forEach((fn) => fn());
  }
}

/** Resolves when the SDK has built the room (after the subscription's first response). */
export function waitForRoom(client: MatrixClient, roomId: string, timeoutMs = 30_000): Promise<Room> {
  const existing = client.getRoom(roomId);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(ClientEvent.Room, onRoom);
      reject(new ConversationError("room-not-loaded"));
    }, timeoutMs);
    const onRoom = (room: Room) => {
      if (room.roomId !== roomId) return;
      clearTimeout(timer);
      client.off(ClientEvent.Room, onRoom);
      resolve(room);
    };
    client.on(ClientEvent.Room, onRoom);
  });
}
