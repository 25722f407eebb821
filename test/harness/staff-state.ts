// What a device's staff side holds, for the message of a wait that timed out (waitFor's `state`): the staff
// rooms and their Room objects and live timelines, the records not sent yet, the index's own bookkeeping, and
// what the server has in each staff room. It is what told a lost sync event apart from an unsent record.
import type { Desk } from "../../renderer/core/desk/desk.ts";

interface IndexBookkeeping {
  handled: Set<string>;
  ids: Set<string>;
  waitingEvents: Map<string, unknown>;
  rooms: Set<string>;
  running: Map<string, unknown>;
  checks: Map<string, unknown>;
}

export function staffState(desk: Desk) {
  const staff = desk.features.staff;
  const index = staff.index as unknown as IndexBookkeeping;
  const rooms = staff.rooms.get();
  return {
    rooms,
    live: rooms.map((id) =>
      desk.client
        .getRoom(id)
        ?.getLiveTimeline()
        .getEvents()
        .map((e) => `${e.getType()}:${e.getId()}`),
    ),
    unsent: staff.pending.get().map((i) => [i.roomId, i.type, i.state, i.error, i.attempts]),
    me: staff.agents.me.get(),
    profiles: staff.index.agents.get().map((r) => [r.agent, r.content.name]),
    records: [...staff.index.allRecords().values()].flat().length,
    index: {
      handled: [...index.handled],
      ids: [...index.ids],
      waiting: [...index.waitingEvents.keys()],
      rooms: [...index.rooms],
      running: [...index.running.keys()],
      checks: [...index.checks.keys()],
    },
  };
}

/** The newest events of each of the device's staff rooms, as the server has them (type and ID). */
export async function staffRoomsOnServer(desk: Desk): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const id of desk.features.staff.rooms.get()) {
    const res = await desk.client.createMessagesRequest(id, null, 30, "b" as never);
    out[id] = res.chunk.map((e) => `${e.type}:${e.event_id}`);
  }
  return out;
}
