// Rooms an agent accepted by hand from "Other invites" (a partner's group room, an unencrypted room…): they are
// not wallet conversations, whatever their shape, so the inbox never lists them as wallets; they keep their
// name and inviter, live in their own list, and can be left. The list is global account data of the support
// account: every agent's device shares it, and wallets never see it.
import type { MatrixClient } from "matrix-js-sdk";
import type { DataEvent } from "../desk/taps.ts";
import type { OtherInvite } from "../invites.ts";
import { Observable, type Readable } from "../observable.ts";
import type { Inbox } from "./inbox.ts";

export const HAND_ACCEPTED_TYPE = "org.walletsupport.hand_accepted_rooms";

export interface HandAcceptedRoom {
  roomId: string;
  /** The room's name from the invite (untrusted text: render as text); null when it had none. */
  name: string | null;
  inviter: string | null;
  acceptedAt: number;
}

interface Stored {
  rooms?: Record<string, { name?: unknown; inviter?: unknown; accepted_at?: unknown }>;
}

function parse(content: unknown): HandAcceptedRoom[] {
  const rooms = (content as Stored | undefined)?.rooms;
  if (!rooms || typeof rooms !== "object") return [];
  return Object.entries(rooms)
    .filter(([roomId, r]) => roomId.startsWith("!") && r && typeof r === "object")
    .map(([roomId, r]) => ({
      roomId,
      name: typeof r.name === "string" ? r.name.slice(0, 200) : null,
      inviter: typeof r.inviter === "string" ? r.inviter : null,
      acceptedAt: typeof r.accepted_at === "number" ? r.accepted_at : 0,
    }))
    .sort((a, b) => b.acceptedAt - a.acceptedAt);
}

function serialise(rooms: HandAcceptedRoom[]): Stored {
  return {
    rooms: Object.fromEntries(
      rooms.map((r) => [r.roomId, { name: r.name, inviter: r.inviter, accepted_at: r.acceptedAt }]),
    ),
  };
}

export class HandAcceptedRooms {
  private readonly client: MatrixClient;
  private readonly inbox: Inbox;
  private readonly clock: () => number;
  private readonly list = new Observable<HandAcceptedRoom[]>([]);

  constructor(client: MatrixClient, inbox: Inbox, clock: () => number = Date.now) {
    this.client = client;
    this.inbox = inbox;
    this.clock = clock;
  }

  get rooms(): Readable<HandAcceptedRoom[]> {
    return this.list;
  }

  /** Takes the shared list the client already has (a desk started after the first sync). */
  start(): void {
    const known = this.client.getAccountData(HAND_ACCEPTED_TYPE as never);
    if (known) this.apply(parse(known.getContent()));
  }

  /** Global account data from sync (the desk's tap): another agent's changes arrive the same way. */
  heard(event: DataEvent): void {
    if (event.type === HAND_ACCEPTED_TYPE) this.apply(parse(event.content));
  }

  private apply(rooms: HandAcceptedRoom[]): void {
    const before = new Set(this.list.get().map((r) => r.roomId));
    for (const room of rooms) this.inbox.setNotWallet(room.roomId, true);
    for (const roomId of before) {
      if (!rooms.some((r) => r.roomId === roomId)) this.inbox.setNotWallet(roomId, false);
    }
    this.list.set(rooms);
  }

  /**
   * The agent accepts a held invite: the room is known as "not a wallet" before the join (so sync never lists it
   * as one in between), joined through `join`, then recorded for every device.
   */
  async accept(invite: OtherInvite, join: (roomId: string) => Promise<void>): Promise<void> {
    const { roomId } = invite;
    this.inbox.setNotWallet(roomId, true);
    try {
      await join(roomId);
    } catch (err) {
      if (!this.list.get().some((r) => r.roomId === roomId)) this.inbox.setNotWallet(roomId, false);
      throw err;
    }
    const entry: HandAcceptedRoom = {
      roomId,
      name: invite.roomName,
      inviter: invite.inviter,
      acceptedAt: this.clock(),
    };
    await this.change((rooms) => [entry, ...rooms.filter((r) => r.roomId !== roomId)]);
  }

  /** Leaves a hand-accepted room and forgets it. */
  async leave(roomId: string): Promise<void> {
    await this.client.http.authedRequest(
      "POST" as never,
      `/rooms/${encodeURIComponent(roomId)}/leave`,
      undefined,
      {},
    );
    await this.change((rooms) => rooms.filter((r) => r.roomId !== roomId));
  }

  /**
   * Applies a change to the latest shared list (another agent may have changed it since this device last
   * heard) and saves it; this device shows the result at once rather than after sync echoes it.
   */
  private async change(fn: (rooms: HandAcceptedRoom[]) => HandAcceptedRoom[]): Promise<void> {
    const stored = this.client.getAccountData(HAND_ACCEPTED_TYPE as never);
    const rooms = fn(stored ? parse(stored.getContent()) : this.list.get());
    this.apply(rooms);
    await this.client.setAccountData(HAND_ACCEPTED_TYPE as never, serialise(rooms) as never);
  }
}
