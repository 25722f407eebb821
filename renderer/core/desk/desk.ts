// The signed-in desk: everything that lives exactly as long as one session — the client, the sync engine and its
// taps, the ingest, the outbox, invites, media, recovery, the broadcast desk, the open conversation and every
// registered feature. Built in one go once the client exists (no field is ever unset), disposed as one unit, so
// a new sign-in can never reach an object of the previous one. See docs/architecture.md.
import { ClientEvent, type MatrixClient, type UIAuthCallback } from "matrix-js-sdk";
import type { BroadcastDesk } from "../broadcast/desk.ts";
import type { Clock } from "../clock.ts";
import type { Outbox, OutboxStorage } from "../conversation/outbox.ts";
import { roomIsEncrypted } from "../conversation/room-encryption.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { InboxSnapshot } from "../inbox/snapshot.ts";
import type { ForgottenRooms } from "../forget/forgotten.ts";
import type { InviteHandler } from "../invites.ts";
import type { Sdk } from "../load-sdk.ts";
import type { MediaStore } from "../media/index.ts";
import { Observable, type Readable } from "../observable.ts";
import type { AdminConfig, Platform } from "../platform/types.ts";
import type { BackupRestore, RestoreStorage } from "../recovery/backup-restore.ts";
import type { Recovery } from "../recovery/recovery.ts";
import type { ConnectionState } from "../session/connectivity.ts";
import type { Session } from "../session/session.ts";
import type { Ingest } from "../sync/ingest.ts";
import type { MSC3575SlidingSyncResponse } from "matrix-js-sdk/lib/sliding-sync.js";
import { LabelKey } from "../wallet-labels/label-key.ts";
import { Attention } from "./attention.ts";
import { Conversations } from "./conversations.ts";
import type { DeskPhase, FeatureApis, FeatureContext, FeatureId } from "./feature.ts";
import { RoomSubscriptions } from "./subscriptions.ts";
import { SyncTaps } from "./taps.ts";
import { mark } from "../marks.ts";
import type { DeskOptions, DeskPreparation, SyncEngine } from "./desk-options.ts";

/** A preview this device could not (yet) decrypt: the row's keys are worth restoring first. */
const needsKeys = (kind: string | undefined) => kind === "undecryptable" || kind === "decrypting";

export class Desk {
  readonly session: Session;
  readonly client: MatrixClient;
  readonly config: AdminConfig;
  readonly platform: Platform;
  readonly clock: Clock;
  readonly inbox: Inbox;
  readonly taps = new SyncTaps();
  readonly attention = new Attention();
  readonly subscriptions = new RoomSubscriptions();
  readonly ingest: Ingest;
  readonly outbox: Outbox;
  readonly invites: InviteHandler;
  readonly media: MediaStore;
  readonly recovery: Recovery;
  /** The key-backup restore behind `recovery` (conversations on screen first). */
  readonly backupRestore: BackupRestore;
  /** The team's key for wallet labels (read or made whenever recovery opens secret storage). */
  readonly labelKey: LabelKey;
  readonly broadcast: BroadcastDesk;
  readonly conversations: Conversations;
  readonly forgotten: ForgottenRooms;
  readonly features: FeatureApis;
  /** Resolves once the first window of the inbox has come from the server. */
  readonly firstWindow: Promise<void>;
  private readonly engine: SyncEngine;
  private readonly snapshot: InboxSnapshot | null;
  private readonly connectionState = new Observable<ConnectionState>("connecting");
  private readonly phaseState = new Observable<DeskPhase>("starting");
  private readonly teardown: Array<() => void> = [];
  private readonly flushes: Array<() => Promise<void>> = [];
  private stopping: Promise<void> | null = null;

