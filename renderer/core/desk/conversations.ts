// The conversation in the centre pane: opening one closes the previous, keeps its room live (a sliding-sync
// subscription), tells Attention which conversation is on screen, and moves the row's read position when the
// agent reads. One per desk, so a conversation can never outlive the session that opened it.
import type { MatrixClient } from "matrix-js-sdk";
import type { Conversation } from "../conversation/conversation.ts";
import type { Outbox } from "../conversation/outbox.ts";
import type { Clock } from "../clock.ts";
import type { Inbox } from "../inbox/inbox.ts";
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
  private disposed = false;

  constructor(deps: ConversationsDeps) {
    this.deps = deps;
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

  /** Opens a conversation (closing the previous one); the view fills in as its history arrives. */
  open(roomId: string): Conversation | null {
    if (this.disposed) return null;
    const current = this.currentState.get();
    if (current?.roomId === roomId) return current;
    const row = this.deps.inbox.get(roomId);
    if (!row) return null;
    current?.close();
    const { client, sdk, inbox, outbox, config, attention, clock } = this.deps;
    const conversation: Conversation = new sdk.Conversation({
      client,
      row,
      outbox,
      allowUnencryptedReplies: config.allowUnencryptedReplies,
      maxImageBytes: config.maxImageBytes,
      room: () => sdk.waitForRoom(client, roomId),
      isWatched: () => attention.isWatching(roomId) && this.currentState.get() === conversation,
      onRead: (eventId) => inbox.update(roomId, (r) => applyReadReceipt(r, eventId, clock.now())),
      onWalletCapability: (canDecrypt) =>
        inbox.update(roomId, (r) =>
          r.cannotReadEncrypted === !canDecrypt ? r : { ...r, cannotReadEncrypted: !canDecrypt },
        ),
    });
    this.currentState.set(conversation);
    attention.setOpenConversation(roomId);
    this.deps.subscriptions.keep("open", [roomId]);
    for (const listener of this.openedListeners) listener(roomId);
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
    this.deps.subscriptions.keep("open", []);
  }

  dispose(): void {
    this.close();
    this.disposed = true;
    this.openedListeners.clear();
  }
}
