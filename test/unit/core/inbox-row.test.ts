import { describe, expect, it } from "vitest";
import {
  applyEvents,
  previewOf,
  rowFromWindow,
  withDecryptedPreview,
} from "../../../renderer/core/inbox/events.ts";
import { applyReadReceipt, compareRows, newRow, type WireEvent } from "../../../renderer/core/inbox/row.ts";

const SUPPORT = "@support:example.org";
const WALLET = "@did-key-z6mkabc:wallets.example";
let n = 0;
const msg = (sender: string, body: string, ts: number, type = "m.room.message"): WireEvent => ({
  event_id: `$e${++n}`,
  sender,
  type,
  origin_server_ts: ts,
  content:
    type === "m.room.message"
      ? { msgtype: "m.text", body }
      : { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "x" },
});

describe("inbox rows", () => {
  it("a wallet's message makes the conversation unread and waiting since that message", () => {
    const row = applyEvents(
      newRow("!r", WALLET),
      [msg(WALLET, "Hello", 1000), msg(WALLET, "Anyone?", 2000)],
      SUPPORT,
    );
    expect(row).toMatchObject({ unread: 2, waitingSince: 1000, activityTs: 2000, sendsUnencrypted: true });
    expect(row.preview).toMatchObject({ kind: "text", text: "Anyone?", fromSupport: false });
    expect(row.label).toMatch(/^Wallet /);
  });

  it("support's reply answers the wallet: not waiting, nothing unread", () => {
    const row = applyEvents(
      newRow("!r", WALLET),
      [msg(WALLET, "Hello", 1000), msg(SUPPORT, "Hi!", 1500)],
      SUPPORT,
    );
    expect(row).toMatchObject({ unread: 0, waitingSince: null });
    expect(row.preview).toMatchObject({ text: "Hi!", fromSupport: true });
    const later = applyEvents(row, [msg(WALLET, "Thanks, one more thing", 3000)], SUPPORT);
    expect(later).toMatchObject({ unread: 1, waitingSince: 3000 });
  });

  it("an encrypted message is previewed as decrypting, then as its decrypted text (or undecryptable)", () => {
    const enc = msg(WALLET, "", 1000, "m.room.encrypted");
    const row = applyEvents(newRow("!r", WALLET), [enc], SUPPORT);
    expect(row.preview?.kind).toBe("decrypting");
    expect(row.sendsUnencrypted).toBe(false);
    expect(
      withDecryptedPreview(row, enc.event_id as string, { msgtype: "m.image", body: "scan.jpg" }).preview,
    ).toMatchObject({
      kind: "image",
      text: "scan.jpg",
    });
    expect(withDecryptedPreview(row, enc.event_id as string, null).preview?.kind).toBe("undecryptable");
  });

  it("a read receipt recounts the unread messages after it", () => {
    const events = [msg(WALLET, "a", 1), msg(WALLET, "b", 2), msg(WALLET, "c", 3)];
    const row = applyEvents(newRow("!r", WALLET), events, SUPPORT);
    expect(applyReadReceipt(row, events[1]!.event_id as string).unread).toBe(1);
    expect(applyReadReceipt(row, events[2]!.event_id as string).unread).toBe(0);
    // still waiting: reading is not answering
    expect(applyReadReceipt(row, events[2]!.event_id as string).waitingSince).toBe(1);
  });

  it("the same event applied twice (retried sync, snapshot overlap) counts once", () => {
    const e = msg(WALLET, "once", 5);
    const row = applyEvents(applyEvents(newRow("!r", WALLET), [e], SUPPORT), [e], SUPPORT);
    expect(row.unread).toBe(1);
  });

  it("a cut-short window without support's receipt gives a lower bound", () => {
    const window = [msg(WALLET, "x", 10), msg(WALLET, "y", 20)];
    const row = rowFromWindow(newRow("!r", WALLET), window, SUPPORT, "$older-than-window", true);
    expect(row).toMatchObject({ unread: 2, unreadAtLeast: true, waitingSince: 10 });
    const complete = rowFromWindow(newRow("!r", WALLET), window, SUPPORT, null, false);
    expect(complete).toMatchObject({ unread: 2, unreadAtLeast: false });
    const read = rowFromWindow(newRow("!r", WALLET), window, SUPPORT, window[0]!.event_id as string, true);
    expect(read).toMatchObject({ unread: 1, unreadAtLeast: false });
  });

  it("notes when the wallet leaves", () => {
    const leave: WireEvent = {
      event_id: "$l",
      sender: WALLET,
      type: "m.room.member",
      state_key: WALLET,
      origin_server_ts: 9,
      content: { membership: "leave" },
    };
    expect(applyEvents(newRow("!r", WALLET), [leave], SUPPORT).walletLeft).toBe(true);
  });

  it("never breaks on malformed events", () => {
    const junk: WireEvent[] = [
      {},
      { event_id: 5, sender: null },
      { event_id: "$j1", sender: WALLET, type: "m.room.message", content: "not an object" },
      {
        event_id: "$j2",
        sender: WALLET,
        type: "m.room.message",
        content: { msgtype: 7, body: { evil: true } },
      },
      {
        event_id: "$j3",
        sender: WALLET,
        type: "m.room.message",
        origin_server_ts: "yesterday",
        content: null,
      },
      {
        event_id: "$j4",
        sender: WALLET,
        type: "m.room.message",
        content: { msgtype: "m.text", body: "x".repeat(1_000_000) },
      },
    ];
    const row = applyEvents(newRow("!r", WALLET), junk, SUPPORT);
    expect(row.unread).toBe(4);
    expect(row.preview!.text.length).toBeLessThanOrEqual(161);
  });

  it("previews strip reply fallbacks and name images", () => {
    expect(previewOf({ msgtype: "m.text", body: "> <@a:b> quoted\n\nmy answer" }).text).toBe("my answer");
    expect(previewOf({ msgtype: "m.image", body: "id-card.png" })).toEqual({
      kind: "image",
      text: "id-card.png",
    });
    expect(previewOf({ msgtype: "m.location" }).kind).toBe("other");
  });

  it("sorts newest activity first", () => {
    const a = { ...newRow("!a", WALLET), activityTs: 5 };
    const b = { ...newRow("!b", WALLET), activityTs: 9 };
    expect([a, b].sort(compareRows).map((r) => r.roomId)).toEqual(["!b", "!a"]);
  });
});