  /**
   * Builds the desk. The few steps that need the network or storage run first, so the constructor can't fail
   * halfway; if `cancelled()` says the session was stopped meanwhile, nothing is built (null).
   */
  static async create(
    options: DeskOptions,
    cancelled: () => boolean = () => false,
    prepared: DeskPreparation = Desk.prepare(options.sdk, options.client, false),
  ): Promise<Desk | null> {
    const { sdk, session } = options;
    const [outbox, restore, sliding, forgotten, early] = await Promise.all([
      sdk.sealedOutboxStorage(session.prefix, session.deviceKey),
      sdk.sealedRestoreStorage(session.prefix, session.deviceKey),
      prepared.sliding,
      sdk.ForgottenRooms.open(session.prefix, session.deviceKey),
      prepared.early,
    ]);
    if (cancelled()) {
      forgotten.close();
      return null;
    }
    return new Desk(options, { outbox, restore }, sliding, forgotten, early);
  }

  /**
   * What the sync's first answer waits on, started as soon as the client exists — while its crypto store still
   * opens (~0.5 s on a fresh device): with `firstWindow` (no saved position to resume), the inbox's first window
   * itself (first-window.ts `requestFirstWindow`), whose answer also says the server speaks sliding sync; otherwise
   * the question alone. Only the access token is needed. (The desk's stores open after the crypto store: opened
   * alongside it, they slowed it down by more than they saved. Prefetching the versions and push rules that
   * `startClient` asks for before its first request saved nothing measurable: 910 vs 924 ms to 20 rows.)
   */
  static prepare(sdk: Sdk, client: MatrixClient, firstWindow: boolean): DeskPreparation {
    const early = firstWindow ? sdk.requestFirstWindow(client) : Promise.resolve(null);
    const sliding = early.then(
      (answer) => answer !== null || sdk.supportsSlidingSync(client).catch(() => false),
    );
    return { sliding, early };
  }

