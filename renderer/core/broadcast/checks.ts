// The notification room's safety checklist, judged from a snapshot of its state (pure: no client). Wallets
// never check power levels and AltMe tries to turn encryption on in every unencrypted room it joins, so the
// room is safe only if the server itself refuses wallets' posts and their m.room.encryption event.
import {
  ADMIN_LEVEL,
  MODERATION_KEYS,
  POSTING_LEVEL,
  parsePowerLevels,
  requiredLevel,
  roomAuthority,
  userLevel,
  type PowerLevels,
  type RoomAuthority,
} from "./power-levels.ts";

export type CheckId =
  | "public"
  | "in_directory"
  | "support_can_post"
  | "wallets_cannot_post"
  | "wallets_cannot_encrypt"
  | "wallets_cannot_change_room"
  | "wallets_cannot_moderate"
  | "no_raised_members"
  | "not_encrypted"
  | "history_visible";

export type CheckFacts = Record<string, string | number | boolean | null>;

export interface CheckResult {
  id: CheckId;
  ok: boolean;
  /** Informational checks don't make the room unhealthy (directory listing, history for late joiners). */
  informational: boolean;
  /** English sentence for the agent; `id`, `ok` and `facts` carry the same for translation. */
  detail: string;
  /** The numbers behind the verdict (levels are numbers; Infinity is a room creator in room version 12+). */
  facts: CheckFacts;
}

/** Everything the checklist needs, as read from the server. */
export interface RoomFacts {
  roomId: string;
  supportUserId: string;
  /** The m.room.create event (its sender is the creator). */
  create?: { sender?: string; content: Record<string, unknown> };
  /** m.room.power_levels content; null when the room has none. */
  powerLevels: Record<string, unknown> | null;
  joinRule: string | null;
  /** m.room.encryption content; null when the room is not encrypted. */
  encryption: Record<string, unknown> | null;
  historyVisibility: string | null;
  /** Listed in the server's public room directory; null when that could not be read. */
  inDirectory: boolean | null;
  alias: string | null;
  name: string | null;
  joinedMembers: number;
  supportJoined: boolean;
}

/**
 * Message types a wallet could use to write into the room (AltMe shows m.room.message; E2EE builds decrypt;
 * reactions show under a broadcast in other clients).
 */
export const WALLET_MESSAGE_TYPES = [
  "m.room.message",
  "m.room.encrypted",
  "m.sticker",
  "m.reaction",
] as const;
/** State a stranger must not change in a public room: who may post, who may join, what it's called. */
export const PROTECTED_STATE_TYPES = [
  "m.room.power_levels",
  "m.room.join_rules",
  "m.room.history_visibility",
  "m.room.name",
  "m.room.topic",
  "m.room.avatar",
  "m.room.canonical_alias",
  "m.room.server_acl",
  "m.room.tombstone",
  "m.room.guest_access",
  "m.room.pinned_events",
] as const;

export function levelText(level: number): string {
  return Number.isFinite(level) ? String(level) : "unlimited (room creator)";
}

/** The levels the checks compare, derived once. */
export interface LevelSummary {
  pl: PowerLevels;
  authority: RoomAuthority;
  supportLevel: number;
  /**
   * The highest level a wallet may have: users_default, or more for a member listed in `users` (anyone but
   * support and the room's creators, who are the provider's own accounts).
   */
  walletLevel: number;
  /** Members other than support and the creators listed above users_default, highest first. */
  raisedMembers: Array<{ userId: string; level: number }>;
  /** Lowest level of redact, kick, ban, invite and sending m.room.redaction, and which it is. */
  lowestModerationLevel: number;
  lowestModerationKey: string;
  messageLevel: number;
  /** Lowest level needed for any way a wallet could write (events_default and the message-type overrides). */
  lowestPostingLevel: number;
  lowestPostingType: string;
  encryptionLevel: number;
  lowestSettingsLevel: number;
  lowestSettingsType: string;
}

