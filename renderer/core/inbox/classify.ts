// Which rooms are wallet conversations, and which invites the console accepts by itself. A wallet creates its
// support room itself (AltMe: direct, private, encrypted, support invited); anything else — group rooms,
// unencrypted rooms, spaces, rooms anyone may join, servers outside the admin's allow-list — waits for a person.
// Invite state is unsigned, so this is only the first look: invites.ts checks the real state after joining.
import { serverOf } from "../labels.ts";
import type { WireEvent } from "./row.ts";

export type InviteDecision =
  | { accept: true; walletUserId: string; reason: string }
  | { accept: false; reason: InviteRefusal; detail: string };

export type InviteRefusal =
  | "not-direct"
  | "not-encrypted"
  | "server-not-allowed"
  | "space"
  | "not-from-creator"
  | "not-invite-only"
  | "other-members"
  | "rate-limited"
  | "not-private"
  | "malformed"
  | "forgotten";

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function stateOf(events: WireEvent[], type: string, stateKey = ""): WireEvent | undefined {
  return events.find((e) => e.type === type && (e.state_key ?? "") === stateKey);
}

/** Decides an invite from its stripped state (invite_state), per the auto-accept policy. */
export function decideInvite(
  inviteState: WireEvent[],
  supportUserId: string,
  allowedServers: string[],
): InviteDecision {
  const invite = stateOf(inviteState, "m.room.member", supportUserId);
  const inviter = typeof invite?.sender === "string" ? invite.sender : null;
  if (!invite || !inviter)
    return { accept: false, reason: "malformed", detail: "the invite carries no inviter" };
  const server = serverOf(inviter);
  if (!server) return { accept: false, reason: "malformed", detail: `inviter "${inviter}" is not a user ID` };
  const create = stateOf(inviteState, "m.room.create");
  const createContent = obj(create?.content);
  if (createContent.type === "m.space")
    return { accept: false, reason: "space", detail: "the room is a space" };
  if (obj(invite.content).is_direct !== true) {
    return {
      accept: false,
      reason: "not-direct",
      detail: `${inviter} invited to a group room, not a direct chat`,
    };
  }
  if (!stateOf(inviteState, "m.room.encryption")) {
    return { accept: false, reason: "not-encrypted", detail: "the room is not encrypted" };
  }
  if (allowedServers.length > 0 && !allowedServers.includes(server)) {
    return {
      accept: false,
      reason: "server-not-allowed",
      detail: `${server} is not on the allowed wallet servers`,
    };
  }
  // The wallet creates its own room. (Room versions ≥ 11 drop content.creator; the create event's sender is it.)
  // Without a create event nothing says who made the room: a person decides.
  const creator =
    typeof create?.sender === "string" ? create.sender : (createContent.creator as string | undefined);
  if (creator !== inviter) {
    return {
      accept: false,
      reason: "not-from-creator",
      detail: creator
        ? `${inviter} invited to a room created by ${creator}`
        : `the invite from ${inviter} does not say who created the room`,
    };
  }
  // A wallet's room is a private chat (AltMe: no preset on a private server default, invite-only).
  const joinRule = obj(stateOf(inviteState, "m.room.join_rules")?.content).join_rule;
  if (joinRule !== "invite") {
    return {
      accept: false,
      reason: "not-invite-only",
      detail: `the room's join rule is ${typeof joinRule === "string" ? `"${joinRule}"` : "not given"}, not invite-only`,
    };
  }
  // Stripped state may list other members (the inviting server chooses): any besides wallet and support means a group.
  const others = inviteState.filter(
    (e) =>
      e.type === "m.room.member" &&
      e.state_key !== inviter &&
      e.state_key !== supportUserId &&
      ["join", "invite", "knock"].includes(String(obj(e.content).membership)),
  );
  if (others.length > 0) {
    return {
      accept: false,
      reason: "other-members",
      detail: `the room has members besides ${inviter} and support`,
    };
  }
  return { accept: true, walletUserId: inviter, reason: `direct encrypted invite from ${inviter}` };
}

/**
 * For a joined room (from its required_state and member count): the wallet's user ID when it is a wallet
 * conversation, otherwise null (the notification room, group rooms, rooms support created itself).
 */
export function walletOfJoinedRoom(
  requiredState: WireEvent[],
  supportUserId: string,
  joinedCount: number | undefined,
): string | null {
  const create = stateOf(requiredState, "m.room.create");
  if (!create || !stateOf(requiredState, "m.room.encryption")) return null;
  if (obj(create.content).type === "m.space") return null;
  const creator = typeof create.sender === "string" ? create.sender : null;
  if (!creator || creator === supportUserId) return null;
  if (joinedCount !== undefined && joinedCount > 2) return null;
  return creator;
}
