// A step the agent finishes in a browser — signing in at the identity provider, or confirming who they are
// before encryption keys are uploaded (the homeserver's single sign-on fallback page) — as view-state: the UI
// shows it with "Open again", "I've finished" and "Cancel", and the core waits for the answer.
import { Observable, type Readable } from "../observable.ts";

export type BrowserStepKind =
  /** Signing in at the identity provider; the console carries on by itself when the browser comes back. */
  | "sso-sign-in"
  /** Confirming identity for the encryption set-up; the agent says when it is done. */
  | "confirm-identity";

export interface BrowserStep {
  kind: BrowserStepKind;
  url: string;
  /** Set when the last "I've finished" was too early (the server still asks): the UI says so. */
  notYet: boolean;
}

export class BrowserSteps {
  private readonly state = new Observable<BrowserStep | null>(null);
  private readonly open: (url: string) => Promise<void>;
  private settle: ((finished: boolean) => void) | null = null;

  /** `open` shows a URL to the agent: the system browser on the desktop, a new tab on the web. */
  constructor(open: (url: string) => Promise<void>) {
    this.open = open;
  }

  get current(): Readable<BrowserStep | null> {
    return this.state;
  }

  /**
   * Opens `url` and resolves true when the agent says they finished, false when they cancel (or another step
   * replaces this one). `notYet` marks a repeat of a step the agent finished too early.
   */
  async run(kind: BrowserStepKind, url: string, notYet = false): Promise<boolean> {
    this.settle?.(false);
    const answer = new Promise<boolean>((resolve) => (this.settle = resolve));
    this.state.set({ kind, url, notYet });
    await this.open(url).catch(() => {});
    return answer;
  }

  /** Shows the page again (the agent closed the tab). */
  reopen(): void {
    const step = this.state.get();
    if (step) void this.open(step.url).catch(() => {});
  }

  finished(): void {
    this.end(true);
  }

  cancel(): void {
    this.end(false);
  }

  private end(finished: boolean): void {
    const settle = this.settle;
    this.settle = null;
    this.state.set(null);
    settle?.(finished);
  }
}
