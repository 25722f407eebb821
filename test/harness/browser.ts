// Real Chromium (Debian's) driven by playwright-core, with the flags that work as root on these machines
// (Playwright gives every launch a fresh profile directory).
// Every page records console errors, CSP violations and the network requests it makes, so tests can assert
// that nothing unexpected ran or called out.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { ensureSystemPackage } from "./system-packages.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, installed with apt-get where it is missing and we may (see system-packages.ts). */
export function ensureChromium(log?: (line: string) => void): Promise<void> {
  return ensureSystemPackage({
    pkg: "chromium",
    check: () => existsSync(CHROMIUM),
    why: "the browser tests and the benchmark drive Debian's Chromium",
    otherwise: `install Chromium and set CHROMIUM_PATH to its executable (looked for ${CHROMIUM})`,
    ...(log ? { log } : {}),
  });
}

export const SCREENSHOT_DIR = resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");

/** The flags every launch uses (see environment notes: without the networking ones Chromium calls out). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  await ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Chromium with a profile directory that outlives it (IndexedDB and all), like the desktop app's: closing and
 * launching again on the same directory is a restart. Used by the benchmark's warm-restart measure.
 */
export async function launchPersistentChromium(
  userDataDir: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<BrowserContext> {
  await ensureChromium();
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    colorScheme: "light",
    locale: options.locale ?? "en-US",
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  cspViolations: string[];
  requests: string[];
  dialogs: string[];
}

/** How a test page looks: colour scheme, language and size (light, en-US, 1280×800 unless given). */
export interface PageOptions {
  colorScheme?: "light" | "dark";
  locale?: string;
  viewport?: { width: number; height: number };
  /**
   * Playwright's controlled clock in the page (installed before the console loads): time flows as usual until
   * the test jumps it (`page.clock.fastForward`), e.g. past a snooze's end.
   */
  clock?: boolean;
}

export async function openPage(
  browser: Browser,
  url: string,
  options: PageOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? "light",
    locale: options.locale ?? "en-US",
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  if (options.clock) await context.clock.install();
  const page = await context.newPage();
  const watched: WatchedPage = {
    page,
    context,
    consoleErrors: [],
    cspViolations: [],
    requests: [],
    dialogs: [],
  };
  page.on("console", (msg) => {
    if (msg.type() === "error") watched.consoleErrors.push(msg.text());
    if (msg.text().includes("Content Security Policy")) watched.cspViolations.push(msg.text());
  });
  page.on("pageerror", (err) => watched.consoleErrors.push(`pageerror: ${err.message}`));
  page.on("request", (req) => watched.requests.push(req.url()));
  page.on("dialog", (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  return watched;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page. The source goes in through the DevTools protocol, so the app's CSP stays on. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Result = {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: string[] }>;
      }>;
    };
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

export function serious(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
