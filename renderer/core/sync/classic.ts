// The fallback for homeservers without simplified sliding sync: classic /sync through matrix-js-sdk, fed into
// the same ingest as sliding sync, so the inbox, invites and conversations behave the same (only slower with
// thousands of rooms, since every room becomes a Room object).
import {
  ClientEvent,
  EventTimeline,
  KnownMembership,
  PendingEventOrdering,
  RoomEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import type { WireEvent } from "../inbox/row.ts";
import { stopClient } from "../session/stop-client.ts";
import { dataEvents, type SyncSink } from "../desk/taps.ts";

const wire = (e: MatrixEvent): WireEvent => e.getEffectiveEvent() as WireEvent;

function stateEvents(room: Room, types: string[]): WireEvent[] {
  const state = room.getLiveTimeline().getState(EventTimeline.FORWARDS);
  if (!state) return [];
  return types.flatMap((type) => state.getStateEvents(type).map(wire));
}

export interface ClassicEngine {
  firstWindow: Promise<void>;
  stop(): Promise<void>;
}

export function startClassicSync(client: MatrixClient, sink: SyncSink): ClassicEngine {
  const me = client.getUserId()!;
  const feedRoom = (room: Room, events: MatrixEvent[], initial: boolean) => {
    const membership = room.getMyMembership();
    if (membership === KnownMembership.Invite) {
      sink.room(room.roomId, {
        invite_state: stateEvents(room, [
          "m.room.create",
          "m.room.encryption",
          "m.room.member",
          "m.room.name",
          "m.room.join_rules",
        ]),
      });
      return;
    }
    if (membership !== KnownMembership.Join) return;
    const receipt = room.getEventReadUpTo(me);
    if (receipt)
      sink.receipts({
        rooms: { [room.roomId]: { content: { [receipt]: { "m.read": { [me]: { ts: Date.now() } } } } } },
      });
    sink.room(room.roomId, {
      initial,
      limited: initial,
      required_state: stateEvents(room, ["m.room.create", "m.room.encryption"]),
      timeline: events.map(wire),
      joined_count: room.getJoinedMemberCount(),
    });
    sink.flushReceipts();
  };

  let resolveFirst!: () => void;
  const firstWindow = new Promise<void>((r) => (resolveFirst = r));
  const onSync = (state: SyncState) => {
    if (state !== SyncState.Prepared) return;
    for (const room of client.getRooms()) feedRoom(room, room.getLiveTimeline().getEvents(), true);
    resolveFirst();
  };
  const onTimeline = (event: MatrixEvent, room: Room | undefined, toStart: boolean | undefined) => {
    if (!room || toStart || client.getSyncState() === null || client.getSyncState() === SyncState.Prepared)
      return;
    feedRoom(room, [event], false);
  };
  const onMembership = (room: Room) => feedRoom(room, room.getLiveTimeline().getEvents(), true);
  const onRoomAccountData = (event: MatrixEvent, room: Room) =>
    sink.roomAccountData(room.roomId, dataEvents([{ type: event.getType(), content: event.getContent() }]));
  client.on(ClientEvent.Sync, onSync);
  client.on(RoomEvent.AccountData, onRoomAccountData);
  client.on(RoomEvent.Timeline, onTimeline);
  client.on(RoomEvent.MyMembership, onMembership);
  void client.startClient({
    initialSyncLimit: 4,
    lazyLoadMembers: true,
    threadSupport: false,
    pendingEventOrdering: PendingEventOrdering.Detached,
  });
  return {
    firstWindow,
    stop: async () => {
      client.off(ClientEvent.Sync, onSync);
      client.off(RoomEvent.Timeline, onTimeline);
      client.off(RoomEvent.MyMembership, onMembership);
      client.off(RoomEvent.AccountData, onRoomAccountData);
      stopClient(client);
    },
  };
}
