// Simplified sliding sync (MSC4186, native in Synapse) for a support account with thousands of conversations.
// One connection carries: the inbox list (grown from the 20 newest rooms to all of them in steps), the invites
// list, room subscriptions for the conversations that are open or have replies to send, and the SDK's e2ee /
// to-device / receipts extensions. Only subscribed rooms become matrix-js-sdk Room objects; every other room
// goes straight into the compact inbox rows (see ingest.ts). Invites also ride on a small connection of their own,
// whose answers need no sort of every conversation (invite-watch.ts).
import {
  ClientEvent,
  MatrixEvent,
  Method,
  PendingEventOrdering,
  type MatrixClient,
  type Room,
} from "matrix-js-sdk";
import {
  SlidingSync,
  SlidingSyncEvent,
  SlidingSyncState,
  type MSC3575List,
  type MSC3575RoomData,
  type MSC3575SlidingSyncResponse,
} from "matrix-js-sdk/lib/sliding-sync.js";
import { stopClient } from "../session/stop-client.ts";
import { dataEvents, type SyncSink } from "../desk/taps.ts";
import type { RoomUpdate } from "./ingest.ts";
import { mark } from "../marks.ts";
import {
  CONVERSATION_SUBSCRIPTION,
  FIRST_WINDOW,
  inboxList,
  INVITES_LIST,
  LISTS_FINGERPRINT,
  nextWindow,
} from "./lists.ts";
import type { GlobalAccountData, SyncPosition } from "./position.ts";
import { ConnectionRequests, PAGING_CLIENT_TIMEOUT_MS } from "./requests.ts";
import { watchInvites } from "./invite-watch.ts";

const LONG_POLL_MS = 25_000;

export async function supportsSlidingSync(client: MatrixClient): Promise<boolean> {
  try {
    await client.http.authedRequest(
      "POST" as never,
      "/org.matrix.simplified_msc3575/sync",
      { timeout: "0" },
      { lists: {} },
      { prefix: "/_matrix/client/unstable", localTimeoutMs: 10_000 },
    );
    return true;
  } catch (err) {
    const status = (err as { httpStatus?: number }).httpStatus;
    if (status === 404 || status === 405 || status === 400) return false;
    throw err;
  }
}

/**
 * Starts the two requests `startClient` makes before its first sync request — the server's versions (the client
 * caches them) and the push rules (the SDK's sync fetches them, then starts) — so they run while the crypto store
 * opens instead of one after the other in front of the first window. The sync's own call for the push rules gets
 * this answer (or asks again if it failed); later calls go to the server as usual.
 */
export function prefetchSyncStart(client: MatrixClient): void {
  void client.getVersions().catch(() => {});
  const rules = client.getPushRules();
  rules.catch(() => {});
  const fetchRules = client.getPushRules.bind(client);
  client.getPushRules = () => {
    client.getPushRules = fetchRules;
    return rules.catch(() => fetchRules());
  };
}

/**
 * A fresh device's first window of the inbox, asked for as soon as the client exists — while its crypto store
 * still opens, which takes about as long as the server takes to answer — on the connection the engine then
 * continues from this answer's position (`SlidingOptions.early`), as a restart continues from a saved one. The
 * request is the engine's own first one (the same lists) with the account-data and receipts extensions, whose
 * first answer the connection would not send again; to-device messages (none yet for a device whose keys are not
 * uploaded) and device-list changes start with the engine's first request. Null when the server did not answer
 * with a window (no sliding sync, offline): the engine then starts from nothing, as before.
 */
export async function requestFirstWindow(client: MatrixClient): Promise<MSC3575SlidingSyncResponse | null> {
  try {
    const response = await client.slidingSync({
      lists: { inbox: inboxList(FIRST_WINDOW), invites: INVITES_LIST },
      extensions: { account_data: { enabled: true }, receipts: { enabled: true } },
      clientTimeout: PAGING_CLIENT_TIMEOUT_MS,
    });
    return typeof response?.pos === "string" && response.pos ? response : null;
  } catch {
    return null;
  }
}

/**
 * SlidingSync that hands every room's data to the ingest first, and lets matrix-js-sdk build Room objects only
 * for the rooms the console subscribes to.
 */
