// Full-history search through the real core against Synapse: a conversation's history is read back page by page
// and decrypted locally (never materialised as a Room), a word written 230 messages earlier is found accent- and
// case-insensitively, the backfill pauses while the agent is busy, a guarded recovery phrase never enters the
// index, end-to-end-encrypted messages are indexed as they decrypt, and forgetting a conversation takes its
// words out of the index.
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { signedInConsole, deskOf, type TestConsole } from "../harness/console.ts";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const stops: Array<() => void> = [];
afterAll(() => stops.forEach((s) => s()));
const track = <T extends { stop(): void }>(x: T) => (stops.push(() => x.stop()), x);
const code = () =>
  randomBytes(4)
    .toString("hex")
    .replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!);

describe("full-history search", () => {
  let c: TestConsole;
  let wallet: Wallet;
  let roomId: string;
  const marker = `zebre${code()}`;
  const phrase = entropyToMnemonic(randomBytes(16), wordlist);

  it("finds a word written 230 messages earlier, whatever the accents, once the backfill has read the history", async () => {
    const support = await newSupportAccount();
    // Today's AltMe wallet writes before support is even there (plaintext: any device can read it back).
    wallet = track(await newWallet(support.userId, "plaintext"));
    roomId = await wallet.startSupportChat();
    await wallet.sendText(`Comment réinitialiser mon portefeuille ? Code ${marker}`);
    await wallet.sendText(`Mes mots de secours : ${phrase}`);
    const sending = Date.now();
    // Eight at a time (the server is the bottleneck); their order among themselves doesn't matter.
    for (let i = 0; i < 230; i += 8) {
      const batch = Array.from({ length: Math.min(8, 230 - i) }, (_, k) => i + k);
      await Promise.all(batch.map((n) => wallet.sendText(`message de remplissage numéro ${n}`)));
    }
    console.log(`[search] 232 wallet messages sent in ${((Date.now() - sending) / 1000).toFixed(1)} s`);

    c = await signedInConsole({}, support);
    stops.push(() => c.console.stop());
    const desk = deskOf(c.console);
    const search = desk.features.search;
    await waitFor("the conversation in the inbox", () => desk.inbox.get(roomId));
    await waitFor(
      "the backfill to read the whole history",
      () => {
        const p = search.progress.get();
        return p.state === "complete" && p.complete >= 1 && p.messages >= 231;
      },
      { timeoutMs: 120_000 },
    );

    for (const query of ["reinitialiser", "RÉINITIALISER", marker.toUpperCase()]) {
      const results = search.search(query);
      expect(
        results.groups.map((g) => g.roomId),
        query,
      ).toEqual([roomId]);
      expect(results.groups[0]!.hits[0]!.text).toContain(marker);
    }
    // Not a Room: the history was read over /messages and decrypted locally.
    expect(desk.client.getRoom(roomId)).toBeNull();
    // The guard kept the phrase out: no word of it finds the message, and it is counted as hidden.
    const words = phrase.split(" ");
    for (const word of words) {
      const hits = search.search(word).groups.flatMap((g) => g.hits);
      expect(hits.every((h) => !h.text.includes(phrase))).toBe(true);
    }
    expect(search.search(words.slice(0, 4).join(" ")).total).toBe(0);
    expect(search.progress.get().hiddenSecrets).toBe(1);
  }, 300_000);

  it("pauses the backfill while the agent is busy and picks it up once they stop", async () => {
    const desk = deskOf(c.console);
    const other = track(await newWallet(c.account.userId, "plaintext"));
    const otherRoom = await other.startSupportChat();
    const busy = setInterval(() => desk.noteActivity(), 200);
    try {
      desk.noteActivity();
      for (let i = 0; i < 5; i++) await other.sendText(`question ${i} sur le retrait ${marker}bis`);
      await waitFor("the conversation in the inbox", () => desk.inbox.get(otherRoom));
      await waitFor("the backfill to pause", () => desk.features.search.progress.get().state === "paused");
    } finally {
      clearInterval(busy);
    }
    await waitFor(
      "the backfill to resume and read the new conversation",
      () => desk.features.search.search(`${marker}bis`).groups.some((g) => g.roomId === otherRoom),
      { timeoutMs: 60_000 },
    );
  });

  it("indexes an encrypted wallet's messages as they decrypt, and forgetting a conversation removes its words", async () => {
    const desk = deskOf(c.console);
    const e2ee = track(await newWallet(c.account.userId, "e2ee"));
    const e2eeRoom = await e2ee.startSupportChat();
    await waitFor("the conversation in the inbox", () => desk.inbox.get(e2eeRoom));
    const word = `chiffre${code()}`;
    await e2ee.sendText(`Mon attestation « ${word} » a disparu`);
    await waitFor(
      "the encrypted message in the index",
      () => desk.features.search.search(word).groups[0]?.roomId === e2eeRoom,
      { timeoutMs: 60_000 },
    );
    expect(desk.features.search.search(word).groups[0]!.hits[0]!.text).toContain("a disparu");

    await desk.features.search.forgetRoom(e2eeRoom);
    expect(desk.features.search.search(word).total).toBe(0);
    expect(desk.features.search.search("reinitialiser").groups.map((g) => g.roomId)).toEqual([roomId]);
  });
});
