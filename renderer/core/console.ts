// The app-lifetime object: the admin configuration, the platform, the clock, the phase the UI shows, signing in
// (password here; links and single sign-on through its SignInFlow) and out, and the "session ended" reason. Everything of one signed-in session lives in that session's Desk (and
// its inbox, which the saved snapshot fills before the SDK has even loaded); both are replaced at sign-in and
// cleared at sign-out, so nothing of a previous session stays reachable. See docs/architecture.md.
import { systemClock, type Clock } from "./clock.ts";
import type { Desk, StartProgress } from "./desk/desk.ts";
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
import { SignInFlow, type SsoTransport } from "./session/sign-in-flow.ts";
import { SessionRun } from "./session-run.ts";

export type Phase = "loading" | "signed-out" | "starting" | "ready";

/** Where no way to the identity provider was given (Node tests): single sign-on says so instead of hanging. */
const NO_SSO: SsoTransport = {
  start: () => Promise.reject(new Error("single sign-on is not available here")),
};
export type { StartProgress } from "./desk/desk.ts";

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
  /** Sign-in links and single sign-on: only a proven, accepted session ever reaches start(). */
  readonly signIns: SignInFlow;
  private readonly options: ConsoleOptions;
  private readonly secretKeys = new SecretStorageKeys();
  private readonly phaseState = new Observable<Phase>("loading");
  private readonly progressState = new Observable<StartProgress | null>(null);
  private readonly endedState = new Observable<HumanError | null>(null);
  private readonly inboxState = new Observable<Inbox | null>(null);
  private readonly deskState = new Observable<Desk | null>(null);
  private run: SessionRun | null = null;
  /** The last session's end: its client has stopped once this resolves. */
  private stopped: Promise<void> = Promise.resolve();

  private constructor(platform: Platform, config: AdminConfig, options: ConsoleOptions) {
    this.platform = platform;
    this.config = config;
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.signIns = new SignInFlow({
      platform,
      config,
      sessionContext: () => this.sessionContext(),
      running: () => {
        const session = this.run?.session;
        return session ? { userId: session.userId, ended: this.endedState.get() !== null } : null;
      },
      boot: (session, { auth }) => this.start(session, undefined, auth),
      sso: options.sso ?? NO_SSO,
      clock: () => this.clock.now(),
    });
  }

  /** Loads the admin configuration and resumes the saved session if there is one. */
  static async create(platform: Platform, options: ConsoleOptions): Promise<SupportConsole> {
    mark("create");
    const config = await platform.loadConfig();
    mark("config");
    const console_ = new SupportConsole(platform, config, options);
    const session = await Session.restore(console_.sessionContext());
    mark("session");
    if (session) void console_.start(session);
    else {
      console_.phaseState.set("signed-out");
      // Fetched while the agent types, so signing in doesn't wait for it.
      void loadSdk().catch(() => {});
    }
    return console_;
  }

  get phase(): Readable<Phase> {
    return this.phaseState;
  }
  get progress(): Readable<StartProgress | null> {
    return this.progressState;
  }
  /** Set when the server ended the session (the UI asks for the password again). */
  get sessionEnded(): Readable<HumanError | null> {
    return this.endedState;
  }
  /** The signed-in session's inbox: there from the saved snapshot on, before the desk. */
  get inbox(): Readable<Inbox | null> {
    return this.inboxState;
  }
  /** The signed-in session's desk, once its client exists. */
  get desk(): Readable<Desk | null> {
    return this.deskState;
  }
  /** The account of the current (or just ended) session. */
  get session(): Session | null {
    return this.run?.session ?? null;
  }

  sessionContext(): SessionContext {
    return {
      platform: this.platform,
      config: this.config,
      deviceName: this.options.deviceName,
      cryptoCallbacks: this.secretKeys.callbacks,
    };
  }

  /** Signs in with a password and starts; rejects with a HumanError the sign-in screen shows as it is. */
  async signIn(request: SignInRequest): Promise<void> {
    // Whatever ran before (an ended session's sync) stops first: the same device signing in again reopens the
    // same crypto store, which two clients must never hold at once.
    await this.stop();
    const session = await Session.signIn(this.sessionContext(), request);
    await this.start(session, request.password);
  }

  /**
   * Starts a signed-in session: the saved inbox at once, then the client and its desk. `password` is there only
   * right after a password sign-in, `auth` after single sign-on: the account's first device needs one of them to
   * set up recovery.
   */
  async start(session: Session, password?: string, auth?: UIAuthCallback<void>): Promise<void> {
    // The previous session stops before this one creates its client (the same device reopens the same crypto
    // store, which two clients must never hold at once); this run is current from now on, so a stop() called
    // meanwhile stops it.
    const previous = this.stop();
    this.endedState.set(null);
    const run: SessionRun = new SessionRun(session, {
      config: this.config,
      platform: this.platform,
      clock: this.clock,
      secretKeys: this.secretKeys,
      ui: this.options.ui ?? {},
      onProgress: (progress) => this.run === run && this.progressState.set(progress),
      onInboxShown: () => this.run === run && this.phaseState.set("ready"),
      onDesk: (desk) => this.run === run && this.deskState.set(desk),
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
    await this.platform.secrets.delete("recovery-key-unconfirmed");
    this.inboxState.set(null);
    this.progressState.set(null);
    this.endedState.set(null);
    this.phaseState.set("signed-out");
  }
}
