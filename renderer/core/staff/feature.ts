// The team's private space, as a desk feature: the staff room(s), the sealed index of what the team wrote there
// (notes, activity lines, agent profiles) and the agents' names. Other team features build on it: notes and
// status post records through `post`, and read them back from `index`.
import type { OutboxItem } from "../conversation/outbox.ts";
import type { Feature } from "../desk/feature.ts";
import { derived, type Readable } from "../observable.ts";
import { Agents } from "./agents.ts";
import { StaffIndex } from "./index.ts";
import { eventTypeOf, type RecordType } from "./records.ts";
import { StaffRooms } from "./rooms.ts";
import { sealedStaffStorage, type StaffStorage } from "./storage.ts";

export interface StaffApi {
  /** Every staff room known, oldest first (the first is written to). */
  readonly rooms: Readable<string[]>;
  readonly index: StaffIndex;
  readonly agents: Agents;
  /** The staff room to write to, created if the account has none yet. */
  room(): Promise<string>;
  /**
   * Queues a record into the staff room (creating the room if the account has none yet): through the sealed
   * outbox, so it survives a restart and goes out exactly once.
   */
  post(type: RecordType, conversation: string | null, content: Record<string, unknown>): Promise<OutboxItem>;
  /** Records still in the outbox (not on the server yet), oldest first. */
  readonly pending: Readable<OutboxItem[]>;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    staff: StaffApi;
  }
}

/** A storage that opens in the background (features start synchronously; their first read waits for it). */
function deferred(opening: Promise<StaffStorage>): StaffStorage {
  return {
    loadAll: async (prefix) => (await opening).loadAll(prefix),
    save: async (key, value) => (await opening).save(key, value),
    close: () => void opening.then((s) => s.close()),
  };
}

export const staffFeature: Feature<StaffApi> = {
  start(ctx) {
    const storage = deferred(sealedStaffStorage(ctx.storage.prefix, ctx.storage.deviceKey));
    const rooms = new StaffRooms(ctx.client, ctx.taps, ctx.track);
    const index = new StaffIndex(ctx.client, storage, ctx.clock);
    ctx.track(() => index.stop());
    ctx.track(ctx.taps.onRoom((roomId, update) => index.noticed(roomId, update.timeline ?? [])));
    ctx.track(
      rooms.all.subscribe((ids) => {
        ctx.subscriptions.keep("staff", ids);
        index.setRooms(ids);
      }),
    );

    const post = async (type: RecordType, conversation: string | null, content: Record<string, unknown>) => {
      const roomId = await rooms.ensure();
      const body = { ...content, agent: ctx.deviceId, ...(conversation ? { conversation } : {}) };
      return ctx.outbox.enqueue(roomId, body, false, eventTypeOf(type));
    };
    const agents = new Agents(ctx.client, ctx.deviceId, index, storage, (name) =>
      post("agent", null, { name }),
    );
    ctx.track(() => agents.stop());
    // Two devices that each created a staff room at the same moment write to the oldest once they have seen
    // both. Every device reads every staff room, so a name published into the other one before that still
    // counts; it is published again in the oldest so that the room every device writes to holds each agent's
    // latest name (the other room may be left out of the account data by a concurrent write until it is seen).
    let lastTarget: string | null = null;
    ctx.track(
      rooms.target.subscribe((target) => {
        const previous = lastTarget;
        lastTarget = target;
        const name = agents.me.get().name;
        if (previous && target && target !== previous && name) {
          post("agent", null, { name }).catch((err: Error) => console.warn(`[staff] ${err.message}`));
        }
      }),
    );

    const pending = derived([ctx.outbox.items, rooms.all], () => {
      const staff = new Set(rooms.all.get());
      return ctx.outbox.items.get().filter((item) => staff.has(item.roomId));
    });
    // A record this device sent is checked for a moment later (index.sent): it must come back to this device.
    let queued = new Map<string, string>();
    ctx.track(
      pending.subscribe((items) => {
        const now = new Map(items.map((i) => [i.txnId, i.roomId]));
        for (const [txnId, roomId] of queued) if (!now.has(txnId)) index.sent(roomId);
        queued = now;
      }),
    );
    return { rooms: rooms.all, index, agents, post, pending, room: () => rooms.ensure() };
  },
};
