// Transcript export and forgetting through the real core against Synapse: a conversation's JSON transcript has
// every message in order with decrypted text and the guarded phrase as a hidden entry without text; a cancelled
// export saves nothing; forgetting leaves the room on the server, removes the row and the search entries, and
// the wallet's next invite to the same room is held for a person instead of being joined.
import { transcriptWords } from "../../renderer/ui/export/transcript-words.ts";
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { signedInConsole, deskOf, type TestConsole } from "../harness/console.ts";
import { newWallet } from "../harness/accounts.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const stops: Array<() => void> = [];
afterAll(() => stops.forEach((s) => s()));

// The words the console itself puts in an English transcript.
const words = transcriptWords("en");

describe("export and forget", () => {
  let c: TestConsole;
  let wallet: Wallet;
  let roomId: string;
  const phrase = entropyToMnemonic(randomBytes(16), wordlist);
  const word = `kestrel${randomBytes(3).toString("hex").replace(/\d/g, "x")}`;

  it("exports a conversation as JSON: decrypted text in order, the phrase as a hidden entry without text", async () => {
    c = await signedInConsole();
    stops.push(() => c.console.stop());
    wallet = await newWallet(c.account.userId, "e2ee");
    stops.push(() => wallet.stop());
    roomId = await wallet.startSupportChat();
    const desk = deskOf(c.console);
    await waitFor("the conversation in the inbox", () => desk.inbox.get(roomId));
    const sent = [
      await wallet.sendText(`First question about ${word}`),
      await wallet.sendText(`my words: ${phrase}`),
      await wallet.sendText("Last message"),
    ];
    await waitFor(
      "the last message in the inbox",
      () => desk.inbox.get(roomId)?.preview?.text === "Last message",
    );

    const job = desk.features.export.start({
      roomId,
      range: { from: null, to: null },
      format: "json",
      words,
      includeImages: false,
    });
    const file = (await job.result)!;
    expect(job.progress.get().state).toBe("done");
    const body = JSON.parse(await file.blob.text()) as {
      conversations: Array<{
        label: string;
        messages: Array<{
          eventId: string;
          kind: string;
          text: string | null;
          sender: { role: string; name: string };
        }>;
      }>;
    };
    const messages = body.conversations[0]!.messages;
    expect(body.conversations[0]!.label).toBe(wallet.label);
    expect(messages.map((m) => m.eventId)).toEqual(sent);
    expect(messages.map((m) => m.kind)).toEqual(["text", "hidden-secret", "text"]);
    expect(messages[0]!.text).toBe(`First question about ${word}`);
    expect(messages[1]!.text).toBeNull();
    expect(messages[0]!.sender).toEqual({ role: "wallet", name: wallet.label });
    // No two consecutive words of the phrase anywhere in the file (one word alone could be an ordinary word).
    const text = await file.blob.text();
    const words12 = phrase.split(" ");
    for (let i = 1; i < words12.length; i++) expect(text).not.toContain(`${words12[i - 1]} ${words12[i]}`);

    // Cancelled at once: no file.
    const cancelled = desk.features.export.start({
      roomId: null,
      range: { from: 0, to: Date.now() },
      format: "html",
      words,
      includeImages: false,
    });
    cancelled.cancel();
    expect(await cancelled.result).toBeNull();
    expect(cancelled.progress.get().state).toBe("cancelled");
  });

  it("forgets the conversation: support leaves on the server, the row and the search entries go, a new invite is held", async () => {
    const desk = deskOf(c.console);
    await waitFor("the message in the search index", () => desk.features.search.search(word).total > 0, {
      timeoutMs: 60_000,
    });
    await desk.features.forget.forget(roomId);
    expect(desk.inbox.get(roomId)).toBeUndefined();
    expect(desk.features.search.search(word).total).toBe(0);
    expect(desk.client.getRoom(roomId)).toBeNull();
    expect(desk.features.forget.records.get()).toEqual([{ roomId, at: expect.any(Number) }]);
    const member = await wallet.client.getStateEvent(roomId, "m.room.member", c.account.userId);
    expect(member.membership).toBe("leave");

    await wallet.client.invite(roomId, c.account.userId);
    await waitFor("the invite to be held for a person", () =>
      desk.invites.otherInvites.get().find((i) => i.roomId === roomId && i.reason === "forgotten"),
    );
    expect(desk.inbox.get(roomId)).toBeUndefined();
    expect((await wallet.client.getStateEvent(roomId, "m.room.member", c.account.userId)).membership).toBe(
      "invite",
    );
  });
});