class SupportSlidingSync extends SlidingSync {
  hooks!: { sink: SyncSink; materialise: (roomId: string) => boolean; sdk: MatrixClient };
  private loop: Promise<void> = Promise.resolve();
  /**
   * Rooms whose matrix-js-sdk Room is being built (from the subscription's data or from REST). The SDK stores a
   * new Room only once it has processed all of its data, so a second delivery in that window would build a
   * second Room and the later one would replace the first in the store — with whatever the first had received
   * (a reply's remote echo, a staff-room record) gone from what the console reads. Later data waits for the
   * Room being built and is added to it.
   */
  private readonly building = new Map<string, Promise<unknown>>();

  override start(): Promise<void> {
    this.loop = super.start();
    return this.loop;
  }

  /**
   * Stops, and resolves once the response being processed (if any) is done with: only then may the client and
   * its crypto layer stop, or that response is handed to a freed crypto machine. Bounded, as the loop may be
   * sleeping out an error back-off.
   */
  stopAndSettle(maxMs = 2000): Promise<void> {
    this.stop();
    return Promise.race([this.loop.catch(() => {}), new Promise<void>((r) => setTimeout(r, maxMs))]);
  }

  override async emitPromised(event: never, ...args: never[]): Promise<boolean> {
    if ((event as string) === SlidingSyncEvent.RoomData) {
      const [roomId, data] = args as unknown as [string, MSC3575RoomData];
      this.hooks.sink.room(roomId, data as RoomUpdate);
      if (!this.hooks.materialise(roomId)) return true;
      await this.building.get(roomId)?.catch(() => {});
      // The server sends full state and timeline when a subscription widens a room it already sent, but
      // without `initial`; the SDK only creates a Room for initial data.
      const room = this.hooks.sdk.getRoom(roomId);
      if (!room) {
        data.initial = true;
        return this.build(roomId, data);
      }
      if (data.limited && !data.initial && !overlapsLiveTimeline(room, data)) {
        // A gap (reconnect, or a burst bigger than the window): the SDK would append the new window after the
        // old events as if nothing were missing. Start a fresh live timeline instead; the conversation pages
        // back to fill the gap.
        room.resetLiveTimeline(data.prev_batch ?? null, null);
      }
    }
    return (super.emitPromised as (e: never, ...a: never[]) => Promise<boolean>)(event, ...args);
  }

  /** Hands room data straight to the SDK (not to the ingest): used to build a Room from REST. */
  async deliverToSdk(roomId: string, data: MSC3575RoomData): Promise<boolean> {
    await this.building.get(roomId)?.catch(() => {});
    // The subscription's own data built it meanwhile: that is newer than what REST returned.
    if (this.hooks.sdk.getRoom(roomId)) return true;
    return this.build(roomId, data);
  }

  /** Lets the SDK build the room's Room from `data` (initial), one delivery at a time. */
  private build(roomId: string, data: MSC3575RoomData): Promise<boolean> {
    const building = (super.emitPromised as (e: string, ...a: unknown[]) => Promise<boolean>)(
      SlidingSyncEvent.RoomData,
      roomId,
      data,
    ).finally(() => {
      if (this.building.get(roomId) === building) this.building.delete(roomId);
    });
    this.building.set(roomId, building);
    return building;
  }
}

function overlapsLiveTimeline(room: Room, data: MSC3575RoomData): boolean {
  const known = new Set(
    room
      .getLiveTimeline()
      .getEvents()
      .map((e) => e.getId()),
  );
  return data.timeline.some((e) => known.has((e as { event_id?: string }).event_id));
}

/**
 * Builds a conversation's Room from the REST API (full state, the latest 40 events). Re-subscribing a room the
 * connection already sent brings no initial data back, so materialising can't rely on the subscription; the
 * subscription then keeps the Room live, and the SDK drops the events it already has.
 */
async function materialiseFromRest(
  client: MatrixClient,
  sync: SupportSlidingSync,
  roomId: string,
): Promise<void> {
  const path = `/rooms/${encodeURIComponent(roomId)}`;
  const [state, messages] = await Promise.all([
    client.http.authedRequest<MSC3575RoomData["required_state"]>(Method.Get, `${path}/state`),
    client.http.authedRequest<{ chunk: MSC3575RoomData["timeline"]; end?: string }>(
      Method.Get,
      `${path}/messages`,
      {
        dir: "b",
        limit: String(CONVERSATION_SUBSCRIPTION.timeline_limit),
      },
    ),
  ]);
  if (client.getRoom(roomId)) return; // the subscription's own initial data won the race
  const nameEvent = state.find((e) => e.type === "m.room.name");
  await sync.deliverToSdk(roomId, {
    name: typeof nameEvent?.content?.name === "string" ? nameEvent.content.name : "",
    initial: true,
    required_state: state,
    timeline: [...messages.chunk].reverse(),
    ...(messages.end ? { prev_batch: messages.end, limited: true } : {}),
  });
}

