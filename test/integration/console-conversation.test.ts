// Conversations through the real core: replies are encrypted for wallets that can decrypt, held for
// confirmation for wallets that can't, and the read state moves both ways.
import { describe, expect, it } from "vitest";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import { signedInConsole, type TestConsole, deskOf } from "../harness/console.ts";
import { newWallet } from "../harness/accounts.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const { track } = cleanupAfterAll();
const consoleFor = async (config = {}): Promise<TestConsole> => track(await signedInConsole(config));

async function conversationWith(c: TestConsole, shape: "e2ee" | "plaintext", first = "Hello support") {
  const wallet: Wallet = track(await newWallet(c.account.userId, shape));
  const roomId = await wallet.startSupportChat();
  await waitFor("the conversation in the inbox", () => deskOf(c.console).inbox.get(roomId));
  await wallet.sendText(first);
  await waitFor(
    "the wallet's message in the inbox",
    () => deskOf(c.console).inbox.get(roomId)?.preview?.text === first,
  );
  const conversation = deskOf(c.console).conversations.open(roomId)!;
  await waitFor("the conversation's history", () =>
    conversation.view.get().items.some((i) => i.text === first && i.from === "wallet"),
  );
  return { wallet, roomId, conversation };
}

describe("conversations", () => {
  it("support's encrypted reply is decrypted by an E2EE wallet, and the wallet's read shows as Seen", async () => {
    const c = await consoleFor();
    const { wallet, conversation } = await conversationWith(c, "e2ee");
    const incoming = conversation.view.get().items.find((i) => i.from === "wallet")!;
    expect(incoming).toMatchObject({ kind: "text", encrypted: true, unencryptedInEncryptedRoom: false });
    await waitFor(
      "the wallet's devices to be known",
      () => conversation.view.get().walletCanDecrypt === true,
    );

    const result = await conversation.sendText("We are looking into it");
    expect(result.status).toBe("queued");
    const reply = await wallet.waitForMessage((m) => m.body === "We are looking into it");
    expect(reply).toMatchObject({ encrypted: true, readable: true });
    await waitFor("the reply to show as sent, once", () => {
      const mine = conversation.view.get().items.filter((i) => i.text === "We are looking into it");
      return mine.length === 1 && mine[0]!.status === "sent";
    });
    expect(conversation.view.get().seenByWallet).toBe(false);
    await wallet.markRead(reply.eventId);
    await waitFor("Seen", () => conversation.view.get().seenByWallet);
  });

  it("a plaintext wallet's message is marked as unencrypted, and a reply needs the agent's confirmation", async () => {
    const c = await consoleFor({ allowUnencryptedReplies: true });
    const { wallet, roomId, conversation } = await conversationWith(c, "plaintext", "Hi from today's AltMe");
    const incoming = conversation.view.get().items.find((i) => i.from === "wallet")!;
    expect(incoming).toMatchObject({ encrypted: false, unencryptedInEncryptedRoom: true });
    await waitFor("the can't-decrypt warning", () => conversation.view.get().walletCanDecrypt === false);
    expect(deskOf(c.console).inbox.get(roomId)?.cannotReadEncrypted).toBe(true);

    const held = await conversation.sendText("Please update your wallet");
    expect(held).toEqual({
      status: "needs-confirmation",
      reason: "wallet-cannot-decrypt",
      canSendUnencrypted: true,
    });
    conversation.confirmUnencryptedReplies();
    expect((await conversation.sendText("Please update your wallet")).status).toBe("queued");
    const reply = await wallet.waitForMessage((m) => m.body === "Please update your wallet");
    expect(reply).toMatchObject({ encrypted: false, readable: true });
  });

  it("without the admin's permission a reply to a wallet that can't decrypt is never sent in clear", async () => {
    const c = await consoleFor({ allowUnencryptedReplies: false });
    const { conversation } = await conversationWith(c, "plaintext");
    await waitFor("the can't-decrypt warning", () => conversation.view.get().walletCanDecrypt === false);
    const held = await conversation.sendText("secret");
    expect(held).toMatchObject({ status: "needs-confirmation", canSendUnencrypted: false });
    expect(() => conversation.confirmUnencryptedReplies()).toThrow(/does not allow/);
    expect(deskOf(c.console).outbox!.items.get()).toEqual([]);
  });

  it("reading the conversation clears its unread count and moves the public read receipt", async () => {
    const c = await consoleFor();
    const { wallet, roomId } = await conversationWith(c, "e2ee", "first");
    await waitFor("unread cleared after opening", () => deskOf(c.console).inbox.get(roomId)?.unread === 0);
    deskOf(c.console).conversations.close();
    await wallet.sendText("second");
    await waitFor("one unread", () => deskOf(c.console).inbox.get(roomId)?.unread === 1);
    expect(deskOf(c.console).inbox.get(roomId)?.waitingSince).not.toBeNull();
    // The badge follows the inbox's once-per-frame counts: it settles a frame after the row does.
    await waitFor("the badge at 1", () => c.platform.badge === 1);
    const reopened = deskOf(c.console).conversations.open(roomId)!;
    await waitFor("read again", () => deskOf(c.console).inbox.get(roomId)?.unread === 0);
    await waitFor("the badge cleared", () => c.platform.badge === 0);
    // Still waiting: reading is not answering.
    expect(deskOf(c.console).inbox.get(roomId)?.waitingSince).not.toBeNull();
    await reopened.sendText("Answered");
    await waitFor("no longer waiting", () => deskOf(c.console).inbox.get(roomId)?.waitingSince === null);
  });
});

