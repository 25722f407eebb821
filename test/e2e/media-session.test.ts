// Decrypted images do not outlive the session (issue 15 §9): every wallet image the console showed is a blob URL
// that resolves while signed in; after signing out none of them resolves any more, and no image request was
// answered from (or stored in) the browser's HTTP cache.
// Needs the session teardown to call MediaStore.clear() (wired by the lead through the desk); until then the
// last assertion fails, on purpose: it is not skipped. The HTTP-cache half passes today.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../harness/browser.ts";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import {
  inboxRow,
  openConsole,
  problems,
  signIn,
  startConsoleSite,
  type ConsoleSite,
} from "../harness/e2e.ts";
import type { Wallet } from "../harness/wallet.ts";
import { pngImage } from "../fixtures/images.ts";

let browser: Browser;
let site: ConsoleSite;
const wallets: Wallet[] = [];

beforeAll(async () => {
  site = await startConsoleSite();
  browser = await launchChromium();
});
afterAll(async () => {
  wallets.forEach((w) => w.stop());
  await browser?.close();
  await site?.close();
});

/**
 * Whether each blob URL still loads as an image, asked from inside the page (only it can resolve them; the CSP
 * allows blob: for images, not for fetch). A revoked URL fails even while an <img> still shows it.
 */
function resolving(page: Page, urls: string[]): Promise<boolean[]> {
  return page.evaluate(
    (list) =>
      Promise.all(
        list.map(
          (url) =>
            new Promise<boolean>((resolve) => {
              const image = new Image();
              image.onload = () => resolve(true);
              image.onerror = () => resolve(false);
              image.src = url;
            }),
        ),
      ),
    urls,
  );
}

describe("images and the session", () => {
  it("after sign-out no decrypted image's blob URL resolves, and images never went through the HTTP cache", async () => {
    const support = await newSupportAccount();
    const page = await openConsole(browser, site);
    const p = page.page;
    const mediaResponses: Array<{ url: string; cacheControl: string | undefined }> = [];
    p.on("requestfinished", async (req) => {
      if (!req.url().includes("/media/download/")) return;
      mediaResponses.push({ url: req.url(), cacheControl: (await req.allHeaders())["cache-control"] });
    });
    await signIn(p, support);
    const e2ee = await newWallet(support.userId, "e2ee");
    const plain = await newWallet(support.userId, "plaintext");
    wallets.push(e2ee, plain);
    await e2ee.startSupportChat();
    await plain.startSupportChat();
    await inboxRow(p, e2ee.label).waitFor({ timeout: 60_000 });
    await e2ee.sendImage(pngImage(40, 30), "image/png", "encrypted.png");
    await plain.sendImage(pngImage(30, 20), "image/png", "plain.png");

    const urls: string[] = [];
    for (const [wallet, name] of [
      [e2ee, "encrypted.png"],
      [plain, "plain.png"],
    ] as const) {
      await inboxRow(p, wallet.label).click({ timeout: 60_000 });
      const img = p.getByRole("button", { name: `Open image ${name}` }).locator("img");
      await img.waitFor({ timeout: 60_000 });
      urls.push((await img.getAttribute("src"))!);
    }
    expect(urls.every((u) => u.startsWith("blob:"))).toBe(true);
    expect(await resolving(p, urls)).toEqual([true, true]);
    // Every image download asked the browser not to keep it (fetch cache: "no-store" sends no-cache).
    expect(mediaResponses.length).toBeGreaterThanOrEqual(2);
    expect(mediaResponses.filter((r) => r.cacheControl !== "no-cache")).toEqual([]);

    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByRole("button", { name: "Sign out" }).click();
    await p
      .getByRole("dialog", { name: "Sign out of this device?" })
      .getByRole("button", { name: "Sign out" })
      .click();
    await p.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 60_000 });
    expect(problems(page)).toEqual({ csp: [], errors: [] });
    // The decrypted images are gone from the page: their URLs were revoked at sign-out.
    expect(await resolving(p, urls)).toEqual([false, false]);
  });
});
