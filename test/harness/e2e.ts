// Shared set-up for the browser tests: the built console served with its production CSP and an admin
// config pointing at a real homeserver, a notification room made the way the console makes one, Chromium
// pages that record every console error with the URL behind it, sign-in through the real form, and the
// checks every test ends with (no CSP violation, no unexpected console error, no serious axe violation).
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { startWebServer, type WebServer } from "../../scripts/web-server.ts";
import { createNotificationRoom } from "../../renderer/core/broadcast/index.ts";
import { learnLabelKey } from "./labels.ts";
import { DEFAULT_CONFIG, type AdminConfig } from "../../renderer/core/platform/types.ts";
import { testHomeserver } from "./accounts.ts";
import {
  axeViolations,
  openPage,
  screenshot,
  serious,
  type AxeViolation,
  type PageOptions,
  type WatchedPage,
} from "./browser.ts";
import type { RegisteredUser } from "./homeserver.ts";
import { clientApi } from "./matrix-http.ts";
import { clientOf } from "./sdk-client.ts";

export interface ConsoleSite {
  url: string;
  config: AdminConfig;
  web: WebServer;
  close(): Promise<void>;
}

/** Serves dist/web (run `npm run build:web` first) with the admin config the test needs. */
export async function startConsoleSite(
  config: Partial<AdminConfig> = {},
  homeserverUrl = testHomeserver().url,
): Promise<ConsoleSite> {
  const full: AdminConfig = { ...DEFAULT_CONFIG, homeserverUrl, ...config };
  const web = await startWebServer({ config: full });
  return { url: web.url, config: full, web, close: () => web.close() };
}

/** A notification room created by `account` through the broadcast module (safe power levels), by alias. */
export async function createNotificationRoomAs(
  account: RegisteredUser,
  homeserverUrl = testHomeserver().url,
  name = "Wallet news",
): Promise<{ roomId: string; alias: string }> {
  const client = clientOf(account, homeserverUrl);
  try {
    return await createNotificationRoom(client, {
      alias: `news-${randomBytes(3).toString("hex")}`,
      name,
      topic: "Announcements for wallet users",
    });
  } finally {
    client.stopClient();
  }
}

export interface ConsolePage extends WatchedPage {
  /** Console errors with the URL the browser attributes them to (resource failures name the request). */
  errorsWithUrl: Array<{ text: string; url: string }>;
}

export async function openConsole(
  browser: Browser,
  site: ConsoleSite,
  options: PageOptions = {},
  /** Runs before the console is loaded (e.g. to hold a request with `page.route`). */
  beforeLoad?: (page: Page) => Promise<unknown>,
): Promise<ConsolePage> {
  // Listen before navigation so errors during start-up are caught too.
  const watched = await openPage(browser, "about:blank", options);
  const errorsWithUrl: ConsolePage["errorsWithUrl"] = [];
  watched.page.on("console", (msg) => {
    if (msg.type() === "error") errorsWithUrl.push({ text: msg.text(), url: msg.location().url });
  });
  await beforeLoad?.(watched.page);
  await watched.page.goto(site.url);
  return { ...watched, errorsWithUrl };
}

/**
 * Requests whose normal answer is a 404, which Chromium nevertheless logs as a console error: matrix-js-sdk
 * probing optional server features, and the notification-room check reading state events a safe room simply
 * doesn't have (no m.room.encryption is the point). Nothing else is excused.
 */
const EXPECTED_404S: Array<{ path: RegExp; why: string }> = [
  {
    path: /\/_matrix\/client\/v3\/room_keys\/version$/,
    why: "no server-side key backup yet (rust crypto checks at start)",
  },
  {
    path: /\/_matrix\/client\/unstable\/org\.matrix\.msc4143\/rtc\/transports$/,
    why: "MatrixRTC transports (MSC4143) not offered",
  },
  {
    path: /\/_matrix\/client\/v3\/room_keys\/keys\/[^/]+\/[^/]+$/,
    why: "a message's key looked up in the key backup; not being there is a normal answer",
  },
  {
    path: /\/_matrix\/client\/v3\/rooms\/[^/]+\/state\/m\.room\.(encryption|canonical_alias|name|topic|history_visibility)\/$/,
    why: "optional state the notification-room check reads; absent is healthy",
  },
];

/** Console errors other than the expected 404s (plus `extra` patterns a test expects, e.g. offline). */
export function unexpectedConsoleErrors(page: ConsolePage, extra: RegExp[] = []): string[] {
  const isProbe = (text: string, url: string) =>
    /^Failed to load resource: the server responded with a status of 404/.test(text) &&
    EXPECTED_404S.some((p) => p.path.test(url.split("?")[0]!));
  // A sliding-sync position the server no longer knows (400 M_UNKNOWN_POS): MSC4186 lets a server drop a
  // connection at any time and the client starts a new one. Synapse also drops it when a long poll the client
  // aborted (to change its lists) finishes after the request that replaced it, which happens under load.
  const isUnknownPosition = (text: string, url: string) =>
    /^Failed to load resource: the server responded with a status of 400/.test(text) &&
    /\/org\.matrix\.simplified_msc3575\/sync\?(.*&)?pos=/.test(url);
  const consoleErrors = page.errorsWithUrl
    .filter(
      ({ text, url }) =>
        !isProbe(text, url) &&
        !isUnknownPosition(text, url) &&
        !extra.some((re) => re.test(text) || re.test(url)),
    )
    .map(({ text, url }) => (url ? `${text} (${url})` : text));
  // Uncaught exceptions are never expected.
  const pageErrors = page.consoleErrors.filter((text) => text.startsWith("pageerror:"));
  return [...consoleErrors, ...pageErrors];
}

