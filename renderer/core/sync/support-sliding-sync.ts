// The SlidingSync subclass behind the console's connection: every room's data goes to the inbox rows first, and
// matrix-js-sdk builds Room objects only for the conversations the console subscribes to (open, or with replies
// to send) — from the subscription's data, or from REST when the connection had already sent the room.
import { Method, type MatrixClient, type Room } from "matrix-js-sdk";
import { SlidingSync, SlidingSyncEvent, type MSC3575RoomData } from "matrix-js-sdk/lib/sliding-sync.js";
import type { SyncSink } from "../desk/taps.ts";
import type { RoomUpdate } from "./ingest.ts";
import { CONVERSATION_SUBSCRIPTION } from "./lists.ts";

/**
 * SlidingSync that hands every room's data to the ingest first, and lets matrix-js-sdk build Room objects only
 * for the rooms the console subscribes to.
 */
export class SupportSlidingSync extends SlidingSync {
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
export async function materialiseFromRest(
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
