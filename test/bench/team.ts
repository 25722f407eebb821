// "Status change on device A → visible on device B" with the fixture's whole inbox listed on both devices: the
// console already signed in (device A, its recovery key entered) and a second console profile — another device
// of the same @support — signed in and unlocked with the recovery key; both named. Then claims and releases of
// the top conversation on A, each timed from the click until B's row shows (or no longer shows) "Handled by
// Alice", checked every 50 ms in B's page. Issue 12's target: ≤ 1 s p95 on this machine.
import type { Page } from "playwright-core";
import { ConsoleProfile } from "./console-driver.ts";

const WAIT_MS = 120_000;

export interface TeamOptions {
  siteUrl: string;
  support: { userId: string; password: string };
  recoveryKey: string;
  rooms: number;
  changes: number;
  freshTimeoutMs: number;
}

/** The first sign-in of a device asks the agent's name for the team. */
async function nameDevice(page: Page, name: string): Promise<void> {
  const banner = page.getByRole("region", { name: "Your name for the team" });
  await banner.getByLabel("Your name").fill(name, { timeout: WAIT_MS });
  await banner.getByRole("button", { name: "Save" }).click();
  await banner.waitFor({ state: "detached", timeout: WAIT_MS });
}

/** Settings → Encryption, the recovery key, "Unlock"; done when the device says it restored keys. */
async function unlock(page: Page, recoveryKey: string): Promise<void> {
  await page.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
  const section = page.locator("#settings-encryption");
  await section.getByLabel("Recovery key", { exact: true }).fill(recoveryKey, { timeout: WAIT_MS });
  await section.getByRole("button", { name: "Unlock" }).click();
  // A "Restored" line can show while the unlock is still at work (see key-backup.ts): wait for it to finish.
  await section
    .getByText(/^Enter the recovery key to read messages sent before this device signed in/)
    .waitFor({ state: "detached", timeout: WAIT_MS });
  await section.getByText(/Restored \d+ message keys?\./).waitFor({ timeout: WAIT_MS });
  await page.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
}

/** Resolves once the row labelled `label` on `page` shows (or no longer shows) `text`, polled every 50 ms. */
function rowShows(page: Page, label: string, text: string, shown: boolean): Promise<unknown> {
  return page.waitForFunction(
    ([label, text, shown]) => {
      const rows = [...document.querySelectorAll(".inbox-row")].filter(
        (r) => r.querySelector(".label")?.textContent?.trim() === label,
      );
      return rows.length > 0 && rows.some((r) => (r.textContent ?? "").includes(text as string)) === shown;
    },
    [label, text, shown] as const,
    { polling: 50, timeout: WAIT_MS },
  );
}

const statusActions = (page: Page) => page.getByRole("group", { name: "Conversation status" });

/** Returns the milliseconds of each timed change (claims and releases alternating). */
export async function measureTeamPropagation(a: Page, opts: TeamOptions): Promise<number[]> {
  const b = new ConsoleProfile(opts.siteUrl);
  try {
    await b.launch();
    await b.signIn(opts.support.userId, opts.support.password, opts.freshTimeoutMs);
    await b.settle(opts.rooms, opts.freshTimeoutMs);
    await unlock(b.open, opts.recoveryKey);
    await nameDevice(a, "Alice");
    await nameDevice(b.open, "Bob");

    // The newest conversation: the top row on both devices (the same label once B has the label key).
    const label = (await a.locator(".inbox-row .label").first().textContent({ timeout: WAIT_MS }))!.trim();
    await a
      .locator(".inbox-row", { has: a.locator(".label", { hasText: label }) })
      .first()
      .click();
    await rowShows(b.open, label, "", true);

    // Not timed: the first claim also sets the team's staff room up between the two devices.
    await statusActions(a).getByRole("button", { name: "Claim", exact: true }).click({ timeout: WAIT_MS });
    await statusActions(a)
      .getByRole("button", { name: "Release", exact: true })
      .waitFor({ timeout: WAIT_MS });
    await rowShows(b.open, label, "Handled by Alice", true);

    const samples: number[] = [];
    for (let i = 0; i < opts.changes; i++) {
      const release = i % 2 === 0;
      const started = performance.now();
      await statusActions(a)
        .getByRole("button", { name: release ? "Release" : "Claim", exact: true })
        .click({ timeout: WAIT_MS });
      await rowShows(b.open, label, "Handled by Alice", !release);
      samples.push(performance.now() - started);
      await statusActions(a)
        .getByRole("button", { name: release ? "Claim" : "Release", exact: true })
        .waitFor({ timeout: WAIT_MS });
    }
    return samples;
  } finally {
    await b.dispose();
  }
}
