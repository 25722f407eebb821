// Reads the notification room's state fresh from the server (never the possibly lazy, possibly stale local
// copy) and turns it into the checklist the broadcast screen shows, with what `repair` could fix.
import type { MatrixClient } from "matrix-js-sdk";
import { evaluateChecks, summarizeLevels, type CheckResult, type RoomFacts } from "./checks.ts";
import { BroadcastError, describeFailure, failed, unreachable } from "./errors.ts";
import { directoryListing, getStateEvent, joinedMemberCount } from "./http.ts";
import { planRepair } from "./repair-plan.ts";

export interface HealthCheck extends CheckResult {
  /** Failing, and `repair` can fix it with support's power level. */
  repairable: boolean;
}

export interface NotificationRoomHealth {
  roomId: string;
  /** The room's canonical alias (what wallets are configured with), or null. */
  alias: string | null;
  name: string | null;
  /** Every non-informational check passes. */
  ok: boolean;
  /** `repair` would fix at least one failing check. */
  repairable: boolean;
  checks: HealthCheck[];
  /** Joined members, support included. */
  joinedMembers: number;
  /** Who reads a broadcast: joined members other than support — "Post to #news:example.org — N members". */
  audience: number;
  /** Support's power level (Infinity for a creator in room version 12+). */
  supportLevel: number;
  /** When the state was read (ms since epoch). */
  checkedAt: number;
}

/** The health verdict from a state snapshot (pure). */
export function assessRoom(facts: RoomFacts, checkedAt = Date.now()): NotificationRoomHealth {
  const plan = planRepair(facts, { makePublic: true, shareHistory: true, publishToDirectory: true });
  const checks = evaluateChecks(facts).map((c) => ({ ...c, repairable: !c.ok && plan.fixes.includes(c.id) }));
  return {
    roomId: facts.roomId,
    alias: facts.alias,
    name: facts.name,
    ok: checks.every((c) => c.ok || c.informational),
    repairable: checks.some((c) => c.repairable && !c.informational),
    checks,
    joinedMembers: facts.joinedMembers,
    audience: Math.max(0, facts.joinedMembers - (facts.supportJoined ? 1 : 0)),
    supportLevel: summarizeLevels(facts).supportLevel,
    checkedAt,
  };
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Reads what the checklist needs: a handful of small state requests rather than the room's whole state. */
export async function readRoomFacts(client: MatrixClient, roomId: string): Promise<RoomFacts> {
  const me = client.getSafeUserId();
  const get = (type: string, key = "") => getStateEvent(client, roomId, type, key);
  try {
    const [create, powerLevels, joinRules, encryption, history, alias, name, member] = await Promise.all([
      get("m.room.create"),
      get("m.room.power_levels"),
      get("m.room.join_rules"),
      get("m.room.encryption"),
      get("m.room.history_visibility"),
      get("m.room.canonical_alias"),
      get("m.room.name"),
      get("m.room.member", me),
    ]);
    const [joinedMembers, inDirectory] = await Promise.all([
      joinedMemberCount(client, roomId),
      directoryListing(client, roomId),
    ]);
    return {
      roomId,
      supportUserId: me,
      create: create ?? undefined,
      powerLevels: powerLevels?.content ?? null,
      joinRule: str(joinRules?.content.join_rule),
      encryption: encryption?.content ?? null,
      historyVisibility: str(history?.content.history_visibility),
      inDirectory,
      alias: str(alias?.content.alias),
      name: str(name?.content.name),
      joinedMembers,
      supportJoined: member?.content.membership === "join",
    };
  } catch (err) {
    throw readError(err, client, roomId);
  }
}

function readError(err: unknown, client: MatrixClient, roomId: string): BroadcastError {
  const f = describeFailure(err);
  if (f.connection) return unreachable(client.getDomain() ?? client.baseUrl, err);
  if (f.errcode === "M_FORBIDDEN") {
    return new BroadcastError(
      "not-joined",
      `Support is not a member of the notification room ${roomId}, so its settings can't be read. Join it first.`,
      { cause: err },
    );
  }
  return failed("Reading the notification room's settings", err);
}

/** The checklist for the notification room, read fresh from the server. Support must have joined it. */
export async function checkHealth(client: MatrixClient, roomId: string): Promise<NotificationRoomHealth> {
  return assessRoom(await readRoomFacts(client, roomId));
}
