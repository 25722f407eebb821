import { describe, expect, it } from "vitest";
import {
  checkCannedReply,
  expand,
  exportReplies,
  importReplies,
  matchReplies,
  type CannedReply,
} from "../../../renderer/core/canned/replies.ts";
import type { OutboxItem } from "../../../renderer/core/conversation/outbox.ts";
import { MAX_NOTE_CHARS, PART_BUDGET, splitNote } from "../../../renderer/core/notes/parts.ts";
import { staffTimeline } from "../../../renderer/core/notes/timeline.ts";
import { TeamError } from "../../../renderer/core/staff/errors.ts";
import { NOTE_EVENT, recordFromEvent, type StaffRecord } from "../../../renderer/core/staff/records.ts";
import { checkName } from "../../../renderer/core/staff/agents.ts";
import { checkLabelName } from "../../../renderer/core/status/labels.ts";

const WALLET = "@did-key-z6mkabc:wallets.example";
const record = (id: string, ts: number, content: Record<string, unknown>, type = NOTE_EVENT): StaffRecord =>
  recordFromEvent({
    event_id: id,
    type,
    origin_server_ts: ts,
    content: { agent: "DEV", conversation: WALLET, ...content },
  })!;

describe("notes", () => {
  it("a 64 KB note goes out in parts that each fit an encrypted event, and reads back whole", () => {
    const text = "Le portefeuille a perdu sa phrase — « réinitialiser » ? ".repeat(1200).slice(0, 64 * 1024);
    const parts = splitNote(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toBe(text);
    for (const part of parts)
      expect(new TextEncoder().encode(JSON.stringify(part)).length).toBeLessThanOrEqual(PART_BUDGET + 2);
    const records = parts.map((body, part) =>
      record(`$p${part}`, 1000 + part, { body, note: "n1", part, parts: parts.length }),
    );
    const [item] = staffTimeline(records.reverse(), [], WALLET);
    expect(item).toMatchObject({ kind: "note", body: text, incomplete: false, state: "sent", ts: 1000 });
  });

  it("never splits a character in two", () => {
    const emoji = "🔑".repeat(20);
    for (const part of splitNote(emoji, 9)) expect([...part].every((ch) => ch === "🔑")).toBe(true);
  });

  it("a note whose parts haven't all arrived says so", () => {
    const [item] = staffTimeline(
      [record("$a", 1, { body: "first half", note: "n", part: 0, parts: 2 })],
      [],
      WALLET,
    );
    expect(item).toMatchObject({ incomplete: true, body: "first half" });
  });

  it("a note still in the outbox shows its state, and once on the server shows once", () => {
    const pending: OutboxItem = {
      txnId: "t1",
      roomId: "!staff",
      type: NOTE_EVENT,
      content: { agent: "DEV", conversation: WALLET, body: "Called the issuer", note: "n9" },
      createdAt: 500,
      state: "failed",
      attempts: 1,
      unencrypted: false,
      error: "Waiting for the connection",
      errorKind: "connection",
      retryAt: null,
    };
    expect(staffTimeline([], [pending], WALLET)).toMatchObject([
      { kind: "note", state: "failed", txnIds: ["t1"] },
    ]);
    const sent = { ...record("$n9", 600, { body: "Called the issuer", note: "n9" }), txnId: "t1" };
    expect(staffTimeline([sent], [pending], WALLET)).toMatchObject([{ state: "sent", txnIds: [] }]);
    expect(staffTimeline([], [pending], "@someone-else:x")).toEqual([]);
  });

  it("activity lines carry what happened, in time order with the notes", () => {
    const items = staffTimeline(
      [
        record("$r", 2000, { action: "resolved" }, "org.walletsupport.activity"),
        record("$n", 1000, { body: "note" }),
        record("$s", 3000, { action: "snoozed", until: 9000 }, "org.walletsupport.activity"),
      ],
      [],
      WALLET,
    );
    expect(items.map((i) => i.kind)).toEqual(["note", "activity", "activity"]);
    expect(items[2]).toMatchObject({ action: "snoozed", until: 9000 });
  });

  it("records without an author or conversation are not ours and are dropped", () => {
    expect(
      recordFromEvent({ event_id: "$x", type: NOTE_EVENT, origin_server_ts: 1, content: { body: "x" } }),
    ).toBeNull();
    expect(MAX_NOTE_CHARS).toBeGreaterThanOrEqual(64 * 1024);
  });
});

describe("names and labels", () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return (err as TeamError).code;
    }
    return null;
  };

  it("an agent name is one clean line of at most 40 characters", () => {
    expect(checkName("  Alice \n Martin\u202e ")).toBe("Alice Martin");
    expect(code(() => checkName("   "))).toBe("name-empty");
    expect(code(() => checkName("x".repeat(41)))).toBe("name-too-long");
  });

  it("a label with HTML is kept as the text it is; an existing name is refused", () => {
    expect(checkLabelName("<img src=x onerror=alert(1)>", [])).toBe("<img src=x onerror=alert(1)>");
    const existing = [
      { id: "a", value: { name: "Seed phrase lost", colour: 0 }, version: "$v", ts: 1, by: null },
    ];
    expect(code(() => checkLabelName("seed PHRASE lost", existing))).toBe("label-exists");
    expect(checkLabelName("Seed phrase lost", existing, "a")).toBe("Seed phrase lost"); // renaming itself
  });
});

