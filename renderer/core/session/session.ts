// The signed-in session: sign-in, persistence (credentials and the per-device key live only in the platform's
// secret store), restoring on start without the network, the MatrixClient with rust crypto in an IndexedDB
// store encrypted by the device key, and sign-out that deletes the device and every local trace.
import type { MatrixClient } from "matrix-js-sdk";
import type { CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";
import { hash53 } from "../labels.ts";
import { localLabelKeyName } from "../wallet-labels/label-key.ts";
import type { AdminConfig, Platform } from "../platform/types.ts";
import { databasesWithPrefix, deleteDatabase } from "../storage/idb.ts";
import { fromBase64, toBase64 } from "../storage/sealed.ts";
import { loadSdk } from "../load-sdk.ts";
import { mark } from "../marks.ts";
import { createConnectivity, type Connectivity } from "./connectivity.ts";
import { HumanError } from "./errors.ts";
import { passwordLogin, type Credentials } from "./login.ts";
import { createTokenKeeper, type TokenKeeper } from "./tokens.ts";
import { stopClient } from "./stop-client.ts";
import { parseUserId } from "./user-id.ts";

const SECRET = "session";
/** A session a sign-in link for another account replaced: kept, never wiped, until that account signs in. */
const SET_ASIDE = "session-set-aside";
/** How long sign-out waits for the server to delete the device before it wipes the local data anyway. */
const SIGN_OUT_WAIT_MS = 10_000;

export interface StoredSession {
  credentials: Credentials;
  /** Base64 of the 32-byte per-device key: encrypts the crypto store and the console's own data. */
  deviceKey: string;
}

export interface SignInRequest {
  userId: string;
  password: string;
  /** The homeserver URL shown (and possibly edited) on the sign-in screen. */
  homeserverUrl?: string;
}

export interface SessionContext {
  platform: Platform;
  config: AdminConfig;
  deviceName: string;
  /** Secret-storage key callbacks (the recovery module's); the SDK only takes them at createClient. */
  cryptoCallbacks?: CryptoCallbacks;
}

/** Where IndexedDB exists (browser, Electron) the crypto store persists; elsewhere (Node tests) it is in memory. */
export const hasIndexedDb = (): boolean => typeof indexedDB !== "undefined";

export function storagePrefix(credentials: Pick<Credentials, "userId" | "deviceId">): string {
  return `wsc-${hash53(`${credentials.userId}|${credentials.deviceId}`).toString(36)}`;
}

/** Finds the homeserver to show on the sign-in form for a typed user ID. */
export async function homeserverFor(userId: string, config: AdminConfig): Promise<string | null> {
  const parsed = parseUserId(userId);
  if (!parsed) throw new HumanError("invalid-user-id", { input: userId });
  // An admin who set the homeserver has also limited the app's network to it (the CSP): asking another
  // server's .well-known would only be refused. The agent can still edit the address on the sign-in form.
  if (config.homeserverUrl) return config.homeserverUrl.replace(/\/+$/, "");
  const { discoverHomeserver } = await loadSdk();
  const found = await discoverHomeserver(parsed.serverName);
  return found?.homeserverUrl ?? null;
}

export class Session {
  readonly context: SessionContext;
  readonly deviceKey: Uint8Array;
  readonly tokens: TokenKeeper;
  readonly connectivity: Connectivity;
  private credentialsValue: Credentials;
  private clientValue: MatrixClient | null = null;
  private creating: Promise<MatrixClient> | null = null;
  /** The client being created, from before its crypto is ready (see `client`). */
  private createdValue: MatrixClient | null = null;
  private readonly createdHandlers: Array<(client: MatrixClient) => void> = [];
  private clientStopping = false;
  /** Closes the current client's requests for good (signing out has begun); each client has its own. */
  private closeRequests: () => void = () => {};
  private readonly endedHandlers: Array<(err: HumanError) => void> = [];

  private constructor(context: SessionContext, stored: StoredSession) {
    this.context = context;
    this.credentialsValue = stored.credentials;
    this.deviceKey = fromBase64(stored.deviceKey);
    this.connectivity = createConnectivity(stored.credentials.homeserverUrl);
    this.tokens = createTokenKeeper(
      stored.credentials.homeserverUrl,
      stored.credentials,
      this.connectivity.wrap(fetch),
    );
    this.tokens.onRefreshed((t) => {
      this.credentialsValue = { ...this.credentialsValue, ...t };
      this.clientValue?.setAccessToken(t.accessToken);
      void this.persist();
    });
    this.tokens.onSessionEnded(() => {
      const err = new HumanError("session-ended", { userId: this.credentialsValue.userId });
      this.endedHandlers.forEach((h) => h(err));
    });
  }

  get credentials(): Credentials {
    return this.credentialsValue;
  }

  get userId(): string {
    return this.credentialsValue.userId;
  }

  get prefix(): string {
    return storagePrefix(this.credentialsValue);
  }

  /** Called when the server ends the session (refresh refused): the UI asks for the password again. */
  onEnded(handler: (err: HumanError) => void): void {
    this.endedHandlers.push(handler);
  }

  static async signIn(context: SessionContext, request: SignInRequest): Promise<Session> {
    const parsed = parseUserId(request.userId);
    if (!parsed) throw new HumanError("invalid-user-id", { input: request.userId });
    const homeserverUrl =
      request.homeserverUrl?.trim().replace(/\/+$/, "") ||
      (await homeserverFor(parsed.userId, context.config));
    if (!homeserverUrl) throw new HumanError("unreachable", { server: parsed.serverName });
    await (await loadSdk()).checkHomeserver(homeserverUrl);
    // After a session ended on this machine, sign in to the same device so its keys and history stay usable
    // (also the one a sign-in link for another account set aside).
    const previous = await Session.readStored(context.platform);
    const setAside = await Session.readStored(context.platform, SET_ASIDE);
    const sameAccount =
      previous?.credentials.userId === parsed.userId
        ? previous
        : setAside?.credentials.userId === parsed.userId
          ? setAside
          : null;
    const login = (deviceId?: string) =>
      passwordLogin({
        homeserverUrl,
        userId: parsed.userId,
        password: request.password,
        deviceName: context.deviceName,
        ...(deviceId ? { deviceId } : {}),
      });
    let credentials = await login(sameAccount?.credentials.deviceId);
    let keepKey = sameAccount !== null && sameAccount.credentials.deviceId === credentials.deviceId;
    if (keepKey && !(await deviceKeysOnServer(credentials))) {
      // The server deleted the device (signed out everywhere, or by an admin) and with it its published keys:
      // the old crypto store believes they are published and would never send them again. Start as a new
      // device instead; earlier history comes back through the recovery key.
      await fetch(`${homeserverUrl}/_matrix/client/v3/logout`, {
        method: "POST",
        headers: { authorization: `Bearer ${credentials.accessToken}` },
      }).catch(() => {});
      credentials = await login();
      keepKey = false;
    }
    const deviceKey =
      keepKey && sameAccount ? sameAccount.deviceKey : toBase64(crypto.getRandomValues(new Uint8Array(32)));
    if (previous && !keepKey) await Session.wipeLocal(previous.credentials);
    if (setAside && sameAccount === setAside) await context.platform.secrets.delete(SET_ASIDE);
    const session = new Session(context, { credentials, deviceKey });
    await session.persist();
    return session;
  }

  /**
   * Takes over credentials a sign-in link or single sign-on already proved (the token was exchanged and the
   * account checked before this): saves them with a new device key. Nothing of the session saved before is
   * deleted: when it was another account, its record is set aside so signing in as that account again reuses
   * its device, keys and queued replies.
   */
  static async adopt(context: SessionContext, credentials: Credentials): Promise<Session> {
    const previous = await Session.readStored(context.platform);
    if (previous && previous.credentials.userId !== credentials.userId) {
      await context.platform.secrets.set(SET_ASIDE, JSON.stringify(previous));
    }
    const session = new Session(context, {
      credentials,
      deviceKey: toBase64(crypto.getRandomValues(new Uint8Array(32))),
    });
    await session.persist();
    return session;
  }

  /** The saved session, if any: no network needed, so the inbox can render from its snapshot at once. */
  static async restore(context: SessionContext): Promise<Session | null> {
    return Session.resume(context, await Session.saved(context.platform));
  }

  /**
   * The saved session of this device, read without a context: a start reads it while the admin configuration
   * loads (the two are independent; one after the other they were ~0.1 s of a restart's critical path at 300
   * conversations). Hand it to `resume`.
   */
  static saved(platform: Platform): Promise<StoredSession | null> {
    return Session.readStored(platform);
  }

  static resume(context: SessionContext, stored: StoredSession | null): Session | null {
    return stored ? new Session(context, stored) : null;
  }

  private static async readStored(platform: Platform, name = SECRET): Promise<StoredSession | null> {
    const raw = await platform.secrets.get(name);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as StoredSession;
      return parsed.credentials?.accessToken && parsed.deviceKey ? parsed : null;
    } catch {
      return null;
    }
  }

  private async persist(): Promise<void> {
    const stored: StoredSession = { credentials: this.credentialsValue, deviceKey: toBase64(this.deviceKey) };
    await this.context.platform.secrets.set(SECRET, JSON.stringify(stored));
  }

  /**
   * The MatrixClient with rust crypto initialised (created once; concurrent callers share the creation).
   * `created` is handed the client as soon as it exists, before its crypto store has opened: work that needs only
   * the access token can start there.
   */
  client(created?: (client: MatrixClient) => void): Promise<MatrixClient> {
    if (created) {
      if (this.createdValue) created(this.createdValue);
      else this.createdHandlers.push(created);
    }
    this.creating ??= this.createClient().catch((err: unknown) => {
      this.creating = null;
      this.createdValue = null;
      this.createdHandlers.length = 0;
      throw err;
    });
    return this.creating;
  }

  private async createClient(): Promise<MatrixClient> {
    const { createClient, sdkLogger, chooseKeySharing } = await loadSdk();
    mark("sdk");
    const c = this.credentialsValue;
    let closed = false;
    this.closeRequests = () => (closed = true);
    const client = createClient({
      baseUrl: c.homeserverUrl,
      userId: c.userId,
      deviceId: c.deviceId,
      accessToken: this.tokens.current().accessToken,
      // Once signing out has begun, the client's work still in flight (its crypto set-up reads account data and
      // uploads keys step by step) sends nothing more: those requests would only meet the logged-out token.
      fetchFn: (input, init) =>
        closed
          ? Promise.reject(new DOMException("This device is signing out", "AbortError"))
          : this.tokens.fetch(input, init),
      timelineSupport: true,
      logger: sdkLogger("warn", () => this.clientStopping),
      ...(this.context.cryptoCallbacks ? { cryptoCallbacks: this.context.cryptoCallbacks } : {}),
    });
    // The console makes no calls: without this, every start asks the server for MatrixRTC call transports
    // (MSC4143), which most servers answer with a 404 that the browser logs as an error on every load.
    client._unstable_getRTCTransports = async () => [];
    this.createdValue = client;
    for (const handler of this.createdHandlers.splice(0)) handler(client);
    if (hasIndexedDb()) {
      await client.initRustCrypto({
        cryptoDatabasePrefix: `${this.prefix}-crypto`,
        storageKey: this.deviceKey,
      });
    } else {
      await client.initRustCrypto({ useIndexedDB: false });
    }
    mark("crypto");
    chooseKeySharing(client.getCrypto());
    this.clientValue = client;
    return client;
  }

  /** The client is about to stop: what its in-flight work reports from now on is logged, not shown as errors. */
  stopping(): void {
    this.clientStopping = true;
  }

  /** Stops a client that never started syncing (the session was stopped while starting); waits for its creation. */
  async stop(): Promise<void> {
    this.clientStopping = true;
    const client = this.creating ? await this.creating.catch(() => null) : this.clientValue;
    if (client) stopClient(client);
  }

  /** Signs out: deletes the device on the server (and with it this device's keys), then every local trace. */
  async signOut(): Promise<void> {
    // A client still being created (sign-out right after a restart) is finished first, so that it is the one
    // logged out and stopped, and its crypto store is closed before the local data is deleted.
    const client = this.creating ? await this.creating.catch(() => null) : this.clientValue;
    // The client stops first, its requests in flight aborted and new ones refused: otherwise its crypto set-up,
    // a step at a time, goes on asking the server with a token the logout has just ended.
    this.clientStopping = true;
    this.closeRequests();
    if (client) stopClient(client);
    try {
      const logout = this.tokens.fetch(`${this.credentialsValue.homeserverUrl}/_matrix/client/v3/logout`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.tokens.current().accessToken}` },
      });
      // Sign-out never waits long on a slow or unreachable server: the device is deleted locally regardless.
      await Promise.race([logout, new Promise((_, reject) => setTimeout(reject, SIGN_OUT_WAIT_MS))]);
    } catch {
      // Offline, too slow or already logged out: the local data still goes.
    }
    await Session.wipeLocal(this.credentialsValue);
    await this.context.platform.secrets.delete(SECRET);
    // A recovery key shown but not yet confirmed as saved belongs to this device's session too.
    await this.context.platform.secrets.delete("recovery-key-unconfirmed");
    // So is this device's copy of the team's label key (the account's copy stays in secret storage).
    await this.context.platform.secrets.delete(localLabelKeyName(this.credentialsValue.userId));
    this.clientValue = null;
    this.createdValue = null;
    this.creating = null;
  }

  private static async wipeLocal(credentials: Credentials): Promise<void> {
    if (!hasIndexedDb()) return;
    const prefix = storagePrefix(credentials);
    for (const name of await databasesWithPrefix(prefix)) await deleteDatabase(name);
  }
}

/** Whether the homeserver still has this device's identity keys (it drops them when it deletes the device). */
async function deviceKeysOnServer(credentials: Credentials): Promise<boolean> {
  try {
    const res = await fetch(`${credentials.homeserverUrl}/_matrix/client/v3/keys/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${credentials.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ device_keys: { [credentials.userId]: [credentials.deviceId] } }),
    });
    if (!res.ok) return true; // can't tell: keep the device, as before
    const body = (await res.json()) as { device_keys?: Record<string, Record<string, unknown>> };
    return Boolean(body.device_keys?.[credentials.userId]?.[credentials.deviceId]);
  } catch {
    return true;
  }
}
