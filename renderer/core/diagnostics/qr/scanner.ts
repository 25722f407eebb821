// The QR scans of one signed-in session: each image (by its media key) is decoded at most once, however often
// it scrolls back into view, and what was found — codes, nothing, or why it couldn't be read — is remembered in a
// bounded cache that goes away with the session.
import { QrError, type QrResult } from "./protocol.ts";
import type { QrDecoder } from "./decoder.ts";

export type QrScan = { ok: true; results: QrResult[] } | { ok: false; error: QrError };

export class QrScanner {
  private readonly decoder: QrDecoder;
  private readonly capacity: number;
  private readonly done = new Map<string, QrScan>();
  private readonly pending = new Map<
    string,
    { promise: Promise<QrScan>; controller: AbortController; waiting: number }
  >();

  constructor(decoder: QrDecoder, capacity = 300) {
    this.decoder = decoder;
    this.capacity = capacity;
  }

  /** What an earlier scan of this image found, if it finished. */
  peek(key: string): QrScan | undefined {
    return this.done.get(key);
  }

  /**
   * Scans the image once. Aborting `signal` stops only this caller's wait; the decode itself is dropped when
   * every caller has stopped waiting before it started.
   */
  scan(key: string, image: Blob, signal?: AbortSignal): Promise<QrScan> {
    const known = this.done.get(key);
    if (known) return Promise.resolve(known);
    let entry = this.pending.get(key);
    // A scan every caller gave up on (the image left the screen) is dropped even if it has not settled yet: a
    // caller coming back starts a new one instead of joining it and getting its abort as a failure.
    if (!entry || entry.controller.signal.aborted) {
      const controller = new AbortController();
      const promise = this.decoder.decode(image, controller.signal).then(
        (results): QrScan => ({ ok: true, results }),
        (err: unknown): QrScan | Promise<QrScan> => {
          if (controller.signal.aborted) return Promise.reject(err as Error);
          return { ok: false, error: err instanceof QrError ? err : new QrError("failed", String(err)) };
        },
      );
      entry = { promise, controller, waiting: 0 };
      this.pending.set(key, entry);
      const settled = entry;
      promise
        .then((scan) => this.remember(key, scan))
        .catch(() => {})
        .finally(() => {
          if (this.pending.get(key) === settled) this.pending.delete(key);
        });
    }
    const current = entry;
    current.waiting++;
    if (!signal) return current.promise;
    return new Promise<QrScan>((resolve, reject) => {
      const onAbort = () => {
        current.waiting--;
        if (current.waiting === 0) current.controller.abort(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      current.promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /** Forgets every scan (sign-out). */
  clear(): void {
    this.done.clear();
    for (const entry of this.pending.values()) entry.controller.abort();
    this.pending.clear();
  }

  private remember(key: string, scan: QrScan): void {
    if (this.done.size >= this.capacity) this.done.delete(this.done.keys().next().value!);
    this.done.set(key, scan);
  }
}
