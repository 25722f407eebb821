// The Matrix power-level rules as pure functions over state contents: what level a user has, what level an
// event needs, and whether a change to m.room.power_levels passes the server's authorization rules. Kept
// separate from any client so the notification room's safety can be judged (and unit-tested) from data alone.
// Spec: client-server "m.room.power_levels", and the room-version auth rules (v1–v11, and v12's creators).

/** Level reserved for room admins: changing the room's protection needs this. */
export const ADMIN_LEVEL = 100;
/** Lowest level that may post into the notification room; wallets (users_default, 0) stay below it. */
export const POSTING_LEVEL = 50;

/** Who created the room and whether the room version makes creators all-powerful (room version 12+). */
export interface RoomAuthority {
  creators: readonly string[];
  privilegedCreators: boolean;
}

/** An m.room.power_levels content with the spec's defaults filled in. */
export interface PowerLevels {
  /** Whether the room has an m.room.power_levels event at all (the defaults differ when it doesn't). */
  present: boolean;
  usersDefault: number;
  eventsDefault: number;
  stateDefault: number;
  /** Levels for acting on other members and their events (spec defaults: 50, 50, 50 and 0 for invite). */
  redact: number;
  kick: number;
  ban: number;
  invite: number;
  events: Readonly<Record<string, number>>;
  users: Readonly<Record<string, number>>;
}

/**
 * An integer level from a content value. Room versions before 10 allow integers as strings ("50"), which
 * servers parse; anything else unparseable counts as absent so the spec default applies.
 */
export function toLevel(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
}

function levelMap(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [key, raw] of Object.entries(value)) {
    const level = toLevel(raw);
    if (level !== undefined) out[key] = level;
  }
  return out;
}

/** Spec defaults: users_default 0, events_default 0, state_default 50 — or 0 when there is no event at all. */
export function parsePowerLevels(content: Record<string, unknown> | null | undefined): PowerLevels {
  if (!content) {
    return {
      present: false,
      usersDefault: 0,
      eventsDefault: 0,
      stateDefault: 0,
      redact: 50,
      kick: 50,
      ban: 50,
      invite: 0,
      events: {},
      users: {},
    };
  }
  return {
    present: true,
    usersDefault: toLevel(content.users_default) ?? 0,
    eventsDefault: toLevel(content.events_default) ?? 0,
    stateDefault: toLevel(content.state_default) ?? 50,
    redact: toLevel(content.redact) ?? 50,
    kick: toLevel(content.kick) ?? 50,
    ban: toLevel(content.ban) ?? 50,
    invite: toLevel(content.invite) ?? 0,
    events: levelMap(content.events),
    users: levelMap(content.users),
  };
}

/** Room versions whose creators have unlimited power and may not appear in `users` (MSC4289, v12). */
export function hasPrivilegedCreators(roomVersion: string): boolean {
  if (/^\d+$/.test(roomVersion)) return Number(roomVersion) >= 12;
  return roomVersion === "org.matrix.hydra.11";
}

/** Creators from the m.room.create event: its sender (`creator` in old versions) plus v12's additional ones. */
export function roomAuthority(
  create: { sender?: string; content: Record<string, unknown> } | undefined,
): RoomAuthority {
  if (!create) return { creators: [], privilegedCreators: false };
  const version = typeof create.content.room_version === "string" ? create.content.room_version : "1";
  const privilegedCreators = hasPrivilegedCreators(version);
  const creators = new Set<string>();
  const legacy = create.content.creator;
  if (create.sender) creators.add(create.sender);
  else if (typeof legacy === "string") creators.add(legacy);
  const additional = create.content.additional_creators;
  if (privilegedCreators && Array.isArray(additional)) {
    for (const id of additional) if (typeof id === "string") creators.add(id);
  }
  return { creators: [...creators], privilegedCreators };
}

/** A user's level; Infinity for a creator in a room version with privileged creators. */
export function userLevel(pl: PowerLevels, authority: RoomAuthority, userId: string): number {
  const isCreator = authority.creators.includes(userId);
  if (isCreator && authority.privilegedCreators) return Infinity;
  if (!pl.present) return isCreator ? ADMIN_LEVEL : 0;
  return pl.users[userId] ?? pl.usersDefault;
}

