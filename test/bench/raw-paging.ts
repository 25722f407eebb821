// The raw-server baseline for "all conversations listed": plain HTTP requests to Synapse's simplified sliding
// sync (MSC4186) with the console's own list definitions (same timeline limit, required state, filters and
// extensions), no client at all: how long the server takes to hand over every room. Several paging schedules
// are timed (the console's, one request for everything, fixed pages, parallel connections); the fastest is the
// floor the console is held to.
import { randomBytes } from "node:crypto";
import type { MSC3575List } from "matrix-js-sdk/lib/sliding-sync.js";
import { FIRST_WINDOW, inboxList, INVITES_LIST, nextWindow } from "../../renderer/core/sync/lists.ts";
import { call } from "./http.ts";

const SLIDING_SYNC = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";

/** The extensions matrix-js-sdk's sliding sync registers (the console keeps them): part of the server's work. */
const EXTENSIONS = {
  to_device: { enabled: true, limit: 100 },
  e2ee: { enabled: true },
  account_data: { enabled: true },
  receipts: { enabled: true },
  typing: { enabled: true },
};

export interface PagingSchedule {
  name: string;
  /** The first window's size. */
  first: number;
  /** The next window end after `end` (the list grows to it once the previous window has arrived). */
  next(end: number): number;
  /** Connections paging disjoint slices at once (each its own `conn_id`); 1 = one connection. */
  parallel?: number;
  /** Other list fields than the console's (for exploring what the server's time depends on). */
  fields?: Partial<MSC3575List>;
}

/** The schedules the benchmark knows; `npm run bench -- --raw-schedules a,b` picks which are timed. */
export const PAGING_SCHEDULES: Record<string, PagingSchedule> = {
  /** What the console does (renderer/core/sync/sliding.ts). */
  console: { name: "console", first: FIRST_WINDOW, next: nextWindow },
  /** One request for every room. */
  "all-at-once": { name: "all-at-once", first: 1_000_000, next: (end) => end * 2 },
  "pages-1000": { name: "pages-1000", first: 1000, next: (end) => end + 1000 },
  "pages-2500": { name: "pages-2500", first: 2500, next: (end) => end + 2500 },
  "parallel-2": { name: "parallel-2", first: FIRST_WINDOW, next: nextWindow, parallel: 2 },
  "parallel-4": { name: "parallel-4", first: FIRST_WINDOW, next: nextWindow, parallel: 4 },
};

export interface PagingRun {
  schedule: string;
  ms: number;
  requests: number;
  bytes: number;
  rooms: number;
}

interface SlidingResponse {
  pos: string;
  lists?: Record<string, { count?: number }>;
  rooms?: Record<string, unknown>;
}

async function post(
  baseUrl: string,
  token: string,
  body: object,
  pos: string | undefined,
): Promise<{ res: SlidingResponse; bytes: number }> {
  const q = new URLSearchParams({ timeout: "0" });
  if (pos) q.set("pos", pos);
  const res = await fetch(`${baseUrl}${SLIDING_SYNC}?${q}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sliding sync: ${res.status} ${text.slice(0, 200)}`);
  return { res: JSON.parse(text) as SlidingResponse, bytes: text.length };
}

/** Pages `[from, to)` of the inbox list on one connection, window by window, until every room in it arrived. */
async function pageSlice(
  baseUrl: string,
  token: string,
  schedule: PagingSchedule,
  from: number,
  to: number | null,
  connId: string,
): Promise<{ requests: number; bytes: number; rooms: Set<string> }> {
  const rooms = new Set<string>();
  let pos: string | undefined;
  let requests = 0;
  let bytes = 0;
  let size = schedule.first;
  for (;;) {
    const end = to === null ? from + size : Math.min(from + size, to);
    const inbox = { ...inboxList(end - from), ...schedule.fields, ranges: [[from, end - 1]] };
    const body = { conn_id: connId, lists: { inbox, invites: INVITES_LIST }, extensions: EXTENSIONS };
    const { res, bytes: b } = await post(baseUrl, token, body, pos);
    requests++;
    bytes += b;
    pos = res.pos;
    for (const id of Object.keys(res.rooms ?? {})) rooms.add(id);
    const total = res.lists?.inbox?.count ?? 0;
    if (end >= Math.min(to ?? total, total)) return { requests, bytes, rooms };
    size = schedule.next(size);
  }
}

/** Times one schedule on a fresh device (its own connection state), signing it out afterwards. */
export async function timeRawPaging(
  baseUrl: string,
  userId: string,
  password: string,
  rooms: number,
  schedule: PagingSchedule,
): Promise<PagingRun> {
  const login = await call<{ access_token: string }>(baseUrl, null, "POST", "/_matrix/client/v3/login", {
    type: "m.login.password",
    identifier: { type: "m.id.user", user: userId },
    password,
    initial_device_display_name: `bench raw paging (${schedule.name})`,
  });
  const token = login.access_token;
  try {
    const parallel = schedule.parallel ?? 1;
    const started = performance.now();
    const slice = Math.ceil(rooms / parallel);
    const parts = await Promise.all(
      Array.from({ length: parallel }, (_, i) =>
        pageSlice(
          baseUrl,
          token,
          schedule,
          i * slice,
          parallel === 1 ? null : (i + 1) * slice,
          `raw-${i}-${randomBytes(3).toString("hex")}`,
        ),
      ),
    );
    const ms = performance.now() - started;
    const all = new Set<string>();
    for (const p of parts) for (const id of p.rooms) all.add(id);
    return {
      schedule: schedule.name,
      ms,
      requests: parts.reduce((s, p) => s + p.requests, 0),
      bytes: parts.reduce((s, p) => s + p.bytes, 0),
      rooms: all.size,
    };
  } finally {
    await call(baseUrl, token, "POST", "/_matrix/client/v3/logout", {}).catch(() => {});
  }
}