describe("read position on a non-message event", () => {
  it("counts only the wallet messages after it", () => {
    const a = msg(WALLET, "a", 1);
    const rename: WireEvent = {
      event_id: "$rename",
      sender: WALLET,
      type: "m.room.name",
      state_key: "",
      origin_server_ts: 2,
      content: { name: "x" },
    };
    const b = msg(WALLET, "b", 3);
    const row = rowFromWindow(newRow("!r", WALLET), [a, rename, b], SUPPORT, "$rename", true);
    expect(row).toMatchObject({ unread: 1, unreadAtLeast: false });
  });
});

describe("the seed-phrase guard in the inbox row", () => {
  const phrase =
    "abaisser abandon abdiquer abeille abolir aborder aboutir aboyer abrasif abreuver abriter abroger abrupt absence absolu absurde abusif abyssal académie acajou acarien accabler accepter acclamer";
  const shuffled = phrase.split(" ").reverse().join(" ");

  it("a message holding a recovery phrase becomes a 'secret' preview with no text", () => {
    expect(previewOf({ msgtype: "m.text", body: `Voici mes mots : ${shuffled}` })).toEqual({
      kind: "secret",
      text: "",
    });
  });

  it("the phrase hidden in the HTML body only is caught too", () => {
    const content = {
      msgtype: "m.text",
      body: "see below",
      format: "org.matrix.custom.html",
      formatted_body: `<ul>${shuffled
        .split(" ")
        .map((w) => `<li>${w}</li>`)
        .join("")}</ul>`,
    };
    expect(previewOf(content).kind).toBe("secret");
  });

  it("the row, and anything saved from it, never holds the phrase's words", () => {
    const row = applyEvents(
      newRow("!r:hs", "@w:hs"),
      [
        {
          event_id: "$1",
          sender: "@w:hs",
          type: "m.room.message",
          origin_server_ts: 5,
          content: { msgtype: "m.text", body: shuffled },
        },
      ],
      "@support:hs",
    );
    expect(row.preview).toMatchObject({ kind: "secret", text: "" });
    expect(JSON.stringify(row)).not.toContain("abyssal");
  });

  it("a decrypted secret replaces the 'decrypting' preview the same way", () => {
    const row = applyEvents(
      newRow("!r:hs", "@w:hs"),
      [{ event_id: "$2", sender: "@w:hs", type: "m.room.encrypted", origin_server_ts: 5, content: {} }],
      "@support:hs",
    );
    const after = withDecryptedPreview(row, "$2", { msgtype: "m.text", body: shuffled });
    expect(after.preview).toMatchObject({ kind: "secret", text: "" });
  });

  it("ordinary messages keep their preview", () => {
    expect(previewOf({ msgtype: "m.text", body: "Bonjour, mon attestation n'arrive pas" }).kind).toBe("text");
  });
});
