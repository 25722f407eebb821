// The support console as the UI sees it: sign-in and restore, the inbox, other invites, the open conversation,
// connection state and start-up progress, all as observable view-state. It wires the session, the sync engine
// (sliding sync, classic as fallback), the ingest, the invite policy, the outbox and desktop notifications.
import type { MatrixClient } from "matrix-js-sdk";
import type { BroadcastDesk } from "./broadcast/desk.ts";
import type { Conversation } from "./conversation/conversation.ts";
import type { Outbox } from "./conversation/outbox.ts";
import { sealedOutboxStorage } from "./conversation/outbox-storage.ts";
import type { Engine as EngineModule } from "./load-engine.ts";
import { loadEngine } from "./load-engine.ts";
import { Inbox } from "./inbox/inbox.ts";
import type { InboxRow } from "./inbox/row.ts";
import { applyReadReceipt } from "./inbox/row.ts";
import { InboxSnapshot } from "./inbox/snapshot.ts";
import type { InviteHandler } from "./invites.ts";
import { mark } from "./marks.ts";
import type { MediaStore } from "./media/index.ts";
import { notificationFor } from "./notify.ts";
import { afterPaint, Observable, type Readable } from "./observable.ts";
import type { Recovery } from "./recovery/recovery.ts";
import { SecretStorageKeys } from "./recovery/secret-keys.ts";
import type { AdminConfig, Platform } from "./platform/types.ts";
import { HumanError } from "./session/errors.ts";
import { Session, type SignInRequest } from "./session/session.ts";
import type { Ingest } from "./sync/ingest.ts";
import type { ConnectionState } from "./session/connectivity.ts";

export type Phase = "loading" | "signed-out" | "starting" | "ready";

/** How many recently opened conversations stay live (materialised) besides the open one. */
const KEEP_LIVE = 5;

export interface StartProgress {
  step: "keys" | "first-window" | "inbox";
  /** Conversations loaded so far, and how many the server has (0 while unknown). */
  covered: number;
  total: number;
}

export interface ConsoleOptions {
  deviceName: string;
}

interface Engine {
  firstWindow: Promise<void>;
  setSubscriptions?(roomIds: Set<string>): void;
  /** Resolves when the client has stopped (after the sync response in hand, if any, was processed). */
  stop(): Promise<void>;
}

export class SupportConsole {
  readonly platform: Platform;
  readonly config: AdminConfig;
  readonly inbox = new Inbox();
  private readonly options: ConsoleOptions;
  private readonly phaseState = new Observable<Phase>("loading");
  private readonly progressState = new Observable<StartProgress | null>(null);
  private readonly connectionState = new Observable<ConnectionState>("connecting");
  private readonly endedState = new Observable<HumanError | null>(null);
  private readonly invitesState = new Observable<InviteHandler | null>(null);
  private session: Session | null = null;
  private clientValue: MatrixClient | null = null;
  /** The SDK-side modules (load-engine.ts), there once a client exists. */
  private sdk: EngineModule | null = null;
  private outboxValue: Outbox | null = null;
  private engine: Engine | null = null;
  private ingest: Ingest | null = null;
  private snapshot: InboxSnapshot | null = null;
  private mediaStore: MediaStore | null = null;
  private conversation: Conversation | null = null;
  private desk: BroadcastDesk | null = null;
  private readonly secretKeys = new SecretStorageKeys();
  private readonly recoveryState = new Observable<Recovery | null>(null);
  private windowFocused = true;
  private generation = 0;
  private recentConversations: string[] = [];
  private readonly teardown: Array<() => void> = [];
  /** The last stop's end: the client is stopped once it resolves. */
  private stopped: Promise<void> = Promise.resolve();

  private constructor(platform: Platform, config: AdminConfig, options: ConsoleOptions) {
    this.platform = platform;
    this.config = config;
    this.options = options;
  }

  /** Loads the admin configuration and resumes the saved session if there is one. */
  static async create(platform: Platform, options: ConsoleOptions): Promise<SupportConsole> {
    mark("create");
    const config = await platform.loadConfig();
    mark("config");
    const console_ = new SupportConsole(platform, config, options);
    const session = await Session.restore(console_.sessionContext());
    mark("session");
    if (session) void console_.boot(session);
    else {
      console_.phaseState.set("signed-out");
      // Fetched while the agent types, so signing in doesn't wait for it.
      void loadEngine().catch(() => {});
    }
    return console_;
  }

  get phase(): Readable<Phase> {
    return this.phaseState;
  }
  get progress(): Readable<StartProgress | null> {
    return this.progressState;
  }
  get connection(): Readable<ConnectionState> {
    return this.connectionState;
  }
  /** Set when the server ended the session (the UI asks for the password again). */
  get sessionEnded(): Readable<HumanError | null> {
    return this.endedState;
  }
  get invites(): Readable<InviteHandler | null> {
    return this.invitesState;
  }
  get userId(): string | null {
    return this.session?.userId ?? null;
  }
  get deviceId(): string | null {
    return this.session?.credentials.deviceId ?? null;
  }
  get homeserverUrl(): string | null {
    return this.session?.credentials.homeserverUrl ?? null;
  }
  /** The Matrix client, for core modules (broadcast) only; the UI never touches it. */
  get client(): MatrixClient | null {
    return this.clientValue;
  }
  get outbox(): Outbox | null {
    return this.outboxValue;
  }
  get media(): MediaStore | null {
    return this.mediaStore;
  }

