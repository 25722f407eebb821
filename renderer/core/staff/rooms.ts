// Where the team's encrypted records live: the staff room, an invite-only, end-to-end encrypted room that only
// the support account is in (so only its devices — the agents — hold its keys). A device finds it through global
// account data (listed there by whoever created it) or by its creation type in the room list, and creates it when
// the account has none yet.
//
// Two devices signing in for the first time at the same moment may both create one. Nothing is lost and no
// device has to win a race: every device reads every staff room it knows, lists all of them in the account
// data (merging, since that write is last-writer-wins), and writes into the oldest one — the same one on every
// device, so they converge as soon as each has seen both.
import { Method, Preset, Visibility, type MatrixClient } from "matrix-js-sdk";
import type { SyncTaps } from "../desk/taps.ts";
import { Observable, type Readable } from "../observable.ts";
import { STAFF_ROOM_TYPE, STAFF_ROOMS_DATA, staffRoomsFrom } from "./records.ts";

interface Known {
  /** When it was created (orders the rooms: the oldest is written to). */
  createdTs: number;
}

export class StaffRooms {
  private readonly client: MatrixClient;
  private readonly known = new Map<string, Known>();
  /** Rooms named somewhere (account data) being checked; checked rooms move to `known`. */
  private readonly checking = new Map<string, Promise<void>>();
  private readonly allState = new Observable<string[]>([]);
  private readonly targetState = new Observable<string | null>(null);
  private readonly refused = new Set<string>();
  private listed: string[] = [];
  private creating: Promise<string> | null = null;
  private stopped = false;

  constructor(client: MatrixClient, taps: SyncTaps, track: (dispose: () => void) => void) {
    this.client = client;
    track(
      taps.onGlobalAccountData((event) => {
        if (event.type !== STAFF_ROOMS_DATA) return;
        this.listed = staffRoomsFrom(event.content);
        for (const roomId of this.listed) void this.check(roomId);
        this.publishList();
      }),
    );
    // The room list carries each room's m.room.create: a staff room shows up there even if the account data
    // lost it to a concurrent write.
    track(
      taps.onRoom((roomId, update) => {
        const create = update.required_state?.find((e) => e.type === "m.room.create");
        const content = create?.content as { type?: unknown } | undefined;
        if (content?.type !== STAFF_ROOM_TYPE || typeof create?.origin_server_ts !== "number") return;
        this.add(roomId, create.origin_server_ts);
      }),
    );
    this.listed = staffRoomsFrom(client.getAccountData(STAFF_ROOMS_DATA as never)?.getContent());
    for (const roomId of this.listed) void this.check(roomId);
    track(() => (this.stopped = true));
  }

  /** Every staff room this device knows, oldest first. */
  get all(): Readable<string[]> {
    return this.allState;
  }

  /** The room this device writes to: the oldest staff room (null until one is known). */
  get target(): Readable<string | null> {
    return this.targetState;
  }

  /** The room to write to, creating the staff room if the account has none. */
  async ensure(): Promise<string> {
    // A room named in the account data may still be being checked: wait rather than create a second one.
    await Promise.all(this.checking.values());
    const target = this.targetState.get();
    if (target) return target;
    this.creating ??= this.create().finally(() => (this.creating = null));
    return this.creating;
  }

  /** Confirms a room named in account data is a staff room this account is in (an old or bogus entry is not). */
  private check(roomId: string): Promise<void> {
    if (this.known.has(roomId) || this.refused.has(roomId)) return Promise.resolve();
    let checking = this.checking.get(roomId);
    if (checking) return checking;
    checking = this.inspect(roomId)
      .then((createdTs) => {
        if (createdTs !== null) this.add(roomId, createdTs);
        else this.refused.add(roomId);
      })
      .catch((err: unknown) => {
        // Not joined (left, or never ours) or gone: not a staff room for us. Offline or a server error: look
        // again the next time it is named.
        const status = (err as { httpStatus?: number }).httpStatus;
        if (status && status < 500) this.refused.add(roomId);
      })
      .finally(() => this.checking.delete(roomId));
    this.checking.set(roomId, checking);
    return checking;
  }

  /** The room's creation time if it is a staff room (its m.room.create as a full event), else null. */
  private async inspect(roomId: string): Promise<number | null> {
    const event = await this.client.http.authedRequest<{
      type?: unknown;
      content?: { type?: unknown };
      origin_server_ts?: unknown;
    }>(Method.Get, `/rooms/${encodeURIComponent(roomId)}/state/m.room.create/`, { format: "event" });
    // A server without `format=event` answers with the content alone.
    const content = event.content ?? event;
    if (content.type !== STAFF_ROOM_TYPE) return null;
    return typeof event.origin_server_ts === "number" ? event.origin_server_ts : 0;
  }

  private add(roomId: string, createdTs: number): void {
    if (this.stopped) return;
    const previous = this.known.get(roomId);
    if (previous && (previous.createdTs || !createdTs)) return;
    this.known.set(roomId, { createdTs });
    const ordered = [...this.known.entries()]
      // A room whose creation time isn't known yet sorts last, so it never takes the place of a known one.
      .sort(
        ([a, x], [b, y]) =>
          (x.createdTs || Infinity) - (y.createdTs || Infinity) || (a < b ? -1 : a > b ? 1 : 0),
      )
      .map(([id]) => id);
    this.allState.set(ordered);
    this.targetState.set(ordered[0] ?? null);
    this.publishList();
  }

  /** Lists every known staff room in the account data (a merge: a concurrent writer may have dropped one). */
  private publishList(): void {
    const missing = [...this.known.keys()].filter((id) => !this.listed.includes(id));
    if (missing.length === 0 || this.stopped) return;
    const rooms = [...this.listed, ...missing];
    this.listed = rooms;
    void this.client.setAccountDataRaw(STAFF_ROOMS_DATA as never, { rooms } as never).catch(() => {
      this.listed = this.listed.filter((id) => !missing.includes(id)); // try again on the next change
    });
  }

  private async create(): Promise<string> {
    const { room_id } = await this.client.createRoom({
      visibility: Visibility.Private,
      preset: Preset.PrivateChat,
      creation_content: { type: STAFF_ROOM_TYPE },
      initial_state: [
        { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
        // Nobody else is ever invited; should someone be, they must not read what came before.
        { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "joined" } },
        { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
      ],
    });
    // Ordered by the server's creation time, which every device reads the same (0 until known: the room
    // list's m.room.create fills it in).
    this.add(room_id, (await this.inspect(room_id).catch(() => 0)) ?? 0);
    return this.targetState.get() ?? room_id;
  }
}
