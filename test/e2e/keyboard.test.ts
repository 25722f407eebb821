// The console without a mouse: Ctrl+K jumps to a conversation, Alt+↑/↓ move through the inbox, Alt+Shift+↓
// goes to the next wallet waiting for an answer, Esc closes overlays, and focus is always visible.
import { beforeAll, describe, expect, it } from "vitest";
import type { Wallet } from "../harness/wallet.ts";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import {
  accessibilityProblems,
  inboxRegion,
  inboxRow,
  matrixRequest,
  problems,
  screenshot,
  type ConsolePage,
} from "../harness/e2e.ts";

const fixture = consoleInChromium();
let page: ConsolePage;
const wallets: Wallet[] = [];

const openHeading = () => page.page.getByRole("heading", { level: 1 }).first().textContent();

beforeAll(async () => {
  page = fixture.page;
  // Three wallets, oldest first: the inbox shows the newest on top.
  for (const text of ["First wallet asks", "Second wallet asks", "Third wallet asks"]) {
    const w = await fixture.wallet("e2ee");
    wallets.push(w);
    await w.startSupportChat();
    await inboxRow(page.page, w.label).waitFor({ timeout: 30_000 });
    await w.sendText(text);
    await inboxRow(page.page, w.label).filter({ hasText: text }).waitFor({ timeout: 30_000 });
  }
  // Support answers the middle one: it no longer waits.
  const middle = wallets[1]!;
  await matrixRequest(
    fixture.support,
    "PUT",
    `/rooms/${encodeURIComponent(middle.supportRoomId!)}/send/m.room.message/answer1`,
    {
      msgtype: "m.text",
      body: "Answered from another console",
    },
  );
  await inboxRow(page.page, middle.label).filter({ hasText: "Answered" }).waitFor({ timeout: 30_000 });
});

describe("keyboard", () => {
  it("Ctrl+K opens the quick switcher; typing filters, Enter opens, Esc closes", async () => {
    const { page: p } = page;
    await p.keyboard.press("Control+k");
    const dialog = p.getByRole("dialog", { name: "Jump to a conversation" });
    await dialog.waitFor();
    const input = dialog.getByRole("combobox", { name: "Wallet label or message" });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.fill(wallets[1]!.label.slice(-4)); // part of its anonymous code
    await expect.poll(() => dialog.getByRole("option").count()).toBe(1);
    await screenshot(p, "quick-switcher");
    expect(await accessibilityProblems(p)).toEqual([]);
    await p.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(openHeading).toBe(wallets[1]!.label);

    await p.keyboard.press("Control+k");
    await dialog.waitFor();
    await p.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await openHeading()).toBe(wallets[1]!.label);
  });

  it("Alt+↓ and Alt+↑ move through the inbox in its order, stopping at the ends", async () => {
    const { page: p } = page;
    const order = await inboxRegion(p).locator(".inbox-row .label").allTextContents();
    expect(order).toHaveLength(3);
    await inboxRow(p, order[1]!).click();
    await p.keyboard.press("Alt+ArrowDown");
    await expect.poll(openHeading).toBe(order[2]);
    await p.keyboard.press("Alt+ArrowUp");
    await expect.poll(openHeading).toBe(order[1]);
    await p.keyboard.press("Alt+ArrowUp");
    await expect.poll(openHeading).toBe(order[0]);
    await p.keyboard.press("Alt+ArrowUp");
    await expect.poll(openHeading).toBe(order[0]);
  });

  it("Alt+Shift+↓ jumps to the next wallet still waiting for an answer, skipping answered ones", async () => {
    const { page: p } = page;
    const order = await inboxRegion(p).locator(".inbox-row .label").allTextContents();
    // From the top, the next waiting wallet skips the one support answered.
    await inboxRow(p, order[0]!).click();
    const waitingBelow = order.slice(1).filter((label) => label !== wallets[1]!.label);
    await p.keyboard.press("Alt+Shift+ArrowDown");
    await expect.poll(openHeading).toBe(waitingBelow[0]);
    expect(await openHeading()).not.toBe(wallets[1]!.label);
  });

  it("Tab reaches the controls with a visible focus ring, and Enter in the composer sends", async () => {
    const { page: p } = page;
    const composer = p.getByRole("textbox", { name: /^Reply to / });
    await composer.focus();
    await p.keyboard.press("Shift+Tab");
    const outline = await p.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return {
        tag: el.tagName,
        label: el.getAttribute("aria-label"),
        outline: style.outlineStyle,
        width: style.outlineWidth,
      };
    });
    expect(outline).toMatchObject({
      tag: "BUTTON",
      label: "Attach an image",
      outline: "solid",
      width: "2px",
    });
    await screenshot(p, "focus-ring");
    await p.keyboard.press("Tab");
    await p.keyboard.type("Line one");
    await p.keyboard.press("Shift+Enter");
    await p.keyboard.type("Line two");
    expect(await composer.inputValue()).toBe("Line one\nLine two");
    const label = (await openHeading())!;
    const wallet = wallets.find((w) => w.label === label)!;
    await p.keyboard.press("Enter");
    const received = await wallet.waitForMessage((m) => m.body === "Line one\nLine two");
    expect(received.readable).toBe(true);
  });

  it("Esc closes the sign-out confirmation without signing out", async () => {
    const { page: p } = page;
    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByRole("button", { name: "Sign out" }).click();
    const dialog = p.getByRole("dialog", { name: "Sign out of this device?" });
    await dialog.waitFor();
    await screenshot(p, "sign-out-confirm");
    await p.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await p.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});
