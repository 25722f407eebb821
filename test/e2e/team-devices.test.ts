// The team desk on two devices of one support account, in real Chromium against Synapse and the wallet
// simulator: two browser contexts (each its own storage, its own device, its own rust-crypto machine) signed in
// as the same `@support`, the second unlocked with the recovery key. What one agent does shows on the other's
// screen: a claim on the row, a private note in the timeline, Resolve / Snooze undone by the wallet writing,
// "<name> is replying" while the other types, the team's canned replies with their variables (English on one,
// French on the other). A third device that recovers with the key reads the note; a snooze to a time ends when
// Playwright's controlled clock passes it. "Status change on A → visible on B" is measured and printed, never
// asserted. Screenshots of both windows and of the team's Settings (light/EN and dark/FR), axe on each.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import {
  accessibilityProblems,
  enterRecoveryKey,
  inboxRow,
  matrixRequest,
  openConsole,
  problems,
  screenshot,
  signIn,
  storeRecoveryKey,
  type ConsolePage,
} from "../harness/e2e.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

// Each device's sign-in is part of the set-up below (the second needs the first's recovery key).
const fixture = consoleInChromium({ signIn: "no" });
let a: ConsolePage;
let b: ConsolePage;
let recoveryKey = "";
let wallet: Wallet;
const NOTE = "Lost phone: verify the backup date with them before anything else.";
const ROW_WAIT = { timeout: 30_000 };

/** The first sign-in of a device asks the agent's name for the team. */
async function nameDevice(p: Page, name: string): Promise<void> {
  const banner = p.getByRole("region", { name: "Your name for the team" });
  await banner.getByLabel("Your name").fill(name);
  await banner.getByRole("button", { name: "Save" }).click();
  await banner.waitFor({ state: "detached" });
}

const actions = (p: Page) =>
  p.getByRole("group", { name: /^(Conversation status|Statut de la conversation)$/ });

/**
 * Resolves once the wallet's row on `p` does (or no longer does) show `text`, checked every 50 ms in the page
 * (so a measured latency is not rounded up to a slow poll).
 */
async function rowShows(p: Page, label: string, text: string, shown = true): Promise<void> {
  const code = label.replace(/^Wallet /, "");
  await p.waitForFunction(
    ([code, text, shown]) => {
      const rows = [...document.querySelectorAll(".inbox-row")].filter((r) =>
        r.querySelector(".label")?.textContent?.includes(code as string),
      );
      return rows.length > 0 && rows.some((r) => (r.textContent ?? "").includes(text as string)) === shown;
    },
    [code, text, shown] as const,
    { polling: 50, timeout: 30_000 },
  );
}

