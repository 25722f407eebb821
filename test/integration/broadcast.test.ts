// The notification room against a real Synapse and AltMe-shaped wallets: a room the console creates or repairs
// refuses wallets' posts and their attempt to turn encryption on, broadcasts reach every wallet unencrypted,
// and an encrypted or unrepairable room is reported with reasons instead of being used.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Method, Preset, Visibility, type MatrixClient } from "matrix-js-sdk";
import {
  broadcastHistory,
  checkHealth,
  createNotificationRoom,
  postBroadcast,
  repair,
  resolveNotificationRoom,
  type BroadcastError,
  type NotificationRoomHealth,
} from "../../renderer/core/broadcast/index.ts";
import { NOTIFICATION_ROOM_POWER_LEVELS } from "../../renderer/core/broadcast/room.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { clientOf, startedClientOf } from "../harness/sdk-client.ts";
import type { Wallet, WalletShape } from "../harness/wallet.ts";

const PNG = new Uint8Array(readFileSync(new URL("../fixtures/red-3x2.png", import.meta.url)));
const cleanup = cleanupAfterAll();

const clientFor = (account: RegisteredUser, baseUrl = testHomeserver().url): MatrixClient =>
  clientOf(account, baseUrl);

/** Support as the console runs it: syncing, with rust crypto (which must not get to encrypt broadcasts). */
async function startedSupport(): Promise<MatrixClient> {
  const client = await startedClientOf(await newSupportAccount(), testHomeserver().url, {
    start: { initialSyncLimit: 10, lazyLoadMembers: true },
  });
  cleanup.add(() => client.stopClient());
  return client;
}

async function wallets(support: string, shapes: WalletShape[]): Promise<Wallet[]> {
  const list = await Promise.all(shapes.map((shape) => newWallet(support, shape)));
  for (const w of list) cleanup.track(w);
  return list;
}

const uniqueAlias = (name: string) => `${name}-${randomBytes(4).toString("hex")}`;
const failingChecks = (h: NotificationRoomHealth) => h.checks.filter((c) => !c.ok).map((c) => c.id);

async function caught(promise: Promise<unknown>): Promise<BroadcastError> {
  try {
    await promise;
  } catch (err) {
    return err as BroadcastError;
  }
  throw new Error("expected the call to fail");
}

/** Every m.room.message / m.room.encrypted event in the room, read from the server. */
async function messagesIn(
  client: MatrixClient,
  roomId: string,
): Promise<Array<{ type: string; sender: string }>> {
  const res = await client.http.authedRequest<{ chunk: Array<{ type: string; sender: string }> }>(
    Method.Get,
    `/rooms/${encodeURIComponent(roomId)}/messages`,
    { dir: "b", limit: "100" },
  );
  return res.chunk.filter((e) => e.type === "m.room.message" || e.type === "m.room.encrypted");
}

describe("a notification room the console creates", () => {
  it("passes every check, and wallets that join can neither post nor turn encryption on", async () => {
    const support = await startedSupport();
    const { roomId, alias } = await createNotificationRoom(support, {
      alias: uniqueAlias("news"),
      name: "Wallet news",
      topic: "Announcements from your wallet provider",
    });
    expect(alias).toMatch(new RegExp(`^#news-[0-9a-f]{8}:${testHomeserver().serverName}$`));

    const health = await checkHealth(support, roomId);
    expect(health.ok).toBe(true);
    expect(failingChecks(health)).toEqual(["in_directory"]); // informational: wallets join by address
    expect(health).toMatchObject({
      alias,
      name: "Wallet news",
      joinedMembers: 1,
      audience: 0,
      supportLevel: 100,
    });

    const [plain, e2ee] = await wallets(support.getSafeUserId(), ["plaintext", "e2ee"]);
    for (const wallet of [plain!, e2ee!]) {
      const joined = await wallet.joinNotificationRoom(alias);
      expect(joined.roomId).toBe(roomId);
      expect(joined.enableEncryption).toMatchObject({ ok: false, errcode: "M_FORBIDDEN" });
      expect(await wallet.tryPost(roomId, "spam from a wallet")).toMatchObject({
        ok: false,
        errcode: "M_FORBIDDEN",
      });
    }
    const after = await checkHealth(support, roomId);
    expect(after.ok).toBe(true);
    expect(after.audience).toBe(2);
    expect(failingChecks(after)).not.toContain("not_encrypted");
  });

  it("says when the address is already taken", async () => {
    const support = clientFor(await newSupportAccount());
    const alias = uniqueAlias("taken");
    await createNotificationRoom(support, { alias, name: "First" });
    const err = await caught(createNotificationRoom(support, { alias: `#${alias}`, name: "Second" }));
    expect(err.reason).toBe("alias-taken");
    expect(err.message).toBe(
      `The address #${alias}:${testHomeserver().serverName} is already taken. Choose another, or use the existing room.`,
    );
  });
});

