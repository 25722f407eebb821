// The auto-accept policy's decisions (inbox/classify.ts) from an invite's stripped state, one rule at a time: a
// wallet's own direct, encrypted room is accepted; group rooms, unencrypted rooms, spaces, servers outside the
// allow-list, invites from someone other than the room's creator and malformed invites wait for a person.
import { describe, expect, it } from "vitest";
import { decideInvite, walletOfJoinedRoom } from "../../../renderer/core/inbox/classify.ts";
import type { WireEvent } from "../../../renderer/core/inbox/row.ts";

const SUPPORT = "@support:support.example";
const WALLET = "@did-key-z6mkabc:wallets.example";

const state = (type: string, sender: string, content: Record<string, unknown>, stateKey = ""): WireEvent => ({
  type,
  sender,
  state_key: stateKey,
  content,
});

/** The stripped state of an AltMe wallet's invite: its room, direct, encrypted, invite-only, support invited by
 *  it. (The invite-only and other-members rules are tested in auto-accept.test.ts.) */
function walletInvite(
  changes: {
    inviter?: string;
    creator?: string;
    direct?: boolean;
    encrypted?: boolean;
    space?: boolean;
  } = {},
): WireEvent[] {
  const inviter = changes.inviter ?? WALLET;
  const creator = changes.creator ?? inviter;
  const events = [
    state("m.room.create", creator, changes.space ? { type: "m.space" } : { room_version: "10" }),
    state("m.room.member", inviter, { membership: "invite", is_direct: changes.direct ?? true }, SUPPORT),
    state("m.room.join_rules", creator, { join_rule: "invite" }),
  ];
  if (changes.encrypted ?? true)
    events.push(state("m.room.encryption", creator, { algorithm: "m.megolm.v1.aes-sha2" }));
  return events;
}

describe("deciding an invite", () => {
  it("accepts a wallet's direct, encrypted room that the wallet created and invited support to", () => {
    expect(decideInvite(walletInvite(), SUPPORT, [])).toEqual({
      accept: true,
      walletUserId: WALLET,
      reason: `direct encrypted invite from ${WALLET}`,
    });
  });

  it("accepts wallets of an allowed server, and holds those of any other server", () => {
    expect(decideInvite(walletInvite(), SUPPORT, ["wallets.example"]).accept).toBe(true);
    expect(decideInvite(walletInvite(), SUPPORT, ["other.example"])).toEqual({
      accept: false,
      reason: "server-not-allowed",
      detail: "wallets.example is not on the allowed wallet servers",
    });
  });

  it("holds a group room (not a direct chat), naming the inviter", () => {
    expect(decideInvite(walletInvite({ direct: false }), SUPPORT, [])).toMatchObject({
      accept: false,
      reason: "not-direct",
      detail: `${WALLET} invited to a group room, not a direct chat`,
    });
  });

  it("holds an unencrypted room", () => {
    expect(decideInvite(walletInvite({ encrypted: false }), SUPPORT, [])).toMatchObject({
      accept: false,
      reason: "not-encrypted",
    });
  });

  it("holds a space, even one that looks like a wallet's direct encrypted room", () => {
    expect(decideInvite(walletInvite({ space: true }), SUPPORT, [])).toEqual({
      accept: false,
      reason: "space",
      detail: "the room is a space",
    });
  });

  it("holds an invite from someone who did not create the room (a wallet can only invite to its own)", () => {
    const other = "@someone:wallets.example";
    expect(decideInvite(walletInvite({ inviter: WALLET, creator: other }), SUPPORT, [])).toEqual({
      accept: false,
      reason: "not-from-creator",
      detail: `${WALLET} invited to a room created by ${other}`,
    });
  });

  it("reads the creator from the create event's content where it has no sender (older room versions)", () => {
    const other = "@someone:wallets.example";
    const invite = walletInvite().map((e) =>
      e.type === "m.room.create" ? { type: e.type, state_key: "", content: { creator: other } } : e,
    );
    expect(decideInvite(invite, SUPPORT, [])).toMatchObject({ accept: false, reason: "not-from-creator" });
  });

  it("holds malformed invites: no member event for support, no inviter, an inviter that is not a user ID", () => {
    const withoutMember = walletInvite().filter((e) => e.type !== "m.room.member");
    expect(decideInvite(withoutMember, SUPPORT, [])).toMatchObject({ accept: false, reason: "malformed" });
    const noSender = walletInvite().map((e) =>
      e.type === "m.room.member" ? { ...e, sender: undefined } : e,
    );
    expect(decideInvite(noSender, SUPPORT, [])).toEqual({
      accept: false,
      reason: "malformed",
      detail: "the invite carries no inviter",
    });
    expect(decideInvite(walletInvite({ inviter: "not-a-user-id" }), SUPPORT, [])).toEqual({
      accept: false,
      reason: "malformed",
      detail: 'inviter "not-a-user-id" is not a user ID',
    });
  });

  it("reads only support's own membership: an invite addressed to someone else is malformed for support", () => {
    const invite = walletInvite().map((e) =>
      e.type === "m.room.member" ? { ...e, state_key: "@agent:support.example" } : e,
    );
    expect(decideInvite(invite, SUPPORT, [])).toMatchObject({ accept: false, reason: "malformed" });
  });
});

describe("recognising a joined wallet conversation", () => {
  const joined = (creator: string, extra: { encrypted?: boolean; space?: boolean } = {}) =>
    walletInvite({ creator, encrypted: extra.encrypted, space: extra.space }).filter(
      (e) => e.type !== "m.room.member",
    );

  it("is the wallet's room: created by the wallet, encrypted, two members at most", () => {
    expect(walletOfJoinedRoom(joined(WALLET), SUPPORT, 2)).toBe(WALLET);
    expect(walletOfJoinedRoom(joined(WALLET), SUPPORT, undefined)).toBe(WALLET);
  });

  it("is not a room support created itself (the notification room), nor a group room", () => {
    expect(walletOfJoinedRoom(joined(SUPPORT), SUPPORT, 2)).toBeNull();
    expect(walletOfJoinedRoom(joined(WALLET), SUPPORT, 3)).toBeNull();
  });

  it("is not an unencrypted room, a space, or a room whose create event is missing", () => {
    expect(walletOfJoinedRoom(joined(WALLET, { encrypted: false }), SUPPORT, 2)).toBeNull();
    expect(walletOfJoinedRoom(joined(WALLET, { space: true }), SUPPORT, 2)).toBeNull();
    expect(
      walletOfJoinedRoom(
        joined(WALLET).filter((e) => e.type !== "m.room.create"),
        SUPPORT,
        2,
      ),
    ).toBeNull();
  });
});