export function summarizeLevels(
  facts: Pick<RoomFacts, "powerLevels" | "create" | "supportUserId">,
): LevelSummary {
  const pl = parsePowerLevels(facts.powerLevels);
  const authority = roomAuthority(facts.create);
  let lowestPostingLevel = pl.eventsDefault;
  let lowestPostingType = "events_default";
  for (const type of WALLET_MESSAGE_TYPES) {
    const level = requiredLevel(pl, type, false);
    if (level < lowestPostingLevel) [lowestPostingLevel, lowestPostingType] = [level, type];
  }
  const raisedMembers = Object.entries(pl.users)
    .filter(
      ([id, level]) =>
        id !== facts.supportUserId && !authority.creators.includes(id) && level > pl.usersDefault,
    )
    .map(([userId, level]) => ({ userId, level }))
    .sort((a, b) => b.level - a.level || (a.userId < b.userId ? -1 : 1));
  let lowestModerationLevel = Infinity;
  let lowestModerationKey = "";
  for (const key of MODERATION_KEYS) {
    if (pl[key] < lowestModerationLevel) [lowestModerationLevel, lowestModerationKey] = [pl[key], key];
  }
  const redaction = requiredLevel(pl, "m.room.redaction", false);
  if (redaction < lowestModerationLevel && pl.events["m.room.redaction"] !== undefined)
    [lowestModerationLevel, lowestModerationKey] = [redaction, 'events["m.room.redaction"]'];
  let lowestSettingsLevel = pl.stateDefault;
  let lowestSettingsType = "state_default";
  for (const type of PROTECTED_STATE_TYPES) {
    const level = requiredLevel(pl, type, true);
    if (level < lowestSettingsLevel) [lowestSettingsLevel, lowestSettingsType] = [level, type];
  }
  return {
    pl,
    authority,
    supportLevel: userLevel(pl, authority, facts.supportUserId),
    walletLevel: Math.max(pl.usersDefault, raisedMembers[0]?.level ?? -Infinity),
    raisedMembers,
    lowestModerationLevel,
    lowestModerationKey,
    messageLevel: requiredLevel(pl, "m.room.message", false),
    lowestPostingLevel,
    lowestPostingType,
    encryptionLevel: requiredLevel(pl, "m.room.encryption", true),
    lowestSettingsLevel,
    lowestSettingsType,
  };
}