describe("canned replies", () => {
  const reset: CannedReply = {
    title: "Reset the wallet",
    shortcut: "reset",
    en: "Hello {wallet}, this is {agent}. On {date}, open Settings › Reset.",
    fr: "Bonjour {wallet}, ici {agent}. Le {date}, ouvrez Paramètres › Réinitialiser.",
  };
  const date = Date.UTC(2026, 11, 3, 12);

  it("fills {wallet}, {agent} and {date} in the reply's language", () => {
    const vars = { wallet: "Wallet 7f3k·c2", agent: "Alice", date };
    expect(expand(reset, "en", vars)).toBe(
      "Hello Wallet 7f3k·c2, this is Alice. On 3 December 2026, open Settings › Reset.",
    );
    expect(expand(reset, "fr", vars)).toBe(
      "Bonjour Wallet 7f3k·c2, ici Alice. Le 3 décembre 2026, ouvrez Paramètres › Réinitialiser.",
    );
    expect(expand({ ...reset, fr: "" }, "fr", vars)).toMatch(/^Hello/); // no French text: the English one
  });

  it("finds replies by shortcut first, then by title", () => {
    const items = [
      { value: reset },
      { value: { ...reset, shortcut: "seed", title: "Lost seed phrase" } },
      { value: { ...reset, shortcut: "hello", title: "Greeting after reset" } },
    ];
    expect(matchReplies(items, "re").map((i) => i.value.shortcut)).toEqual(["reset", "hello"]);
    expect(matchReplies(items, "").length).toBe(3);
  });

  it("a reply needs a title, a shortcut no one else uses, and a text", () => {
    const others = [{ id: "x", value: reset }];
    expect(() => checkCannedReply({ ...reset, title: " " }, [], null)).toThrow(TeamError);
    expect(() => checkCannedReply({ ...reset, en: "", fr: "" }, [], null)).toThrow(TeamError);
    expect(() => checkCannedReply({ ...reset, shortcut: "no spaces" }, [], null)).toThrow(TeamError);
    expect(() => checkCannedReply(reset, others, null)).toThrow(/canned-shortcut-taken/);
    expect(checkCannedReply({ ...reset, shortcut: "/Reset" }, others, "x").shortcut).toBe("reset");
  });

  it("exports and imports back; a broken file is refused whole, saying where", () => {
    const file = exportReplies([reset, { ...reset, shortcut: "seed" }]);
    expect(importReplies(file)).toEqual([reset, { ...reset, shortcut: "seed" }]);
    expect(() => importReplies("{")).toThrow(/import-invalid/);
    expect(() => importReplies(JSON.stringify({ format: "other", replies: [] }))).toThrow(/import-invalid/);
    const broken = JSON.parse(file) as { replies: Array<Record<string, unknown>> };
    broken.replies[1]!.title = "";
    expect(() => importReplies(JSON.stringify(broken))).toThrow(/reply 2/);
  });
});