/** What every test asserts at the end: nothing blocked by the CSP and no unexpected console error. */
export function problems(
  page: ConsolePage,
  expectedErrors: RegExp[] = [],
): { csp: string[]; errors: string[] } {
  return { csp: page.cspViolations, errors: unexpectedConsoleErrors(page, expectedErrors) };
}

/**
 * Takes errors a test provoked on purpose off the record (after asserting what it needed), so the checks of
 * later tests on the same page stay strict. Returns how many were removed; a pattern that matches nothing
 * is a test bug, so callers assert the count.
 */
export function acknowledgeErrors(page: ConsolePage, patterns: RegExp[]): number {
  const matches = (text: string, url = "") => patterns.some((re) => re.test(text) || re.test(url));
  const before = page.errorsWithUrl.length;
  const kept = page.errorsWithUrl.filter(({ text, url }) => !matches(text, url));
  page.errorsWithUrl.splice(0, page.errorsWithUrl.length, ...kept);
  const keptConsole = page.consoleErrors.filter((text) => !matches(text));
  page.consoleErrors.splice(0, page.consoleErrors.length, ...keptConsole);
  return before - kept.length;
}

/** axe-core on the current screen; returns the serious and critical violations, described. */
export async function accessibilityProblems(page: Page): Promise<AxeViolation[]> {
  return serious(await axeViolations(page));
}

/** Signs in through the sign-in form, waits for the inbox. */
export async function signIn(
  page: Page,
  account: RegisteredUser,
  options: { homeserverUrl?: string } = {},
): Promise<void> {
  const userField = page.getByLabel(/^(User ID|Identifiant)$/);
  await userField.fill(account.userId);
  if (options.homeserverUrl) {
    await page.getByRole("button", { name: /^(Change|Modifier)$/ }).click();
    await page.getByLabel(/^(Homeserver|Serveur d'accueil)$/).fill(options.homeserverUrl);
  } else {
    // The homeserver is discovered from the user ID (here: the admin's configured one, no .well-known).
    await page.locator("#signin-homeserver-line .url").waitFor({ timeout: 15_000 });
  }
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(account.password);
  await page.getByRole("button", { name: /^(Sign in|Se connecter)$/ }).click();
  await inboxRegion(page).waitFor({ timeout: 60_000 });
  await learnLabelKey(page, account.userId);
}

export function inboxRegion(page: Page) {
  return page.getByRole("region", { name: /^(Wallet conversations|Conversations des portefeuilles)$/ });
}

/**
 * A wallet's row, by its label's code (the word before it is in the agent's language: Wallet, Portefeuille),
 * in the row's name only: another row's "Looks like <label>" cue names the code too.
 */
export function inboxRow(page: Page, label: string) {
  const code = label.replace(/^Wallet /, "");
  return inboxRegion(page).locator(".inbox-row", { has: page.locator(".label", { hasText: code }) });
}

export { screenshot, learnLabelKey };

/** A raw client-server API call as `account` (for set-ups no simulator covers: group-room invites, kicks). */
export function matrixRequest<T = Record<string, unknown>>(
  account: Pick<RegisteredUser, "accessToken">,
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: unknown,
  homeserverUrl = testHomeserver().url,
): Promise<T> {
  return clientApi<T>(homeserverUrl, account, method, path, body);
}

/**
 * What an agent does on the account's first device: open the recovery key the console just made, confirm it
 * is stored, and return to the conversations (so later screens aren't behind the "save your key" banner).
 */
export async function storeRecoveryKey(page: Page): Promise<string> {
  const banner = page.getByRole("region", { name: "Encryption" });
  await banner.getByRole("button", { name: "Open encryption settings" }).click({ timeout: 60_000 });
  const key = (await page.getByLabel("Recovery key", { exact: true }).textContent())!.trim();
  await page.getByRole("button", { name: "I have stored it safely" }).click();
  await page.getByText("This device is verified and backs up the keys of the messages it reads.").waitFor();
  await page.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
  return key;
}

/**
 * What an agent does on a later device of the account: open the encryption settings from the banner, enter the
 * recovery key, wait until this device is verified, and return to the conversations.
 */
export async function enterRecoveryKey(page: Page, key: string): Promise<void> {
  const banner = page.getByRole("region", { name: "Encryption" });
  await banner
    .getByText("Enter the recovery key to read earlier messages on this device.")
    .waitFor({ timeout: 60_000 });
  await banner.getByRole("button", { name: "Open encryption settings" }).click();
  await page.getByLabel("Recovery key", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByText("This device is verified and backs up the keys of the messages it reads.").waitFor({
    timeout: 60_000,
  });
  await page.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
}