  private constructor(
    options: DeskOptions,
    storage: { outbox: OutboxStorage; restore: RestoreStorage },
    sliding: boolean,
    forgotten: ForgottenRooms,
    early: MSC3575SlidingSyncResponse | null,
  ) {
    const { session, client, sdk, inbox, config, platform, clock } = options;
    this.session = session;
    this.client = client;
    this.config = config;
    this.platform = platform;
    this.clock = clock;
    this.inbox = inbox;
    this.snapshot = options.snapshot;

    // Before the sync starts: the restore keeps the SDK's per-session key lookups off the server from the
    // first undecryptable message on.
    this.backupRestore = new sdk.BackupRestore(client, { storage: storage.restore });
    this.recovery = new sdk.Recovery(client, options.secretKeys, {
      store: platform.secrets,
      restore: this.backupRestore,
    });
    this.labelKey = new LabelKey(platform.secrets, session.userId);
    this.track(this.recovery.whileUnlocked((storage) => this.labelKey.withSecretStorage(storage)));
    void this.labelKey.loadLocal().catch((err: Error) => console.warn(`[labels] ${err.message}`));
    this.media = new sdk.MediaStore(client, { limits: { maxBytes: config.maxImageBytes } });
    this.broadcast = new sdk.BroadcastDesk(client, config.notificationRoom ?? null, {
      maxBytes: config.maxImageBytes,
    });
    this.forgotten = forgotten;
    this.track(() => forgotten.close());
    this.invites = new sdk.InviteHandler(client, config.allowedWalletServers, { forgotten });
    this.ingest = new sdk.Ingest(client, inbox, {
      onInvite: (roomId, state) => this.invites.handle(roomId, state),
      isForgotten: (roomId) => forgotten.has(roomId),
    });
    this.invites.onJoined((roomId, walletUserId) => {
      inbox.setNotWallet(roomId, false);
      this.ingest.joined(roomId, walletUserId, clock.now());
    });
    // A joined room that turned out not to be a wallet's private chat is left: it must not stay listed, nor come
    // back with a sync response that was on its way when it was left.
    this.invites.onLeft((roomId) => inbox.setNotWallet(roomId, true));
    this.track(this.taps.onReceipts((payload) => this.ingest.receipts(payload)));
    this.track(this.taps.onRoom((roomId, update) => this.ingest.room(roomId, update)));
    this.track(this.taps.onSynced(() => this.ingest.flushReceipts()));
    this.outbox = new sdk.Outbox(client, storage.outbox, {
      room: (roomId) => sdk.waitForRoom(client, roomId),
      isEncrypted: (roomId) => roomIsEncrypted(client, roomId, clock),
    });
    this.conversations = new Conversations({
      client,
      sdk,
      inbox,
      outbox: this.outbox,
      config,
      clock,
      attention: this.attention,
      subscriptions: this.subscriptions,
    });
    this.tapClient(client);
    // The open conversation's history: its keys are restored before the rest of the backup.
    this.track(
      this.conversations.current.subscribe((c) => {
        if (c) this.backupRestore.prioritize([c.roomId]);
      }),
    );

    // A saved connection position (kept with the inbox snapshot) lets the sync fetch only what changed.
    const snapshot = this.snapshot;
    // Filling until the first response says how many rooms there are (a resumed inbox is complete at once).
    this.ingest.setFilling(sliding);
    this.attention.setInboxFilling(sliding);
    this.engine = sliding
      ? sdk.startSlidingSync(
          client,
          this.taps,
          (total, covered) => {
            // Until every room is listed, the server's time goes to the inbox's pages first.
            this.ingest.setFilling(covered < total);
            this.attention.setInboxFilling(covered < total);
            options.onProgress({ step: "inbox", covered, total });
          },
          {
            resume: sdk.parsePosition(snapshot?.savedSyncState()),
            early,
            onPosition: () => snapshot?.syncStateChanged(),
            beforeRequest: () => snapshot?.persistSync() ?? Promise.resolve(),
          },
        )
      : sdk.startClassicSync(client, this.taps);
    snapshot?.trackSyncState(() => this.engine.position?.() ?? null);
    this.firstWindow = this.engine.firstWindow;
    this.subscriptions.attach(this.engine);
    this.track(session.connectivity.state.subscribe((state) => this.onConnection(state)));
    this.track(this.outbox.items.subscribe(() => this.subscriptions.keep("outbox", this.outbox.rooms())));
    this.track(inbox.onChange((row) => this.snapshot?.changed(row, () => inbox.all())));
    this.track(inbox.onRemove((roomId) => this.snapshot?.removed(roomId, () => inbox.all())));

    const features = {} as Record<FeatureId, unknown>;
    const context: FeatureContext = {
      client,
      sdk,
      userId: session.userId,
      deviceId: session.credentials.deviceId,
      config,
      platform,
      clock,
      inbox,
      outbox: this.outbox,
      media: this.media,
      taps: this.taps,
      conversations: this.conversations,
      attention: this.attention,
      subscriptions: this.subscriptions,
      storage: { prefix: session.prefix, deviceKey: session.deviceKey },
      forgotten,
      saveNow: () => this.flush(),
      phase: this.phaseState,
      labelKey: this.labelKey.key,
      ui: options.ui,
      track: (dispose) => this.track(dispose),
      onFlush: (save) => this.flushes.push(save),
      use: (id) => {
        if (!(id in features)) throw new Error(`feature "${id}" is used before it is registered`);
        return features[id] as FeatureApis[typeof id];
      },
    };
    for (const id of Object.keys(options.features) as FeatureId[]) {
      features[id] = options.features[id].start(context);
    }
    this.features = features as FeatureApis;
  }

