// What `repair` would change in the notification room, decided from a state snapshot (pure). Each change is
// tested against the server's power-level auth rules for support, so the plan never contains a change the
// server would refuse, and what support can't fix is reported with the reason.
import {
  evaluateChecks,
  levelText,
  summarizeLevels,
  PROTECTED_STATE_TYPES,
  WALLET_MESSAGE_TYPES,
} from "./checks.ts";
import type { CheckId, RoomFacts } from "./checks.ts";
import {
  ADMIN_LEVEL,
  MODERATION_KEYS,
  POSTING_LEVEL,
  applyLevelChanges,
  changeRefusal,
  levelKeyName,
  parsePowerLevels,
  rawLevel,
  requiredLevel,
  userLevel,
  type LevelChange,
  type LevelKey,
} from "./power-levels.ts";

export interface RepairOptions {
  /** Set the join rule to public when it isn't (default true: wallets can't join otherwise). */
  makePublic?: boolean;
  /** Set history visibility to "shared" when wallets joining later couldn't see past broadcasts (default true). */
  shareHistory?: boolean;
  /** List the room in the server's public directory (default false: wallets join by address). */
  publishToDirectory?: boolean;
}

export type RepairStep = "power_levels" | "join_rule" | "history_visibility" | "directory";

export interface RepairChange {
  /** Which request carries it (one m.room.power_levels event holds every level change). */
  step: RepairStep;
  /** The check this change fixes. */
  check: CheckId;
  /** What changed: `events_default`, `events["m.room.encryption"]`, `join_rule`, `history_visibility`, `directory`… */
  key: string;
  from: string | number | null;
  to: string | number;
  detail: string;
}

export type RepairProblemReason = "support_lacks_power" | "encrypted" | "needs_room_admin" | "failed";

export interface RepairProblem {
  check: CheckId;
  reason: RepairProblemReason;
  detail: string;
}

export interface RepairPlan {
  /** New m.room.power_levels content to send, or null when it needn't (or can't) change. */
  powerLevels: Record<string, unknown> | null;
  joinRule: "public" | null;
  historyVisibility: "shared" | null;
  publishToDirectory: boolean;
  changes: RepairChange[];
  /** Failing checks the plan leaves failing, with why. */
  problems: RepairProblem[];
  /** Failing checks the plan fixes. */
  fixes: CheckId[];
}

interface Desired {
  check: CheckId;
  change: LevelChange;
}

function levelDetail(key: LevelKey, from: number | undefined, to: number): string {
  const was = from === undefined ? "" : ` (was ${from})`;
  if (key.kind === "default" && key.name === "events_default")
    return `Posting now needs power level ${to}${was}.`;
  if (key.kind === "default" && key.name === "users_default")
    return `Wallets' power level is now ${to}${was}.`;
  if (key.kind === "default") {
    if (key.name === "invite") return `Inviting members now needs power level ${to}${was}.`;
    if (key.name === "redact") return `Removing others' messages now needs power level ${to}${was}.`;
    if (key.name === "kick" || key.name === "ban")
      return `${key.name === "kick" ? "Kicking" : "Banning"} members now needs power level ${to}${was}.`;
    return `Changing room settings now needs power level ${to}${was}.`;
  }
  if (key.kind === "user") return `${key.userId}'s power level is now ${to}${was}.`;
  if (key.eventType === "m.room.encryption")
    return `Turning on encryption now needs power level ${to}${was}.`;
  return `Sending ${key.eventType} now needs power level ${to}${was}.`;
}