/** The checklist, in the order the UI shows it. */
export function evaluateChecks(facts: RoomFacts): CheckResult[] {
  const s = summarizeLevels(facts);
  const wallets = levelText(s.walletLevel);
  const checks: CheckResult[] = [];
  const add = (id: CheckId, ok: boolean, detail: string, f: CheckFacts, informational = false) =>
    checks.push({ id, ok, informational, detail, facts: f });

  const joinRule = facts.joinRule ?? "invite";
  add(
    "public",
    joinRule === "public",
    joinRule === "public"
      ? "Anyone can join, so wallets can join it by its address."
      : `Wallets can't join: the room's join rule is "${joinRule}", not "public".`,
    { joinRule },
  );
  add(
    "in_directory",
    facts.inDirectory === true,
    facts.inDirectory === true
      ? "Listed in the server's public room directory."
      : facts.inDirectory === false
        ? "Not listed in the server's room directory. Wallets join by its address, so this is fine."
        : "Couldn't read whether the room is listed in the server's room directory.",
    { inDirectory: facts.inDirectory },
    true,
  );

  add(
    "support_can_post",
    facts.supportJoined && s.supportLevel >= s.messageLevel,
    !facts.supportJoined
      ? "Support has not joined the room."
      : s.supportLevel >= s.messageLevel
        ? `Support can post (its power level is ${levelText(s.supportLevel)}; posting needs ${s.messageLevel}).`
        : `Support can't post: its power level is ${levelText(s.supportLevel)} and posting needs ${s.messageLevel}. ` +
          "A room admin must raise support's power level.",
    { supportLevel: s.supportLevel, messageLevel: s.messageLevel, supportJoined: facts.supportJoined },
  );

  const postingSafe = s.lowestPostingLevel >= POSTING_LEVEL && s.walletLevel < s.lowestPostingLevel;
  const postingWhere =
    s.lowestPostingType === "events_default" ? "posting" : `sending ${s.lowestPostingType}`;
  add(
    "wallets_cannot_post",
    postingSafe,
    postingSafe
      ? `Wallets can't post: posting needs power level ${s.lowestPostingLevel}, wallets have ${wallets}.`
      : `Wallets can post into the room: ${postingWhere} needs power level ${s.lowestPostingLevel} and wallets ` +
          `have ${wallets}. It should need at least ${POSTING_LEVEL}, above the wallets' level.`,
    {
      eventsDefault: s.pl.eventsDefault,
      messageLevel: s.messageLevel,
      lowestPostingLevel: s.lowestPostingLevel,
      lowestPostingType: s.lowestPostingType,
      walletLevel: s.walletLevel,
    },
  );

  const encryptionSafe = s.encryptionLevel >= ADMIN_LEVEL && s.walletLevel < s.encryptionLevel;
  add(
    "wallets_cannot_encrypt",
    encryptionSafe,
    encryptionSafe
      ? `Wallets can't turn on encryption: it needs power level ${s.encryptionLevel}, wallets have ${wallets}.`
      : `Turning on encryption needs power level ${s.encryptionLevel} and wallets have ${wallets}. Wallets try ` +
          `to encrypt every room they join, and encryption can't be undone; it should need ${ADMIN_LEVEL}.`,
    { encryptionLevel: s.encryptionLevel, stateDefault: s.pl.stateDefault, walletLevel: s.walletLevel },
  );

  const settingsSafe = s.walletLevel < s.lowestSettingsLevel;
  add(
    "wallets_cannot_change_room",
    settingsSafe,
    settingsSafe
      ? `Wallets can't change the room's settings (the lowest needs power level ${s.lowestSettingsLevel}).`
      : `Wallets can change the room's settings: ${s.lowestSettingsType} needs power level ` +
          `${s.lowestSettingsLevel} and wallets have ${wallets}.`,
    {
      lowestSettingsLevel: s.lowestSettingsLevel,
      lowestSettingsType: s.lowestSettingsType,
      walletLevel: s.walletLevel,
    },
  );

  const moderationSafe = s.walletLevel < s.lowestModerationLevel;
  add(
    "wallets_cannot_moderate",
    moderationSafe,
    moderationSafe
      ? `Wallets can't remove broadcasts or members (the lowest of redact, kick, ban and invite needs ` +
          `power level ${s.lowestModerationLevel}).`
      : `Wallets can ${s.lowestModerationKey.includes("redact") ? "remove broadcasts" : "act on members"}: ` +
          `${s.lowestModerationKey} needs power level ${s.lowestModerationLevel} and wallets have ${wallets}.`,
    {
      lowestModerationLevel: s.lowestModerationLevel,
      lowestModerationKey: s.lowestModerationKey,
      walletLevel: s.walletLevel,
    },
  );

  const raised = s.raisedMembers.filter((m) => m.level > 0);
  const shown = raised
    .slice(0, 3)
    .map((m) => `${m.userId} (${m.level})`)
    .join(", ");
  add(
    "no_raised_members",
    raised.length === 0,
    raised.length === 0
      ? "No member other than support has a raised power level."
      : `${raised.length} member(s) other than support have a raised power level: ${shown}` +
          `${raised.length > 3 ? ", …" : ""}. A wallet listed there gets that power.`,
    { count: raised.length, members: shown },
  );

  add(
    "not_encrypted",
    facts.encryption === null,
    facts.encryption === null
      ? "Not encrypted: every wallet can read broadcasts."
      : "The room is end-to-end encrypted, so wallets without encryption can't read broadcasts. Encryption " +
          "can't be turned off: create a new notification room.",
    { encrypted: facts.encryption !== null },
  );

  const history = facts.historyVisibility ?? "shared";
  const historyOk = history === "shared" || history === "world_readable";
  add(
    "history_visible",
    historyOk,
    historyOk
      ? "Wallets that join later see earlier broadcasts."
      : `Wallets that join later won't see earlier broadcasts (history visibility is "${history}").`,
    { historyVisibility: history },
    true,
  );
  return checks;
}
