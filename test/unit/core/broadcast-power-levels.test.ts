// The Matrix power-level rules the notification room's safety rests on, over a table of power-level contents.
import { describe, expect, it } from "vitest";
import {
  applyLevelChanges,
  changeRefusal,
  parsePowerLevels,
  requiredLevel,
  roomAuthority,
  toLevel,
  userLevel,
  type LevelChange,
} from "../../../renderer/core/broadcast/power-levels.ts";

const SUPPORT = "@support:support.test";
const WALLET = "@did-key-z6mkabc:wallets.test";
const OTHER_ADMIN = "@boss:support.test";
const v11 = roomAuthority({ sender: SUPPORT, content: { room_version: "11" } });
const v12 = roomAuthority({
  sender: SUPPORT,
  content: { room_version: "12", additional_creators: [OTHER_ADMIN] },
});

describe("power-level values", () => {
  it.each([
    [50, 50],
    ["50", 50],
    [" -10 ", -10],
    ["+7", 7],
    [50.9, 50],
    ["fifty", undefined],
    ["", undefined],
    [null, undefined],
    [true, undefined],
    [Number.NaN, undefined],
  ])("%j reads as %j", (raw, level) => expect(toLevel(raw)).toBe(level));
});

describe("levels a wallet and support have, and what sending needs", () => {
  const table: Array<{
    name: string;
    content: Record<string, unknown> | null;
    authority?: typeof v11;
    support: number;
    wallet: number;
    message: number;
    encryption: number;
  }> = [
    {
      name: "no power-levels event: the creator has 100, everyone else 0, and state needs 0",
      content: null,
      support: 100,
      wallet: 0,
      message: 0,
      encryption: 0,
    },
    {
      name: "an empty content: spec defaults (state 50, events 0, users 0) and the creator loses its implicit 100",
      content: {},
      support: 0,
      wallet: 0,
      message: 0,
      encryption: 50,
    },
    {
      name: "Synapse's public_chat defaults",
      content: {
        users: { [SUPPORT]: 100 },
        users_default: 0,
        events_default: 0,
        state_default: 50,
        events: { "m.room.encryption": 100, "m.room.power_levels": 100 },
      },
      support: 100,
      wallet: 0,
      message: 0,
      encryption: 100,
    },
    {
      name: "levels written as strings (room versions before 10)",
      content: {
        users: { [SUPPORT]: "100" },
        events_default: "50",
        state_default: "100",
        users_default: "0",
      },
      support: 100,
      wallet: 0,
      message: 50,
      encryption: 100,
    },
    {
      name: "an m.room.message override below events_default",
      content: { users: { [SUPPORT]: 100 }, events_default: 50, events: { "m.room.message": 0 } },
      support: 100,
      wallet: 0,
      message: 0,
      encryption: 50,
    },
    {
      name: "state_default 100 with an override lowering m.room.encryption",
      content: { users: { [SUPPORT]: 100 }, state_default: 100, events: { "m.room.encryption": 0 } },
      support: 100,
      wallet: 0,
      message: 0,
      encryption: 0,
    },
    {
      name: "users_default above events_default",
      content: { users: { [SUPPORT]: 100 }, users_default: 60, events_default: 50 },
      support: 100,
      wallet: 60,
      message: 50,
      encryption: 50,
    },
    {
      name: "unparseable values fall back to the defaults",
      content: { users: { [SUPPORT]: "admin" }, users_default: "x", events_default: {}, state_default: [] },
      support: 0,
      wallet: 0,
      message: 0,
      encryption: 50,
    },
    {
      name: "room version 12: the creator has unlimited power whatever `users` says",
      content: { users_default: 0, events_default: 50 },
      authority: v12,
      support: Infinity,
      wallet: 0,
      message: 50,
      encryption: 50,
    },
  ];

  it.each(table)("$name", ({ content, authority = v11, support, wallet, message, encryption }) => {
    const pl = parsePowerLevels(content);
    expect(userLevel(pl, authority, SUPPORT)).toBe(support);
    expect(userLevel(pl, authority, WALLET)).toBe(wallet);
    expect(requiredLevel(pl, "m.room.message", false)).toBe(message);
    expect(requiredLevel(pl, "m.room.encryption", true)).toBe(encryption);
  });

  it("reads creators the way each room version defines them", () => {
    expect(roomAuthority({ content: { creator: SUPPORT } })).toEqual({
      creators: [SUPPORT],
      privilegedCreators: false,
    });
    expect(
      roomAuthority({ sender: SUPPORT, content: { room_version: "10", additional_creators: [WALLET] } }),
    ).toEqual({ creators: [SUPPORT], privilegedCreators: false });
    expect(v12).toEqual({ creators: [SUPPORT, OTHER_ADMIN], privilegedCreators: true });
    expect(userLevel(parsePowerLevels({}), v12, OTHER_ADMIN)).toBe(Infinity);
  });
});

