// What a desktop notification reveals (issue 15 §6): by default only which wallet wrote, and the content only
// when the agent turned "show message content in notifications" on.
import { describe, expect, it } from "vitest";
import type { NotificationRequest } from "../../../renderer/core/notifications/notify.ts";
import { notificationForDisplay } from "../../../renderer/ui/lib/notification-content.ts";
import { parsePreferences } from "../../../renderer/ui/lib/settings.svelte.ts";

const words = {
  hidden: "New message",
  kind: (k: string) => ({ image: "Image", file: "File" })[k] ?? "Message",
};
const message: NotificationRequest = {
  label: "Wallet 7f3k·c2",
  previewKind: "text",
  previewText: "My seed phrase is abandon abandon…",
  conversationId: "!a:wallets.example",
};

describe("desktop notification content", () => {
  it("says only who wrote while content is off (the default for new installs)", () => {
    const shown = notificationForDisplay(message, false, words);
    expect(shown).toEqual({
      title: "Wallet 7f3k·c2",
      body: "New message",
      conversationId: "!a:wallets.example",
    });
    expect(JSON.stringify(shown)).not.toContain("seed");
    const image = notificationForDisplay({ ...message, previewKind: "image", previewText: "" }, false, words);
    expect(image.body).toBe("New message");
  });

  it("shows the text, or the kind of media (never its file name), when content is on", () => {
    expect(notificationForDisplay(message, true, words).body).toBe(message.previewText);
    expect(
      notificationForDisplay({ ...message, previewKind: "image", previewText: "" }, true, words).body,
    ).toBe("Image");
  });
});

describe("the setting", () => {
  it("is off for a new install and on for an install that saved preferences before it existed", () => {
    expect(parsePreferences(null).notificationContent).toBe(false);
    expect(parsePreferences({ theme: "dark", notifications: true }).notificationContent).toBe(true);
    expect(parsePreferences({ notificationContent: false }).notificationContent).toBe(false);
  });
});
