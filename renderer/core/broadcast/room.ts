// Finding, joining and creating the provider's notification room. A new room is created already protected
// (power levels set in the same request), so there is no moment where a wallet could join an open room.
import { Method, Preset, Visibility, type MatrixClient } from "matrix-js-sdk";
import { BroadcastError, describeFailure, failed, unreachable } from "./errors.ts";
import { getStateEvent } from "./http.ts";
import { ADMIN_LEVEL, POSTING_LEVEL } from "./power-levels.ts";

export interface ResolvedNotificationRoom {
  roomId: string;
  /** The alias it was resolved from, or null when given a room ID. */
  alias: string | null;
  /** Whether support was already a member or joined it just now. */
  joined: "already" | "now";
}

type Address =
  { kind: "alias"; alias: string; server: string } | { kind: "id"; roomId: string; server: string | null };

/** `#room:server`, `!id:server` (or v12's `!id`), also inside a matrix.to link; null when it's neither. */
export function parseRoomAddress(text: string): Address | null {
  let value = text.trim();
  const link = /^https:\/\/matrix\.to\/#\/([^?]+)/.exec(value);
  if (link?.[1]) value = decodeURIComponent(link[1]);
  const alias = /^#[^:\s]+:(\S+)$/.exec(value);
  if (alias?.[1]) return { kind: "alias", alias: value, server: alias[1] };
  const id = /^![^:\s]+(?::(\S+))?$/.exec(value);
  if (id) return { kind: "id", roomId: value, server: id[1] ?? null };
  return null;
}

async function lookUpAlias(
  client: MatrixClient,
  alias: string,
  server: string,
): Promise<{ roomId: string; servers: string[] }> {
  try {
    const res = await client.getRoomIdForAlias(alias);
    return { roomId: res.room_id, servers: res.servers ?? [] };
  } catch (err) {
    const f = describeFailure(err);
    if (f.connection) throw unreachable(client.getDomain() ?? client.baseUrl, err);
    if (f.errcode === "M_NOT_FOUND") {
      throw new BroadcastError(
        "no-such-alias",
        `There is no room with the address ${alias}. Check the notification room in the wallet configuration.`,
        { cause: err },
      );
    }
    // Over federation: the alias's own server didn't answer support's server.
    if (f.httpStatus !== undefined && f.httpStatus >= 500) throw unreachable(server, err);
    throw failed(`Looking up ${alias}`, err);
  }
}

async function isJoined(client: MatrixClient, roomId: string): Promise<boolean> {
  try {
    const member = await getStateEvent(client, roomId, "m.room.member", client.getSafeUserId());
    return member?.content.membership === "join";
  } catch (err) {
    if (describeFailure(err).connection) throw unreachable(client.getDomain() ?? client.baseUrl, err);
    return false; // Not a member and not world-readable: the server won't even show the membership.
  }
}

async function join(client: MatrixClient, roomId: string, shown: string, via: string[]): Promise<void> {
  try {
    await client.http.authedRequest(
      Method.Post,
      `/join/${encodeURIComponent(roomId)}`,
      via.length > 0 ? { via: via.slice(0, 3), server_name: via.slice(0, 3) } : undefined,
      {},
    );
  } catch (err) {
    const f = describeFailure(err);
    if (f.connection) throw unreachable(client.getDomain() ?? client.baseUrl, err);
    if (f.errcode === "M_FORBIDDEN") {
      throw new BroadcastError(
        "not-allowed",
        `Support isn't allowed to join ${shown}: the room is invite-only or support was banned. Ask a room admin to invite ${client.getSafeUserId()}.`,
        { cause: err },
      );
    }
    if (f.errcode === "M_NOT_FOUND" || f.httpStatus === 404) {
      throw new BroadcastError(
        "room-not-found",
        `The room ${shown} wasn't found: support's server doesn't know it and couldn't find a server that does.`,
        { cause: err },
      );
    }
    if (f.httpStatus !== undefined && f.httpStatus >= 500) throw unreachable(via[0] ?? shown, err);
    throw failed(`Joining ${shown}`, err);
  }
}

/** Resolves the configured notification room (alias or ID) and makes sure support has joined it. */
export async function resolveNotificationRoom(
  client: MatrixClient,
  aliasOrId: string,
): Promise<ResolvedNotificationRoom> {
  const address = parseRoomAddress(aliasOrId);
  if (!address) {
    throw new BroadcastError(
      "invalid-address",
      `"${aliasOrId}" is not a room address: use #name:server or a room ID (!…).`,
    );
  }
  const { roomId, servers, alias } =
    address.kind === "alias"
      ? { ...(await lookUpAlias(client, address.alias, address.server)), alias: address.alias }
      : { roomId: address.roomId, servers: address.server ? [address.server] : [], alias: null };
  if (await isJoined(client, roomId)) return { roomId, alias, joined: "already" };
  await join(client, roomId, alias ?? roomId, servers);
  return { roomId, alias, joined: "now" };
}

