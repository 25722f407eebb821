// Work worth doing ahead of time, but only in the main thread's idle moments (while a start waits on the network
// or on IndexedDB): never in the way of what the agent is waiting for.

/**
 * Runs `work` when the page next has nothing to do. It may never run (a page that is never idle), so `work` must
 * be something that also happens on demand. Returns a cancel.
 */
export function whenIdle(work: () => void): () => void {
  if (typeof globalThis.requestIdleCallback === "function") {
    const id = globalThis.requestIdleCallback(() => work());
    return () => globalThis.cancelIdleCallback(id);
  }
  const id = setTimeout(work, 0);
  return () => clearTimeout(id);
}