/** The power-level changes an ideal notification room needs, before asking whether support may make them. */
function desiredLevelChanges(facts: RoomFacts): Desired[] {
  const s = summarizeLevels(facts);
  const content = facts.powerLevels;
  const out: Desired[] = [];
  const want = (check: CheckId, key: LevelKey, to: number) =>
    out.push({ check, change: { key, from: rawLevel(content, key), to } });
  if (s.pl.usersDefault >= POSTING_LEVEL)
    want("wallets_cannot_post", { kind: "default", name: "users_default" }, 0);
  // After the repair wallets have users_default: every member listed above it (not support, not a creator) is
  // brought down to it, so "a wallet listed at 50" loses what the defaults deny the others.
  const wallets = s.pl.usersDefault >= POSTING_LEVEL ? 0 : s.pl.usersDefault;
  for (const member of s.raisedMembers)
    if (member.level > wallets) want("no_raised_members", { kind: "user", userId: member.userId }, wallets);
  if (s.pl.eventsDefault < POSTING_LEVEL || !s.pl.present) {
    want("wallets_cannot_post", { kind: "default", name: "events_default" }, POSTING_LEVEL);
  }
  for (const type of WALLET_MESSAGE_TYPES) {
    const level = s.pl.events[type];
    if (level !== undefined && level < POSTING_LEVEL)
      want("wallets_cannot_post", { kind: "event", eventType: type }, POSTING_LEVEL);
  }
  for (const key of MODERATION_KEYS)
    if (s.pl[key] <= wallets || (key === "invite" && !s.pl.present))
      want("wallets_cannot_moderate", { kind: "default", name: key }, POSTING_LEVEL);
  const redaction = s.pl.events["m.room.redaction"];
  if (redaction !== undefined && redaction <= wallets)
    want("wallets_cannot_moderate", { kind: "event", eventType: "m.room.redaction" }, POSTING_LEVEL);
  if (s.encryptionLevel < ADMIN_LEVEL) {
    want("wallets_cannot_encrypt", { kind: "event", eventType: "m.room.encryption" }, ADMIN_LEVEL);
  }
  // A room without power levels gets state_default 50 implicitly once it has some; say so explicitly.
  if (s.pl.stateDefault <= wallets || !s.pl.present) {
    want("wallets_cannot_change_room", { kind: "default", name: "state_default" }, POSTING_LEVEL);
  }
  for (const type of PROTECTED_STATE_TYPES) {
    const level = s.pl.events[type];
    const target = type === "m.room.power_levels" ? ADMIN_LEVEL : POSTING_LEVEL;
    if (level !== undefined && level <= wallets)
      want("wallets_cannot_change_room", { kind: "event", eventType: type }, target);
  }
  if (!s.pl.present) {
    want("wallets_cannot_change_room", { kind: "event", eventType: "m.room.power_levels" }, ADMIN_LEVEL);
  }
  return out;
}

