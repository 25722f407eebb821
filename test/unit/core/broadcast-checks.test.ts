// The notification room's checklist and repair plan, judged from state snapshots (no server).
import { describe, expect, it } from "vitest";
import { evaluateChecks, type CheckId, type RoomFacts } from "../../../renderer/core/broadcast/checks.ts";
import { assessRoom } from "../../../renderer/core/broadcast/health.ts";
import { planRepair } from "../../../renderer/core/broadcast/repair-plan.ts";
import { NOTIFICATION_ROOM_POWER_LEVELS } from "../../../renderer/core/broadcast/room.ts";
import { parsePowerLevels, userLevel, roomAuthority } from "../../../renderer/core/broadcast/power-levels.ts";

const SUPPORT = "@support:support.test";

function room(over: Partial<RoomFacts> = {}): RoomFacts {
  return {
    roomId: "!news:support.test",
    supportUserId: SUPPORT,
    create: { sender: SUPPORT, content: { room_version: "11" } },
    powerLevels: { ...NOTIFICATION_ROOM_POWER_LEVELS, users: { [SUPPORT]: 100 } },
    joinRule: "public",
    encryption: null,
    historyVisibility: "shared",
    inDirectory: false,
    alias: "#news:support.test",
    name: "News",
    joinedMembers: 4,
    supportJoined: true,
    ...over,
  };
}

/** Synapse's power levels for a room created with preset public_chat and nothing else. */
const SYNAPSE_DEFAULTS = {
  users: { [SUPPORT]: 100 },
  users_default: 0,
  events: {
    "m.room.name": 50,
    "m.room.power_levels": 100,
    "m.room.history_visibility": 100,
    "m.room.canonical_alias": 50,
    "m.room.avatar": 50,
    "m.room.tombstone": 100,
    "m.room.server_acl": 100,
    "m.room.encryption": 100,
  },
  events_default: 0,
  state_default: 50,
  ban: 50,
  kick: 50,
  redact: 50,
  invite: 50,
};

const WALLET = "@did-key-z6mkwallet:wallets.test";

/** The safe room's levels with one `events` override. */
function withEvent(type: string, level: number): Record<string, unknown> {
  return {
    ...NOTIFICATION_ROOM_POWER_LEVELS,
    users: { [SUPPORT]: 100 },
    events: { ...NOTIFICATION_ROOM_POWER_LEVELS.events, [type]: level },
  };
}

const failing = (facts: RoomFacts) =>
  evaluateChecks(facts)
    .filter((c) => !c.ok)
    .map((c) => c.id);

