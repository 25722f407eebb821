// Wallets and support on different homeservers (AltMe issue #2909: support on another server didn't see wallet
// messages). Two real Synapses federate over loopback TLS: AltMe-shaped wallets live on wallets.test:PORT, the
// real support console signs in on support.test:PORT. Invites, E2EE text both ways, E2EE images, plaintext
// wallets and broadcasts must all work across; and the wallet learns nothing of the support team's work (names,
// claims, labels, notes, status, hints) over federation either. Each step's duration is printed, never asserted.
import { resolveObjectURL } from "node:buffer";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotificationRoom, postBroadcast } from "../../renderer/core/broadcast/index.ts";
import type { SupportConsole } from "../../renderer/core/console.ts";
import type { AdminConfig } from "../../renderer/core/platform/types.ts";
import { pngImage } from "../fixtures/images.ts";
import { federationUnavailable, startFederation, type Federation } from "../harness/federation.ts";
import { signedInConsole, deskOf } from "../harness/console.ts";
import type { Homeserver, RegisteredUser } from "../harness/homeserver.ts";
import { waitFor } from "../harness/wait.ts";
import { leaksOf, watchWallet } from "../harness/wallet-sight.ts";
import { newWallet } from "../harness/accounts.ts";
import type { Wallet, WalletShape } from "../harness/wallet.ts";

const unavailable = federationUnavailable();
if (unavailable) console.warn(`[federation] SKIPPED, not passed: ${unavailable}`);

const timings: Array<[string, number]> = [];
async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await run();
  timings.push([step, performance.now() - started]);
  return value;
}

const stops: Array<() => unknown> = [];
let fed: Federation;
let support: { console: SupportConsole; account: RegisteredUser };
const joinedRooms = new Set<string>();

/** The real support core, signed in on support's own server (not the suite's shared test server). */
async function consoleOn(hs: Homeserver, config: Partial<AdminConfig>) {
  return signedInConsole(config, undefined, undefined, hs);
}

async function walletOnWalletsServer(shape: WalletShape): Promise<Wallet> {
  const wallet = await newWallet(support.account.userId, shape, fed.wallets);
  stops.push(() => wallet.stop());
  return wallet;
}

/** A wallet opens its support room across servers; resolves once the console has joined and lists it. */
async function conversationAcross(shape: WalletShape, tag: string) {
  const wallet = await walletOnWalletsServer(shape);
  const started = performance.now();
  // Synapse only finishes createRoom once support's server has countersigned the invite over federation.
  const roomId = await timed(`${tag}: invite delivered to support's server (wallet's createRoom)`, () =>
    wallet.startSupportChat(),
  );
  await timed(`${tag}: console auto-joined over federation`, () =>
    waitFor("the console to join the wallet's room", () => joinedRooms.has(roomId)),
  );
  const row = await timed(`${tag}: conversation in the console's inbox`, () =>
    waitFor("the wallet's conversation in the console's inbox", () =>
      deskOf(support.console).inbox.get(roomId),
    ),
  );
  // The wallet encrypts for the members its client knows; wait until support's join has synced back to it.
  await timed(`${tag}: support's join seen by the wallet`, () =>
    waitFor(
      "support's join on the wallet's side",
      () => wallet.client.getRoom(roomId)?.getMember(support.account.userId)?.membership === "join",
    ),
  );
  timings.push([`${tag}: invite → ready on both sides (total)`, performance.now() - started]);
  return { wallet, roomId, row };
}

