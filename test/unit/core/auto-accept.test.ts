// Auto-accept hardened (issue 15 §1): the stricter first look at invite state, the check of the real room state
// after joining, the warnings for later changes, the caps per inviter and per server, and third-party senders.
import { describe, expect, it } from "vitest";
import { decideInvite } from "../../../renderer/core/inbox/classify.ts";
import { checkWalletRoom, roomWarning } from "../../../renderer/core/inbox/room-check.ts";
import { InviteRateLimiter } from "../../../renderer/core/invite-limits.ts";
import type { WireEvent } from "../../../renderer/core/inbox/row.ts";

const SUPPORT = "@support:support.test";
const WALLET = "@did-key-z6mkabc:wallets.test";

const create = (sender: string | null): WireEvent =>
  sender === null
    ? { type: "m.room.create", state_key: "", content: { room_version: "11" } }
    : { type: "m.room.create", state_key: "", sender, content: { room_version: "11" } };
const member = (userId: string, membership: string, sender = userId, extra = {}): WireEvent => ({
  type: "m.room.member",
  state_key: userId,
  sender,
  content: { membership, ...extra },
});
const encryption: WireEvent = {
  type: "m.room.encryption",
  state_key: "",
  content: { algorithm: "m.megolm.v1.aes-sha2" },
};
const joinRule = (rule: string): WireEvent => ({
  type: "m.room.join_rules",
  state_key: "",
  content: { join_rule: rule },
});

/** What Synapse puts in a wallet's invite (AltMe's createRoom). */
function walletInvite(
  over: { create?: WireEvent | null; rule?: string | null; extra?: WireEvent[] } = {},
): WireEvent[] {
  return [
    ...(over.create === null ? [] : [over.create ?? create(WALLET)]),
    encryption,
    ...(over.rule === null ? [] : [joinRule(over.rule ?? "invite")]),
    member(WALLET, "join"),
    member(SUPPORT, "invite", WALLET, { is_direct: true }),
    ...(over.extra ?? []),
  ];
}

describe("the first look at an invite", () => {
  it("accepts a wallet's own direct, encrypted, invite-only room", () => {
    expect(decideInvite(walletInvite(), SUPPORT, [])).toMatchObject({ accept: true, walletUserId: WALLET });
  });

  it.each<[string, WireEvent[], string]>([
    ["no create event: nobody says who made the room", walletInvite({ create: null }), "not-from-creator"],
    ["created by someone else", walletInvite({ create: create("@other:evil.test") }), "not-from-creator"],
    ["a public room", walletInvite({ rule: "public" }), "not-invite-only"],
    ["a knock room", walletInvite({ rule: "knock" }), "not-invite-only"],
    ["no join rule given", walletInvite({ rule: null }), "not-invite-only"],
    [
      "a third member in the invite",
      walletInvite({ extra: [member("@third:evil.test", "join")] }),
      "other-members",
    ],
    [
      "a third member invited",
      walletInvite({ extra: [member("@third:evil.test", "invite", WALLET)] }),
      "other-members",
    ],
  ])("holds %s", (_name, state, reason) => {
    expect(decideInvite(state, SUPPORT, [])).toMatchObject({ accept: false, reason });
  });
});

describe("the real room state after joining", () => {
  const real = (extra: WireEvent[] = [], rule = "invite") => [
    create(WALLET),
    encryption,
    joinRule(rule),
    member(WALLET, "join"),
    member(SUPPORT, "join"),
    ...extra,
  ];

  it("a wallet's private chat passes", () => {
    expect(checkWalletRoom(real(), SUPPORT, WALLET)).toEqual({ ok: true });
  });

  it.each<[string, WireEvent[], string]>([
    [
      "the invite lied about the creator",
      [create("@other:evil.test"), encryption, joinRule("invite")],
      "not-from-wallet",
    ],
    [
      "not encrypted after all",
      [create(WALLET), joinRule("invite"), member(WALLET, "join")],
      "not-encrypted",
    ],
    ["a third member", real([member("@third:evil.test", "join")]), "other-members"],
    ["a third member invited", real([member("@third:evil.test", "invite", WALLET)]), "other-members"],
    ["anyone may join", real([], "public"), "not-invite-only"],
  ])("%s: not a wallet's private chat", (_name, state, problem) => {
    expect(checkWalletRoom(state, SUPPORT, WALLET)).toMatchObject({ ok: false, problem });
  });

  it("members who left don't count", () => {
    expect(checkWalletRoom(real([member("@gone:evil.test", "leave")]), SUPPORT, WALLET)).toEqual({
      ok: true,
    });
  });
});

describe("later changes, from what sync carries for a listed conversation", () => {
  it("flags a third member and a join rule that opened", () => {
    expect(roomWarning([], 2)).toBeNull();
    expect(roomWarning([], 3)).toBe("other-members");
    expect(roomWarning([joinRule("public")], 2)).toBe("not-invite-only");
    expect(roomWarning([joinRule("invite")], undefined)).toBeNull();
    // An update says only what changed: a count without the join rule keeps an open room flagged, and state
    // without a count keeps the other members; what it does carry decides.
    expect(roomWarning([], 2, "not-invite-only")).toBe("not-invite-only");
    expect(roomWarning(undefined, undefined, "other-members")).toBe("other-members");
    expect(roomWarning([joinRule("invite")], 2, "not-invite-only")).toBeNull();
    expect(roomWarning([], 2, "other-members")).toBeNull();
  });
});

describe("auto-joins are capped per inviter and per server", () => {
  it("per inviter, in a sliding hour of the given clock", () => {
    let now = 0;
    const limiter = new InviteRateLimiter([], { perInviter: 3, perServer: 100 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take(WALLET, "wallets.test"))).toEqual([
      null,
      null,
      null,
      "inviter",
    ]);
    now += 59 * 60_000;
    expect(limiter.take(WALLET, "wallets.test")).toBe("inviter");
    now += 2 * 60_000;
    expect(limiter.take(WALLET, "wallets.test")).toBeNull();
  });

  it("per server, except for servers on the admin's allow-list", () => {
    const limiter = new InviteRateLimiter(["trusted.test"], { perInviter: 5, perServer: 2 }, () => 0);
    const from = (server: string, i: number) => limiter.take(`@w${i}:${server}`, server);
    expect([0, 1, 2].map((i) => from("evil.test", i))).toEqual([null, null, "server"]);
    expect([0, 1, 2, 3].map((i) => from("trusted.test", i))).toEqual([null, null, null, null]);
  });
});
