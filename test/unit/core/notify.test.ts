// When an inbox change raises a desktop notification (notifications/notify.ts): a new, recent wallet message in
// a conversation the agent is not looking at — never support's own reply, the same message again, a count that
// did not grow, or old messages caught up on after a restart. (Its words are the UI's to choose: these tests hold
// the rules for when, and which conversation and kind of message it names.)
import { describe, expect, it } from "vitest";
import { notificationFor } from "../../../renderer/core/notifications/notify.ts";
import { newRow, type InboxRow, type Preview } from "../../../renderer/core/inbox/row.ts";

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;

function rowWith(preview: Partial<Preview> | null, unread: number): InboxRow {
  return {
    ...newRow("!room:support.example", "@did-key-z6mkabc:wallets.example"),
    unread,
    preview:
      preview === null
        ? null
        : { kind: "text", text: "Hello", fromSupport: false, ts: NOW, eventId: "$new", ...preview },
  };
}

const before = rowWith({ eventId: "$old", text: "Earlier" }, 1);

describe("desktop notifications", () => {
  it("a new wallet message in another conversation notifies with the wallet's label and the text", () => {
    const row = rowWith({ text: "My credential won't load" }, 2);
    expect(notificationFor(row, before, false, NOW)).toEqual({
      conversationId: row.roomId,
      label: row.label,
      previewKind: "text",
      previewText: "My credential won't load",
    });
  });

  it("a conversation's first message notifies too (no previous row)", () => {
    expect(notificationFor(rowWith({}, 1), undefined, false, NOW)).not.toBeNull();
  });

  it("names the kind of message when it is not text, never the wallet's file name", () => {
    for (const kind of ["image", "file", "decrypting", "undecryptable", "other"] as const) {
      const notification = notificationFor(
        rowWith({ kind, text: "passport-scan.jpg" }, 2),
        before,
        false,
        NOW,
      );
      expect(notification?.previewKind).toBe(kind);
      expect(notification?.previewText).toBe("");
    }
  });

  it("stays quiet for the conversation the agent is looking at", () => {
    const row = rowWith({}, 2);
    expect(notificationFor(row, before, true, NOW)).toBeNull();
  });

  it("stays quiet for support's own replies, for rows without a message, and for the same message again", () => {
    expect(notificationFor(rowWith({ fromSupport: true }, 2), before, false, NOW)).toBeNull();
    expect(notificationFor(rowWith(null, 2), before, false, NOW)).toBeNull();
    const same = rowWith({ eventId: "$old" }, 2);
    expect(notificationFor(same, before, false, NOW)).toBeNull();
  });

  it("stays quiet when the unread count did not grow (the agent read it elsewhere, or a decryption landed)", () => {
    expect(notificationFor(rowWith({}, 1), before, false, NOW)).toBeNull();
    expect(notificationFor(rowWith({}, 0), before, false, NOW)).toBeNull();
  });

  it("stays quiet for messages older than five minutes: catching up after a restart is not news", () => {
    expect(notificationFor(rowWith({ ts: NOW - 5 * MINUTE - 1 }, 2), before, false, NOW)).toBeNull();
    expect(notificationFor(rowWith({ ts: NOW - 5 * MINUTE }, 2), before, false, NOW)).not.toBeNull();
  });
});
