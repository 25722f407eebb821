// The sign-in screen in real Chromium against a Synapse that offers single sign-on through a real OpenID
// Connect provider: the provider is listed by name (English and French, light and dark, looked at), the agent
// signs in on the provider's own page and the console ends signed in with cross-signing and key backup; the
// last choice is remembered. And the misleading case of issue 14: a plain-http homeserver blocked by the
// content security policy is named as such, with what the admin sets; served on loopback, it goes through.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG, type AdminConfig } from "../../renderer/core/platform/types.ts";
import { launchChromium } from "../harness/browser.ts";
import {
  accessibilityProblems,
  acknowledgeErrors,
  inboxRegion,
  openConsole,
  problems,
  screenshot,
  storeRecoveryKey,
  type ConsoleSite,
} from "../harness/e2e.ts";
import { freePort, registerWithSecret, startHomeserver, type Homeserver } from "../harness/homeserver.ts";
import { startIdentityProvider, type IdentityProvider } from "../harness/identity-provider.ts";

let hs: Homeserver;
let idp: IdentityProvider;
let browser: Browser;
let dir: string;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wsc-sso-e2e-"));
  const port = await freePort();
  idp = await startIdentityProvider({ homeserverUrl: `http://127.0.0.1:${port}` });
  hs = await startHomeserver({
    port,
    dataDir: dir,
    serverName: "sso.test",
    extraConfig: { oidc_providers: [idp.synapseEntry] },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await browser?.close();
  await hs?.stop();
  await idp?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function site(config: Partial<AdminConfig>, loopbackHomeservers = false): Promise<ConsoleSite> {
  const full: AdminConfig = { ...DEFAULT_CONFIG, ...config };
  const web: WebServer = await startWebServer({ config: full, loopbackHomeservers });
  closers.push(() => web.close());
  return { url: web.url, config: full, web, close: () => web.close() };
}

/** What the identity provider's and Synapse's own pages log is theirs (a web font, their missing favicons). */
const OTHER_PAGES = [
  /fonts\.googleapis\.com/,
  /ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/,
  /\/favicon\.ico$/,
];

const ssoButton = (page: Page | Locator, name = idp.name) =>
  page.getByRole("button", { name: new RegExp(`^(Continue with|Continuer avec) ${name}`) });

describe("single sign-on on the sign-in screen", () => {
  it("lists the identity provider next to the password, in English and French, light and dark", async () => {
    const login = `agent-${randomBytes(3).toString("hex")}`;
    const configured = await site({ homeserverUrl: hs.url, supportUserId: `@${login}:${hs.serverName}` });
    const french = await site({
      homeserverUrl: hs.url,
      supportUserId: `@${login}:${hs.serverName}`,
      defaultLanguage: "fr",
    });
    for (const [where, locale, colorScheme, name] of [
      [configured, "en-US", "light", "signin-sso-light"],
      [configured, "en-US", "dark", "signin-sso-dark"],
      [french, "fr-FR", "light", "signin-sso-light-fr"],
      [french, "fr-FR", "dark", "signin-sso-dark-fr"],
    ] as const) {
      const page = await openConsole(browser, where, { locale, colorScheme });
      await ssoButton(page.page).waitFor({ timeout: 30_000 });
      await page.page.getByLabel(/^(Password|Mot de passe)$/).waitFor();
      await page.page.getByText(/^(or|ou)$/).waitFor();
      await screenshot(page.page, name);
      expect(await accessibilityProblems(page.page)).toEqual([]);
      expect(problems(page)).toEqual({ csp: [], errors: [] });
      await page.context.close();
    }
  });

  it(
    "signs in on the provider's page and comes back signed in, with cross-signing and key backup set up",
    { timeout: 240_000 },
    async () => {
      const login = `agent-${randomBytes(3).toString("hex")}`;
      const where = await site({ homeserverUrl: hs.url, supportUserId: `@${login}:${hs.serverName}` });
      const page = await openConsole(browser, where);
      const p = page.page;
      await ssoButton(p).click({ timeout: 30_000 });
      // The identity provider's own sign-in page.
      await p.locator("input[name=login]").fill(login, { timeout: 30_000 });
      await p.locator("input[name=password]").fill("the provider's business");
      await p.locator("button[type=submit]").click();
      // The homeserver asks before sending the agent back to the console.
      await p
        .getByRole("link", { name: /Continue/ })
        .first()
        .click({ timeout: 30_000 });
      await inboxRegion(p).waitFor({ timeout: 90_000 });
      // The token and state left the address bar.
      expect(new URL(p.url()).search).toBe("");
      await storeRecoveryKey(p);
      await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
      await p.getByText("This device is verified and backs up the keys of the messages it reads.").waitFor();
      await screenshot(p, "signin-sso-signed-in-settings");
      acknowledgeErrors(page, OTHER_PAGES);
      expect(problems(page), JSON.stringify(page.errorsWithUrl)).toEqual({ csp: [], errors: [] });

      // The server ends the session (an admin deletes the device): an account without a password signs in
      // again through single sign-on from the dialog, and the console carries on.
      const admin = await registerWithSecret(
        hs.url,
        hs.registrationSecret,
        `admin-${login}`,
        "admin-pw",
        true,
      );
      const userId = encodeURIComponent(`@${login}:${hs.serverName}`);
      const adminApi = (path: string, method = "GET") =>
        fetch(`${hs.url}/_synapse/admin/v2/users/${userId}${path}`, {
          method,
          headers: { authorization: `Bearer ${admin.accessToken}` },
        }).then((r) => r.json() as Promise<{ devices?: Array<{ device_id: string }> }>);
      for (const { device_id } of (await adminApi("/devices")).devices ?? [])
        await adminApi(`/devices/${encodeURIComponent(device_id)}`, "DELETE");
      const dialog = p.getByRole("dialog", { name: "Sign in again" });
      await dialog.waitFor({ timeout: 60_000 });
      await ssoButton(dialog).waitFor({ timeout: 30_000 });
      await screenshot(p, "session-ended-sso");
      expect(await accessibilityProblems(p)).toEqual([]);
      await ssoButton(dialog).click();
      await p
        .getByRole("link", { name: /Continue/ })
        .first()
        .click({ timeout: 30_000 });
      await inboxRegion(p).waitFor({ timeout: 90_000 });
      await expect
        .poll(() => p.getByRole("dialog", { name: "Sign in again" }).count(), { timeout: 60_000 })
        .toBe(0);
      acknowledgeErrors(page, [
        ...OTHER_PAGES,
        /status of 401/,
        /M_UNKNOWN_TOKEN/,
        /^Unable to refresh token/,
      ]);

      // Signed out, the screen offers single sign-on first: it was the last choice.
      await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
      await p.getByRole("button", { name: "Sign out" }).click();
      await p
        .getByRole("dialog", { name: "Sign out of this device?" })
        .getByRole("button", { name: "Sign out" })
        .click();
      const first = ssoButton(p);
      await first.waitFor({ timeout: 30_000 });
      await expect.poll(() => first.textContent()).toContain("last used");
      const sso = await first.boundingBox();
      const password = await p.getByLabel("Password").boundingBox();
      expect(sso!.y).toBeLessThan(password!.y);
      await page.context.close();
    },
  );
});

describe("a homeserver the content security policy blocks", () => {
  it("is named as blocked by the policy, with what the admin sets; served on loopback it goes through", async () => {
    const bare = await site({});
    const page = await openConsole(browser, bare);
    const p = page.page;
    await p.getByLabel("User ID").fill(`@agent:${hs.serverName}`);
    // sso.test has no .well-known anywhere: the form asks for the address.
    await p.getByLabel("Homeserver").fill(hs.url, { timeout: 30_000 });
    const host = new URL(hs.url).host;
    await p
      .getByRole("alert")
      .getByText(
        `The console's security policy blocked ${host} before the request left. Your administrator sets homeserverUrl in config.json to this server's address (${hs.url}).`,
      )
      .waitFor({ timeout: 30_000 });
    await screenshot(p, "signin-blocked-by-policy");
    expect(await accessibilityProblems(p)).toEqual([]);
    // The block itself is what this test provoked.
    expect(page.cspViolations.length).toBeGreaterThan(0);
    expect(acknowledgeErrors(page, [/Content Security Policy/, /Failed to fetch|sso\.test/])).toBeGreaterThan(
      0,
    );
    await page.context.close();

    const loopback = await site({}, true);
    const dev = await openConsole(browser, loopback);
    await dev.page.getByLabel("User ID").fill(`@agent:${hs.serverName}`);
    await dev.page.getByLabel("Homeserver").fill(hs.url, { timeout: 30_000 });
    await ssoButton(dev.page).waitFor({ timeout: 30_000 });
    expect(dev.cspViolations).toEqual([]);
    await dev.context.close();
  });
});

describe("a homeserver that signs in only through OAuth 2.0", () => {
  it(
    "says so on the sign-in screen instead of offering a form that can't work",
    { timeout: 180_000 },
    async () => {
      const oauthDir = mkdtempSync(join(tmpdir(), "wsc-oauth-e2e-"));
      const port = await freePort();
      const service = await startIdentityProvider({
        homeserverUrl: `http://127.0.0.1:${port}`,
        accountService: true,
      });
      closers.push(() => service.close());
      const oauth = await startHomeserver({
        port,
        dataDir: oauthDir,
        serverName: "oauth.test",
        extraConfig: {
          matrix_authentication_service: {
            enabled: true,
            endpoint: `${service.issuer}/`,
            secret: randomBytes(16).toString("hex"),
          },
          password_config: { enabled: false },
          enable_registration: false,
          enable_registration_without_verification: false,
          login_via_existing_session: { enabled: false },
          refreshable_access_token_lifetime: null,
        },
      });
      closers.push(async () => {
        await oauth.stop();
        rmSync(oauthDir, { recursive: true, force: true });
      });
      const where = await site({
        homeserverUrl: oauth.url,
        supportUserId: "@support:oauth.test",
        defaultLanguage: "fr",
      });
      const page = await openConsole(browser, where, { locale: "fr-FR" });
      await page.page
        .getByRole("alert")
        .getByText(/n'accepte la connexion que par son service de comptes \(OAuth 2\.0/)
        .waitFor({ timeout: 30_000 });
      expect(await page.page.getByLabel("Mot de passe").count()).toBe(0);
      await screenshot(page.page, "signin-oauth-only-fr");
      expect(await accessibilityProblems(page.page)).toEqual([]);
      // The server answers "no /login here" with a 404: that is how it says it.
      expect(acknowledgeErrors(page, [/status of 404/])).toBeGreaterThan(0);
      expect(problems(page)).toEqual({ csp: [], errors: [] });
      await page.context.close();
    },
  );
});
