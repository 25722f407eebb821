// The built console loads in real Chromium under its production CSP, with nothing blocked and no errors, and
// greets a new agent with the sign-in form.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startWebServer, type WebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { axeViolations, launchChromium, openPage, screenshot, serious } from "../harness/browser.ts";
import { testHomeserver } from "../harness/accounts.ts";

let browser: Browser;
let web: WebServer;

beforeAll(async () => {
  web = await startWebServer({ config: { ...DEFAULT_CONFIG, homeserverUrl: testHomeserver().url } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await web?.close();
});

describe("the built console in Chromium", () => {
  it("loads under the strict CSP without errors or violations, and shows the sign-in form", async () => {
    const { page, consoleErrors, cspViolations } = await openPage(browser, web.url);
    await expect.poll(() => page.title()).toContain("Wallet Support Console");
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.getByLabel("User ID").waitFor();
    await page.getByLabel("Password").waitFor();
    // Nothing to submit yet.
    expect(await page.getByRole("button", { name: "Sign in" }).isDisabled()).toBe(true);
    // Styles come from files (no inline style attributes the CSP would block).
    expect(await page.locator("link[rel=stylesheet]").count()).toBeGreaterThan(0);
    await screenshot(page, "smoke");
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(serious(await axeViolations(page))).toEqual([]);
  });
});