  /** The notification room's view-model (created on first use, after sign-in). */
  broadcast(): BroadcastDesk | null {
    if (!this.clientValue || !this.sdk) return null;
    this.desk ??= new this.sdk.BroadcastDesk(this.clientValue, this.config.notificationRoom ?? null, {
      maxBytes: this.config.maxImageBytes,
    });
    return this.desk;
  }

  /** Signs in and starts; rejects with a HumanError the sign-in screen shows as it is. */
  async signIn(request: SignInRequest): Promise<void> {
    // Whatever ran before (an ended session's sync) stops before the new session starts its own: the same
    // device signing in again reopens the same crypto store, which two clients must never hold at once.
    if (this.session) this.stop();
    await this.stopped;
    const session = await Session.signIn(this.sessionContext(), request);
    this.endedState.set(null);
    await this.boot(session, request.password);
  }

  /**
   * Signs in with a single-use token from a sign-in link or the shell's deep link, always against the admin's
   * configured homeserver (a link must not choose the server). Replaces any saved session.
   */
  async signInWithConfiguredToken(loginToken: string): Promise<void> {
    if (!this.config.homeserverUrl) {
      throw new HumanError("homeserver-error", {
        detail: "sign-in links need a homeserver in the configuration",
      });
    }
    this.stop();
    await this.stopped;
    await this.signInWithToken(this.config.homeserverUrl, loginToken);
  }

  /** Signs in with a single-use login token (a sign-in link or SSO callback). */
  async signInWithToken(homeserverUrl: string, loginToken: string): Promise<void> {
    const session = await Session.signInWithToken(this.sessionContext(), homeserverUrl, loginToken);
    this.endedState.set(null);
    await this.boot(session);
  }

  private sessionContext() {
    return {
      platform: this.platform,
      config: this.config,
      deviceName: this.options.deviceName,
      cryptoCallbacks: this.secretKeys.callbacks,
    };
  }

  /** Cross-signing, key backup and the recovery key (set up on the account's first device). */
  get recovery(): Recovery | null {
    return this.recoveryState.get();
  }

  /** The same, observable: it appears once the client exists (after sign-in, or when a saved session resumes). */
  get recoveries(): Readable<Recovery | null> {
    return this.recoveryState;
  }

  /** `password` is there only right after a password sign-in: the first device needs it to set up recovery. */
  private async boot(session: Session, password?: string): Promise<void> {
    // A newer sign-in (or stop) supersedes this start: every step after an await checks it is still current.
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.session = session;
    this.phaseState.set("starting");
    this.progressState.set({ step: "keys", covered: 0, total: 0 });
    session.onEnded((err) => this.endedState.set(err));

    // Render the saved inbox at once; the network brings it up to date.
    this.snapshot = await InboxSnapshot.open(session.prefix, session.deviceKey);
    const saved = await this.snapshot?.load();
    mark("snapshot");
    if (!current()) return;
    if (saved?.length) {
      this.inbox.load(saved);
      this.phaseState.set("ready");
      mark("ready-from-snapshot");
      // Let the saved inbox paint before the SDK and the crypto WASM load and compile on this thread.
      await afterPaint();
      if (!current()) return;
    }

    const sdk = await loadEngine();
    if (!current()) return;
    this.sdk = sdk;
    const client = await session.client();
    mark("client");
    if (!current()) return;
    this.clientValue = client;
    const recovery = new sdk.Recovery(client, this.secretKeys, { store: this.platform.secrets });
    this.recoveryState.set(recovery);
    this.mediaStore = new sdk.MediaStore(client, { limits: { maxBytes: this.config.maxImageBytes } });
    const invites = new sdk.InviteHandler(client, this.config.allowedWalletServers);
    this.invitesState.set(invites);
    this.ingest = new sdk.Ingest(client, this.inbox, {
      onInvite: (roomId, state) => invites.handle(roomId, state),
    });
    const ingest = this.ingest;
    invites.onJoined((roomId, walletUserId) => ingest.joined(roomId, walletUserId));
    this.outboxValue = new sdk.Outbox(client, await sealedOutboxStorage(session.prefix, session.deviceKey), {
      room: (roomId) => sdk.waitForRoom(client, roomId),
      isEncrypted: (roomId) => this.roomIsEncrypted(roomId),
    });

    this.progressState.set({ step: "first-window", covered: 0, total: 0 });
    const sliding = await sdk.supportsSlidingSync(client).catch(() => false);
    if (!current()) return;
    this.engine = sliding
      ? sdk.startSlidingSync(client, this.ingest, (total, covered) =>
          this.progressState.set({ step: "inbox", covered, total }),
        )
      : sdk.startClassicSync(client, this.ingest);
    this.teardown.push(session.connectivity.state.subscribe((state) => this.onConnection(state)));
    this.teardown.push(this.inbox.onChange((row, previous) => this.onRowChange(row, previous)));
    this.teardown.push(this.outboxValue.items.subscribe(() => this.updateSubscriptions()));
    await this.outboxValue.restore();

    await this.engine.firstWindow;
    if (!current()) return;
    this.inbox.markLoaded();
    this.phaseState.set("ready");
    void recovery.start(password).catch((err: Error) => console.warn(`[recovery] ${err.message}`));
    this.updateBadge();
  }

