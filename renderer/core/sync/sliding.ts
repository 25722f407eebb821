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
import { ConnectionRequests } from "./requests.ts";
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
}

export function startSlidingSync(
  client: MatrixClient,
  sink: SyncSink,
  onCoverage: (total: number, covered: number) => void,
  options: SlidingOptions = {},
): SlidingEngine {
  const subscribed = new Set<string>();
  const requests = new ConnectionRequests(client, options.resume ?? null, options.beforeRequest ?? null);
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

  let resolveFirst!: () => void;
  const firstWindow = new Promise<void>((r) => (resolveFirst = r));

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
    },
  );

  if (options.resume) restoreAccountData(client, options.resume.accountData);
  // Invites on a connection of their own: their answer needs no sort of every conversation (invite-watch.ts).
  const inviteWatch = watchInvites(client, (roomId, update) => sink.room(roomId, update));
  void client.startClient({
    slidingSync: sync,
    lazyLoadMembers: true,
    threadSupport: false,
    pendingEventOrdering: PendingEventOrdering.Detached,
  });
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
    position: () => position,
    stop: async () => {
      inviteWatch.stop();
      await sync.stopAndSettle();
      stopClient(client);
      requests.release();
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