describe.skipIf(unavailable)("wallets on one homeserver, support on another (federation)", () => {
  beforeAll(async () => {
    fed = await timed("two federating Synapses started", () => startFederation());
    stops.push(() => fed.stop());
    support = await timed("console signed in on support's server", () =>
      consoleOn(fed.support, { allowedWalletServers: [fed.wallets.serverName] }),
    );
    stops.push(() => support.console.stop());
    deskOf(support.console).invites.onJoined((roomId) => joinedRooms.add(roomId));
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    if (timings.length) {
      const width = Math.max(...timings.map(([s]) => s.length));
      console.log(
        "[federation] timings:\n" +
          timings.map(([s, ms]) => `  ${s.padEnd(width)}  ${(ms / 1000).toFixed(2)} s`).join("\n"),
      );
    }
  });

  it("serves each side under its own server name", () => {
    expect(fed.wallets.serverName).toMatch(/^wallets\.test:\d+$/);
    expect(fed.support.serverName).toMatch(/^support\.test:\d+$/);
    expect(support.account.userId.endsWith(`:${fed.support.serverName}`)).toBe(true);
  });

  it("an E2EE wallet's invite arrives from the other server and the console accepts it by itself", async () => {
    const { wallet, roomId, row } = await conversationAcross("e2ee", "e2ee wallet");
    expect(roomId.endsWith(`:${fed.wallets.serverName}`)).toBe(true);
    expect(row.walletUserId).toBe(wallet.userId);
    expect(row.label).toBe(wallet.label);
    const decision = deskOf(support.console)
      .invites.log.get()
      .find((d) => d.roomId === roomId);
    expect(decision).toMatchObject({ outcome: "joined", inviter: wallet.userId });
    expect(deskOf(support.console).invites.otherInvites.get()).toEqual([]);
  });

  it("E2EE text crosses both ways: the wallet's message decrypts in the console, support's reply in the wallet", async () => {
    const { wallet, roomId } = await conversationAcross("e2ee", "text");
    const text = "My diploma credential will not import";
    await wallet.sendText(text);
    const row = await timed("text: wallet → console preview decrypted", () =>
      waitFor("the decrypted preview", () => {
        const r = deskOf(support.console).inbox.get(roomId);
        return r?.preview?.text === text ? r : null;
      }),
    );
    expect(row.sendsUnencrypted).toBe(false);

    const conversation = deskOf(support.console).conversations.open(roomId)!;
    const incoming = await waitFor("the message in the conversation", () =>
      conversation.view.get().items.find((i) => i.from === "wallet" && i.text === text),
    );
    expect(incoming).toMatchObject({ kind: "text", encrypted: true, unencryptedInEncryptedRoom: false });
    await timed("text: wallet's devices known to support (keys/query over federation)", () =>
      waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true),
    );

    const reply = "We are looking into it";
    const sent = await conversation.sendText(reply);
    expect(sent.status).toBe("queued");
    const got = await timed("text: console reply → wallet decrypted", () =>
      wallet.waitForMessage((m) => m.body === reply),
    );
    expect(got).toMatchObject({ roomId, sender: support.account.userId, encrypted: true, readable: true });
    deskOf(support.console).conversations.close();
  });

  it("a wallet's encrypted image is fetched from the wallets' server and decrypts byte-identical in the console", async () => {
    const { wallet, roomId } = await conversationAcross("e2ee", "image");
    const png = pngImage(320, 240);
    await wallet.sendImage(png, "image/png", "screenshot.png");
    const conversation = deskOf(support.console).conversations.open(roomId)!;
    const item = await timed("image: wallet → console item decrypted", () =>
      waitFor("the image in the conversation", () =>
        conversation.view.get().items.find((i) => i.kind === "image" && i.text === "screenshot.png"),
      ),
    );
    expect(item.encrypted).toBe(true);
    expect(item.image!.source.file).not.toBeNull();
    expect(item.image!.source.server).toBe(fed.wallets.serverName);
    const handle = await timed("image: media fetched over federation and decrypted", () =>
      deskOf(support.console).media!.acquire(item.image!.source),
    );
    expect({ mime: handle.mime, w: handle.w, h: handle.h }).toEqual({ mime: "image/png", w: 320, h: 240 });
    const blob = resolveObjectURL(handle.url)!;
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
    handle.release();
    deskOf(support.console).conversations.close();
  });

  it("a plaintext wallet's message arrives across servers and the conversation is flagged as unencrypted", async () => {
    const { wallet, roomId } = await conversationAcross("plaintext", "plaintext wallet");
    const text = "Bonjour, help please";
    await wallet.sendText(text);
    const row = await timed("plaintext: wallet → console preview", () =>
      waitFor("the plaintext preview", () => {
        const r = deskOf(support.console).inbox.get(roomId);
        return r?.preview?.text === text ? r : null;
      }),
    );
    expect(row.sendsUnencrypted).toBe(true);
    const conversation = deskOf(support.console).conversations.open(roomId)!;
    const incoming = await waitFor("the message in the conversation", () =>
      conversation.view.get().items.find((i) => i.from === "wallet" && i.text === text),
    );
    expect(incoming).toMatchObject({ encrypted: false, unencryptedInEncryptedRoom: true });
    deskOf(support.console).conversations.close();
  });

  it("wallets on the other server join the notification room by its address and receive broadcasts; they can't encrypt it", async () => {
    const client = deskOf(support.console).client!;
    const { roomId, alias } = await timed("broadcast: notification room created", () =>
      createNotificationRoom(client, {
        alias: `news-${randomBytes(4).toString("hex")}`,
        name: "Wallet news",
      }),
    );
    expect(alias.endsWith(`:${fed.support.serverName}`)).toBe(true);

    const wallets = await Promise.all([walletOnWalletsServer("e2ee"), walletOnWalletsServer("plaintext")]);
    for (const wallet of wallets) {
      const joined = await timed(`broadcast: ${wallet.shape} wallet joined by alias over federation`, () =>
        wallet.joinNotificationRoom(alias),
      );
      expect(joined.roomId).toBe(roomId);
      expect(joined.enableEncryption).toMatchObject({ ok: false, errcode: "M_FORBIDDEN" });
      expect(await wallet.tryPost(roomId, "spam from a wallet")).toMatchObject({
        ok: false,
        errcode: "M_FORBIDDEN",
      });
    }

    const text = "Version 3.5 is out: https://example.org/release-notes";
    const posted = await postBroadcast(client, roomId, { text });
    const started = performance.now();
    for (const wallet of wallets) {
      const got = await wallet.waitForMessage((m) => m.eventId === posted.eventId);
      timings.push([`broadcast: reached the ${wallet.shape} wallet`, performance.now() - started]);
      expect(got).toMatchObject({ body: text, msgtype: "m.text", encrypted: false, readable: true });
    }
  });

  it("a wallet on the other server learns nothing of the team: names, claims, labels, notes, status, hints", async () => {
    const { wallet, roomId } = await conversationAcross("e2ee", "team");
    await wallet.sendText("Is anyone there?");
    const desk = deskOf(support.console);
    const team = desk.features;
    await waitFor("the wallet's message in the console", () => desk.inbox.get(roomId)?.walletTs);
    const marker = `m${randomBytes(4).toString("hex")}`;
    const noteText = `Private note ${marker}: the wallet seems to have lost its phrase`;
    const watching = watchWallet(wallet);

    // The agent does all the team features allow about this conversation.
    await team.staff.agents.setName(`Agent Alpha ${marker}`);
    await team.status.claim(roomId);
    const label = await team.status.labels.create(`Label ${marker}`);
    await waitFor("the label", () => team.status.labels.get(label));
    await team.status.setLabel(roomId, label, true);
    await team.notes.send(wallet.userId, noteText);
    const conversation = desk.conversations.open(roomId)!;
    team.presence.typing(wallet.userId);
    await team.status.snooze(roomId, Date.now() + 3_600_000);
    await timed("team: claim, label, note and snooze recorded", () =>
      waitFor("all of it recorded", () => {
        const row = desk.inbox.get(roomId);
        return (
          row &&
          team.status.claimantOf(row) === support.console.session!.credentials.deviceId &&
          row.ext?.team?.labels?.labels.includes(label) &&
          team.status.statusOf(row) === "snoozed" &&
          team.staff.pending.get().length === 0 &&
          team.notes
            .timeline(wallet.userId)
            .get()
            .some((i) => i.kind === "note" && i.body === noteText && i.state === "sent")
        );
      }),
    );
    team.presence.stoppedTyping(wallet.userId);
    // A reply after all of that: once the wallet has it, its sync has passed every write above.
    await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
    const reply = `We are on it (${marker})`;
    await conversation.sendText(reply);
    await timed("team: the reply after it reached the wallet", () =>
      wallet.waitForMessage((m) => m.body === reply),
    );
    desk.conversations.close();

    const sight = await watching.collect(roomId, support.account.userId);
    expect(sight.fromSupportTypes.filter((t) => t !== "m.room.member" && t !== "m.room.message")).toEqual([]);
    const secrets = [marker, "org.walletsupport", ...team.staff.rooms.get()];
    expect(leaksOf(sight, secrets, [reply])).toEqual([]);
    // Real data was looked at: the wallet's sync has the room, and support's device came over federation.
    expect(sight.seen.sync).toContain(roomId);
    expect(sight.seen.decrypted).toContain(reply);
    expect(sight.supportDevices).toContain(support.console.session!.credentials.deviceId);
    console.log(
      `[federation] wallet-side proof: ${sight.fromSupport} events from support in its timeline, sync ${sight.seen.sync.length} B, ` +
        `${sight.toDeviceCount} to-device messages, ${sight.accountDataCount} account-data events, 0 leaks`,
    );
  });
});