describe("the notification room checklist", () => {
  it("a room configured like createNotificationRoom does passes every check", () => {
    const health = assessRoom(room());
    expect(health.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["in_directory"]);
    expect(health.ok).toBe(true);
    expect(health.repairable).toBe(false);
    expect(health.audience).toBe(3);
  });

  it.each<[string, Partial<RoomFacts>, CheckId[]]>([
    [
      "Synapse's public_chat defaults let wallets post",
      { powerLevels: SYNAPSE_DEFAULTS },
      ["wallets_cannot_post"],
    ],
    [
      "events_default as a string still counts",
      { powerLevels: { ...SYNAPSE_DEFAULTS, events_default: "50", invite: 50 } },
      [],
    ],
    [
      "an m.room.message override lower than events_default lets wallets post",
      {
        powerLevels: {
          ...SYNAPSE_DEFAULTS,
          events_default: 50,
          invite: 50,
          events: { ...SYNAPSE_DEFAULTS.events, "m.room.message": 0 },
        },
      },
      ["wallets_cannot_post"],
    ],
    [
      "so does an m.room.encrypted override (E2EE wallets could post encrypted)",
      {
        powerLevels: {
          ...SYNAPSE_DEFAULTS,
          events_default: 50,
          invite: 50,
          events: { ...SYNAPSE_DEFAULTS.events, "m.room.encrypted": 0 },
        },
      },
      ["wallets_cannot_post"],
    ],
    [
      "users_default at or above events_default lets wallets post and change settings",
      { powerLevels: { ...SYNAPSE_DEFAULTS, users_default: 50, events_default: 50 } },
      ["wallets_cannot_post", "wallets_cannot_change_room", "wallets_cannot_moderate"],
    ],
    [
      "encryption falling back to state_default 50 is not enough",
      { powerLevels: { ...SYNAPSE_DEFAULTS, events_default: 50, invite: 50, events: {} } },
      ["wallets_cannot_encrypt"],
    ],
    [
      "state_default 100 without an encryption override is enough",
      {
        powerLevels: { ...SYNAPSE_DEFAULTS, events_default: 50, invite: 50, state_default: 100, events: {} },
      },
      [],
    ],
    [
      "no power-levels event at all: anyone can do anything",
      { powerLevels: null },
      [
        "wallets_cannot_post",
        "wallets_cannot_encrypt",
        "wallets_cannot_change_room",
        "wallets_cannot_moderate",
      ],
    ],
    ["an invite-only room can't be joined by wallets", { joinRule: "invite" }, ["public"]],
    ["an encrypted room", { encryption: { algorithm: "m.megolm.v1.aes-sha2" } }, ["not_encrypted"]],
    [
      "history hidden from later joiners is informational",
      { historyVisibility: "joined" },
      ["history_visible"],
    ],
    [
      "support below the posting level can't post",
      {
        create: { sender: "@owner:x", content: { room_version: "11" } },
        powerLevels: { ...NOTIFICATION_ROOM_POWER_LEVELS, users: { "@owner:x": 100, [SUPPORT]: 10 } },
      },
      ["support_can_post"],
    ],
    // Issue 15 §7: what only looking at users_default missed.
    [
      "a wallet listed in users at 50 can post, change the room and moderate",
      { powerLevels: { ...NOTIFICATION_ROOM_POWER_LEVELS, users: { [SUPPORT]: 100, [WALLET]: 50 } } },
      ["wallets_cannot_post", "wallets_cannot_change_room", "wallets_cannot_moderate", "no_raised_members"],
    ],
    [
      "a wallet listed in users at 1 is named, though it can do nothing more",
      { powerLevels: { ...NOTIFICATION_ROOM_POWER_LEVELS, users: { [SUPPORT]: 100, [WALLET]: 1 } } },
      ["no_raised_members"],
    ],
    ...(["redact", "kick", "ban", "invite"] as const).map((key): [string, Partial<RoomFacts>, CheckId[]] => [
      `${key} at the wallets' level`,
      { powerLevels: { ...NOTIFICATION_ROOM_POWER_LEVELS, users: { [SUPPORT]: 100 }, [key]: 0 } },
      ["wallets_cannot_moderate"],
    ]),
    [
      "sending m.room.redaction open to wallets",
      { powerLevels: withEvent("m.room.redaction", 0) },
      ["wallets_cannot_moderate"],
    ],
    ["reactions open to wallets", { powerLevels: withEvent("m.reaction", 0) }, ["wallets_cannot_post"]],
    ...(["m.room.pinned_events", "m.room.topic", "m.room.name", "m.room.avatar"] as const).map(
      (type): [string, Partial<RoomFacts>, CheckId[]] => [
        `${type} open to wallets`,
        { powerLevels: withEvent(type, 0) },
        ["wallets_cannot_change_room"],
      ],
    ),
  ])("%s", (_name, over, expected) => {
    expect(failing(room(over)).filter((id) => id !== "in_directory")).toEqual(expected);
  });

  it("gives the numbers behind a verdict for translation", () => {
    const check = evaluateChecks(room({ powerLevels: SYNAPSE_DEFAULTS })).find(
      (c) => c.id === "wallets_cannot_post",
    )!;
    expect(check.facts).toMatchObject({ eventsDefault: 0, messageLevel: 0, walletLevel: 0 });
    expect(check.detail).toMatch(/Wallets can post/);
  });
});

