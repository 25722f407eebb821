// The app-lifetime object: admin configuration, platform, clock, the phase the UI shows, signing in (password
// here; links and single sign-on through its SignInFlow) and out, the "session ended" reason. All of one session
// lives in its Desk (and its inbox, filled from the saved snapshot before the SDK loads); both are replaced at
// sign-in and cleared at sign-out, so nothing of a previous session stays reachable. See docs/architecture.md.
import { systemClock, type Clock } from "./clock.ts";
import type { Desk } from "./desk/desk.ts";
import type { StartProgress } from "./desk/desk-options.ts";
import type { UiHooks } from "./desk/feature.ts";
import type { Inbox } from "./inbox/inbox.ts";
import { loadSdk } from "./load-sdk.ts";
import { mark } from "./marks.ts";
import { Observable, type Readable } from "./observable.ts";
import type { AdminConfig, Platform } from "./platform/types.ts";
import { SecretStorageKeys } from "./recovery/secret-keys.ts";
import type { UIAuthCallback } from "matrix-js-sdk";
import type { HumanError } from "./session/errors.ts";
import { Session, type SessionContext, type SignInRequest } from "./session/session.ts";
import { NO_SSO, SignInFlow, type SsoTransport } from "./session/sign-in-flow.ts";
import { SessionRun, type SavedInbox } from "./session-run.ts";

export type Phase = "loading" | "signed-out" | "starting" | "ready";
export type { StartProgress } from "./desk/desk-options.ts";

export interface ConsoleOptions {
  deviceName: string;
  clock?: Clock;
  /** Words only the UI can say (notifications in the agent's language…). */
  ui?: UiHooks;
  /** How single sign-on reaches the identity provider: the system browser (desktop) or a redirect (web). */
  sso?: SsoTransport;
}

export class SupportConsole {
  readonly platform: Platform;
  readonly config: AdminConfig;
  readonly clock: Clock;
  readonly signIns: SignInFlow; // links and single sign-on: only a proven, accepted session reaches start()
  /** What a Session needs from the app: where secrets go, the admin's choices, the device's name. */
  readonly sessionContext: SessionContext;
  private readonly options: ConsoleOptions;
  private readonly secretKeys = new SecretStorageKeys();
  private readonly phaseState = new Observable<Phase>("loading");
  private readonly progressState = new Observable<StartProgress | null>(null);
  private readonly endedState = new Observable<HumanError | null>(null);
  private readonly inboxState = new Observable<Inbox | null>(null);
  private readonly deskState = new Observable<Desk | null>(null);
  readonly phase: Readable<Phase> = this.phaseState;
  readonly progress: Readable<StartProgress | null> = this.progressState;
  readonly sessionEnded: Readable<HumanError | null> = this.endedState; // the server ended it: ask again
  readonly inbox: Readable<Inbox | null> = this.inboxState; // from the saved snapshot on, before the desk
  readonly desk: Readable<Desk | null> = this.deskState; // the signed-in session's, once its client exists
  private run: SessionRun | null = null;
  private stopped: Promise<void> = Promise.resolve(); // the last session's client has stopped

  private constructor(platform: Platform, config: AdminConfig, options: ConsoleOptions) {
    this.platform = platform;
    this.config = config;
    this.options = options;
    this.clock = options.clock ?? systemClock;
    const cryptoCallbacks = this.secretKeys.callbacks;
    this.sessionContext = { platform, config, deviceName: options.deviceName, cryptoCallbacks };
    this.signIns = new SignInFlow({
      platform,
      config,
      sessionContext: () => this.sessionContext,
      running: () => this.run && { userId: this.run.session.userId, ended: this.endedState.get() !== null },
      boot: (session, { auth }) => this.start(session, { auth }),
      sso: options.sso ?? NO_SSO,
      clock: () => this.clock.now(),
    });
  }

  /** Loads the admin configuration and resumes the saved session if there is one. */
  static async create(platform: Platform, options: ConsoleOptions): Promise<SupportConsole> {
    mark("create");
    // The saved session is read while the configuration loads: neither needs the other.
    // So is the saved inbox, once the saved session says whose it is.
    const saved = Session.saved(platform);
    saved.catch(() => {}); // awaited below; a failed config load must not leave it unhandled
    const inbox = saved.then((stored) => (stored ? SessionRun.readSaved(stored) : null));
    inbox.catch(() => {}); // a failure is the run's to handle (it reads the inbox again)
    const config = await platform.loadConfig();
    mark("config");
    const console_ = new SupportConsole(platform, config, options);
    const session = Session.resume(console_.sessionContext, await saved);
    mark("session");
    if (session) void console_.start(session, { saved: inbox });
    else {
      console_.phaseState.set("signed-out");
      // Fetched (and the crypto WASM compiled) while the agent types, so signing in doesn't wait for them.
      void loadSdk()
        .then((sdk) => sdk.warmCrypto())
        .catch(() => {});
    }
    return console_;
  }

  /** The account of the current (or just ended) session. */
  get session(): Session | null {
    return this.run?.session ?? null;
  }

  /** Signs in with a password and starts; rejects with a HumanError the sign-in screen shows as it is. */
  async signIn(request: SignInRequest): Promise<void> {
    await this.stop(); // an ended session's sync: signing in again reopens its crypto store
    const session = await Session.signIn(this.sessionContext, request);
    await this.start(session, { password: request.password });
  }

  /**
   * Starts a signed-in session: the saved inbox at once, then the client and its desk. `password` (after a
   * password sign-in) or `auth` (after single sign-on) lets the account's first device set up recovery.
   * `saved`: the session's saved inbox, already being read (a restart).
   */
  async start(
    session: Session,
    {
      password,
      auth,
      saved,
    }: { password?: string; auth?: UIAuthCallback<void>; saved?: Promise<SavedInbox | null> } = {},
  ): Promise<void> {
    // The previous session stops before this one creates its client (two clients must never hold the same
    // crypto store); this run is current from now on, so a stop() called meanwhile stops it.
    const previous = this.stop();
    this.endedState.set(null);
    const { config, platform, clock, secretKeys } = this;
    const run: SessionRun = new SessionRun(session, {
      ...{ config, platform, clock, secretKeys, ui: this.options.ui ?? {} },
      onProgress: (progress) => this.run === run && this.progressState.set(progress),
      onInboxShown: () => this.run === run && this.phaseState.set("ready"),
      onDesk: (desk) => this.run === run && this.deskState.set(desk),
      ...(saved ? { saved } : {}),
    });
    this.run = run;
    session.onEnded((err) => this.run === run && this.endedState.set(err));
    this.inboxState.set(run.inbox);
    this.deskState.set(null);
    this.phaseState.set("starting");
    this.progressState.set({ step: "keys", covered: 0, total: 0 });
    await previous;
    await run.start(password, auth);
    if (this.run === run && !run.disposed) this.phaseState.set("ready");
  }

  /** Stops the running session (its sync, outbox and features); resolves when its client has stopped. */
  stop(): Promise<void> {
    const run = this.run;
    this.run = null;
    if (run) this.stopped = run.dispose();
    this.deskState.set(null);
    return this.stopped;
  }

  /** Saves the inbox now (the app is closing or hiding). */
  async flush(): Promise<void> {
    await this.run?.flush();
  }

  async signOut(): Promise<void> {
    const session = this.run?.session ?? null;
    await this.stop();
    await session?.signOut();
    this.inboxState.set(null);
    this.progressState.set(null);
    this.endedState.set(null);
    this.phaseState.set("signed-out");
  }
}
