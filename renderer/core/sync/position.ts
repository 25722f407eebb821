// Where the sliding-sync connection stood when the inbox was last saved — the server's `pos`, how far the inbox
// list reached, the to-device stream's `since` — so the next start asks the server only for what changed
// instead of walking every room again (Synapse keeps a connection's state in its database for days). Saved in the
// same sealed record as the inbox rows (inbox/snapshot.ts), never apart: rows older than the position they are
// saved with would miss what happened in between.
import type { MatrixClient } from "matrix-js-sdk";
import type { MSC3575SlidingSyncRequest } from "matrix-js-sdk/lib/sliding-sync.js";
import { LISTS_FINGERPRINT } from "./lists.ts";

export interface SyncPosition {
  /** The server's position after the last response the inbox rows include. */
  pos: string;
  /** The inbox list's window end when `pos` was issued (rooms beyond it were never sent), and the room count. */
  covered: number;
  total: number;
  /** The to-device stream's next batch, acknowledged by the next request. */
  toDeviceSince: string | null;
  /** The lists the connection was opened with (see lists.ts): another shape is not resumed. */
  lists: string;
}

/** A saved position read back defensively: anything odd means "walk every room", never a crash. */
export function parsePosition(raw: unknown): SyncPosition | null {
  if (!raw || typeof raw !== "object") return null;
  const p = raw as Record<string, unknown>;
  if (typeof p.pos !== "string" || !p.pos) return null;
  if (p.lists !== LISTS_FINGERPRINT) return null;
  const whole = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : null);
  const covered = whole(p.covered);
  const total = whole(p.total);
  if (covered === null || total === null) return null;
  return {
    pos: p.pos,
    covered,
    total,
    toDeviceSince: typeof p.toDeviceSince === "string" ? p.toDeviceSince : null,
    lists: p.lists,
  };
}

type SlidingSyncCall = MatrixClient["slidingSync"];

/**
 * Resumes a saved connection through matrix-js-sdk's SlidingSync, which has no way to be given a starting
 * position: the client's `slidingSync` request method is wrapped so that, until the first response arrives, each
 * request carries the saved `pos` (and to-device `since`) and asks the server not to wait (nothing may have
 * changed, and a 25 s long-poll would hold the catch-up). The wrapper goes away with `release()`.
 */
export class ConnectionResume {
  private readonly client: MatrixClient;
  private readonly original: SlidingSyncCall;
  private pending: SyncPosition | null;
  private forgottenFlag = false;

  constructor(client: MatrixClient, saved: SyncPosition | null) {
    this.client = client;
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
    if (saved && req.pos === undefined) {
      req.pos = saved.pos;
      req.timeout = 0;
      const toDevice = (req.extensions as Record<string, { since?: string }> | undefined)?.to_device;
      if (toDevice && toDevice.since === undefined && saved.toDeviceSince)
        toDevice.since = saved.toDeviceSince;
    }
    try {
      const res = await this.original.call(this.client, req, proxyBaseUrl, signal);
      if (saved) this.pending = null;
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