/** The level needed to send an event of this type: its own entry in `events`, else the matching default. */
export function requiredLevel(pl: PowerLevels, eventType: string, isState: boolean): number {
  return pl.events[eventType] ?? (isState ? pl.stateDefault : pl.eventsDefault);
}

/** Top-level keys of m.room.power_levels. */
export type DefaultLevelName =
  "users_default" | "events_default" | "state_default" | "redact" | "kick" | "ban" | "invite";

/** Moderation actions a wallet must not have: removing broadcasts, removing or inviting members. */
export const MODERATION_KEYS = ["redact", "kick", "ban", "invite"] as const;

/** One key of m.room.power_levels a change touches: a top-level default or an `events` entry. */
export type LevelKey =
  | { kind: "default"; name: DefaultLevelName }
  | { kind: "event"; eventType: string }
  | { kind: "user"; userId: string };

export interface LevelChange {
  key: LevelKey;
  /** The value in the current content; undefined when the key is absent (the change adds it). */
  from: number | undefined;
  to: number;
}

/** Dotted name for a key, as admins read it in room settings: `events_default`, `events["m.room.encryption"]`. */
export function levelKeyName(key: LevelKey): string {
  if (key.kind === "default") return key.name;
  if (key.kind === "event") return `events["${key.eventType}"]`;
  return `users["${key.userId}"]`;
}

/**
 * Why the server would refuse this change from a sender at `senderLevel`, or null when it would accept it.
 * Auth rules for m.room.power_levels: the sender must be allowed to send the event; unless the room has no
 * power levels yet, every added, changed or removed value must be ≤ the sender's level both before and after,
 * and another user at or above the sender's level can't be changed; v12 creators can't be listed in `users`.
 */
export function changeRefusal(
  pl: PowerLevels,
  authority: RoomAuthority,
  sender: string,
  change: LevelChange,
): "cannot_edit_power_levels" | "above_own_level" | "peer_level" | "creator_in_users" | null {
  const senderLevel = userLevel(pl, authority, sender);
  if (senderLevel < requiredLevel(pl, "m.room.power_levels", true)) return "cannot_edit_power_levels";
  if (
    change.key.kind === "user" &&
    authority.privilegedCreators &&
    authority.creators.includes(change.key.userId)
  )
    return "creator_in_users";
  // The first m.room.power_levels event of a room may set anything.
  if (!pl.present) return null;
  if (change.to > senderLevel) return "above_own_level";
  if (change.from !== undefined && change.from > senderLevel) return "above_own_level";
  if (change.key.kind === "user" && change.key.userId !== sender && change.from !== undefined) {
    if (change.from >= senderLevel) return "peer_level";
  }
  return null;
}

/** The raw value a key holds in a content object (used to compute `from`). */
export function rawLevel(
  content: Record<string, unknown> | null | undefined,
  key: LevelKey,
): number | undefined {
  if (!content) return undefined;
  if (key.kind === "default") return toLevel(content[key.name]);
  const map = key.kind === "event" ? content.events : content.users;
  if (!map || typeof map !== "object") return undefined;
  const name = key.kind === "event" ? key.eventType : key.userId;
  return toLevel((map as Record<string, unknown>)[name]);
}

/** A copy of `content` with the changes applied (preserving every key the console doesn't manage). */
export function applyLevelChanges(
  content: Record<string, unknown> | null | undefined,
  changes: readonly LevelChange[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(content ?? {}) };
  const events = { ...((out.events as Record<string, unknown> | undefined) ?? {}) };
  const users = { ...((out.users as Record<string, unknown> | undefined) ?? {}) };
  for (const { key, to } of changes) {
    if (key.kind === "default") out[key.name] = to;
    else if (key.kind === "event") events[key.eventType] = to;
    else users[key.userId] = to;
  }
  if (Object.keys(events).length > 0 || out.events !== undefined) out.events = events;
  if (Object.keys(users).length > 0 || out.users !== undefined) out.users = users;
  return out;
}
