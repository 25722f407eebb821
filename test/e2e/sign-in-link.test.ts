// Sign-in links in real Chromium, as `npm run demo` opens one: a link the console did not start is a question
// ("Sign in as @x:server?", the account resolved first), answered by the agent; accepted, the console signs in
// and sets up encryption at once. A link for another account, or a dead one, is refused in words, naming both
// accounts, and the sign-in screen stays as it was.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../harness/browser.ts";
import { newSupportAccount, testHomeserver } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import {
  accessibilityProblems,
  acknowledgeErrors,
  inboxRegion,
  openConsole,
  problems,
  screenshot,
  startConsoleSite,
  storeRecoveryKey,
  type ConsoleSite,
} from "../harness/e2e.ts";

let browser: Browser;
let support: RegisteredUser;
/** French site's account: Synapse mints one login token per account per minute. */
let supportFr: RegisteredUser;
let site: ConsoleSite;
let french: ConsoleSite;

beforeAll(async () => {
  support = await newSupportAccount();
  supportFr = await newSupportAccount();
  site = await startConsoleSite({ supportUserId: support.userId });
  french = await startConsoleSite({ supportUserId: supportFr.userId, defaultLanguage: "fr" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await french?.close();
});

async function loginTokenFor(account: RegisteredUser): Promise<string> {
  const res = await fetch(`${testHomeserver().url}/_matrix/client/v1/login/get_token`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" },
    body: "{}",
  });
  const body = (await res.json()) as { login_token?: string; error?: string };
  if (!body.login_token) throw new Error(`no login token for ${account.userId}: ${body.error}`);
  return body.login_token;
}

const server = () => new URL(testHomeserver().url).host;

describe("a sign-in link", () => {
  it("asks first, in the agent's language, and accepted signs in with encryption set up", async () => {
    // Looked at in French and dark, then cancelled: the device it made is logged out, nothing else changes.
    const fr = await openConsole(browser, french, { locale: "fr-FR", colorScheme: "dark" });
    await fr.page.goto(`${french.url}/?loginToken=${encodeURIComponent(await loginTokenFor(supportFr))}`);
    const question = fr.page.getByRole("dialog", { name: `Se connecter en tant que ${supportFr.userId} ?` });
    await question.waitFor({ timeout: 30_000 });
    await question.getByText(`sur ${server()}`, { exact: false }).waitFor();
    await screenshot(fr.page, "signin-link-confirm-dark-fr");
    expect(await accessibilityProblems(fr.page)).toEqual([]);
    await question.getByRole("button", { name: "Annuler" }).click();
    await question.waitFor({ state: "detached" });
    await fr.page.getByRole("heading", { name: "Connexion" }).waitFor();
    expect(problems(fr)).toEqual({ csp: [], errors: [] });
    await fr.context.close();

    const page = await openConsole(browser, site);
    const p = page.page;
    await p.goto(`${site.url}/?loginToken=${encodeURIComponent(await loginTokenFor(support))}`);
    const dialog = p.getByRole("dialog", { name: `Sign in as ${support.userId}?` });
    await dialog.waitFor({ timeout: 30_000 }).catch(async (err: Error) => {
      throw new Error(
        `${err.message}\nThe page showed: ${(await p.locator("body").innerText()).slice(0, 600)} at ${p.url()}; ${JSON.stringify(page.errorsWithUrl)} ${JSON.stringify(page.consoleErrors)}`,
      );
    });
    await dialog
      .getByText(
        `A sign-in link asks to sign this console in as ${support.userId} on ${server()}. Accept only if you opened this link yourself.`,
      )
      .waitFor();
    expect(new URL(p.url()).search).toBe(""); // the token left the address bar at once
    await screenshot(p, "signin-link-confirm");
    expect(await accessibilityProblems(p)).toEqual([]);
    await dialog.getByRole("button", { name: "Sign in", exact: true }).click();
    await inboxRegion(p).waitFor({ timeout: 60_000 });
    // Encryption was set up at sign-in: the key is there to store, not "not set up".
    await storeRecoveryKey(p);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
    await page.context.close();
  });

  it("for another account is refused, naming both; a dead link says so; neither asks anything", async () => {
    const other = await newSupportAccount("intruder");
    const page = await openConsole(browser, site);
    const p = page.page;
    await p.goto(`${site.url}/?loginToken=${encodeURIComponent(await loginTokenFor(other))}`);
    await p
      .getByRole("alert")
      .getByText(
        `This link signs in as ${other.userId}, but this console is for ${support.userId}. Nothing was changed.`,
      )
      .waitFor({ timeout: 30_000 });
    expect(await p.getByRole("dialog").count()).toBe(0);
    await screenshot(p, "signin-link-wrong-account");
    expect(await accessibilityProblems(p)).toEqual([]);

    await p.goto(`${site.url}/?loginToken=syl_not_a_real_token_at_all`);
    await p
      .getByRole("alert")
      .getByText(
        `This sign-in link has expired or was already used (${server()} refused it). Nothing was changed.`,
      )
      .waitFor({ timeout: 30_000 });
    expect(acknowledgeErrors(page, [/status of 403 \(Forbidden\)/])).toBeGreaterThan(0);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
    await page.context.close();
  });
});