export function planRepair(facts: RoomFacts, options: RepairOptions = {}): RepairPlan {
  const { makePublic = true, shareHistory = true, publishToDirectory = false } = options;
  const before = evaluateChecks(facts);
  const failing = new Set(before.filter((c) => !c.ok).map((c) => c.id));
  const s = summarizeLevels(facts);
  const me = facts.supportUserId;
  const changes: RepairChange[] = [];
  const blocked = new Map<CheckId, string[]>();

  const allowed: LevelChange[] = [];
  for (const { check, change } of desiredLevelChanges(facts)) {
    const refusal = changeRefusal(s.pl, s.authority, me, change);
    // Never lock support out of what it sets: a value above support's own level is one it couldn't undo.
    if (refusal || change.to > s.supportLevel) {
      blocked.set(check, [...(blocked.get(check) ?? []), levelKeyName(change.key)]);
      continue;
    }
    allowed.push(change);
    changes.push({
      step: "power_levels",
      check,
      key: levelKeyName(change.key),
      from: change.from ?? null,
      to: change.to,
      detail: levelDetail(change.key, change.from, change.to),
    });
  }

  let powerLevels: Record<string, unknown> | null = null;
  if (allowed.length > 0) {
    powerLevels = applyLevelChanges(facts.powerLevels, allowed);
    // Never lower support: when the new content would (users_default lowered, or a first power-levels event
    // replacing the creator's implicit 100), keep support's level explicitly — unless v12 makes it a creator.
    const after = parsePowerLevels(powerLevels);
    for (const user of new Set([me, ...(s.pl.present ? [] : s.authority.creators)])) {
      const level = userLevel(s.pl, s.authority, user);
      if (!Number.isFinite(level) || userLevel(after, s.authority, user) === level) continue;
      const pin: LevelChange = {
        key: { kind: "user", userId: user },
        from: rawLevel(facts.powerLevels, { kind: "user", userId: user }),
        to: level,
      };
      if (changeRefusal(s.pl, s.authority, me, pin)) continue;
      powerLevels = applyLevelChanges(powerLevels, [pin]);
      if (user === me)
        changes.push({
          step: "power_levels",
          check: "support_can_post",
          key: levelKeyName(pin.key),
          from: pin.from ?? null,
          to: level,
          detail: `Support keeps its power level of ${level}.`,
        });
    }
  }
  const finalPl = powerLevels ? parsePowerLevels(powerLevels) : s.pl;
  const canSend = (type: string) => s.supportLevel >= requiredLevel(finalPl, type, true);

  let joinRule: "public" | null = null;
  if (makePublic && failing.has("public")) {
    if (canSend("m.room.join_rules")) {
      joinRule = "public";
      const from = facts.joinRule ?? "invite";
      changes.push({
        step: "join_rule",
        check: "public",
        key: "join_rule",
        from,
        to: "public",
        detail: `Anyone can now join the room (the join rule was "${from}").`,
      });
    } else blocked.set("public", ["m.room.join_rules"]);
  }
  let historyVisibility: "shared" | null = null;
  if (shareHistory && failing.has("history_visible")) {
    if (canSend("m.room.history_visibility")) {
      historyVisibility = "shared";
      const from = facts.historyVisibility ?? "shared";
      changes.push({
        step: "history_visibility",
        check: "history_visible",
        key: "history_visibility",
        from,
        to: "shared",
        detail: `Wallets that join later now see earlier broadcasts (history visibility was "${from}").`,
      });
    } else blocked.set("history_visible", ["m.room.history_visibility"]);
  }
  // Synapse lets a member publish a room when it may set the room's canonical alias.
  let publish = false;
  if (publishToDirectory && failing.has("in_directory")) {
    if (canSend("m.room.canonical_alias")) {
      publish = true;
      changes.push({
        step: "directory",
        check: "in_directory",
        key: "directory",
        from: "private",
        to: "public",
        detail: "The room is now listed in the server's room directory.",
      });
    } else blocked.set("in_directory", ["directory"]);
  }

  const after = evaluateChecks({
    ...facts,
    powerLevels: powerLevels ?? facts.powerLevels,
    joinRule: joinRule ?? facts.joinRule,
    historyVisibility: historyVisibility ?? facts.historyVisibility,
    inDirectory: publish ? true : facts.inDirectory,
  });
  const stillFailing = after.filter((c) => !c.ok && (!c.informational || blocked.has(c.id)));
  const problems = stillFailing.map((c) => problemFor(c.id, c.detail, s.supportLevel, blocked.get(c.id)));
  const fixes = [...failing].filter((id) => after.find((c) => c.id === id)?.ok);
  return { powerLevels, joinRule, historyVisibility, publishToDirectory: publish, changes, problems, fixes };
}

function problemFor(
  check: CheckId,
  detail: string,
  supportLevel: number,
  keys: string[] | undefined,
): RepairProblem {
  if (check === "not_encrypted") {
    return {
      check,
      reason: "encrypted",
      detail:
        "The room is encrypted and encryption can't be turned off. Create a new notification room and point the wallets' configuration to it.",
    };
  }
  if (check === "support_can_post") {
    return { check, reason: "needs_room_admin", detail: `${detail}` };
  }
  if (keys && keys.length > 0) {
    return {
      check,
      reason: "support_lacks_power",
      detail: `Support's power level (${levelText(supportLevel)}) is too low to change ${keys.join(", ")}. Ask a room admin to fix it, or create a new notification room.`,
    };
  }
  return { check, reason: "failed", detail };
}
