// The search index on its own: accent- and case-insensitive French and English, the seed-phrase guard keeping
// messages out, results grouped by conversation with the matched words located in the original text, and a
// forgotten conversation leaving no word behind in the serialized index.
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/french.js";
import { describe, expect, it } from "vitest";
import {
  fold,
  indexableContent,
  indexableEvent,
  type SearchDoc,
} from "../../../renderer/core/search/documents.ts";
import { excerpt, locate, SearchIndex } from "../../../renderer/core/search/search-index.ts";

let n = 0;
const doc = (roomId: string, text: string, from: SearchDoc["from"] = "wallet"): SearchDoc => ({
  id: `$e${++n}`,
  roomId,
  ts: 1_000 + n,
  from,
  kind: "text",
  text,
});

describe("search index", () => {
  it("folds case, accents and French ligatures", () => {
    expect(fold("Réinitialiser")).toBe("reinitialiser");
    expect(fold("CŒUR")).toBe("coeur");
    expect(fold("Ça ne marche PAS")).toBe("ca ne marche pas");
  });

  it("'reinitialiser' finds 'réinitialiser', and 'RÉINITIALISER' finds 'reinitialiser'", () => {
    const index = new SearchIndex();
    index.add(doc("!a", "Comment réinitialiser mon portefeuille ?"));
    index.add(doc("!b", "I need to reinitialiser… sorry, reset my wallet"));
    index.add(doc("!c", "Bonjour, rien à voir"));
    const rooms = (q: string) =>
      index
        .search(q)
        .groups.map((g) => g.roomId)
        .sort();
    expect(rooms("reinitialiser")).toEqual(["!a", "!b"]);
    expect(rooms("RÉINITIALISER")).toEqual(["!a", "!b"]);
    expect(rooms("réinit")).toEqual(["!a", "!b"]); // the word being typed matches as a prefix
    expect(rooms("wallet reset")).toEqual(["!b"]); // every word must match
  });

  it("groups results by conversation, counts every match and shows the best few", () => {
    const index = new SearchIndex();
    for (let i = 0; i < 5; i++) index.add(doc("!a", `attestation number ${i} is missing`));
    index.add(doc("!b", "my attestation arrived"));
    const results = index.search("attestation", { perGroup: 2 });
    expect(results.total).toBe(6);
    const a = results.groups.find((g) => g.roomId === "!a")!;
    expect(a.total).toBe(5);
    expect(a.hits).toHaveLength(2);
    expect(results.groups.map((g) => g.roomId).sort()).toEqual(["!a", "!b"]);
  });

  it("highlights the matched words in the original spelling", () => {
    const text = "Le cœur du problème : réinitialiser";
    const ranges = locate(text, ["coeur", "reinitialiser"]);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["cœur", "réinitialiser"]);
    const hit = (() => {
      const index = new SearchIndex();
      index.add(doc("!a", text));
      return index.search("coeur").groups[0]!.hits[0]!;
    })();
    expect(hit.highlights.map(([s, e]) => hit.text.slice(s, e))).toEqual(["cœur"]);
  });

  it("cuts long messages to an excerpt around the first match", () => {
    const text = `${"blah ".repeat(100)}the lost credential ${"more ".repeat(100)}`;
    const { text: cut, highlights } = excerpt(text, locate(text, ["credential"]), 80);
    expect(cut.length).toBeLessThanOrEqual(82);
    expect(cut.startsWith("…") && cut.endsWith("…")).toBe(true);
    expect(highlights.map(([s, e]) => cut.slice(s, e))).toEqual(["credential"]);
  });

  it("keeps a message with a recovery phrase out: only a marker with its event ID", () => {
    const phrase = entropyToMnemonic(new Uint8Array(16).fill(7), wordlist);
    const result = indexableContent(
      { msgtype: "m.text", body: `voici mes mots : ${phrase}` },
      { id: "$s", roomId: "!a", ts: 1, from: "wallet" },
    );
    expect(result).toEqual({ secret: { id: "$s", roomId: "!a" } });
    expect(
      indexableContent(
        { msgtype: "m.image", body: "carte.png" },
        { id: "$i", roomId: "!a", ts: 1, from: "wallet" },
      ),
    ).toMatchObject({ doc: { kind: "image", text: "carte.png" } });
  });

  it("survives a save and load, and a forgotten conversation leaves no word in the saved index", async () => {
    const index = new SearchIndex();
    index.add(doc("!keep", "ordinary question about attestations"));
    index.add(doc("!gone", "zanzibar quokka confidential words"));
    expect(index.search("quokka").total).toBe(1);
    expect(index.removeRoom("!gone")).toBe(1);
    await index.compact();
    const saved = JSON.stringify(index.toJSON());
    expect(saved).not.toContain("quokka");
    expect(saved).not.toContain("zanzibar");
    const loaded = await SearchIndex.fromJSON(JSON.parse(saved));
    expect(loaded.search("attestations").groups.map((g) => g.roomId)).toEqual(["!keep"]);
    expect(loaded.search("quokka").total).toBe(0);
    expect(loaded.countIn("!keep")).toBe(1);
  });

  it("ignores queries too short to mean anything", () => {
    const index = new SearchIndex();
    index.add(doc("!a", "a b c"));
    expect(index.search("a").groups).toEqual([]);
    expect(index.search(" ? ").groups).toEqual([]);
  });

  it("tells support, the wallet and anyone else in the conversation apart", () => {
    const event = (sender: string) => ({
      eventId: `$${sender}`,
      roomId: "!r",
      sender,
      ts: 1,
      type: "m.room.message",
      content: { msgtype: "m.text", body: "bonjour" },
      encrypted: true,
      undecryptable: false,
    });
    const from = (sender: string, wallet: string | null) => {
      const result = indexableEvent(event(sender), "@support:x", wallet);
      return result && "doc" in result ? result.doc.from : null;
    };
    expect(from("@support:x", "@w:x")).toBe("support");
    expect(from("@w:x", "@w:x")).toBe("wallet");
    expect(from("@intruder:x", "@w:x")).toBe("other");
    // Without a row to say who the wallet is, whoever is not support is taken as the wallet.
    expect(from("@w:x", null)).toBe("wallet");
  });
});
