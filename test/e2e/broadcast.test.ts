// The broadcast view against real rooms: creating the notification room from the console when none is
// configured, posting an image broadcast with its preview and audience, and a room wallets could write to
// shown as unsafe — then repaired from the checklist.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Wallet } from "../harness/wallet.ts";
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
      await p.getByText(`Posted to ${alias}: wallets show it now.`).waitFor();
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

  describe("a text broadcast", () => {
    let wallet: Wallet;
    const fixture = consoleInChromium({
      notificationRoom: true,
      prepare: async (f) => {
        wallet = await f.wallet("plaintext");
        await wallet.joinNotificationRoom(f.notificationRoom.alias);
      },
    });

    it("plain text said up front, the exact message confirmed, success shown where the agent looks", async () => {
      const { page } = fixture;
      const { alias } = fixture.notificationRoom;
      const { page: p } = page;
      await openBroadcast(p);

      // Every check passed: one line, which opens to the list.
      const folded = p.getByText(/^\d+ safety checks passed$/);
      await folded.waitFor({ timeout: 30_000 });
      const check = p.getByRole("listitem").filter({ hasText: "Wallets can't post" });
      expect(await check.isVisible()).toBe(false);
      await folded.click();
      await check.waitFor();
      await folded.click();

      const message = "**Maintenance** tonight 22:00–23:00.\nStatus: https://status.example.org/today";
      await p.getByLabel("Message", { exact: true }).fill(message);
      await p.getByText(/^Sent as plain text: today's wallets show it exactly as typed/).waitFor();
      const preview = p.getByRole("figure", { name: "Preview, as wallets will see it" });
      await preview.getByText("Plain text, links clickable — as today's wallets show it.").waitFor();
      expect(await preview.locator(".bubble").textContent()).toBe(message);
      await p.emulateMedia({ colorScheme: "light" });
      await screenshot(p, "broadcast-text-light");
      await p.emulateMedia({ colorScheme: "dark" });
      await screenshot(p, "broadcast-text-dark");
      await p.emulateMedia({ colorScheme: "light" });

      await p.getByRole("button", { name: "Post…" }).click();
      const dialog = p.getByRole("dialog", { name: "Post this broadcast?" });
      const exact = dialog.getByRole("figure", { name: "The message, exactly as it will be sent" });
      expect(await exact.locator("p").textContent()).toBe(message);
      await screenshot(p, "broadcast-confirm-exact");
      expect(await accessibilityProblems(p)).toEqual([]);
      await dialog.getByRole("button", { name: "Post", exact: true }).click();

      const received = await wallet.waitForMessage((m) => m.roomId === wallet.notificationRoomId);
      expect(received.body).toBe(message); // no markup turned into HTML, the link as typed
      expect(received.content.format).toBeUndefined();
      expect(received.content.formatted_body).toBeUndefined();
      // The outcome takes the form's place, with what went out, and has the focus where the agent is.
      const outcome = p.getByRole("status").filter({ hasText: `Posted to ${alias}: wallets show it now.` });
      await outcome.waitFor();
      expect(await outcome.evaluate((el) => el === document.activeElement)).toBe(true);
      const box = (await outcome.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(p.viewportSize()!.height);
      await outcome.getByRole("link", { name: "https://status.example.org/today" }).waitFor();
      await screenshot(p, "broadcast-posted");
      expect(await accessibilityProblems(p)).toEqual([]);
      await outcome.getByRole("button", { name: "Write another broadcast" }).click();
      await expect
        .poll(() => p.getByLabel("Message", { exact: true }).evaluate((el) => el === document.activeElement))
        .toBe(true);
      // The same screens in French (the agent's choice in Settings), light and dark.
      await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
      await p.getByLabel("Language").selectOption("fr");
      await p.getByRole("navigation").getByRole("button", { name: "Annonces" }).click();
      await p.getByLabel("Message", { exact: true }).fill(message);
      await p.getByText(/^Envoyée en texte brut/).waitFor();
      await screenshot(p, "broadcast-text-fr-light");
      await p.emulateMedia({ colorScheme: "dark" });
      await screenshot(p, "broadcast-text-fr-dark");
      await p.getByRole("button", { name: "Publier…" }).click();
      await p.getByRole("dialog", { name: "Publier cette annonce ?" }).waitFor();
      await screenshot(p, "broadcast-confirm-exact-fr-dark");
      expect(await accessibilityProblems(p)).toEqual([]);
      await p.keyboard.press("Escape");
      expect(problems(page)).toEqual({ csp: [], errors: [] });
    });
  });
});
