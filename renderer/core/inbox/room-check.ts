// Is a joined room really a wallet's private conversation? Invite state is written by the inviting server and
// signed by nobody (issue 15 §1), so after joining the console reads the room's real state and checks: the wallet
// created it and invited support, it is encrypted, only the wallet and support are in it (joined or invited),
// and nobody can join without an invite. Later changes (a third member, a join rule opened) are judged by
// roomWarning from what sync carries for every inbox row.
import type { WireEvent } from "./row.ts";

export type RoomProblem = "not-from-wallet" | "not-encrypted" | "other-members" | "not-invite-only";

export type RoomCheck = { ok: true } | { ok: false; problem: RoomProblem; detail: string };

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const PRESENT = new Set(["join", "invite", "knock"]);

function state(events: WireEvent[], type: string): WireEvent[] {
  return events.filter((e) => e.type === type);
}

/** Checks a room's full state (GET /rooms/{id}/state) against what a wallet's private conversation is. */
export function checkWalletRoom(events: WireEvent[], supportUserId: string, wallet: string): RoomCheck {
  const create = state(events, "m.room.create").find((e) => (e.state_key ?? "") === "");
  const creator = typeof create?.sender === "string" ? create.sender : obj(create?.content).creator;
  if (creator !== wallet) {
    return {
      ok: false,
      problem: "not-from-wallet",
      detail: `the room was created by ${String(creator)}, not ${wallet}`,
    };
  }
  if (state(events, "m.room.encryption").length === 0)
    return { ok: false, problem: "not-encrypted", detail: "the room is not encrypted" };
  const others = state(events, "m.room.member")
    .filter((e) => PRESENT.has(String(obj(e.content).membership)))
    .map((e) => String(e.state_key))
    .filter((id) => id !== wallet && id !== supportUserId);
  if (others.length > 0) {
    return {
      ok: false,
      problem: "other-members",
      detail: `${others.length} other member(s) besides the wallet and support: ${others.slice(0, 3).join(", ")}`,
    };
  }
  const rule = String(obj(state(events, "m.room.join_rules")[0]?.content).join_rule ?? "invite");
  if (rule !== "invite") {
    return { ok: false, problem: "not-invite-only", detail: `anyone may join: the join rule is "${rule}"` };
  }
  return { ok: true };
}

/**
 * What a listed conversation's sync data says went wrong since it was joined, or null. An update says only what
 * changed: what it does not carry (no member count, no join rule) keeps what `previous` said about it.
 */
export function roomWarning(
  requiredState: WireEvent[] | undefined,
  joinedCount: number | undefined,
  previous: RoomProblem | null = null,
): RoomProblem | null {
  const crowded = joinedCount !== undefined ? joinedCount > 2 : previous === "other-members";
  if (crowded) return "other-members";
  const rules = (requiredState ?? []).filter((e) => e.type === "m.room.join_rules");
  const rule = rules.length > 0 ? String(obj(rules[rules.length - 1]!.content).join_rule ?? "invite") : null;
  const open = rule !== null ? rule !== "invite" : previous === "not-invite-only";
  return open ? "not-invite-only" : null;
}