export interface SlidingEngine {
  /** Conversations that must be materialised (open, or with replies waiting to be sent). */
  setSubscriptions(roomIds: Set<string>): void;
  /** Resolves after the first response (the first window of the inbox) has been processed. */
  firstWindow: Promise<void>;
  /**
   * Resolves after the client's own first sync response (then `isInitialSyncComplete()`): the same moment as
   * `firstWindow`, except when the first window came early (`SlidingOptions.early`), about a round trip later.
   * What reads the account through the client (recovery, secret storage) waits for this.
   */
  synced: Promise<void>;
  /** The connection's position after the last response fully processed (saved with the inbox rows). */
  position(): SyncPosition | null;
  /** Resolves when the client has stopped. */
  stop(): Promise<void>;
}

export interface SlidingOptions {
  /** Where the previous run stopped (saved with the inbox snapshot): only what changed since is fetched. */
  resume?: SyncPosition | null;
  /** `position()` moved on (a response was processed): the snapshot saves it. */
  onPosition?: () => void;
  /** Resolves when `position()` as it is now is saved: awaited before a request uses the position. */
  beforeRequest?: () => Promise<unknown>;
  /** A fresh device's first window, already answered (`requestFirstWindow`); ignored when resuming. */
  early?: MSC3575SlidingSyncResponse | null;
}

