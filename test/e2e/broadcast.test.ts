// The broadcast view against real rooms: creating the notification room from the console when none is
// configured, posting an image broadcast with its preview and audience, and a room wallets could write to
// shown as unsafe — then repaired from the checklist.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { pngImage } from "../fixtures/images.ts";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import { accessibilityProblems, matrixRequest, problems, screenshot } from "../harness/e2e.ts";

const openBroadcast = (p: Page) =>
  p.getByRole("navigation").getByRole("button", { name: "Broadcast" }).click();

describe("broadcasts", () => {
  describe("without a configured room", () => {
    const fixture = consoleInChromium();

    it("the agent creates one with safe settings, and posts an image wallets receive", async () => {
      const { page, support } = fixture;
      const { page: p } = page;
      await openBroadcast(p);
      await p.getByText("No notification room is configured for this console.").waitFor();
      const localpart = `news-${randomBytes(3).toString("hex")}`;
      await p.getByLabel("Address", { exact: true }).fill(localpart);
      await p.getByLabel("Name", { exact: true }).fill("Wallet news");
      await screenshot(p, "broadcast-create-room");
      expect(await accessibilityProblems(p)).toEqual([]);
      await p.getByRole("button", { name: "Create the room" }).click();
      await p.getByText("Safe for broadcasts").waitFor({ timeout: 30_000 });
      const alias = `#${localpart}:${support.userId.split(":")[1]}`;
      await p.getByText(alias, { exact: true }).first().waitFor();

      const wallet = await fixture.wallet("plaintext");
      await wallet.joinNotificationRoom(alias);
      await p.getByRole("button", { name: "Check again" }).click();
      await p.getByText("1 member", { exact: true }).waitFor({ timeout: 30_000 });

      const image = pngImage(120, 80);
      await p.locator("section[aria-labelledby='broadcast-compose-title'] input[type=file]").setInputFiles({
        name: "maintenance.png",
        mimeType: "image/png",
        buffer: Buffer.from(image),
      });
      const preview = p.getByRole("figure", { name: "Preview, as wallets will see it" });
      await expect
        .poll(() =>
          preview.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
        )
        .toBe(120);
      await p.getByRole("button", { name: "Post…" }).click();
      const dialog = p.getByRole("dialog", { name: "Post this broadcast?" });
      await dialog.getByText(`Post to ${alias} — 1 member`).waitFor();
      await dialog.getByRole("button", { name: "Post", exact: true }).click();

      const received = await wallet.waitForMessage(
        (m) => m.roomId === wallet.notificationRoomId && m.msgtype === "m.image",
      );
      expect(received.encrypted).toBe(false);
      expect(typeof received.content.url).toBe("string"); // wallets read images from a plain url
      expect(Buffer.from(await wallet.downloadImage(received)).equals(Buffer.from(image))).toBe(true);
      await p.getByText("Posted.").waitFor();
      // Images load when they come on screen: bring the history into view.
      const history = p.getByRole("region", { name: "Past broadcasts" });
      await history.scrollIntoViewIfNeeded();
      await history.getByRole("img", { name: "maintenance.png" }).waitFor({ timeout: 30_000 });
      await screenshot(p, "broadcast-image-posted");
      expect(problems(page)).toEqual({ csp: [], errors: [] });
    });
  });

  describe("with a room wallets could write to", () => {
    const fixture = consoleInChromium({
      prepare: async ({ support }) => {
        const localpart = `unsafe-${randomBytes(3).toString("hex")}`;
        await matrixRequest(support, "POST", "/createRoom", {
          preset: "public_chat",
          room_alias_name: localpart,
          name: "Old announcements",
          power_level_content_override: { events_default: 0 },
        });
        return { notificationRoom: `#${localpart}:${support.userId.split(":")[1]}` };
      },
    });

    it("it is shown as unsafe, and Repair makes it safe", async () => {
      const { page } = fixture;
      const { page: p } = page;
      await openBroadcast(p);
      await p.getByText("Not safe yet").waitFor({ timeout: 30_000 });
      const failed = p.getByRole("listitem").filter({ has: p.getByRole("img", { name: "Failed" }) });
      await failed
        .filter({ hasText: "Wallets can't post" })
        .getByText(/Wallets can post/)
        .waitFor();
      expect(await failed.count()).toBe(1); // Synapse's defaults already keep encryption for admins
      await screenshot(p, "broadcast-unsafe");
      expect(await accessibilityProblems(p)).toEqual([]);
      await p.getByRole("button", { name: "Repair the room" }).click();
      await p.getByText("The room was repaired.").waitFor({ timeout: 30_000 });
      await p.getByText("Safe for broadcasts").waitFor();
      expect(await failed.count()).toBe(0);
      expect(problems(page)).toEqual({ csp: [], errors: [] });
    });
  });
});
