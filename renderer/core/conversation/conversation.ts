// One open wallet conversation: its timeline items (history, live messages, replies still in the outbox),
// loading older history, read markers, "Seen" when the wallet read support's last reply, and the reply rules
// for wallets that cannot decrypt (tell the agent first; plaintext only if the admin allows it and the agent
// confirms for this conversation).
import {
  ClientEvent,
  EventTimeline,
  MatrixEventEvent,
  RoomEvent,
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
      // The team decides once per wallet (core/wallet/record.ts); the admin's switch still rules.
      unencryptedRepliesConfirmed:
        deps.allowUnencryptedReplies && (deps.row.unencryptedRepliesConfirmed ?? false),
      seenByWallet: false,
      walletLeft: deps.row.walletLeft,
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
      for (const event of room.getLiveTimeline().getEvents()) {
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
    const canLoadOlder =
      !!room && room.getLiveTimeline().getPaginationToken(EventTimeline.BACKWARDS) !== null;
    this.state.update((v) => ({ ...v, items, seenByWallet, canLoadOlder }));
    if (room && this.deps.isWatched()) void this.markRead();
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

  async loadOlder(count = 30): Promise<void> {
    const room = this.room;
    const v = this.state.get();
    if (!room || v.loadingOlder || !v.canLoadOlder) return;
    this.state.update((s) => ({ ...s, loadingOlder: true }));
    try {
      await this.client.scrollback(room, count);
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
      return { status: "queued", txnId: this.deps.outbox.enqueue(this.roomId, content, true).txnId };
    }
    return { status: "queued", txnId: this.deps.outbox.enqueue(this.roomId, content).txnId };
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
