// One open wallet conversation: its timeline items (history, live messages, replies still in the outbox),
// loading older history, read markers, "Seen" when the wallet read support's last reply, and the reply rules
// for wallets that cannot decrypt (tell the agent first; plaintext only if the admin allows it and the agent
// confirms for this conversation).
import {
  ClientEvent,
  Direction,
  EventTimeline,
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
import { ConversationError } from "./errors.ts";
import { itemFromEvent, itemFromOutbox, type TimelineItem } from "./items.ts";
import type { Outbox } from "./outbox.ts";

export interface ConversationView {
  roomId: string;
  label: string;
  hue: number;
  items: TimelineItem[];
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
  row: InboxRow;
  outbox: Outbox;
  allowUnencryptedReplies: boolean;
  maxImageBytes: number;
  /** Materialises the room (sliding-sync subscription) and resolves with it. */
  room(): Promise<Room>;
  onRead(eventId: string): void;
  /** Whether the agent is looking at this conversation right now (window focused): new messages count as read. */
  isWatched(): boolean;
  onWalletCapability(canDecrypt: boolean): void;
}

export class Conversation {
  readonly roomId: string;
  private readonly deps: ConversationDeps;
  private readonly client: MatrixClient;
  private readonly supportUserId: string;
  private room: Room | null = null;
  /** History around a focused message (a search result); null while showing the live end. */
  private window: TimelineWindow | null = null;
  private readonly roomReady = deferred<Room>();
  private readonly state: Observable<ConversationView>;
  private readonly cleanups: Array<() => void> = [];
  private readonly schedule = batched(() => this.rebuild());
  private lastReadSent: string | null = null;
  private closed = false;

  constructor(deps: ConversationDeps) {
    this.deps = deps;
    this.client = deps.client;
    this.roomId = deps.row.roomId;
    this.supportUserId = deps.client.getUserId()!;
    this.state = new Observable<ConversationView>({
      roomId: deps.row.roomId,
      label: deps.row.label,
      hue: deps.row.hue,
      items: [],
      loading: true,
      canLoadOlder: false,
      loadingOlder: false,
      walletCanDecrypt: deps.row.cannotReadEncrypted === null ? null : !deps.row.cannotReadEncrypted,
      unencryptedRepliesAllowed: deps.allowUnencryptedReplies,
      unencryptedRepliesConfirmed: false,
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

  private get walletUserId(): string {
    return this.deps.row.walletUserId;
  }

  /** Materialises the room and starts following it. Safe to call once. */
  async open(): Promise<void> {
    // A stopped client aborts the device query: that failure concerns nobody.
    this.checkWalletDevices().catch(() => {});
    const room = await this.deps.room();
    if (this.closed) return;
    this.room = room;
    this.roomReady.resolve(room);
    // Sliding sync leaves timeline events undecrypted until asked (big accounts start faster that way).
    void room.decryptAllEvents();
    const onTimeline = (_e: MatrixEvent, r: Room | undefined) => r?.roomId === this.roomId && this.schedule();
    const onDecrypted = (e: MatrixEvent) => e.getRoomId() === this.roomId && this.schedule();
    const onReceipt = (_e: MatrixEvent, r: Room) => r.roomId === this.roomId && this.schedule();
    this.client.on(RoomEvent.Timeline, onTimeline);
    this.client.on(MatrixEventEvent.Decrypted, onDecrypted);
    this.client.on(RoomEvent.Receipt, onReceipt);
    this.client.on(RoomEvent.LocalEchoUpdated, onTimeline);
    const onReset = (r: Room | undefined) => {
      if (r?.roomId === this.roomId) void this.fillGap();
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
    const room = this.room;
    const items: TimelineItem[] = [];
    const sentTxnIds = new Set<string>();
    let lastSupportEvent: MatrixEvent | null = null;
    if (room) {
      const events = this.window ? this.window.getEvents() : room.getLiveTimeline().getEvents();
      for (const event of events) {
        const item = itemFromEvent(event, this.supportUserId, true, this.walletUserId);
        if (!item) continue;
        if (item.txnId) sentTxnIds.add(item.txnId);
        if (item.from === "support") lastSupportEvent = event;
        items.push(item);
      }
    }
    for (const entry of this.deps.outbox.items.get()) {
      if (entry.roomId === this.roomId && !sentTxnIds.has(entry.txnId)) items.push(itemFromOutbox(entry));
    }
    const seenByWallet =
      !!room && !!lastSupportEvent && room.hasUserReadEvent(this.walletUserId, lastSupportEvent.getId()!);
    const canLoadOlder = this.window
      ? this.window.canPaginate(Direction.Backward)
      : !!room && room.getLiveTimeline().getPaginationToken(EventTimeline.BACKWARDS) !== null;
    const canLoadNewer = this.window?.canPaginate(Direction.Forward) ?? false;
    this.state.update((v) => ({ ...v, items, seenByWallet, canLoadOlder, canLoadNewer }));
    if (room && !this.window && this.deps.isWatched()) void this.markRead();
  }

  /**
   * After a gap (the live timeline was reset), pages back until the messages shown before it are reached again,
   * so nothing that arrived while the console was away is missing from the conversation.
   */
  private async fillGap(): Promise<void> {
    // The oldest message that was on screen: everything from there on must be back in view.
    const oldestShown = this.state.get().items.find((i) => i.status === "sent")?.id;
    const room = this.room;
    for (let page = 0; room && oldestShown && page < 20; page++) {
      this.rebuild();
      if (
        room
          .getLiveTimeline()
          .getEvents()
          .some((e) => e.getId() === oldestShown)
      )
        break;
      if (!this.state.get().canLoadOlder) break;
      await this.client.scrollback(room, 50);
    }
    if (room) void room.decryptAllEvents();
    this.rebuild();
  }

  /**
   * Shows the conversation around one message (a search result) and marks it for the view to bring into sight
   * and highlight: from the live timeline when it is loaded, otherwise from the server's context around it
   * (matrix-js-sdk's TimelineWindow over /context), with older and newer history loadable from there.
   */
  async focus(eventId: string): Promise<void> {
    const room = await this.roomReady.promise;
    if (this.closed) return;
    const live = room.getLiveTimeline().getEvents();
    if (live.some((e) => e.getId() === eventId)) {
      this.window = null;
    } else {
      const window = new TimelineWindow(this.client, room.getUnfilteredTimelineSet(), { windowLimit: 1000 });
      await window.load(eventId, 40);
      if (this.closed) return;
      this.window = window;
      await Promise.all(window.getEvents().map((e) => this.client.decryptEventIfNeeded(e).catch(() => {})));
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
      await Promise.all(window.getEvents().map((e) => this.client.decryptEventIfNeeded(e).catch(() => {})));
    } finally {
      this.state.update((s) => ({ ...s, loadingNewer: false }));
      this.rebuild();
    }
  }

  async loadOlder(count = 30): Promise<void> {
    const room = this.room;
    const v = this.state.get();
    if (!room || v.loadingOlder || !v.canLoadOlder) return;
    this.state.update((s) => ({ ...s, loadingOlder: true }));
    try {
      if (this.window) {
        await this.window.paginate(Direction.Backward, count);
        const events = this.window.getEvents();
        await Promise.all(events.map((e) => this.client.decryptEventIfNeeded(e).catch(() => {})));
      } else await this.client.scrollback(room, count);
      void room.decryptAllEvents();
    } finally {
      this.state.update((s) => ({ ...s, loadingOlder: false }));
      this.rebuild();
    }
  }

  /**
   * The agent has seen the latest message: move the public read receipt (so other agents' consoles clear their
   * unread count too) and the fully-read marker there.
   */
  async markRead(): Promise<void> {
    const room = this.room;
    if (!room) return;
    const events = room.getLiveTimeline().getEvents();
    const latest = [...events]
      .reverse()
      .find((e) => e.getId() && !e.getId()!.startsWith("~") && e.status === null);
    const eventId = latest?.getId();
    if (!latest || !eventId || eventId === this.lastReadSent) return;
    this.lastReadSent = eventId;
    this.deps.onRead(eventId);
    try {
      await this.client.setRoomReadMarkers(this.roomId, eventId, latest);
    } catch {
      this.lastReadSent = null; // offline: try again next time
    }
  }

  confirmUnencryptedReplies(): void {
    if (!this.deps.allowUnencryptedReplies) throw new ConversationError("unencrypted-not-allowed");
    this.state.update((v) => ({ ...v, unencryptedRepliesConfirmed: true }));
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
      return { status: "queued", txnId: this.deps.outbox.enqueue(this.roomId, content, true).txnId };
    }
    return { status: "queued", txnId: this.deps.outbox.enqueue(this.roomId, content).txnId };
  }

  sendText(text: string): Promise<SendResult> {
    return this.send({ msgtype: "m.text", body: text });
  }

  /**
   * Checks, uploads (encrypted unless the agent confirmed plaintext for this wallet) and queues an image.
   * Rejects with a MediaError (not an image, too large…) before anything is uploaded.
   */
  async sendImage(
    bytes: Uint8Array,
    name: string,
    onProgress?: (sent: number, total: number) => void,
    signal?: AbortSignal,
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
    const item = this.deps.outbox.enqueue(
      this.roomId,
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
    this.roomReady.reject(new ConversationError("room-not-loaded"));
    this.cleanups.forEach((fn) => fn());
  }
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(err: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {}); // a conversation closed before its room loaded: nobody waits any more
  return { promise, resolve, reject };
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