export function startSlidingSync(
  client: MatrixClient,
  sink: SyncSink,
  onCoverage: (total: number, covered: number) => void,
  options: SlidingOptions = {},
): SlidingEngine {
  const subscribed = new Set<string>();
  const early = options.resume ? null : (options.early ?? null);
  // A resumed connection asks for everything it had at once: the server sends only the rooms that changed.
  let end = Math.max(FIRST_WINDOW, options.resume?.covered ?? 0);
  let invitesEnd = INVITES_LIST.ranges[0]![1]! + 1;
  let total = options.resume?.total ?? 0;
  let position: SyncPosition | null = options.resume ?? null;
  let toDeviceSince = options.resume?.toDeviceSince ?? null;
  let caughtUp = false;
  const lists = new Map<string, MSC3575List>([
    ["inbox", inboxList(end)],
    ["invites", INVITES_LIST],
  ]);
  const sync = new SupportSlidingSync(client.baseUrl, lists, CONVERSATION_SUBSCRIPTION, client, LONG_POLL_MS);
  sync.hooks = { sink, sdk: client, materialise: (roomId) => subscribed.has(roomId) };

  let resolveSynced!: () => void;
  const synced = new Promise<void>((r) => (resolveSynced = r));
  let windowDone = false;
  let resolveFirst!: () => void;
  const firstWindow = new Promise<void>((r) => (resolveFirst = r));

  /** A response's rooms are in the rows: what it says about the connection and the lists is taken in. */
  const completed = (resp: MSC3575SlidingSyncResponse) => {
    // Room account data for every room in the lists (the SDK keeps it only for rooms it has a Room for).
    const extensions = resp.extensions as {
      account_data?: { rooms?: Record<string, unknown> };
      to_device?: { next_batch?: string | null };
    };
    const accountData = extensions?.account_data?.rooms;
    if (accountData && typeof accountData === "object") {
      for (const [roomId, events] of Object.entries(accountData))
        sink.roomAccountData(roomId, dataEvents(events));
    }
    sink.flushReceipts();
    total = resp.lists?.inbox?.count ?? total;
    toDeviceSince = extensions?.to_device?.next_batch ?? toDeviceSince;
    // Every room up to `end` is now in the rows: the position the snapshot may save with them (with the global
    // account data the SDK has stored by now: a resumed connection won't send it again).
    position = {
      pos: resp.pos,
      covered: end,
      total,
      toDeviceSince,
      lists: LISTS_FINGERPRINT,
      accountData: globalAccountData(client),
    };
    options.onPosition?.();
    const invites = resp.lists?.invites?.count ?? 0;
    if (invites > invitesEnd) {
      // A flood of pending invites: widen the window so every one of them is seen.
      invitesEnd = invites + 500;
      sync.setListRanges("invites", [[0, invitesEnd - 1]]);
    }
    if (!windowDone) mark("first-window");
    windowDone = true;
    resolveFirst();
    onCoverage(total, Math.min(end, total));
    if (!caughtUp && end >= total) {
      caughtUp = true;
      mark("inbox-caught-up");
    }
    if (total > end) {
      // Grow the window once the previous slice is in; the SDK sends the new range on its next request.
      end = nextWindow(end);
      sync.setListRanges("inbox", [[0, end - 1]]);
    }
  };

  sync.on(
    SlidingSyncEvent.Lifecycle,
    (state: SlidingSyncState, resp: MSC3575SlidingSyncResponse | null, err?: Error) => {
      if (!resp) {
        if ((err as { httpStatus?: number } | undefined)?.httpStatus === 400 && end > FIRST_WINDOW) {
          // The server forgot the connection (expired, or too much changed while we were away): walk every
          // room again from the first window, in the background — the rows on screen stay as they are and
          // only change where the server's data differs.
          end = FIRST_WINDOW;
          position = null;
          sync.setListRanges("inbox", [[0, end - 1]]);
        }
        return;
      }
      if (state === SlidingSyncState.RequestFinished) {
        sink.receipts((resp.extensions as Record<string, unknown>)?.receipts);
        return;
      }
      completed(resp);
      // Listeners run in turn: the SDK's own (registered by startClient, after this one) marks the client synced
      // before anything awaiting this promise continues.
      resolveSynced();
    },
  );

  if (options.resume) restoreAccountData(client, options.resume.accountData);
  let requests: ConnectionRequests | null = null;
  let stopped = false;
  const begin = () => {
    requests = new ConnectionRequests(client, position, options.beforeRequest ?? null);
    void client.startClient({
      slidingSync: sync,
      lazyLoadMembers: true,
      threadSupport: false,
      pendingEventOrdering: PendingEventOrdering.Detached,
    });
  };
  if (early) {
    // Taken in as the engine takes in a response (receipts, rooms, then the rest) — once whoever started the
    // engine has finished wiring itself to the sink and to the position (the inbox snapshot saves the rows it is
    // told changed, with the position) — and only then does the connection continue from its position.
    queueMicrotask(() => {
      if (stopped) return;
      const extensions = (early.extensions ?? {}) as {
        receipts?: unknown;
        account_data?: { global?: unknown };
      };
      restoreAccountData(client, dataEvents(extensions.account_data?.global));
      sink.receipts(extensions.receipts);
      for (const [roomId, data] of Object.entries(early.rooms ?? {})) sink.room(roomId, data as RoomUpdate);
      completed(early);
      begin();
    });
  } else begin();
  // Invites on a connection of their own: their answer needs no sort of every conversation (invite-watch.ts).
  const inviteWatch = watchInvites(client, (roomId, update) => sink.room(roomId, update));
  return {
    setSubscriptions(roomIds) {
      const dropped = [...subscribed].filter((id) => !roomIds.has(id));
      if (dropped.length === 0 && roomIds.size === subscribed.size) return;
      const added = [...roomIds].filter((id) => !subscribed.has(id));
      subscribed.clear();
      for (const id of roomIds) subscribed.add(id);
      sync.modifyRoomSubscriptions(new Set(roomIds));
      for (const id of added) {
        if (!client.getRoom(id)) {
          materialiseFromRest(client, sync, id).catch((err: Error) =>
            console.warn(`[sync] could not load ${id}: ${err.message}`),
          );
        }
      }
      // A room nobody looks at stops being a Room object: it would only go stale (its updates now flow to the
      // inbox alone) and cost memory. Subscribing again rebuilds it from fresh data.
      for (const id of dropped) client.store.removeRoom(id);
    },
    firstWindow,
    synced,
    position: () => position,
    stop: async () => {
      stopped = true;
      inviteWatch.stop();
      await sync.stopAndSettle();
      stopClient(client);
      (requests as ConnectionRequests | null)?.release();
    },
  };
}

function globalAccountData(client: MatrixClient): GlobalAccountData[] {
  return [...client.store.accountData.values()].map((e) => ({ type: e.getType(), content: e.getContent() }));
}

/**
 * Puts the account data saved with a resumed position back into the new client's store, as the account-data
 * extension does with what the server sends: the SDK's secret storage and the features read it from there.
 */
function restoreAccountData(client: MatrixClient, saved: GlobalAccountData[]): void {
  const known = new Set(client.store.accountData.keys());
  const events = saved.filter((e) => !known.has(e.type)).map((e) => new MatrixEvent(e));
  client.store.storeAccountDataEvents(events);
  for (const event of events) client.emit(ClientEvent.AccountData, event);
}

/** Connection health for the offline / reconnecting banner (judged from every request; see connectivity.ts). */
export type { ConnectionState } from "../session/connectivity.ts";