  private async roomIsEncrypted(roomId: string): Promise<boolean> {
    const crypto = this.clientValue?.getCrypto();
    if (!crypto) return false;
    // The room's state arrives with its subscription; give it a moment rather than refusing a reply.
    for (let i = 0; i < 100; i++) {
      if (await crypto.isEncryptionEnabledInRoom(roomId)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  private onConnection(state: ConnectionState): void {
    const previous = this.connectionState.get();
    this.connectionState.set(state);
    if (state === "online" && previous !== "online") this.outboxValue?.retryAllNow();
  }

  private onRowChange(row: InboxRow, previous: InboxRow | undefined): void {
    this.snapshot?.schedule(() => this.inbox.all());
    if (row.unread !== previous?.unread) this.updateBadge();
    const focused = this.windowFocused ? (this.conversation?.roomId ?? null) : null;
    const notification = this.phaseState.get() === "ready" ? notificationFor(row, previous, focused) : null;
    if (notification) this.platform.notify(notification);
  }

  private updateBadge(): void {
    let unread = 0;
    for (const row of this.inbox.all()) if (row.unread > 0) unread++;
    this.platform.setBadgeCount(unread);
  }

  /** The window gained or lost focus (notifications for the open conversation only while unfocused). */
  setWindowFocused(focused: boolean): void {
    this.windowFocused = focused;
    if (focused) void this.conversation?.markRead();
  }

  /** Rows on screen: their encrypted previews are decrypted first. */
  setVisibleRows(roomIds: string[]): void {
    this.ingest?.setVisible(roomIds);
  }

  private updateSubscriptions(): void {
    const rooms = this.outboxValue?.rooms() ?? new Set<string>();
    // The last few conversations stay live too: agents go back and forth between them, and a live one opens
    // without loading.
    for (const roomId of this.recentConversations) rooms.add(roomId);
    if (this.conversation) rooms.add(this.conversation.roomId);
    this.engine?.setSubscriptions?.(rooms);
  }

  /** Opens a conversation (closing the previous one); the view fills in as its history arrives. */
  openConversation(roomId: string): Conversation | null {
    const row = this.inbox.get(roomId);
    const client = this.clientValue;
    const sdk = this.sdk;
    if (!row || !client || !sdk || !this.outboxValue) return null;
    if (this.conversation?.roomId === roomId) return this.conversation;
    this.conversation?.close();
    const conversation: Conversation = new sdk.Conversation({
      client,
      row,
      outbox: this.outboxValue,
      allowUnencryptedReplies: this.config.allowUnencryptedReplies,
      maxImageBytes: this.config.maxImageBytes,
      room: () => sdk.waitForRoom(client, roomId),
      isWatched: (): boolean => this.windowFocused && this.conversation === conversation,
      onRead: (eventId) => this.inbox.update(roomId, (r) => applyReadReceipt(r, eventId, Date.now())),
      onWalletCapability: (canDecrypt) =>
        this.inbox.update(roomId, (r) =>
          r.cannotReadEncrypted === !canDecrypt ? r : { ...r, cannotReadEncrypted: !canDecrypt },
        ),
    });
    this.conversation = conversation;
    this.recentConversations = [roomId, ...this.recentConversations.filter((id) => id !== roomId)].slice(
      0,
      KEEP_LIVE,
    );
    this.platform.setOpenConversation?.(roomId);
    this.updateSubscriptions();
    void conversation.open();
    return conversation;
  }

  closeConversation(): void {
    this.conversation?.close();
    this.conversation = null;
    this.platform.setOpenConversation?.(null);
    this.updateSubscriptions();
  }

  /** Saves the inbox now (the app is closing or hiding). */
  async flush(): Promise<void> {
    await this.snapshot?.flush();
  }

  stop(): void {
    this.generation++;
    this.session?.stopping();
    this.conversation?.close();
    this.recoveryState.get()?.stop();
    this.outboxValue?.stop();
    this.stopped = this.engine?.stop().catch(() => {}) ?? Promise.resolve();
    this.teardown.forEach((fn) => fn());
    this.teardown.length = 0;
    this.snapshot?.close();
    this.conversation = null;
    this.engine = null;
  }

  async signOut(): Promise<void> {
    this.stop();
    // The sync stops cleanly before sign-out stops the client and deletes its stores.
    await this.stopped;
    await this.session?.signOut();
    this.session = null;
    this.clientValue = null;
    this.desk = null;
    this.recoveryState.set(null);
    await this.platform.secrets.delete("recovery-key-unconfirmed");
    this.inbox.load([]);
    this.phaseState.set("signed-out");
  }
}
