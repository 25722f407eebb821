// The wallet simulator against a real Synapse: the room it creates is AltMe's, and a plain matrix-js-sdk
// support client (rust crypto) receives the invite and decrypts an E2EE wallet's message.
import { describe, expect, it } from "vitest";
import { MatrixEventEvent, RoomEvent, type MatrixClient, type MatrixEvent } from "matrix-js-sdk";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import { startedClientOf } from "../harness/sdk-client.ts";
import { waitFor } from "../harness/wait.ts";

const cleanup = cleanupAfterAll();
const track = cleanup.track;

async function startedSupportClient(): Promise<MatrixClient> {
  const client = await startedClientOf(await newSupportAccount(), testHomeserver().url);
  cleanup.add(() => client.stopClient());
  return client;
}

describe("wallet simulator", () => {
  it("creates the support room the way AltMe does: direct, encrypted, thumbprint name and alias, support invited", async () => {
    const support = await newSupportAccount();
    const wallet = track(await newWallet(support.userId, "plaintext"));
    expect(wallet.userId).toMatch(/^@did-key-z6mk[1-9a-z]+:/);
    const roomId = await wallet.startSupportChat();

    const state = await wallet.client.roomState(roomId);
    const byType = (type: string) => state.find((e) => e.type === type);
    expect(byType("m.room.encryption")?.content).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(byType("m.room.name")?.content.name).toBe(wallet.identity.thumbprint);
    expect(byType("m.room.canonical_alias")?.content.alias).toBe(
      `#${wallet.identity.thumbprint}:${testHomeserver().serverName}`,
    );
    expect(byType("m.room.join_rules")?.content.join_rule).toBe("invite");
    const invite = state.find((e) => e.type === "m.room.member" && e.state_key === support.userId);
    expect(invite?.content).toMatchObject({ membership: "invite", is_direct: true });
    // No topic and no power-level tweaks, like AltMe.
    expect(byType("m.room.topic")).toBeUndefined();
    // A plaintext wallet publishes no device keys.
    expect(await wallet.hasDeviceKeys()).toBe(false);
  });

  it("an E2EE wallet's first message reaches a support client that joins on invite, and decrypts", async () => {
    const support = await startedSupportClient();
    const joined = new Promise<string>((resolve) => {
      support.on(RoomEvent.MyMembership, (room, membership) => {
        if (membership === "invite") void support.joinRoom(room.roomId).then(() => resolve(room.roomId));
      });
    });
    const wallet = track(await newWallet(support.getUserId()!, "e2ee"));
    expect(await wallet.hasDeviceKeys()).toBe(true);
    const roomId = await wallet.startSupportChat();
    expect(await joined).toBe(roomId);

    const decrypted = new Promise<MatrixEvent>((resolve) => {
      const check = (event: MatrixEvent) => {
        if (event.getRoomId() === roomId && event.getType() === "m.room.message") resolve(event);
      };
      support.on(MatrixEventEvent.Decrypted, check);
    });
    await wallet.sendText("Hello support, my credential will not import");
    const event = await decrypted;
    expect(event.isEncrypted()).toBe(true);
    expect(event.getContent().body).toBe("Hello support, my credential will not import");
    expect(event.getSender()).toBe(wallet.userId);
  });

  it("a wallet receives and decrypts support's encrypted reply", async () => {
    const support = await startedSupportClient();
    const wallet = track(await newWallet(support.getUserId()!, "e2ee"));
    const roomId = await wallet.startSupportChat();
    await support.joinRoom(roomId);
    await waitFor("support's client to see the room as encrypted", () =>
      support.getCrypto()?.isEncryptionEnabledInRoom(roomId),
    );
    await support.sendTextMessage(roomId, "We are on it");
    const reply = await wallet.waitForMessage((m) => m.body === "We are on it");
    expect(reply).toMatchObject({ encrypted: true, readable: true, sender: support.getUserId() });
  });
});