export interface NewNotificationRoom {
  /** `news`, `#news` or `#news:support-server` — the alias must be on support's own server. */
  alias: string;
  name: string;
  topic?: string;
  /** List it in the server's public room directory (default false; wallets join by address). */
  publishToDirectory?: boolean;
  /** "shared" (default): members see broadcasts from before they joined; "world_readable": anyone can. */
  historyVisibility?: "shared" | "world_readable";
}

/** Synapse's defaults for room state events, kept because `events` in the override replaces them all. */
const STATE_LEVELS = {
  "m.room.name": POSTING_LEVEL,
  "m.room.topic": POSTING_LEVEL,
  "m.room.avatar": POSTING_LEVEL,
  "m.room.canonical_alias": POSTING_LEVEL,
  "m.room.power_levels": ADMIN_LEVEL,
  "m.room.history_visibility": ADMIN_LEVEL,
  "m.room.join_rules": ADMIN_LEVEL,
  "m.room.tombstone": ADMIN_LEVEL,
  "m.room.server_acl": ADMIN_LEVEL,
  "m.room.encryption": ADMIN_LEVEL,
};

/** The power levels of a safe notification room (support, the creator, gets 100 from the server). */
export const NOTIFICATION_ROOM_POWER_LEVELS = {
  users_default: 0,
  events_default: POSTING_LEVEL,
  state_default: POSTING_LEVEL,
  invite: POSTING_LEVEL,
  kick: POSTING_LEVEL,
  ban: POSTING_LEVEL,
  redact: POSTING_LEVEL,
  events: STATE_LEVELS,
} as const;

function localpartOf(alias: string, server: string): string {
  const m = /^#?([^:]+)(?::(.+))?$/.exec(alias.trim());
  if (!m?.[1]) {
    throw new BroadcastError("invalid-alias", `"${alias}" is not a valid room address.`);
  }
  if (m[2] && m[2] !== server) {
    throw new BroadcastError(
      "alias-wrong-server",
      `Support can only create addresses on its own server (${server}), not on ${m[2]}.`,
    );
  }
  return m[1];
}

/** Creates a correctly protected, public, unencrypted notification room with the given alias. */
export async function createNotificationRoom(
  client: MatrixClient,
  room: NewNotificationRoom,
): Promise<{ roomId: string; alias: string }> {
  const server = client.getDomain() ?? "";
  const localpart = localpartOf(room.alias, server);
  const alias = `#${localpart}:${server}`;
  let roomId: string;
  try {
    const res = await client.createRoom({
      preset: Preset.PublicChat,
      visibility: room.publishToDirectory ? Visibility.Public : Visibility.Private,
      room_alias_name: localpart,
      name: room.name,
      ...(room.topic ? { topic: room.topic } : {}),
      power_level_content_override: { ...NOTIFICATION_ROOM_POWER_LEVELS, events: { ...STATE_LEVELS } },
      initial_state: [
        {
          type: "m.room.history_visibility",
          state_key: "",
          content: { history_visibility: room.historyVisibility ?? "shared" },
        },
      ],
    });
    roomId = res.room_id;
  } catch (err) {
    throw createError(err, alias, server);
  }
  // A server can be configured to encrypt every new room; such a room can never serve as the notification room.
  if (await getStateEvent(client, roomId, "m.room.encryption")) {
    throw new BroadcastError(
      "server-forces-encryption",
      `${server} encrypted the new room ${alias} by itself (its configuration encrypts new rooms), so wallets ` +
        "couldn't read broadcasts. Ask the server's admin to change encryption_enabled_by_default_for_room_type.",
    );
  }
  return { roomId, alias };
}

function createError(err: unknown, alias: string, server: string): BroadcastError {
  const f = describeFailure(err);
  if (f.connection) return unreachable(server, err);
  if (f.errcode === "M_ROOM_IN_USE") {
    return new BroadcastError(
      "alias-taken",
      `The address ${alias} is already taken. Choose another, or use the existing room.`,
      { cause: err },
    );
  }
  if (
    f.errcode === "M_INVALID_PARAM" ||
    f.errcode === "M_BAD_ALIAS" ||
    (f.httpStatus === 400 && /alias/i.test(f.message))
  ) {
    return new BroadcastError("invalid-alias", `${alias} is not a valid room address: ${f.message}`, {
      cause: err,
    });
  }
  if (f.errcode === "M_FORBIDDEN") {
    return new BroadcastError(
      "forbidden",
      `${server} doesn't let support create the room ${alias} (room or address creation is restricted).`,
      { cause: err },
    );
  }
  return failed(`Creating the notification room ${alias}`, err);
}
