// When to show "Catching up…": after the connection comes back (offline or reconnecting → online) or after
// the window was hidden for more than a minute (the machine likely slept), until the inbox has stopped
// changing for a moment — the next sync has settled. A pure state machine; the app feeds it events and time.
import type { ConnectionState } from "../../core/sync/sliding.ts";

export const HIDDEN_LONG_MS = 60_000;
/** The inbox has been quiet this long: the catch-up sync is done. */
export const QUIET_MS = 2_000;
/** Shown at least this long, so it doesn't flicker. */
export const MIN_SHOWN_MS = 1_500;
/** Never shown longer than this, even if the inbox keeps changing (a busy inbox is not "catching up"). */
export const MAX_SHOWN_MS = 30_000;

export class CatchUp {
  private connection: ConnectionState = "connecting";
  private startedAt: number | null = null;
  private lastActivity = 0;
  private hiddenAt: number | null = null;

  /** The connection state changed. */
  onConnection(state: ConnectionState, now: number): void {
    const wasDown = this.connection === "offline" || this.connection === "reconnecting";
    this.connection = state;
    if (state === "online" && wasDown) this.start(now);
  }

  onHidden(now: number): void {
    this.hiddenAt ??= now;
  }

  onVisible(now: number): void {
    if (this.hiddenAt !== null && now - this.hiddenAt > HIDDEN_LONG_MS) this.start(now);
    this.hiddenAt = null;
  }

  /** The inbox changed (a sync brought something). */
  onActivity(now: number): void {
    if (this.startedAt !== null) this.lastActivity = now;
  }

  /** Whether to show the indicator at `now`; ends the catch-up once it has settled. */
  active(now: number): boolean {
    if (this.startedAt === null) return false;
    // While the connection is down the offline banner speaks instead; catching up starts when it's back.
    if (this.connection !== "online") return false;
    const shown = now - this.startedAt;
    const settled = shown >= MIN_SHOWN_MS && now - Math.max(this.lastActivity, this.startedAt) >= QUIET_MS;
    if (settled || shown >= MAX_SHOWN_MS) {
      this.startedAt = null;
      return false;
    }
    return true;
  }

  private start(now: number): void {
    this.startedAt = now;
    this.lastActivity = now;
  }
}
