// The sign-ins this console started and waits to be answered: each a one-time, unguessable state value bound
// to the homeserver it went to, expiring after ten minutes. Kept in the platform's secret store, because the
// answer arrives after a page load (the web build's redirect) or through the shell (the desktop's loopback
// redirect). A `loginToken` is used without asking only when it comes back with one of these.
import type { SecretStore } from "../platform/types.ts";

const SECRET = "sign-in-pending";
/** Long enough to sign in at a slow identity provider; short enough that a stale tab can't answer. */
export const PENDING_TTL_MS = 10 * 60_000;
/** Only the latest few: an agent who starts single sign-on again abandons the earlier attempt. */
const MAX_PENDING = 4;

export interface PendingSignIn {
  state: string;
  homeserverUrl: string;
  /** The identity provider chosen, if the server listed several. */
  providerId?: string;
  expiresAt: number;
}

export class PendingSignIns {
  private readonly store: SecretStore;
  private readonly clock: () => number;
  /** Reads and writes are serialised: two answers racing must not both take the same attempt. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(store: SecretStore, clock: () => number = Date.now) {
    this.store = store;
    this.clock = clock;
  }

  /** Records a new attempt and returns it; its `state` goes into the redirect URL. */
  begin(homeserverUrl: string, providerId?: string): Promise<PendingSignIn> {
    return this.serial(async () => {
      const attempt: PendingSignIn = {
        state: randomState(),
        homeserverUrl,
        ...(providerId ? { providerId } : {}),
        expiresAt: this.clock() + PENDING_TTL_MS,
      };
      const kept = (await this.live()).slice(-(MAX_PENDING - 1));
      await this.save([...kept, attempt]);
      return attempt;
    });
  }

  /** The attempt `state` answers, removed so it can't be answered twice; null if unknown or expired. */
  take(state: string | undefined): Promise<PendingSignIn | null> {
    return this.serial(async () => {
      if (!state) return null;
      const live = await this.live();
      const found = live.find((a) => timingSafeEqual(a.state, state)) ?? null;
      if (found) await this.save(live.filter((a) => a !== found));
      return found;
    });
  }

  /** Forgets an attempt the agent abandoned (closed the browser, pressed Cancel). */
  abandon(state: string): Promise<void> {
    return this.serial(async () => {
      await this.save((await this.live()).filter((a) => a.state !== state));
    });
  }

  private async live(): Promise<PendingSignIn[]> {
    const raw = await this.store.get(SECRET);
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (!Array.isArray(parsed)) return [];
      const now = this.clock();
      return (parsed as PendingSignIn[]).filter(
        (a) => typeof a?.state === "string" && typeof a.homeserverUrl === "string" && a.expiresAt > now,
      );
    } catch {
      return [];
    }
  }

  private async save(attempts: PendingSignIn[]): Promise<void> {
    if (attempts.length) await this.store.set(SECRET, JSON.stringify(attempts));
    else await this.store.delete(SECRET);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}

/** 128 random bits, URL-safe. */
function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares without stopping at the first difference, so timing says nothing about a guess. */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
