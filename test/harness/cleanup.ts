// What a test file starts (consoles, wallets, matrix-js-sdk clients, temporary directories) is stopped once its
// tests are done, the last started first, so nothing of one file keeps syncing into the next.
import { afterAll } from "vitest";

export interface Cleanup {
  /** Runs `fn` after the file's tests. */
  add(fn: () => unknown): void;
  /** Stops `thing` after the file's tests; returns it, so `track(await newWallet(…))` reads naturally. */
  track<T extends { stop(): unknown }>(thing: T): T;
}

/** Call at the top level of a test file. */
export function cleanupAfterAll(): Cleanup {
  const fns: Array<() => unknown> = [];
  afterAll(async () => {
    for (const fn of fns.splice(0).reverse()) await fn();
  });
  return {
    add: (fn) => void fns.push(fn),
    track: (thing) => {
      fns.push(() => thing.stop());
      return thing;
    },
  };
}
