// Simplified sliding sync (MSC4186, native in Synapse) for a support account with thousands of conversations.
// One connection carries: the inbox list (grown from the 20 newest rooms to all of them in steps), the invites
// list, room subscriptions for the conversations that are open or have replies to send, and the SDK's e2ee /
// to-device / receipts extensions. Only subscribed rooms become matrix-js-sdk Room objects; every other room
// goes straight into the compact inbox rows (see ingest.ts; the SlidingSync subclass that does this is in
// support-sliding-sync.ts). Invites also ride on a small connection of their own, whose answers need no sort of
// every conversation (invite-watch.ts). A fresh device's first window may come early (first-window.ts).
import { ClientEvent, MatrixEvent, PendingEventOrdering, type MatrixClient } from "matrix-js-sdk";
import {
  SlidingSyncEvent,
  SlidingSyncState,
  type MSC3575List,
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
import { materialiseFromRest, SupportSlidingSync } from "./support-sliding-sync.ts";

const LONG_POLL_MS = 25_000;

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
