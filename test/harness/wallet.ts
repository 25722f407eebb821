// The wallet simulator: a Matrix client that behaves like a Talao AltMe wallet (../shared/wallet-behaviour.md).
// Two shapes: "e2ee" (older builds: rust crypto, encrypted messages and attachments) and "plaintext" (today's
// builds: no device keys, plaintext m.room.message and plain-`url` images inside the encrypted room, encrypted
// events dropped). Used by `npm run wallets`, the demo, the tests and the benchmark.
import { randomBytes } from "node:crypto";
import {
  ClientEvent,
  createClient,
  EventType,
  Method,
  MatrixEventEvent,
  RoomEvent,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import { decryptAttachment, encryptAttachment, type IEncryptedFile } from "matrix-encrypt-attachment";
import { expectedLabel } from "./labels.ts";
import { newWalletIdentity, type WalletIdentity } from "./did.ts";
import { registerOpen, registerWithSecret } from "./homeserver.ts";
import { waitFor } from "./wait.ts";
import { sdkLogger } from "../../renderer/core/logging.ts";

export type WalletShape = "e2ee" | "plaintext";

export interface WalletOptions {
  homeserverUrl: string;
  /** The provider's support account the wallet invites, e.g. `@support:matrix.org`. */
  support: string;
  shape?: WalletShape;
  /** Shared secret for the admin registration API; without it the server must allow open registration. */
  registrationSecret?: string;
  identity?: WalletIdentity;
  log?: (line: string) => void;
}

/** A message the wallet received from someone else (support, or a broadcast). */
export interface ReceivedMessage {
  roomId: string;
  eventId: string;
  sender: string;
  ts: number;
  msgtype: string;
  body: string;
  /** Whether it arrived as m.room.encrypted. */
  encrypted: boolean;
  /** For encrypted events: whether this wallet could decrypt it (a plaintext wallet never can). */
  readable: boolean;
  content: Record<string, unknown>;
}

export interface PostAttempt {
  ok: boolean;
  errcode?: string;
  error?: string;
}

const ALTME_ENCRYPTION = { algorithm: "m.megolm.v1.aes-sha2" };

export class Wallet {
  readonly client: MatrixClient;
  readonly identity: WalletIdentity;
  readonly shape: WalletShape;
  readonly support: string;
  supportRoomId: string | null = null;
  notificationRoomId: string | null = null;
  readonly received: ReceivedMessage[] = [];
  private readonly seen = new Set<string>();
  private readonly listeners = new Set<(m: ReceivedMessage) => void>();
  private readonly log: (line: string) => void;
  private txn = 0;

  /** The label the support account's consoles show for this wallet (keyed once the harness knows the key). */
  get label(): string {
    return expectedLabel(this.client.getUserId()!, this.support);
  }

  private constructor(client: MatrixClient, identity: WalletIdentity, opts: WalletOptions) {
    this.client = client;
    this.identity = identity;
    this.shape = opts.shape ?? "e2ee";
    this.support = opts.support;
    this.log = opts.log ?? (() => {});
  }

  get userId(): string {
    return this.client.getUserId()!;
  }

  /** Registers the wallet's account, starts its client (and crypto, for e2ee) and waits for the first sync. */
  static async create(opts: WalletOptions): Promise<Wallet> {
    const identity = opts.identity ?? newWalletIdentity();
    const password = randomBytes(18).toString("base64url");
    const account = opts.registrationSecret
      ? await registerWithSecret(opts.homeserverUrl, opts.registrationSecret, identity.localpart, password)
      : await registerOpen(opts.homeserverUrl, identity.localpart, password);
    const client = createClient({
      baseUrl: opts.homeserverUrl,
      userId: account.userId,
      accessToken: account.accessToken,
      deviceId: account.deviceId,
      logger: sdkLogger(process.env.MATRIX_DEBUG ? "debug" : "error"),
    });
    const wallet = new Wallet(client, identity, opts);
    if (wallet.shape === "e2ee") await client.initRustCrypto({ useIndexedDB: false });
    // Back-filled events count too: after a gap (the wallet or the server was away) the sync is "limited" and
    // the missed messages only arrive by paginating, as a wallet's chat screen would when scrolled.
    client.on(RoomEvent.Timeline, (event, room) => {
      if (room) wallet.onTimelineEvent(event);
    });
    client.on(RoomEvent.TimelineReset, (room) => {
      if (room) void wallet.backfill(room.roomId);
    });
    await new Promise<void>((resolve, reject) => {
      const onSync = (state: string) => {
        if (state === "PREPARED") {
          client.off(ClientEvent.Sync, onSync);
          resolve();
        } else if (state === "ERROR" && !client.isLoggedIn()) reject(new Error("wallet sync failed"));
      };
      client.on(ClientEvent.Sync, onSync);
      void client.startClient({ initialSyncLimit: 20, lazyLoadMembers: true });
    });
    return wallet;
  }

  /** Pages back through a room until reaching messages already seen (or the start). */
  async backfill(roomId: string): Promise<void> {
    // Taken when the timeline resets, before the new window's events are recorded.
    const seenBefore = new Set(this.seen);
    const room = this.client.getRoom(roomId);
    for (let page = 0; room && page < 20; page++) {
      const timeline = room.getLiveTimeline();
      const reachedKnown = timeline.getEvents().some((e) => seenBefore.has(e.getId() ?? ""));
      if (reachedKnown || !timeline.getPaginationToken("b" as never)) return;
      await this.client.scrollback(room, 50);
    }
  }

  private onTimelineEvent(event: MatrixEvent): void {
    if (event.getSender() === this.userId) return;
    const wire = event.getWireType();
    if (wire !== EventType.RoomMessage && wire !== EventType.RoomMessageEncrypted) return;
    // Only a wallet with crypto ever decrypts; a plaintext wallet sees the encrypted event as it is.
    if (this.shape === "e2ee" && (event.isBeingDecrypted() || event.shouldAttemptDecryption())) {
      event.once(MatrixEventEvent.Decrypted, () => this.record(event));
      return;
    }
    this.record(event);
  }

  private record(event: MatrixEvent): void {
    const eventId = event.getId();
    if (!eventId || this.seen.has(eventId)) return;
    const encrypted = event.isEncrypted();
    const readable =
      !encrypted || (!event.isDecryptionFailure() && event.getType() === EventType.RoomMessage);
    if (encrypted && !readable && this.shape === "plaintext") {
      // AltMe drops events it cannot decrypt; the simulator says so, because that is the failure to watch for.
      this.log(`${this.label}: dropped an encrypted message it cannot read (no crypto on this wallet)`);
    }
    if (readable && event.getType() !== EventType.RoomMessage) return;
    this.seen.add(eventId);
    const content = (readable ? event.getContent() : {}) as Record<string, unknown>;
    const message: ReceivedMessage = {
      roomId: event.getRoomId()!,
      eventId,
      sender: event.getSender()!,
      ts: event.getTs(),
      msgtype: typeof content.msgtype === "string" ? content.msgtype : "",
      body: typeof content.body === "string" ? content.body : "",
      encrypted,
      readable,
      content,
    };
    this.received.push(message);
    if (readable) {
      const where = message.roomId === this.notificationRoomId ? "broadcast" : "support replied";
      const what = message.msgtype === "m.image" ? `[image] ${message.body}` : message.body;
      this.log(`${this.label}: ${where}${encrypted ? " (decrypted)" : ""}: ${what}`);
    }
    for (const listener of this.listeners) listener(message);
  }

  /** Resolves with the first received message (already received or future) matching the predicate. */
  waitForMessage(predicate: (m: ReceivedMessage) => boolean, timeoutMs = 30_000): Promise<ReceivedMessage> {
    const existing = this.received.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`${this.label} did not receive the expected message within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const listener = (m: ReceivedMessage) => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m);
      };
      this.listeners.add(listener);
    });
  }

  /** Creates the support room exactly as AltMe does and invites support. */
  async startSupportChat(): Promise<string> {
    const body = (alias: string) => ({
      is_direct: true,
      name: alias,
      room_alias_name: alias,
      invite: [this.support],
      initial_state: [{ type: "m.room.encryption", state_key: "", content: ALTME_ENCRYPTION }],
    });
    try {
      const { room_id } = await this.client.createRoom(body(this.identity.thumbprint));
      this.supportRoomId = room_id;
    } catch (err) {
      if ((err as { errcode?: string }).errcode !== "M_ROOM_IN_USE") throw err;
      // AltMe's fallback when its alias is taken.
      const { room_id } = await this.client.createRoom(
        body(`${this.identity.thumbprint}-updated-${Date.now()}`),
      );
      this.supportRoomId = room_id;
    }
    if (this.shape === "e2ee") {
      // Its SDK encrypts only once its crypto has seen the room's encryption state (with the next sync): a
      // message sent before that would leave in clear, which no E2EE build of AltMe does.
      const roomId = this.supportRoomId;
      await waitFor(`${this.label} to see its room as encrypted`, async () =>
        this.client.getCrypto()?.isEncryptionEnabledInRoom(roomId),
      );
    }
    return this.supportRoomId;
  }

  private requireRoom(): string {
    if (!this.supportRoomId)
      throw new Error(`${this.label} has no support room yet; call startSupportChat()`);
    return this.supportRoomId;
  }

  /** Sends into a room as this wallet's shape does: encrypted through the SDK, or raw plaintext. */
  async send(roomId: string, content: Record<string, unknown>): Promise<string> {
    if (this.shape === "e2ee") {
      const res = await this.client.sendEvent(roomId, EventType.RoomMessage, content as never);
      return res.event_id;
    }
    const txnId = `altme${Date.now()}.${this.txn++}`;
    const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
    const res = await this.client.http.authedRequest<{ event_id: string }>(
      Method.Put,
      path,
      undefined,
      content,
    );
    return res.event_id;
  }

  sendText(body: string, html?: string): Promise<string> {
    const content: Record<string, unknown> = { msgtype: "m.text", body };
    if (html !== undefined) {
      content.format = "org.matrix.custom.html";
      content.formatted_body = html;
    }
    return this.send(this.requireRoom(), content);
  }

  /** Sends an image with AltMe's thin `info` ({mimetype, size}); encrypted `file` or plain `url` by shape. */
  async sendImage(bytes: Uint8Array, mimetype: string, filename: string): Promise<string> {
    const info = { mimetype, size: bytes.byteLength };
    if (this.shape === "e2ee") {
      const plain = bytes.slice().buffer as ArrayBuffer;
      const { data, info: fileInfo } = await encryptAttachment(plain);
      const upload = await this.client.uploadContent(new Blob([data]), {
        type: "application/octet-stream",
        includeFilename: false,
      });
      const file = { ...fileInfo, url: upload.content_uri };
      return this.send(this.requireRoom(), { msgtype: "m.image", body: filename, info, file });
    }
    const upload = await this.client.uploadContent(new Blob([bytes.slice()], { type: mimetype }), {
      type: mimetype,
      name: filename,
    });
    return this.send(this.requireRoom(), {
      msgtype: "m.image",
      body: filename,
      info,
      url: upload.content_uri,
    });
  }

  /** Downloads (and for `file`, decrypts) a received image, through authenticated media. */
  async downloadImage(message: ReceivedMessage): Promise<Uint8Array> {
    const file = message.content.file as (IEncryptedFile & { url: string }) | undefined;
    const mxc = file?.url ?? (message.content.url as string | undefined);
    if (!mxc?.startsWith("mxc://")) throw new Error("message has no media");
    const [server, mediaId] = mxc.slice("mxc://".length).split("/");
    const res = await fetch(`${this.client.baseUrl}/_matrix/client/v1/media/download/${server}/${mediaId}`, {
      headers: { authorization: `Bearer ${this.client.getAccessToken()}` },
    });
    if (!res.ok) throw new Error(`media download failed: ${res.status}`);
    const data = await res.arrayBuffer();
    return new Uint8Array(file ? await decryptAttachment(data, file) : data);
  }

  /** AltMe sets m.fully_read and public + private m.read when the user reads. */
  async markRead(eventId: string, roomId = this.requireRoom()): Promise<void> {
    await this.client.http.authedRequest(
      Method.Post,
      `/rooms/${encodeURIComponent(roomId)}/read_markers`,
      undefined,
      {
        "m.fully_read": eventId,
        "m.read": eventId,
        "m.read.private": eventId,
      },
    );
  }

  /** Joins the provider's notification room, then (like AltMe) tries to turn encryption on if it is off. */
  async joinNotificationRoom(aliasOrId: string): Promise<{ roomId: string; enableEncryption: PostAttempt }> {
    const room = await this.client.joinRoom(aliasOrId);
    this.notificationRoomId = room.roomId;
    const encrypted = await this.client.getCrypto()?.isEncryptionEnabledInRoom(room.roomId);
    const enableEncryption = encrypted ? { ok: true } : await this.tryEnableEncryption(room.roomId);
    if (enableEncryption.ok) {
      this.log(`${this.label}: joined ${aliasOrId}; it is encrypted now (the room is not protected!)`);
    } else {
      this.log(
        `${this.label}: joined ${aliasOrId} (its attempt to enable encryption was refused, as it should be)`,
      );
    }
    return { roomId: room.roomId, enableEncryption };
  }

  private async attempt(run: () => Promise<unknown>): Promise<PostAttempt> {
    try {
      await run();
      return { ok: true };
    } catch (err) {
      const e = err as { errcode?: string; message?: string };
      return { ok: false, errcode: e.errcode, error: e.message };
    }
  }

  /** What AltMe's `enableEncryption()` does to an unencrypted room. */
  tryEnableEncryption(roomId: string): Promise<PostAttempt> {
    return this.attempt(() =>
      this.client.http.authedRequest(
        Method.Put,
        `/rooms/${encodeURIComponent(roomId)}/state/m.room.encryption/`,
        undefined,
        ALTME_ENCRYPTION,
      ),
    );
  }

  /** A wallet trying to write into a room (e.g. the notification room, which must refuse). */
  tryPost(roomId: string, body: string): Promise<PostAttempt> {
    return this.attempt(() =>
      this.client.http.authedRequest(
        Method.Put,
        `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${Date.now()}.${this.txn++}`,
        undefined,
        { msgtype: "m.text", body },
      ),
    );
  }

  /** Whether this wallet has published device keys (a plaintext wallet has none). */
  async hasDeviceKeys(): Promise<boolean> {
    const res = await this.client.http.authedRequest<{
      device_keys: Record<string, Record<string, unknown>>;
    }>(Method.Post, "/keys/query", undefined, { device_keys: { [this.userId]: [] } });
    return Object.keys(res.device_keys[this.userId] ?? {}).length > 0;
  }

  stop(): void {
    this.client.stopClient();
    this.listeners.clear();
  }
}