describe("broadcasts", () => {
  it("a text and an image broadcast reach three wallets, E2EE and plaintext, unencrypted; history lists them", async () => {
    const support = await startedSupport();
    const { roomId, alias } = await createNotificationRoom(support, {
      alias: uniqueAlias("news"),
      name: "News",
    });
    const list = await wallets(support.getSafeUserId(), ["plaintext", "e2ee", "plaintext"]);
    for (const wallet of list) await wallet.joinNotificationRoom(alias);
    expect((await checkHealth(support, roomId)).audience).toBe(3);

    const text = "Version 3.5 is out: https://example.org/release-notes";
    const posted = await postBroadcast(support, roomId, { text });
    expect(posted).toMatchObject({ kind: "text", content: { msgtype: "m.text", body: text } });
    const image = await postBroadcast(support, roomId, { image: { bytes: PNG, name: "banner.png" } });
    expect(image.kind).toBe("image");

    for (const wallet of list) {
      const got = await wallet.waitForMessage((m) => m.eventId === posted.eventId);
      expect(got).toMatchObject({ body: text, msgtype: "m.text", encrypted: false, readable: true });
      const pic = await wallet.waitForMessage((m) => m.eventId === image.eventId);
      expect(pic).toMatchObject({ msgtype: "m.image", body: "banner.png", encrypted: false });
      expect(pic.content.file).toBeUndefined();
      expect(pic.content.url).toMatch(/^mxc:\/\//);
      expect(pic.content.info).toMatchObject({ mimetype: "image/png", size: PNG.byteLength, w: 3, h: 2 });
      expect(await wallet.downloadImage(pic)).toEqual(PNG);
    }

    const history = await broadcastHistory(support, roomId, 10);
    expect(history.items.map((i) => i.eventId)).toEqual([image.eventId, posted.eventId]);
    expect(history.items[0]).toMatchObject({
      kind: "image",
      name: "banner.png",
      w: 3,
      h: 2,
      sender: support.getSafeUserId(),
      source: { mxc: image.content.url, file: null },
    });
    expect(history.items[1]).toMatchObject({ kind: "text", text, sender: support.getSafeUserId() });
  });

  it("a retried broadcast with the same transaction ID is posted once; history pages newest first", async () => {
    const support = clientFor(await newSupportAccount());
    const { roomId } = await createNotificationRoom(support, { alias: uniqueAlias("news"), name: "News" });
    const first = await postBroadcast(support, roomId, { text: "Maintenance tonight" });
    const retry = await postBroadcast(
      support,
      roomId,
      { text: "Maintenance tonight" },
      { txnId: first.txnId },
    );
    expect(retry.eventId).toBe(first.eventId);
    for (const n of [2, 3, 4]) await postBroadcast(support, roomId, { text: `Update ${n}` });

    const page1 = await broadcastHistory(support, roomId, 2);
    expect(page1.items.map((i) => (i.kind === "text" ? i.text : i.name))).toEqual(["Update 4", "Update 3"]);
    expect(page1.next).not.toBeNull();
    const page2 = await broadcastHistory(support, roomId, 10, { from: page1.next! });
    expect(page2.items.map((i) => (i.kind === "text" ? i.text : i.name))).toEqual([
      "Update 2",
      "Maintenance tonight",
    ]);
  });

  it("an empty broadcast and a file that isn't an image are refused before anything is sent", async () => {
    const support = clientFor(await newSupportAccount());
    const { roomId } = await createNotificationRoom(support, { alias: uniqueAlias("news"), name: "News" });
    expect((await caught(postBroadcast(support, roomId, { text: "  \n" }))).reason).toBe("empty");
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(
      (await caught(postBroadcast(support, roomId, { image: { bytes: svg, name: "x.svg" } }))).reason,
    ).toBe("not-an-image");
    expect(await messagesIn(support, roomId)).toEqual([]);
  });
});

describe("a badly configured notification room", () => {
  it("created with plain public_chat defaults lets wallets post; repair fixes it and the server then refuses them", async () => {
    const support = await startedSupport();
    const alias = uniqueAlias("plain");
    const { room_id: roomId } = await support.createRoom({
      preset: Preset.PublicChat,
      room_alias_name: alias,
    });
    const [wallet] = await wallets(support.getSafeUserId(), ["plaintext"]);
    const joined = await wallet!.joinNotificationRoom(`#${alias}:${testHomeserver().serverName}`);
    // Synapse's defaults already need 100 for m.room.encryption, but anyone may post.
    expect(joined.enableEncryption.ok).toBe(false);
    expect(await wallet!.tryPost(roomId, "before repair")).toEqual({ ok: true });

    const before = await checkHealth(support, roomId);
    expect(before.ok).toBe(false);
    expect(failingChecks(before)).toEqual(["in_directory", "wallets_cannot_post"]);
    expect(before.checks.find((c) => c.id === "wallets_cannot_post")).toMatchObject({
      repairable: true,
      facts: { eventsDefault: 0, walletLevel: 0 },
    });

    const report = await repair(support, roomId);
    expect(report.changed.map((c) => [c.key, c.from, c.to])).toEqual([["events_default", 0, 50]]);
    expect(report.notFixed).toEqual([]);
    expect(report.health.ok).toBe(true);
    expect(await wallet!.tryPost(roomId, "after repair")).toMatchObject({
      ok: false,
      errcode: "M_FORBIDDEN",
    });
  });

  it("a wide-open, invite-only room version 12 room: repair makes it public and protected", async () => {
    const support = clientFor(await newSupportAccount());
    const { room_id: roomId } = await support.createRoom({
      preset: Preset.PrivateChat,
      room_version: "12",
      power_level_content_override: {
        events_default: 0,
        state_default: 0,
        events: { "m.room.encryption": 0 },
      },
      initial_state: [
        { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "joined" } },
      ],
    });
    const before = await checkHealth(support, roomId);
    expect(before.supportLevel).toBe(Infinity);
    expect(failingChecks(before)).toEqual([
      "public",
      "in_directory",
      "wallets_cannot_post",
      "wallets_cannot_encrypt",
      "wallets_cannot_change_room",
      "wallets_cannot_moderate", // private_chat lets any member invite
      "history_visible",
    ]);
    expect(before.repairable).toBe(true);

    const report = await repair(support, roomId);
    expect(report.changed.map((c) => c.key)).toEqual([
      "events_default",
      "invite",
      'events["m.room.encryption"]',
      "state_default",
      "join_rule",
      "history_visibility",
    ]);
    expect(report.notFixed).toEqual([]);
    expect(failingChecks(report.health)).toEqual(["in_directory"]);

    const list = await wallets(support.getSafeUserId(), ["plaintext", "e2ee"]);
    for (const wallet of list) {
      const joined = await wallet.joinNotificationRoom(roomId);
      expect(joined.enableEncryption).toMatchObject({ ok: false, errcode: "M_FORBIDDEN" });
      expect(await wallet.tryPost(roomId, "hello?")).toMatchObject({ ok: false, errcode: "M_FORBIDDEN" });
    }
    expect(failingChecks(await checkHealth(support, roomId))).toEqual(["in_directory"]);
  });

  it("an encrypted room is unhealthy, can't be repaired, and postBroadcast sends nothing into it", async () => {
    const support = await startedSupport();
    const { room_id: roomId } = await support.createRoom({
      preset: Preset.PublicChat,
      initial_state: [
        { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
      ],
    });
    const health = await checkHealth(support, roomId);
    expect(health.ok).toBe(false);
    expect(health.checks.find((c) => c.id === "not_encrypted")).toMatchObject({
      ok: false,
      repairable: false,
    });

    const report = await repair(support, roomId);
    expect(report.notFixed).toContainEqual(
      expect.objectContaining({ check: "not_encrypted", reason: "encrypted" }),
    );
    expect(report.notFixed.find((p) => p.check === "not_encrypted")!.detail).toMatch(
      /Create a new notification room/,
    );

    const text = await caught(postBroadcast(support, roomId, { text: "Should never be sent" }));
    expect(text.reason).toBe("encrypted");
    expect(text.message).toMatch(/nothing was sent/);
    const image = await caught(postBroadcast(support, roomId, { image: { bytes: PNG, name: "x.png" } }));
    expect(image.reason).toBe("encrypted");
    expect(await messagesIn(support, roomId)).toEqual([]);
  });

  it("a room where support has no power reports that it can't be repaired, and why", async () => {
    const owner = clientFor(await newSupportAccount("owner"));
    const alias = uniqueAlias("owned");
    const { room_id: roomId } = await owner.createRoom({
      preset: Preset.PublicChat,
      visibility: Visibility.Private,
      room_alias_name: alias,
    });
    const support = clientFor(await newSupportAccount());
    const resolved = await resolveNotificationRoom(support, `#${alias}:${testHomeserver().serverName}`);
    expect(resolved).toMatchObject({ roomId, joined: "now" });

    const health = await checkHealth(support, roomId);
    expect(health.supportLevel).toBe(0);
    expect(health.repairable).toBe(false);
    expect(health.checks.find((c) => c.id === "wallets_cannot_post")).toMatchObject({
      ok: false,
      repairable: false,
    });

    const plBefore = await owner.getStateEvent(roomId, "m.room.power_levels", "");
    const report = await repair(support, roomId);
    expect(report.changed).toEqual([]);
    expect(report.notFixed).toEqual([
      expect.objectContaining({ check: "wallets_cannot_post", reason: "support_lacks_power" }),
    ]);
    expect(report.notFixed[0]!.detail).toMatch(
      /Support's power level \(0\) is too low to change events_default/,
    );
    expect(await owner.getStateEvent(roomId, "m.room.power_levels", "")).toEqual(plBefore);
  });
});

describe("resolving the configured notification room", () => {
  it("joins by alias once, then finds it already joined", async () => {
    const support = clientFor(await newSupportAccount());
    const owner = clientFor(await newSupportAccount("owner"));
    const alias = uniqueAlias("public");
    const { room_id } = await owner.createRoom({ preset: Preset.PublicChat, room_alias_name: alias });
    const full = `#${alias}:${testHomeserver().serverName}`;
    expect(await resolveNotificationRoom(support, full)).toEqual({
      roomId: room_id,
      alias: full,
      joined: "now",
    });
    expect(await resolveNotificationRoom(support, ` ${full} `)).toEqual({
      roomId: room_id,
      alias: full,
      joined: "already",
    });
    expect(await resolveNotificationRoom(support, room_id)).toEqual({
      roomId: room_id,
      alias: null,
      joined: "already",
    });
  });

  it("gives a human error for an unknown alias, an unknown room, an invite-only room, a bad address and a dead server", async () => {
    const account = await newSupportAccount();
    const support = clientFor(account);
    const server = testHomeserver().serverName;

    const noAlias = await caught(
      resolveNotificationRoom(support, `#no-such-room-${randomBytes(3).toString("hex")}:${server}`),
    );
    expect(noAlias.reason).toBe("no-such-alias");
    expect(noAlias.message).toMatch(
      /^There is no room with the address #no-such-room-.+\. Check the notification room/,
    );

    const noRoom = await caught(resolveNotificationRoom(support, `!doesnotexist:${server}`));
    expect(noRoom.reason).toBe("room-not-found");

    const owner = clientFor(await newSupportAccount("owner"));
    const { room_id: privateRoom } = await owner.createRoom({ preset: Preset.PrivateChat });
    const notAllowed = await caught(resolveNotificationRoom(support, privateRoom));
    expect(notAllowed.reason).toBe("not-allowed");
    expect(notAllowed.message).toContain(`Ask a room admin to invite ${account.userId}`);

    expect((await caught(resolveNotificationRoom(support, "news"))).reason).toBe("invalid-address");

    const offline = clientFor(account, "http://127.0.0.1:9");
    const dead = await caught(resolveNotificationRoom(offline, `#news:${server}`));
    expect(dead.reason).toBe("unreachable");
    expect(dead.message).toMatch(/^Couldn't reach /);
  });

  it("a wallet raised to 50, moderation and per-event levels open to wallets: flagged, repaired, and the server then refuses each", async () => {
    const support = await startedSupport();
    const alias = uniqueAlias("open");
    const [wallet, other] = await wallets(support.getSafeUserId(), ["plaintext", "plaintext"]);
    const open = {
      ...NOTIFICATION_ROOM_POWER_LEVELS,
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
    const { room_id: roomId } = await support.createRoom({
      preset: Preset.PublicChat,
      room_alias_name: alias,
      power_level_content_override: open,
    });
    for (const w of [wallet!, other!]) await w.joinNotificationRoom(roomId);
    const pl = await support.getStateEvent(roomId, "m.room.power_levels", "");
    await support.sendStateEvent(
      roomId,
      "m.room.power_levels" as never,
      {
        ...pl,
        users: { ...(pl.users as object), [wallet!.userId]: 50 },
      } as never,
    );
    const { event_id: broadcast } = await support.sendTextMessage(roomId, "Maintenance tonight");

    const before = await checkHealth(support, roomId);
    expect(failingChecks(before)).toEqual([
      "in_directory",
      "wallets_cannot_post",
      "wallets_cannot_change_room",
      "wallets_cannot_moderate",
      "no_raised_members",
    ]);
    expect(before.checks.find((c) => c.id === "no_raised_members")!.detail).toContain(wallet!.userId);

    const report = await repair(support, roomId);
    expect(report.notFixed).toEqual([]);
    expect(failingChecks(report.health)).toEqual(["in_directory"]);

    // Each way in, tried by both the raised wallet and an ordinary one: the server refuses them all now.
    const tries: Array<[string, string, string, unknown]> = [
      [
        "PUT",
        `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t1`,
        "post",
        { msgtype: "m.text", body: "x" },
      ],
      [
        "PUT",
        `/rooms/${encodeURIComponent(roomId)}/send/m.reaction/t2`,
        "react",
        {
          "m.relates_to": { rel_type: "m.annotation", event_id: broadcast, key: "👎" },
        },
      ],
      [
        "PUT",
        `/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(broadcast)}/t3`,
        "redact",
        {},
      ],
      ["POST", `/rooms/${encodeURIComponent(roomId)}/kick`, "kick", { user_id: support.getSafeUserId() }],
      ["POST", `/rooms/${encodeURIComponent(roomId)}/invite`, "invite", { user_id: "@nobody:example.org" }],
      ...(["m.room.pinned_events", "m.room.topic", "m.room.name", "m.room.avatar"] as const).map(
        (type): [string, string, string, unknown] => [
          "PUT",
          `/rooms/${encodeURIComponent(roomId)}/state/${type}/`,
          type,
          type === "m.room.pinned_events"
            ? { pinned: [broadcast] }
            : { topic: "x", name: "x", url: "mxc://x/y" },
        ],
      ),
    ];
    const allowed: string[] = [];
    for (const w of [wallet!, other!])
      for (const [method, path, what, body] of tries) {
        const res = await fetch(`${testHomeserver().url}/_matrix/client/v3${path}`, {
          method,
          headers: {
            authorization: `Bearer ${w.client.getAccessToken()}`,
            "content-type": "application/json",
          },
          body: JSON.stringify(body),
        });
        if (res.status !== 403)
          allowed.push(`${w === wallet ? "raised" : "ordinary"} wallet: ${what} ${res.status}`);
      }
    expect(allowed).toEqual([]);
  });
});
