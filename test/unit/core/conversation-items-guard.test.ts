// Timeline items carry the guard's verdict: a message holding a recovery phrase or a key is marked `secret`
// (what was found and where), so the conversation view shows it blurred until the agent reveals it.
import { describe, expect, it } from "vitest";
import { itemFromOutbox } from "../../../renderer/core/conversation/items.ts";
import type { OutboxItem } from "../../../renderer/core/conversation/outbox.ts";

const entry = (content: Record<string, unknown>): OutboxItem => ({
  txnId: "t1",
  roomId: "!r:hs",
  content,
  createdAt: 1,
  state: "queued",
  attempts: 0,
  unencrypted: false,
  error: null,
  errorKind: null,
  retryAt: null,
});

describe("timeline items and the guard", () => {
  it("a text holding a private key is marked secret, with the key's place in the text", () => {
    const key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    const body = `here: ${key}`;
    const item = itemFromOutbox(entry({ msgtype: "m.text", body }));
    expect(item.secret).toMatchObject({ kind: "private-key", format: "hex", ranges: [[6, 70]] });
    expect(item.secret).not.toHaveProperty("matches");
  });

  it("a phrase only in the formatted body marks the item too", () => {
    const words = "zoo wrong wrist write worth world work word wool wood wonder woman".split(" ");
    const item = itemFromOutbox(
      entry({
        msgtype: "m.text",
        body: "list",
        format: "org.matrix.custom.html",
        formatted_body: `<p>${words.join("<br>")}</p>`,
      }),
    );
    expect(item.secret).toMatchObject({ kind: "mnemonic", language: "english", wordCount: 12 });
  });

  it("an ordinary reply is not", () => {
    expect(
      itemFromOutbox(entry({ msgtype: "m.text", body: "Never share your recovery phrase." })).secret,
    ).toBeNull();
  });
});
