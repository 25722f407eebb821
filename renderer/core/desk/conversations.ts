// The conversation in the centre pane: opening one closes the previous, keeps its rooms live (sliding-sync
// subscriptions: the newest at once, a wallet's earlier rooms when the timeline reaches them), tells Attention
// which conversation is on screen, and moves the rows' read positions when the agent reads. A wallet opening a
// new room while its conversation is open joins it to that conversation. One per desk, so a conversation can
// never outlive the session that opened it.
import type { MatrixClient, Room } from "matrix-js-sdk";
import type { Conversation } from "../conversation/conversation.ts";
import type { Outbox } from "../conversation/outbox.ts";
import type { Clock } from "../clock.ts";
import type { Inbox } from "../inbox/inbox.ts";
import { primaryRoom } from "../inbox/grouping.ts";
import { applyReadReceipt } from "../inbox/row.ts";
import type { Sdk } from "../load-sdk.ts";
import { Observable, type Readable } from "../observable.ts";
import type { AdminConfig } from "../platform/types.ts";
import type { Attention } from "./attention.ts";
import type { RoomSubscriptions } from "./subscriptions.ts";

export interface ConversationsDeps {
  client: MatrixClient;
  sdk: Sdk;
  inbox: Inbox;
  outbox: Outbox;
  config: AdminConfig;
  clock: Clock;
  attention: Attention;
  subscriptions: RoomSubscriptions;
}

export class Conversations {
  private readonly deps: ConversationsDeps;
  private readonly currentState = new Observable<Conversation | null>(null);
  private readonly openedListeners = new Set<(roomId: string) => void>();
  /** The rooms the open conversation has asked to be live. */
  private live = new Set<string>();
  private readonly unwatch: () => void;
  private readonly unwatchLabels: () => void;
  private disposed = false;

  constructor(deps: ConversationsDeps) {
    this.deps = deps;
    // A wallet's new room (its alias was taken) belongs to the open conversation if it is the same wallet.
    this.unwatch = deps.inbox.onChange((row, previous) => {
      const current = this.currentState.get();
      if (previous || !current || current.walletUserId !== row.walletUserId) return;
      const rooms = deps.inbox.conversation(row.roomId)?.rooms;
      if (rooms) void current.roomsChanged(rooms).catch(() => {});
    });
    // Rows relabelled while a conversation is open (the team's label key arrived: every row at once, without a
    // change per row) rename its heading too.
    this.unwatchLabels = deps.inbox.view.subscribe(() => {
      const current = this.currentState.get();
      const row = current && deps.inbox.get(current.roomId);
      if (row) current.relabel(row.label, row.hue);
    });
  }

  /** The room a reply to this wallet goes to: the newest one it is still in. */
  replyRoom(walletUserId: string, fallback: string): string {
    const rooms = this.deps.inbox.roomsOf(walletUserId);
    return rooms.length > 0 ? primaryRoom(rooms).roomId : fallback;
  }

  private keepLive(roomId: string): Promise<Room> {
    this.live.add(roomId);
    this.deps.subscriptions.keep("open", this.live);
    return this.deps.sdk.waitForRoom(this.deps.client, roomId);
  }

  /** The open conversation (null: none). */
  get current(): Readable<Conversation | null> {
    return this.currentState;
  }

  /** Called with each conversation the agent opens (features such as keep-live listen here). */
  onOpened(listener: (roomId: string) => void): () => void {
    this.openedListeners.add(listener);
    return () => this.openedListeners.delete(listener);
  }

  /**
   * Opens the conversation `roomId` belongs to (closing the previous one); the view fills in as its history
   * arrives. Any room of a wallet opens that wallet's one conversation.
   */
  open(roomId: string): Conversation | null {
    if (this.disposed) return null;
    const current = this.currentState.get();
    const row = this.deps.inbox.conversation(roomId);
    if (!row) return null;
    if (current && current.walletUserId === row.walletUserId) return current;
    current?.close();
    this.live = new Set();
    const { client, sdk, inbox, outbox, config, attention, clock } = this.deps;
    const walletUserId = row.walletUserId;
    const conversation: Conversation = new sdk.Conversation({
      client,
      row,
      outbox,
      allowUnencryptedReplies: config.allowUnencryptedReplies,
      maxImageBytes: config.maxImageBytes,
      room: (id) => this.keepLive(id),
      replyRoom: () => this.replyRoom(walletUserId, row.roomId),
      isWatched: () => attention.isWatching(row.roomId) && this.currentState.get() === conversation,
      onRead: (id, eventId) => inbox.update(id, (r) => applyReadReceipt(r, eventId, clock.now())),
      onWalletCapability: (canDecrypt) =>
        inbox.update(roomId, (r) =>
          r.cannotReadEncrypted === !canDecrypt ? r : { ...r, cannotReadEncrypted: !canDecrypt },
        ),
    });
    this.currentState.set(conversation);
    attention.setOpenConversation(row.roomId, walletUserId);
    for (const listener of this.openedListeners) listener(row.roomId);
    conversation.open().catch((err: Error) => {
      // Closed meanwhile (another conversation, sign-out): nobody is waiting for this one any more.
      if (this.currentState.get() === conversation) console.warn(`[conversation] ${err.message}`);
    });
    return conversation;
  }

  close(): void {
    this.currentState.get()?.close();
    this.currentState.set(null);
    this.deps.attention.setOpenConversation(null);
    this.live = new Set();
    this.deps.subscriptions.keep("open", []);
  }

  dispose(): void {
    this.close();
    this.disposed = true;
    this.unwatch();
    this.unwatchLabels();
    this.openedListeners.clear();
  }
}