describe("the repair plan", () => {
  it("fixes Synapse's defaults by raising events_default only, keeping every other level", () => {
    const plan = planRepair(room({ powerLevels: SYNAPSE_DEFAULTS }));
    expect(plan.changes.map((c) => [c.key, c.from, c.to])).toEqual([["events_default", 0, 50]]);
    expect(plan.powerLevels).toEqual({ ...SYNAPSE_DEFAULTS, events_default: 50 });
    expect(plan.problems).toEqual([]);
    expect(plan.fixes).toEqual(["wallets_cannot_post"]);
  });

  it("fixes a wide-open invite-only room: levels, join rule and history", () => {
    const plan = planRepair(
      room({
        powerLevels: {
          users: { [SUPPORT]: 100 },
          events_default: 0,
          state_default: 0,
          events: { "m.room.encryption": 0 },
        },
        joinRule: "invite",
        historyVisibility: "joined",
      }),
    );
    expect(plan.changes.map((c) => c.key)).toEqual([
      "events_default",
      "invite",
      'events["m.room.encryption"]',
      "state_default",
      "join_rule",
      "history_visibility",
    ]);
    expect(plan.joinRule).toBe("public");
    expect(plan.historyVisibility).toBe("shared");
    expect(plan.problems).toEqual([]);
    const health = assessRoom(
      room({ powerLevels: plan.powerLevels, joinRule: "public", historyVisibility: "shared" }),
    );
    expect(health.ok).toBe(true);
  });

  it("lowers a too-high users_default without lowering support, who relied on it", () => {
    const facts = room({
      powerLevels: { users_default: 100, events_default: 50, events: { "m.room.encryption": 100 } },
    });
    const plan = planRepair(facts);
    expect(plan.powerLevels).toMatchObject({ users_default: 0, users: { [SUPPORT]: 100 } });
    const after = parsePowerLevels(plan.powerLevels);
    expect(userLevel(after, roomAuthority(facts.create), SUPPORT)).toBe(100);
  });

  it("keeps the creator's implicit 100 when giving a room its first power-levels event", () => {
    const plan = planRepair(room({ powerLevels: null }));
    expect(plan.powerLevels).toMatchObject({
      users: { [SUPPORT]: 100 },
      events_default: 50,
      state_default: 50,
    });
    expect(plan.problems).toEqual([]);
  });

  it("never lists a room version 12 creator in `users`", () => {
    const plan = planRepair(
      room({
        create: { sender: SUPPORT, content: { room_version: "12" } },
        powerLevels: { users_default: 50 },
      }),
    );
    expect(plan.powerLevels).toMatchObject({ users_default: 0, events_default: 50 });
    expect(plan.powerLevels!.users).toBeUndefined();
  });

  it("a moderator can't fix what needs an admin, and says so", () => {
    const plan = planRepair(
      room({
        powerLevels: { users: { [SUPPORT]: 50 }, events_default: 0, events: { "m.room.power_levels": 50 } },
      }),
    );
    expect(plan.changes.map((c) => c.key)).toEqual(["events_default", "invite"]);
    expect(plan.problems).toEqual([
      expect.objectContaining({ check: "wallets_cannot_encrypt", reason: "support_lacks_power" }),
    ]);
    expect(plan.problems[0]!.detail).toMatch(
      /power level \(50\) is too low to change events\["m.room.encryption"\]/,
    );
  });

  it("support without power can't fix anything", () => {
    const owned = { create: { sender: "@owner:x", content: { room_version: "11" } } };
    const plan = planRepair(
      room({ ...owned, powerLevels: { users: { "@owner:x": 100 }, events_default: 0 }, joinRule: "invite" }),
    );
    expect(plan.powerLevels).toBeNull();
    expect(plan.changes).toEqual([]);
    expect(plan.problems.map((p) => [p.check, p.reason])).toEqual([
      ["public", "support_lacks_power"],
      ["wallets_cannot_post", "support_lacks_power"],
      ["wallets_cannot_encrypt", "support_lacks_power"],
      ["wallets_cannot_moderate", "support_lacks_power"],
    ]);
    expect(
      assessRoom(room({ ...owned, powerLevels: { users: { "@owner:x": 100 }, events_default: 0 } }))
        .repairable,
    ).toBe(false);
  });

  it("brings a listed wallet down, closes moderation and every per-event override, and the room passes", () => {
    const powerLevels = {
      ...NOTIFICATION_ROOM_POWER_LEVELS,
      users: { [SUPPORT]: 100, [WALLET]: 50, "@did-key-other:wallets.test": 99 },
      redact: 0,
      kick: 0,
      ban: 0,
      invite: 0,
      events: {
        ...NOTIFICATION_ROOM_POWER_LEVELS.events,
        "m.room.redaction": 0,
        "m.reaction": 0,
        "m.room.pinned_events": 0,
        "m.room.topic": 0,
        "m.room.name": 0,
        "m.room.avatar": 0,
      },
    };
    const plan = planRepair(room({ powerLevels }));
    expect(plan.problems).toEqual([]);
    expect(plan.powerLevels).toMatchObject({
      users: { [SUPPORT]: 100, [WALLET]: 0, "@did-key-other:wallets.test": 0 },
      redact: 50,
      kick: 50,
      ban: 50,
      invite: 50,
      events: {
        "m.room.redaction": 50,
        "m.reaction": 50,
        "m.room.pinned_events": 50,
        "m.room.topic": 50,
        "m.room.name": 50,
        "m.room.avatar": 50,
      },
    });
    const health = assessRoom(room({ powerLevels: plan.powerLevels }));
    expect(health.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["in_directory"]);
  });

  it("a wallet at support's own level can't be brought down, and the plan names it", () => {
    const plan = planRepair(room({ powerLevels: withEvent("m.room.message", 50) }));
    expect(plan.problems).toEqual([]);
    const peer = planRepair(
      room({ powerLevels: { ...NOTIFICATION_ROOM_POWER_LEVELS, users: { [SUPPORT]: 100, [WALLET]: 100 } } }),
    );
    expect(peer.problems.map((p) => p.check)).toContain("no_raised_members");
    expect(peer.problems.find((p) => p.check === "no_raised_members")!.detail).toContain(
      `users["${WALLET}"]`,
    );
  });

  it("an encrypted room can't be repaired: create a new one", () => {
    const plan = planRepair(room({ encryption: { algorithm: "m.megolm.v1.aes-sha2" } }));
    expect(plan.problems).toEqual([expect.objectContaining({ check: "not_encrypted", reason: "encrypted" })]);
    expect(plan.problems[0]!.detail).toMatch(/Create a new notification room/);
  });

  it("publishes to the directory only when asked", () => {
    expect(planRepair(room()).publishToDirectory).toBe(false);
    const plan = planRepair(room(), { publishToDirectory: true });
    expect(plan.publishToDirectory).toBe(true);
    expect(plan.changes.map((c) => c.step)).toEqual(["directory"]);
  });
});
