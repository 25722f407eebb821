// Sign-in links and single sign-on, for the app's whole lifetime: the attempts this console started (one-time
// state values), the links that arrive (a desktop deep link, the web build's address, the loopback redirect),
// and the agent's confirmation. A link is an answer, not a command: its token is exchanged for a new device
// first, the account is checked against the admin's support account, a link the console did not ask for is
// shown as "Sign in as @x:server?", and only a proven, accepted session is handed to `boot`, which is the
// first moment the running session may stop. Refused and cancelled links log their new device out and
// change nothing else.
import type { UIAuthCallback } from "matrix-js-sdk";
import { interactiveAuth } from "../recovery/auth.ts";
import { Observable, type Readable } from "../observable.ts";
import type { AdminConfig, Platform } from "../platform/types.ts";
import { BrowserSteps, type BrowserStep } from "./browser-step.ts";
import { HumanError } from "./errors.ts";
import { logOutDevice, tokenLogin, type Credentials } from "./login.ts";
import { hostOf, type IdentityProvider } from "./login-options.ts";
import { PendingSignIns } from "./pending-sign-ins.ts";
import { Session, type SessionContext } from "./session.ts";
import { SignInError } from "./sign-in-errors.ts";

/** A `loginToken` as it arrived, with the state value it came back with, if any. */
export interface LinkAnswer {
  loginToken: string;
  state?: string;
}

export interface BootOptions {
  /** Answers the homeserver when the first device uploads its cross-signing keys (recovery set-up). */
  auth?: UIAuthCallback<void>;
}

/** Sends the agent to single sign-on; resolves with the answer, or null when the page navigates away for it. */
export interface SsoTransport {
  start(request: { homeserverUrl: string; providerId?: string; state: string }): Promise<LinkAnswer | null>;
  /** Stops waiting (the agent pressed Cancel). */
  cancel?(): void;
}

/** Where no way to the identity provider was given (Node tests): single sign-on says so instead of hanging. */
export const NO_SSO: SsoTransport = {
  start: () => Promise.reject(new Error("single sign-on is not available here")),
};

export interface SignInFlowDeps {
  platform: Platform;
  config: AdminConfig;
  /** The context sessions are made with (device name, secret-storage callbacks). */
  sessionContext(): SessionContext;
  /** Who is signed in now; `ended` when the server ended that session (it may be replaced without asking). */
  running(): { userId: string; ended: boolean } | null;
  /**
   * Stops the running session, if any, and starts `session`. Called only with a session whose token was
   * exchanged, whose account passed the checks and, for a link nobody asked for, that the agent accepted.
   */
  boot(session: Session, options: BootOptions): Promise<void>;
  sso: SsoTransport;
  clock?: () => number;
}

export type SignInFlowStep =
  | { step: "idle" }
  /** A token is being exchanged and its account checked; nothing has changed yet. */
  | { step: "checking-link" }
  /** A link nobody asked for, resolved: the agent accepts or cancels. `replaces`: who is signed in now. */
  | { step: "confirm-link"; userId: string; server: string; replaces: string | null }
  /** Waiting for the identity provider in the browser. */
  | { step: "sso"; provider: string | null }
  | { step: "signing-in" };

export interface SignInFlowView {
  current: SignInFlowStep;
  /** Why the last link or single sign-on did not sign in (what was running keeps running). */
  error: SignInError | HumanError | null;
}

export class SignInFlow {
  readonly pending: PendingSignIns;
  /** Pages the agent finishes in a browser (single sign-on fallback for the encryption set-up). */
  readonly browser: BrowserSteps;
  private readonly deps: SignInFlowDeps;
  private readonly state = new Observable<SignInFlowView>({ current: { step: "idle" }, error: null });
  /** The credentials behind an open "Sign in as …?" question. */
  private awaiting: Credentials | null = null;
  /** Links are handled one at a time, in the order they came. */
  private queue: Promise<void> = Promise.resolve();

  constructor(deps: SignInFlowDeps) {
    this.deps = deps;
    this.pending = new PendingSignIns(deps.platform.secrets, deps.clock ?? Date.now);
    this.browser = new BrowserSteps((url) => deps.platform.openExternal(url));
  }

  get view(): Readable<SignInFlowView> {
    return this.state;
  }

  get browserStep(): Readable<BrowserStep | null> {
    return this.browser.current;
  }

