// The core's view-state primitive. It follows the Svelte store contract (subscribe returns an unsubscribe
// function and calls the subscriber at once), so the UI can use `$store` without the core importing Svelte.

export type Subscriber<T> = (value: T) => void;

export interface Readable<T> {
  subscribe(run: Subscriber<T>): () => void;
  get(): T;
}

export class Observable<T> implements Readable<T> {
  private value: T;
  private readonly subscribers = new Set<Subscriber<T>>();

  constructor(initial: T) {
    this.value = initial;
  }

  get(): T {
    return this.value;
  }

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const run of [...this.subscribers]) run(next);
  }

  update(fn: (current: T) => T): void {
    this.set(fn(this.value));
  }

  subscribe(run: Subscriber<T>): () => void {
    this.subscribers.add(run);
    run(this.value);
    return () => this.subscribers.delete(run);
  }
}

/**
 * Runs `fn` with the next animation frame where a visible page has frames; otherwise (Node, a hidden window,
 * which gets no frames) on the next macrotask. Decided at each call, as a window can hide and show again.
 */
export function onNextFrame(fn: () => void): void {
  const frames =
    typeof requestAnimationFrame === "function" && typeof document !== "undefined" && !document.hidden;
  if (frames) requestAnimationFrame(fn);
  else setTimeout(fn, 0);
}

/** Resolves once the next frame has been produced (see onNextFrame for where there are no frames). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => onNextFrame(() => setTimeout(resolve, 0)));
}

/**
 * Coalesces bursts of changes into one notification per animation frame (or macrotask outside a browser):
 * a sync response touching 500 rows should re-render the inbox once, not 500 times.
 */
export function batched(flush: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    onNextFrame(() => {
      scheduled = false;
      flush();
    });
  };
}

/**
 * A Readable computed from others: recomputed when any of them changes while someone listens, and on demand
 * (get) otherwise. Lets a feature publish "this conversation's notes" from the index and the outbox without
 * keeping a copy in sync by hand.
 */
export function derived<T>(sources: ReadonlyArray<Readable<unknown>>, compute: () => T): Readable<T> {
  const state = new Observable<T>(compute());
  let listeners = 0;
  let stops: Array<() => void> = [];
  return {
    get: () => (listeners > 0 ? state.get() : compute()),
    subscribe(run) {
      if (listeners++ === 0) {
        let ready = false;
        stops = sources.map((s) =>
          s.subscribe(() => {
            if (ready) state.set(compute());
          }),
        );
        ready = true;
        state.set(compute());
      }
      const stop = state.subscribe(run);
      return () => {
        stop();
        if (--listeners === 0) {
          for (const s of stops) s();
          stops = [];
        }
      };
    },
  };
}
