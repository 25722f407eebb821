// Time as a dependency (hydrogen's Platform.clock): "waiting 12 min", snoozes, paced retries and metrics read the
// clock they were given, so tests move time on purpose instead of sleeping, and the browser build can run under
// Playwright's fake clock. `systemClock` is the real one; `ManualClock` is for tests and simulations.

export type Cancel = () => void;

export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  setTimeout(fn: () => void, ms: number): Cancel;
  /** Resolves after `ms` (never rejects; a disposed owner simply ignores the result). */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that only moves when told to: `advance(ms)` runs every timer that falls due, in order. */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.UTC(2026, 10, 30, 9, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): Cancel {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Moves time forward by `ms`, running due timers (and those they schedule) at their own times. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = end;
  }

  /** Moves time to an absolute moment (never backwards). */
  setTo(ms: number): void {
    if (ms > this.time) this.advance(ms - this.time);
  }

  get pending(): number {
    return this.timers.length;
  }
}
