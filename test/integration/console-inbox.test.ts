// The support core against a real Synapse, with simulated AltMe wallets on the other side: wallet invites are
// accepted by themselves and become inbox rows with anonymous labels, decrypted previews and the right flags.
import { describe, expect, it } from "vitest";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import { signedInConsole, type TestConsole, deskOf } from "../harness/console.ts";
import { newWallet } from "../harness/accounts.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const { track } = cleanupAfterAll();
const consoleFor = async (config = {}): Promise<TestConsole> => track(await signedInConsole(config));

describe("inbox", () => {
  it("an E2EE wallet's invite is accepted by itself and its message shows decrypted under an anonymous label", async () => {
    const { console: c, account } = await consoleFor();
    const wallet: Wallet = track(await newWallet(account.userId, "e2ee"));
    const roomId = await wallet.startSupportChat();
    const row = await waitFor("the wallet's conversation in the inbox", () => deskOf(c).inbox.get(roomId));
    expect(row.label).toBe(wallet.label);
    expect(row.label).not.toContain("did");
    await wallet.sendText("My credential will not import");
    const updated = await waitFor("the decrypted preview", () => {
      const r = deskOf(c).inbox.get(roomId);
      return r?.preview?.text === "My credential will not import" ? r : null;
    });
    expect(updated.preview?.kind).toBe("text");
    expect(updated.unread).toBe(1);
    expect(updated.waitingSince).not.toBeNull();
    expect(updated.sendsUnencrypted).toBe(false);
  });

  it("a plaintext wallet's message shows and the conversation is flagged as sending unencrypted", async () => {
    const { console: c, account } = await consoleFor();
    const wallet = track(await newWallet(account.userId, "plaintext"));
    const roomId = await wallet.startSupportChat();
    await waitFor("the conversation", () => deskOf(c).inbox.get(roomId));
    await wallet.sendText("Bonjour, help please");
    const row = await waitFor("the plaintext preview", () => {
      const r = deskOf(c).inbox.get(roomId);
      return r?.preview?.text === "Bonjour, help please" ? r : null;
    });
    expect(row.sendsUnencrypted).toBe(true);
  });
});

describe("exact unread counts", () => {
  it("a burst larger than the sync window, and a room joined mid-conversation, count exactly once on screen", async () => {
    const { console: c, account } = await consoleFor();
    const hs = (await import("../harness/accounts.ts")).testHomeserver();
    const { createQuickWallet, sendRaw } = await import("../harness/fixtures.ts");
    // Sent before the console joined: the first window can't see back to the start, so it says "N+".
    const early = await createQuickWallet({
      homeserverUrl: hs.url,
      registrationSecret: hs.registrationSecret,
      support: account.userId,
      messages: ["one", "two"],
    });
    await waitFor("listed", () => deskOf(c).inbox.get(early.roomId)?.preview?.text === "two");
    deskOf(c).setVisibleRows([early.roomId]);
    await waitFor("counted exactly", () => {
      const r = deskOf(c).inbox.get(early.roomId);
      return r?.unread === 2 && !r.unreadAtLeast;
    });
    // A burst of 15 (more than the 4 events a sync carries per room) while the row is on screen.
    for (let i = 1; i <= 15; i++)
      await sendRaw(hs.url, early, "m.room.message", { msgtype: "m.text", body: `burst ${i}` });
    await waitFor("the burst counted exactly", () => {
      const r = deskOf(c).inbox.get(early.roomId);
      return r?.preview?.text === "burst 15" && r.unread === 17 && !r.unreadAtLeast;
    });
  });
});
