// A second sliding-sync connection that carries nothing but the invites list, long-polling beside the inbox's.
//
// Why: Synapse builds every answer of the inbox connection by sorting all of the account's rooms and listing the
// whole window (at 10,000 conversations a second or more of server time and 330 KB per answer). A wallet's
// invite rode on that answer, so the time to join and list a new wallet grew with the inbox. This connection's
// answer filters the memberships to invites and sorts only those: the invite reaches the policy as soon as the
// server has stored it, whatever the size of the inbox.
//
// It also replaces the one-off "pending invites" request a resumed connection needed: its first request (no
// position) lists every pending invite, which the invite policy holds in memory only. The inbox connection keeps
// its own invites list; the policy decides once per room, so a second delivery changes nothing.
import { Method, type MatrixClient } from "matrix-js-sdk";
import type { MSC3575List, MSC3575SlidingSyncResponse } from "matrix-js-sdk/lib/sliding-sync.js";
import type { RoomUpdate } from "./ingest.ts";
import { INVITES_LIST } from "./lists.ts";

export const INVITES_CONNECTION = "wsc-invites";
const PREFIX = "/_matrix/client/unstable/org.matrix.simplified_msc3575";
const LONG_POLL_MS = 25_000;
/** Back-off after a failed request: doubled each time, up to a minute, reset by an answer. */
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

export interface InviteWatch {
  stop(): void;
}

/**
 * Long-polls the invites list on its own connection and hands each invited room (with its stripped state) to
 * `onRoom`. Rooms the answer carries without invite state (an invite since joined or withdrawn) are not passed
 * on: the inbox connection tells what became of them.
 */
export function watchInvites(
  client: MatrixClient,
  onRoom: (roomId: string, update: RoomUpdate) => void,
): InviteWatch {
  let stopped = false;
  const abort = new AbortController();
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  void (async () => {
    let pos: string | undefined;
    let end = INVITES_LIST.ranges[0]![1]! + 1;
    let failures = 0;
    while (!stopped) {
      const list: MSC3575List = { ...INVITES_LIST, ranges: [[0, end - 1]] };
      try {
        const res = await client.http.authedRequest<MSC3575SlidingSyncResponse>(
          Method.Post,
          "/sync",
          { timeout: pos === undefined ? "0" : String(LONG_POLL_MS), ...(pos === undefined ? {} : { pos }) },
          { conn_id: INVITES_CONNECTION, lists: { invites: list } },
          { prefix: PREFIX, localTimeoutMs: LONG_POLL_MS + 15_000, abortSignal: abort.signal },
        );
        if (stopped) return;
        failures = 0;
        pos = res.pos;
        for (const [roomId, data] of Object.entries(res.rooms ?? {})) {
          const update = data as RoomUpdate;
          if (update.invite_state) onRoom(roomId, update);
        }
        const count = res.lists?.invites?.count ?? 0;
        if (count > end) {
          // A flood of pending invites: widen the window so every one of them is seen (as the inbox connection
          // does); the changed list makes the server send the whole window again, which the policy dedupes.
          end = count + 500;
        }
      } catch (err) {
        if (stopped) return;
        const status = (err as { httpStatus?: number }).httpStatus;
        // A position the server forgot (400, M_UNKNOWN_POS): start over; the first answer lists every pending
        // invite again. Any other failure (offline, a server restart, a signed-out token the session handles)
        // waits and tries again.
        if (status === 400) pos = undefined;
        const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
        failures++;
        if (failures === 1 || failures % 10 === 0)
          console.warn(`[sync] invites connection: ${(err as Error).message}; trying again in ${wait} ms`);
        await sleep(wait);
      }
    }
  })();

  return {
    stop() {
      stopped = true;
      abort.abort();
      wake?.();
    },
  };
}