/** Scrolls the Settings pane (only it: the window stays put) so that this section is at its top. */
async function showSection(p: Page, section: string): Promise<void> {
  await p.locator(`#settings-${section}`).evaluate((el) => {
    let pane = el.parentElement;
    while (pane && !/(auto|scroll)/.test(getComputedStyle(pane).overflowY)) pane = pane.parentElement;
    if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

beforeAll(async () => {
  a = await openConsole(fixture.browser, fixture.site, { clock: true });
  await signIn(a.page, fixture.support);
  recoveryKey = await storeRecoveryKey(a.page);
  await nameDevice(a.page, "Alice");
  b = await openConsole(fixture.browser, fixture.site, { clock: true });
  await signIn(b.page, fixture.support);
  await enterRecoveryKey(b.page, recoveryKey);
  await nameDevice(b.page, "Bob");

  wallet = await fixture.wallet("e2ee");
  await wallet.startSupportChat();
  await inboxRow(a.page, wallet.label).waitFor(ROW_WAIT);
  await inboxRow(b.page, wallet.label).waitFor(ROW_WAIT);
  await wallet.sendText("I lost my phone, how do I get my credentials back?");
  for (const p of [a.page, b.page])
    await inboxRow(p, wallet.label).getByText("I lost my phone").waitFor(ROW_WAIT);
});

describe("the team desk on two devices of one account", () => {
  it("a claim on A shows on B's row; A's note is readable on B; B sees that A is replying", async () => {
    const [pa, pb] = [a.page, b.page];
    await inboxRow(pa, wallet.label).click();
    await actions(pa).getByRole("button", { name: "Claim", exact: true }).click();
    await actions(pa).getByRole("button", { name: "Release", exact: true }).waitFor();
    await inboxRow(pb, wallet.label).getByText("Handled by Alice").waitFor(ROW_WAIT);

    await pa.getByRole("button", { name: "Note", exact: true }).click();
    await pa.getByRole("textbox", { name: `Note about ${wallet.label}` }).fill(NOTE);
    await pa.getByRole("button", { name: "Add note" }).click();
    const logA = pa.getByRole("log", { name: `Messages with ${wallet.label}` });
    await logA
      .getByRole("article", { name: "Note by Alice" })
      .and(pa.locator('[data-status="sent"]'))
      .waitFor(ROW_WAIT);
    await pa.getByRole("button", { name: "Note", exact: true }).click(); // back to replying

    await inboxRow(pb, wallet.label).click();
    const logB = pb.getByRole("log", { name: `Messages with ${wallet.label}` });
    await logB.getByRole("article", { name: "Note by Alice" }).getByText(NOTE).waitFor(ROW_WAIT);
    await actions(pb).getByText("Handled by Alice").waitFor();

    // A types a reply while B has the conversation open: B is told before sending a second one.
    await pa.getByRole("textbox", { name: `Reply to ${wallet.label}` }).fill("Let me check your backup");
    await pb.getByText("Alice is replying").waitFor(ROW_WAIT);
    await pb.getByText("I lost my phone").first().waitFor();

    await screenshot(pa, "team-devices-a-light-en");
    await screenshot(pb, "team-devices-b-light-en");
    expect(await accessibilityProblems(pa)).toEqual([]);
    expect(await accessibilityProblems(pb)).toEqual([]);
    await pa.getByRole("textbox", { name: `Reply to ${wallet.label}` }).fill("");
  });

  it("status changes on A reach B's row (latency printed over 10 changes)", async () => {
    const [pa, pb] = [a.page, b.page];
    // Claimed by Alice from the previous test: alternate Release / Claim.
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const release = i % 2 === 0;
      const started = performance.now();
      await actions(pa)
        .getByRole("button", { name: release ? "Release" : "Claim", exact: true })
        .click();
      await rowShows(pb, wallet.label, "Handled by Alice", !release);
      samples.push(performance.now() - started);
      await actions(pa)
        .getByRole("button", { name: release ? "Claim" : "Release", exact: true })
        .waitFor();
    }
    const sorted = [...samples].sort((x, y) => x - y);
    console.log(
      `[team] status change on device A → visible on device B (Chromium, ${samples.length} claims/releases): ` +
        `p50 ${Math.round(percentile(sorted, 0.5))} ms, p95 ${Math.round(percentile(sorted, 0.95))} ms ` +
        `(all: ${samples.map((s) => Math.round(s)).join(", ")} ms)`,
    );
    expect(samples).toHaveLength(10);
  });

  it("resolved on A, the wallet writes: Open again on both; snoozed until the wallet writes: the same", async () => {
    const [pa, pb] = [a.page, b.page];
    await actions(pa).getByRole("button", { name: "Resolve", exact: true }).click();
    await actions(pa).getByRole("button", { name: "Reopen", exact: true }).waitFor();
    // Both devices show the Open tab: the row leaves it on both.
    for (const p of [pa, pb]) await inboxRow(p, wallet.label).waitFor({ state: "detached", ...ROW_WAIT });
    await actions(pb).getByText("Resolved", { exact: true }).waitFor(ROW_WAIT);
    await wallet.sendText("Actually, one more question");
    for (const p of [pa, pb]) {
      await inboxRow(p, wallet.label).getByText("one more question").waitFor(ROW_WAIT);
      await actions(p).getByText("Open", { exact: true }).waitFor(ROW_WAIT);
    }

    await actions(pa).getByRole("button", { name: "Snooze" }).click();
    await pa.getByRole("button", { name: "Until the wallet writes" }).click();
    for (const p of [pa, pb]) await inboxRow(p, wallet.label).waitFor({ state: "detached", ...ROW_WAIT });
    await actions(pb).getByText("Snoozed until the wallet writes").waitFor(ROW_WAIT);
    await wallet.sendText("Found my old phone!");
    for (const p of [pa, pb])
      await inboxRow(p, wallet.label).getByText("Found my old phone").waitFor(ROW_WAIT);
  });

  it("a canned reply saved on A is inserted with its variables, in English on A and in French on B", async () => {
    const [pa, pb] = [a.page, b.page];
    await pa.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    const canned = pa.getByRole("region", { name: "Canned replies" });
    await canned.getByRole("button", { name: "New canned reply" }).click();
    await canned.getByLabel("Title", { exact: true }).fill("New phone");
    await canned.getByLabel("Shortcut", { exact: true }).fill("phone");
    await canned
      .getByLabel("English text")
      .fill("Hello {wallet}, {agent} here: open the backup on your new phone.");
    await canned.getByLabel("French text").fill("Bonjour {wallet}, ici {agent} : ouvrez la sauvegarde.");
    await canned.getByRole("button", { name: "Save", exact: true }).click();
    await canned.getByText("New phone", { exact: true }).first().waitFor();
    const labels = pa.getByRole("region", { name: "Labels" });
    await labels.getByLabel("Label name").fill("seed phrase lost");
    await labels.getByRole("button", { name: "Add a label" }).click();
    await labels.getByText("seed phrase lost").waitFor(ROW_WAIT);
    for (const [section, name] of [
      ["team", "team-settings-team-light-en"],
      ["canned", "team-settings-canned-light-en"],
      ["labels", "team-settings-labels-light-en"],
    ] as const) {
      await showSection(pa, section);
      await screenshot(pa, name);
    }
    expect(await accessibilityProblems(pa)).toEqual([]);
    await pa.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await inboxRow(pa, wallet.label).click();
    const replyA = pa.getByRole("textbox", { name: `Reply to ${wallet.label}` });
    await replyA.fill("/pho");
    await pa.getByRole("option", { name: /New phone/ }).waitFor();
    await replyA.press("Enter");
    await expect
      .poll(() => replyA.inputValue())
      .toBe(`Hello ${wallet.label}, Alice here: open the backup on your new phone.`);
    await replyA.fill("");

    // B, in dark French: the same reply (shared through the account), its French text, Bob's name.
    await pb.emulateMedia({ colorScheme: "dark" });
    await pb.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await pb.getByLabel("Language").selectOption("fr");
    await pb
      .getByRole("region", { name: "Réponses types" })
      .getByText("New phone", { exact: true })
      .first()
      .waitFor(ROW_WAIT);
    await pb.getByRole("region", { name: "Étiquettes" }).getByText("seed phrase lost").waitFor(ROW_WAIT);
    for (const [section, name] of [
      ["team", "team-settings-team-dark-fr"],
      ["canned", "team-settings-canned-dark-fr"],
      ["labels", "team-settings-labels-dark-fr"],
    ] as const) {
      await showSection(pb, section);
      await screenshot(pb, name);
    }
    expect(await accessibilityProblems(pb)).toEqual([]);
    await pb.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await inboxRow(pb, wallet.label).click();
    const code = wallet.label.replace(/^Wallet /, "");
    const replyB = pb.getByRole("textbox", { name: new RegExp(`^Répondre à .*${code}$`) });
    await replyB.fill("/pho");
    await pb.getByRole("option", { name: /New phone/ }).waitFor();
    await replyB.press("Enter");
    await expect
      .poll(() => replyB.inputValue())
      .toMatch(new RegExp(`^Bonjour \\S+ ${code}, ici Bob : ouvrez la sauvegarde\\.$`));
    await replyB.fill("");
    await screenshot(pb, "team-devices-b-dark-fr");
    expect(await accessibilityProblems(pb)).toEqual([]);
  });

  it("a third device that recovers with the recovery key reads A's note", async () => {
    // The note's key reaches the server's key backup from A (or B) first.
    const { version } = await matrixRequest<{ version: string }>(
      fixture.support,
      "GET",
      "/room_keys/version",
    );
    const userId = encodeURIComponent(fixture.support.userId);
    await waitFor(
      "the staff room's key in the backup",
      async () => {
        const listed = await matrixRequest<{ rooms?: string[] }>(
          fixture.support,
          "GET",
          `/user/${userId}/account_data/org.walletsupport.staff_rooms`,
        ).catch(() => null);
        for (const roomId of listed?.rooms ?? []) {
          const keys = await matrixRequest<{ sessions?: Record<string, unknown> }>(
            fixture.support,
            "GET",
            `/room_keys/keys/${encodeURIComponent(roomId)}?version=${version}`,
          ).catch(() => null);
          if (Object.keys(keys?.sessions ?? {}).length > 0) return true;
        }
        return false;
      },
      { timeoutMs: 60_000 },
    );

    const c = await openConsole(fixture.browser, fixture.site);
    const pc = c.page;
    await signIn(pc, fixture.support);
    await enterRecoveryKey(pc, recoveryKey);
    await inboxRow(pc, wallet.label).click(ROW_WAIT);
    const log = pc.getByRole("log", { name: `Messages with ${wallet.label}` });
    await log.getByRole("article", { name: "Note by Alice" }).getByText(NOTE).waitFor({ timeout: 60_000 });
    expect(problems(c)).toEqual({ csp: [], errors: [] });
  });

  it("snoozed for an hour on A: when the controlled clock passes it, the conversation is Open on both", async () => {
    const [pa, pb] = [a.page, b.page];
    await actions(pa).getByRole("button", { name: "Snooze" }).click();
    await pa.getByRole("button", { name: /^For 1 hour/ }).click();
    for (const p of [pa, pb]) await inboxRow(p, wallet.label).waitFor({ state: "detached", ...ROW_WAIT });
    await actions(pb)
      .getByText(/^Reportée jusqu'à/)
      .waitFor(ROW_WAIT);
    // Both devices' clocks jump past the snooze's end, like a laptop opened again an hour later.
    await Promise.all([pa.clock.fastForward("01:01:00"), pb.clock.fastForward("01:01:00")]);
    await inboxRow(pa, wallet.label).waitFor(ROW_WAIT);
    await inboxRow(pb, wallet.label).waitFor(ROW_WAIT);
    await actions(pb).getByText("Ouverte", { exact: true }).waitFor(ROW_WAIT);
    // The jump also fires the time-outs of requests in flight at that moment (as a laptop waking up does): the
    // SDK logs them as aborted and sends again. Nothing else may be logged.
    const CLOCK_JUMP = [/AbortError: signal is aborted without reason/];
    expect(problems(a, CLOCK_JUMP)).toEqual({ csp: [], errors: [] });
    expect(problems(b, CLOCK_JUMP)).toEqual({ csp: [], errors: [] });
  });
});
