// The requests of the inbox's sliding-sync connection, shaped where matrix-js-sdk's SlidingSync gives no say:
// resuming from a saved position, and time enough for a response that pages hundreds of rooms in.
import type { MatrixClient } from "matrix-js-sdk";
import type { MSC3575SlidingSyncRequest } from "matrix-js-sdk/lib/sliding-sync.js";
import type { SyncPosition } from "./position.ts";

type SlidingSyncCall = MatrixClient["slidingSync"];

/**
 * How long the console waits for a response that pages rooms in (the first request, or one whose window grew):
 * the server takes as long as it takes to gather hundreds of rooms, and matrix-js-sdk's own limit (its long-poll
 * plus 10 s) made it give up after 35 s and ask again while the server was still working on the first request,
 * piling the same work up (seen at 1,000 conversations on a busy machine: requests of 3–6 minutes, four at once).
 */
export const PAGING_CLIENT_TIMEOUT_MS = 10 * 60_000;

/**
 * Shapes the requests matrix-js-sdk's SlidingSync sends, which it offers no way to do itself: the client's
 * `slidingSync` request method is wrapped so that
 * - until the first response arrives, each request carries the saved `pos` (and to-device `since`) and asks the
 *   server not to wait (nothing may have changed, and a 25 s long-poll would hold the catch-up);
 * - a request that pages rooms in is given time to be answered (PAGING_CLIENT_TIMEOUT_MS).
 * The wrapper goes away with `release()`.
 */
export class ConnectionRequests {
  private readonly client: MatrixClient;
  private readonly original: SlidingSyncCall;
  private pending: SyncPosition | null;
  private forgottenFlag = false;
  /** The inbox window of the last answered request: a different one pages rooms in. */
  private answeredWindow: string | null = null;

  private readonly beforeRequest: (() => Promise<unknown>) | null;

  /**
   * `beforeRequest` is awaited before every request that carries a position: the server forgets every other
   * position of the connection once a request uses one, so the position is saved before it is used.
   */
  constructor(
    client: MatrixClient,
    saved: SyncPosition | null,
    beforeRequest: (() => Promise<unknown>) | null = null,
  ) {
    this.client = client;
    this.beforeRequest = beforeRequest;
    this.pending = saved;
    this.original = client.slidingSync;
    const wrapped: SlidingSyncCall = (req, proxyBaseUrl, signal) => this.send(req, proxyBaseUrl, signal);
    client.slidingSync = wrapped;
  }

  /** The position being resumed (until the first response or the server's refusal), or null. */
  get resuming(): SyncPosition | null {
    return this.pending;
  }

  /** The server no longer knew the saved position: this run walks every room again. */
  get forgotten(): boolean {
    return this.forgottenFlag;
  }

  private async send(
    req: MSC3575SlidingSyncRequest,
    proxyBaseUrl?: string,
    signal?: AbortSignal,
  ): ReturnType<SlidingSyncCall> {
    const saved = this.pending;
    const window = JSON.stringify(req.lists?.inbox?.ranges ?? null);
    if (window !== this.answeredWindow) req.clientTimeout = PAGING_CLIENT_TIMEOUT_MS;
    if (saved && req.pos === undefined) {
      req.pos = saved.pos;
      req.timeout = 0;
      const toDevice = (req.extensions as Record<string, { since?: string }> | undefined)?.to_device;
      if (toDevice && toDevice.since === undefined && saved.toDeviceSince)
        toDevice.since = saved.toDeviceSince;
    }
    if (req.pos !== undefined && this.beforeRequest) {
      // Not saved (disk full): the request goes anyway; a restart would walk the rooms again, nothing is lost.
      await this.beforeRequest().catch(() => {});
    }
    try {
      const res = await this.original.call(this.client, req, proxyBaseUrl, signal);
      if (saved) this.pending = null;
      this.answeredWindow = window;
      return res;
    } catch (err) {
      // Synapse answers 400 (M_UNKNOWN_POS) for a position it expired or never had; a network error leaves the
      // position worth trying again.
      if (saved && (err as { httpStatus?: number }).httpStatus === 400) {
        this.pending = null;
        this.forgottenFlag = true;
      }
      throw err;
    }
  }

  release(): void {
    this.client.slidingSync = this.original;
  }
}