describe("images in conversations", () => {
  it("an E2EE wallet's image appears decrypted, byte-identical, as a blob URL; support's image reaches the wallet", async () => {
    const { readFileSync } = await import("node:fs");
    const { resolveObjectURL } = await import("node:buffer");
    const png = new Uint8Array(readFileSync(new URL("../fixtures/red-3x2.png", import.meta.url)));
    const c = await consoleFor();
    const { wallet, conversation } = await conversationWith(c, "e2ee");
    await wallet.sendImage(png, "image/jpeg", "scan.jpg"); // AltMe claims a type; the bytes decide
    const item = await waitFor("the image tile", () =>
      conversation.view.get().items.find((i) => i.kind === "image"),
    );
    expect(item).toMatchObject({ from: "wallet", encrypted: true, text: "scan.jpg" });
    const handle = await deskOf(c.console).media!.acquire(item.image!.source);
    const blob = resolveObjectURL(handle.url)!;
    expect(blob.type).toBe("image/png");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
    handle.release();

    await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
    expect((await conversation.sendImage(png, "answer.png")).status).toBe("queued");
    const received = await wallet.waitForMessage((m) => m.msgtype === "m.image" && m.body === "answer.png");
    expect(received.encrypted).toBe(true);
    expect(received.content.info).toMatchObject({ mimetype: "image/png", w: 3, h: 2, size: png.byteLength });
    expect(await wallet.downloadImage(received)).toEqual(png);
  });
});

describe("unread counts", () => {
  it("opening a conversation with many unread messages clears them all", async () => {
    const c = await consoleFor();
    const wallet = track(await newWallet(c.account.userId, "plaintext"));
    const roomId = await wallet.startSupportChat();
    await waitFor("the conversation", () => deskOf(c.console).inbox.get(roomId));
    for (let i = 1; i <= 15; i++) await wallet.sendText(`message ${i}`);
    await waitFor("15 unread", () => deskOf(c.console).inbox.get(roomId)?.unread === 15);
    expect(deskOf(c.console).inbox.get(roomId)?.unreadAtLeast).toBe(false);
    // Opened while the agent looks elsewhere: the conversation's subscription resends the history the inbox
    // already counted, and the count must not grow from it.
    deskOf(c.console).setWindowFocused(false);
    const conversation = deskOf(c.console).conversations.open(roomId)!;
    await waitFor("the history loaded", () => conversation.view.get().items.length >= 15);
    // A message sent after the opening reaches the console after the resent history (sync is ordered): once it
    // is counted, the history has been too, and the count grew by that one message only.
    await wallet.sendText("message 16");
    await waitFor(
      "the 16th message in the inbox",
      () => deskOf(c.console).inbox.get(roomId)?.preview?.text === "message 16",
    );
    expect(deskOf(c.console).inbox.get(roomId)?.unread).toBe(16);
    deskOf(c.console).setWindowFocused(true);
    await waitFor("all read", () => deskOf(c.console).inbox.get(roomId)?.unread === 0);
  });
});