describe("whether the server would accept a power-level change from support", () => {
  const change = (key: LevelChange["key"], from: number | undefined, to: number): LevelChange => ({
    key,
    from,
    to,
  });
  const eventsDefault = { kind: "default", name: "events_default" } as const;
  const encryption = { kind: "event", eventType: "m.room.encryption" } as const;
  const admins = { users: { [SUPPORT]: 100, [OTHER_ADMIN]: 100 }, events: { "m.room.power_levels": 100 } };

  it.each([
    ["an admin raises events_default", admins, change(eventsDefault, 0, 50), null],
    ["an admin sets the encryption level to 100", admins, change(encryption, 50, 100), null],
    [
      "a moderator can't edit power levels that need 100",
      { users: { [SUPPORT]: 50 }, events: { "m.room.power_levels": 100 } },
      change(eventsDefault, 0, 50),
      "cannot_edit_power_levels",
    ],
    [
      "a moderator allowed to edit can't set a level above its own",
      { users: { [SUPPORT]: 50 }, events: { "m.room.power_levels": 50 } },
      change(encryption, undefined, 100),
      "above_own_level",
    ],
    [
      "nor change a value that is above its own",
      { users: { [SUPPORT]: 50 }, events: { "m.room.power_levels": 50, "m.room.encryption": 60 } },
      change(encryption, 60, 50),
      "above_own_level",
    ],
    [
      "an admin can't change another admin",
      admins,
      change({ kind: "user", userId: OTHER_ADMIN }, 100, 50),
      "peer_level",
    ],
    ["but may restate its own level", admins, change({ kind: "user", userId: SUPPORT }, 100, 100), null],
    [
      "a wallet-level member can't touch anything",
      { users: { [SUPPORT]: 0 } },
      change(eventsDefault, 0, 0),
      "cannot_edit_power_levels",
    ],
  ])("%s", (_name, content, c, refusal) => {
    expect(changeRefusal(parsePowerLevels(content), v11, SUPPORT, c)).toBe(refusal);
  });

  it("the first power-levels event of a room may set anything, even by a non-creator", () => {
    const notCreator = roomAuthority({ sender: OTHER_ADMIN, content: { room_version: "11" } });
    expect(
      changeRefusal(parsePowerLevels(null), notCreator, SUPPORT, change(encryption, undefined, 100)),
    ).toBeNull();
  });

  it("room version 12 refuses creators in `users`", () => {
    const pin = change({ kind: "user", userId: SUPPORT }, undefined, 100);
    expect(changeRefusal(parsePowerLevels({}), v12, SUPPORT, pin)).toBe("creator_in_users");
  });

  it("applying changes keeps every key the console doesn't manage", () => {
    const content = {
      users: { [SUPPORT]: 100 },
      ban: 50,
      notifications: { room: 50 },
      events: { "m.reaction": 0 },
    };
    const out = applyLevelChanges(content, [
      change(eventsDefault, undefined, 50),
      change(encryption, undefined, 100),
    ]);
    expect(out).toEqual({
      users: { [SUPPORT]: 100 },
      ban: 50,
      notifications: { room: 50 },
      events_default: 50,
      events: { "m.reaction": 0, "m.room.encryption": 100 },
    });
    expect(content.events).toEqual({ "m.reaction": 0 });
  });
});
