// The guard's components in real Chromium, light and dark, English and French: a wallet's recovery phrase is
// hidden (not even in the page's text) until revealed through a confirmation; the banner's suggested reply is
// in the wallet's language and goes into the composer; a held draft is sent only after an explicit
// confirmation. Screenshots go to test-results/screenshots/guard-*.png; axe finds nothing serious.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, openPage, screenshot, serious } from "../harness/browser.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const ORIGIN = "http://guard-harness.test";
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
let out: string;
let browser: Browser;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "guard-harness-"));
  await build({
    configFile: false,
    root: join(ROOT, "test", "e2e", "guard-harness"),
    base: "./",
    logLevel: "warn",
    plugins: [svelte({ configFile: join(ROOT, "svelte.config.js") })],
    build: { outDir: out, emptyOutDir: true, target: "es2023" },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

async function open(lang: "en" | "fr", colorScheme: "light" | "dark") {
  const watched = await openPage(browser, "about:blank", {
    colorScheme,
    locale: lang === "fr" ? "fr-FR" : "en-US",
  });
  await watched.page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(out, path === "/" ? "index.html" : path);
    return route.fulfill({
      body: readFileSync(file),
      contentType: TYPES[extname(file)] ?? "application/octet-stream",
    });
  });
  await watched.page.goto(`${ORIGIN}/?lang=${lang}`);
  await watched.page.getByRole("log").waitFor();
  return watched;
}

describe("the guard's components", () => {
  it("hide the phrase until a confirmed reveal, and hold a draft until an explicit 'send anyway' (English, light)", async () => {
    const { page, consoleErrors, context } = await open("en", "light");
    const phraseWord = /\b(?:[a-zé]+ ){11}/; // twelve words in a row would be the phrase
    const log = page.getByRole("log");
    expect(await log.innerText()).not.toMatch(phraseWord);
    expect(await log.innerText()).not.toContain("4c0883a69102937d");
    await expect.poll(() => log.getByText("24 words, French word list").count()).toBe(1);
    await screenshot(page, "guard-en-light");
    expect(serious(await axeViolations(page))).toEqual([]);

    // The suggested reply follows the wallet's language (French phrase → French reply) and goes to the composer.
    await page.getByRole("button", { name: "Put this reply in the composer" }).click();
    expect(await page.getByRole("textbox", { name: "Reply" }).inputValue()).toMatch(/^Pour votre sécurité/);
    await page.getByRole("button", { name: "Show it in English" }).click();
    await page.getByRole("button", { name: "Put this reply in the composer" }).click();
    expect(await page.getByRole("textbox", { name: "Reply" }).inputValue()).toMatch(/^For your safety/);

    // Reveal: a confirmation first; cancelling keeps it hidden.
    await log.getByRole("button", { name: "Reveal" }).first().click();
    const confirm = page.getByRole("dialog", { name: "Reveal this secret?" });
    await confirm.waitFor();
    await screenshot(page, "guard-en-light-confirm-reveal");
    expect(serious(await axeViolations(page))).toEqual([]);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(await log.innerText()).not.toMatch(phraseWord);
    await log.getByRole("button", { name: "Reveal" }).first().click();
    await page.getByRole("button", { name: "Reveal the secret" }).click();
    await expect.poll(() => log.innerText()).toMatch(phraseWord);
    expect(await page.getByTestId("log").innerText()).toBe("revealed phrase");
    await screenshot(page, "guard-en-light-revealed");

    // Send anyway: the checkbox must be ticked before the button does anything.
    await page.getByRole("button", { name: "Send anyway…" }).first().click();
    const send = page.getByRole("dialog", { name: "Send a message that asks for a secret?" });
    await send.waitFor();
    expect(await send.getByRole("button", { name: "Send anyway" }).isDisabled()).toBe(true);
    await screenshot(page, "guard-en-light-confirm-send");
    await send.getByRole("checkbox").check();
    await send.getByRole("button", { name: "Send anyway" }).click();
    expect(await page.getByTestId("log").innerText()).toBe("revealed phrase, sent anyway");
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it.each([
    ["en", "dark"],
    ["fr", "light"],
    ["fr", "dark"],
  ] as const)("look right in %s, %s, with nothing serious for axe", async (lang, scheme) => {
    const { page, consoleErrors, context } = await open(lang, scheme);
    if (lang === "fr") {
      await page.getByText("Ce brouillon demande une phrase de récupération").first().waitFor();
      await page.getByText("Cette annonce atteindrait tous les portefeuilles", { exact: false }).waitFor();
    }
    await screenshot(page, `guard-${lang}-${scheme}`);
    expect(serious(await axeViolations(page))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