  /** Global account data and decrypted to-device messages reach the taps the same way on both engines. */
  private tapClient(client: MatrixClient): void {
    const onAccountData = (event: { getType(): string; getContent(): Record<string, unknown> }) =>
      this.taps.globalAccountData({ type: event.getType(), content: event.getContent() });
    const onToDevice = (payload: {
      message: { type: string; sender: string; content: Record<string, unknown> };
      encryptionInfo: { senderDevice?: string; senderVerified: boolean } | null;
    }) =>
      this.taps.toDevice({
        type: payload.message.type,
        sender: payload.message.sender,
        content: payload.message.content ?? {},
        senderDevice: payload.encryptionInfo?.senderDevice ?? null,
        verified: payload.encryptionInfo?.senderVerified ?? false,
      });
    client.on(ClientEvent.AccountData, onAccountData);
    client.on(ClientEvent.ReceivedToDeviceMessage, onToDevice);
    this.track(() => {
      client.off(ClientEvent.AccountData, onAccountData);
      client.off(ClientEvent.ReceivedToDeviceMessage, onToDevice);
    });
  }

  get phase(): Readable<DeskPhase> {
    return this.phaseState;
  }

  get connection(): Readable<ConnectionState> {
    return this.connectionState;
  }

  get userId(): string {
    return this.session.userId;
  }

  /**
   * Restores queued replies and waits for the first window; `shown` is called once it is in the rows. The desk is
   * ready (features start, recovery checks the account) once the client's own first sync is in too: a fresh
   * device's first window comes ahead of it. `password` (right after a password sign-in) lets the account's first
   * device set up recovery at once.
   */
  async start(password?: string, auth?: UIAuthCallback<void>, shown?: () => void): Promise<void> {
    // Replies left queued by the last run are read back while the first window is on its way.
    await Promise.all([this.outbox.restore(), this.firstWindow]);
    if (this.stopping) return;
    this.inbox.markLoaded();
    mark("shown");
    shown?.();
    await (this.engine.synced ?? this.firstWindow);
    if (this.stopping) return;
    this.phaseState.set("ready");
    void this.recovery.start(password, auth).catch((err: Error) => console.warn(`[recovery] ${err.message}`));
  }

  private onConnection(state: ConnectionState): void {
    const previous = this.connectionState.get();
    this.connectionState.set(state);
    if (state === "online" && previous !== "online") this.outbox.retryAllNow();
  }

  private track(dispose: () => void): void {
    this.teardown.push(dispose);
  }

  /** The window gained or lost focus (notifications for the open conversation only while unfocused). */
  setWindowFocused(focused: boolean): void {
    this.attention.setWindowFocused(focused);
    if (focused) void this.conversations.current.get()?.markRead();
  }

  /** The agent typed, scrolled or clicked: background work (the search backfill) waits until they pause. */
  noteActivity(): void {
    this.attention.noteActivity(this.clock.now());
  }

  /** Rows on screen: their encrypted previews are decrypted first, and their keys restored first. */
  setVisibleRows(roomIds: string[]): void {
    this.ingest.setVisible(roomIds);
    this.backupRestore.prioritize(roomIds.filter((id) => needsKeys(this.inbox.get(id)?.preview?.kind)));
  }

  /**
   * Saves the inbox now (the app is closing or hiding). The `wsc:saved` mark says it is on disk: a restart from
   * here renders what was on screen (the benchmark closes the window only then).
   */
  async flush(): Promise<void> {
    await Promise.all([this.snapshot?.flush(), ...this.flushes.map((save) => save().catch(() => {}))]);
    mark("saved");
  }

  /**
   * Stops everything this session started, in one go: features, the open conversation, recovery, the outbox,
   * the sync (which finishes the response in hand, then stops the client) and the decrypted media. Resolves when
   * the client has stopped; calling it again returns the same promise.
   */
  dispose(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.session.stopping();
    this.phaseState.set("disposed");
    for (const dispose of this.teardown.splice(0).reverse()) {
      try {
        dispose();
      } catch (err) {
        console.error("[desk] teardown failed", err);
      }
    }
    this.taps.close();
    this.conversations.dispose();
    this.subscriptions.detach();
    this.recovery.stop();
    this.backupRestore.stop();
    this.outbox.stop();
    this.media.clear();
    this.snapshot?.close();
    this.stopping = this.engine.stop().catch(() => {});
    return this.stopping;
  }
}
