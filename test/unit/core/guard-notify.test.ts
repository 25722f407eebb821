// A desktop notification for a wallet message that holds a recovery phrase says only that a message came:
// its preview is the guard's "secret" kind with no text, so the phrase never reaches the operating system.
import { describe, expect, it } from "vitest";
import { applyEvents } from "../../../renderer/core/inbox/events.ts";
import { newRow } from "../../../renderer/core/inbox/row.ts";
import { notificationFor } from "../../../renderer/core/notifications/notify.ts";

describe("notifications and the guard", () => {
  it("carry no word of a pasted phrase", () => {
    const phrase = "zoo wrong wrist write worth world work word wool wood wonder woman";
    const before = newRow("!r:hs", "@w:hs");
    const now = 1_000_000;
    const after = applyEvents(
      before,
      [
        {
          event_id: "$1",
          sender: "@w:hs",
          type: "m.room.message",
          origin_server_ts: now,
          content: { msgtype: "m.text", body: phrase },
        },
      ],
      "@support:hs",
    );
    const notification = notificationFor(after, before, false, now)!;
    expect(notification).toMatchObject({ previewKind: "secret", previewText: "" });
    expect(JSON.stringify(notification)).not.toMatch(/wrist|wonder|woman/);
  });
});