  /** A link arrived (deep link, the web build's address, the loopback redirect). Never throws. */
  receive(answer: LinkAnswer): Promise<void> {
    const run = this.queue.then(() => this.handle(answer));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Starts single sign-on at `homeserverUrl` (with the provider the agent picked). */
  async startSso(homeserverUrl: string, provider?: IdentityProvider): Promise<void> {
    const url = homeserverUrl.trim().replace(/\/+$/, "");
    const attempt = await this.pending.begin(url, provider?.id);
    this.set({ step: "sso", provider: provider?.name ?? null }, null);
    let answer: LinkAnswer | null;
    try {
      answer = await this.deps.sso.start({
        homeserverUrl: url,
        state: attempt.state,
        ...(provider ? { providerId: provider.id } : {}),
      });
    } catch (err) {
      await this.pending.abandon(attempt.state);
      if (this.state.get().current.step === "sso") this.set({ step: "idle" }, ssoFailure(err));
      return;
    }
    if (answer) await this.receive(answer);
  }

  cancelSso(): void {
    this.deps.sso.cancel?.();
    if (this.state.get().current.step === "sso") this.set({ step: "idle" }, null);
  }

  /** The agent accepted "Sign in as …?". */
  async confirm(): Promise<void> {
    const credentials = this.awaiting;
    if (!credentials) return;
    this.awaiting = null;
    await this.handOver(credentials);
  }

  /** The agent declined: the device the link created is logged out; nothing else changes. */
  async cancel(): Promise<void> {
    const credentials = this.awaiting;
    this.awaiting = null;
    this.set({ step: "idle" }, null);
    if (credentials) await logOutDevice(credentials);
  }

  dismissError(): void {
    this.state.update((v) => ({ ...v, error: null }));
  }

  private async handle(answer: LinkAnswer): Promise<void> {
    // A newer link replaces a question still open: its device goes.
    if (this.awaiting) await this.cancel();
    const attempt = await this.pending.take(answer.state);
    const homeserverUrl = attempt?.homeserverUrl ?? this.deps.config.homeserverUrl?.replace(/\/+$/, "");
    // A link can't choose the server: unless it answers our own attempt, only the admin's server is asked.
    if (!homeserverUrl) return this.refuse(new SignInError("link-needs-homeserver"));
    this.set({ step: "checking-link" }, null);
    let credentials: Credentials;
    try {
      credentials = await tokenLogin({
        homeserverUrl,
        loginToken: answer.loginToken,
        deviceName: this.deps.sessionContext().deviceName,
      });
    } catch (err) {
      return this.refuse(err instanceof SignInError || err instanceof HumanError ? err : unknown(err));
    }
    const refusal = this.check(credentials.userId, attempt !== null);
    if (refusal) {
      await logOutDevice(credentials);
      return this.refuse(refusal);
    }
    const running = this.deps.running();
    if (attempt) return this.handOver(credentials);
    this.awaiting = credentials;
    this.set(
      {
        step: "confirm-link",
        userId: credentials.userId,
        server: hostOf(homeserverUrl),
        replaces: running && !running.ended ? running.userId : null,
      },
      null,
    );
  }

  /**
   * Why this account may not sign in here, or null. `ours`: the answer to a single sign-on the agent started
   * here (e.g. from "Sign in again"), which replaces the running session of the same account on purpose — after
   * the web build's redirect back, the restored session may not have learnt yet that the server ended it.
   */
  private check(userId: string, ours: boolean): SignInError | null {
    const expected = this.deps.config.supportUserId;
    if (expected && userId !== expected && !this.deps.config.allowOtherAccounts) {
      return new SignInError("wrong-account", { userId, expected });
    }
    const running = this.deps.running();
    if (!ours && running && !running.ended && running.userId === userId) {
      // Same account, a second device for nothing: the running one keeps its keys and queued replies.
      return new SignInError("already-signed-in", { userId });
    }
    return null;
  }

  private async handOver(credentials: Credentials): Promise<void> {
    this.set({ step: "signing-in" }, null);
    try {
      const session = await Session.adopt(this.deps.sessionContext(), credentials);
      await this.deps.boot(session, { auth: this.authFor(credentials) });
      this.set({ step: "idle" }, null);
    } catch (err) {
      this.set(
        { step: "idle" },
        err instanceof SignInError || err instanceof HumanError ? err : unknown(err),
      );
    }
  }

  /**
   * The encryption set-up's answer to the server for this account: the single sign-on fallback page (or an
   * account service's page) in the browser, shown through `browserStep`. Also for a "Set up encryption" button
   * on an account without a password (pass it to `Recovery.setUp(undefined, auth)`).
   */
  authFor(credentials: Pick<Credentials, "userId" | "homeserverUrl">): UIAuthCallback<void> {
    return interactiveAuth(credentials.userId, credentials.homeserverUrl, {
      confirmInBrowser: (url, notYet) => this.browser.run("confirm-identity", url, notYet),
    });
  }

  private refuse(error: SignInError | HumanError): void {
    this.set({ step: "idle" }, error);
  }

  private set(current: SignInFlowStep, error: SignInFlowView["error"]): void {
    this.state.set({ current, error });
  }
}

function unknown(err: unknown): HumanError {
  return new HumanError("homeserver-error", { detail: err instanceof Error ? err.message : String(err) });
}

function ssoFailure(err: unknown): SignInError | HumanError {
  if (err instanceof SignInError || err instanceof HumanError) return err;
  return new SignInError("sso-cancelled", {}, { cause: err });
}
