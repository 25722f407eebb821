// The Metrics screen in Chromium against Synapse, as an agent uses it: a wallet asks, the agent answers and
// resolves, another wallet asks and waits; the Metrics screen (reached from the view rail with the keyboard)
// shows the figures, each chart has its data table, and the CSV download holds the same figures. The wallets
// receive nothing of it. Screenshots in light/English and dark/French, axe on each.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import { accessibilityProblems, inboxRow, problems, screenshot } from "../harness/e2e.ts";

const fixture = consoleInChromium();
const dir = mkdtempSync(join(tmpdir(), "wsc-metrics-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("team metrics", () => {
  it("shows today's figures as charts with data tables, and downloads them as CSV", async () => {
    const p = fixture.page.page;
    const banner = p.getByRole("region", { name: "Your name for the team" });
    await banner.getByLabel("Your name").fill("Camille");
    await banner.getByRole("button", { name: "Save" }).click();
    await banner.waitFor({ state: "detached" });

    // Wallet 1 asks; the agent answers and resolves. Wallet 2 asks and waits.
    const answered = await fixture.wallet("e2ee");
    await answered.startSupportChat();
    await inboxRow(p, answered.label).waitFor({ timeout: 30_000 });
    await answered.sendText("My credential offer fails");
    const waiting = await fixture.wallet("e2ee");
    await waiting.startSupportChat();
    await inboxRow(p, waiting.label).waitFor({ timeout: 30_000 });
    await waiting.sendText("Is anyone there?");
    await inboxRow(p, waiting.label).getByText("Is anyone there?").waitFor({ timeout: 30_000 });

    await inboxRow(p, answered.label).click();
    const log = p.getByRole("log", { name: `Messages with ${answered.label}` });
    await log.getByText("My credential offer fails").waitFor({ timeout: 30_000 });
    const composer = p.getByRole("textbox", { name: `Reply to ${answered.label}` });
    await composer.fill("Which issuer is it?");
    await composer.press("Enter");
    await answered.waitForMessage((m) => m.body === "Which issuer is it?");
    const actions = p.getByRole("group", { name: "Conversation status" });
    await actions.getByRole("button", { name: "Resolve", exact: true }).click();
    await actions.getByRole("button", { name: "Reopen", exact: true }).waitFor();

    // To the Metrics screen with the keyboard: the rail's button, focused and pressed.
    const metricsButton = p.getByRole("navigation").getByRole("button", { name: "Metrics" });
    await metricsButton.focus();
    await p.keyboard.press("Enter");
    const screen = p.getByRole("region", { name: "Team metrics" });
    await screen.getByRole("radio", { name: "Today" }).check();
    // The figures are a snapshot: the resolution's activity line comes back through the staff room, so refresh
    // until it has (each refresh is awaited: the button is disabled while the figures are read).
    const figure = (name: string) => screen.locator(`[data-figure="${name}"]`);
    const refresh = screen.getByRole("button", { name: "Refresh" });
    await expect
      .poll(
        async () => {
          await refresh.click();
          await expect.poll(() => refresh.isEnabled()).toBe(true);
          return `${await figure("opened").textContent()}/${await figure("resolved").textContent()}`;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe("2/1");
    expect(await figure("waiting").textContent()).toBe("1");
    expect(await figure("frt-p50").textContent()).toMatch(/^\d+(\.\d)? min$/);
    await screen.getByText("Longest wait:").waitFor();

    // Each chart has its data table; the per-agent one names the agent.
    const agents = screen.getByRole("region", { name: "Per agent" });
    await agents.getByText("Data table").click();
    const agentRow = agents.getByRole("row", { name: /Camille/ });
    await agentRow.waitFor();
    expect((await agentRow.getByRole("cell").allTextContents()).slice(0, 3)).toEqual(["1", "0", "0"]);
    const perDay = screen.getByRole("region", { name: "Opened and resolved per day" });
    await perDay.getByText("Data table").click();
    expect(await perDay.getByRole("table").getByRole("row").count()).toBe(2); // header + today
    expect(await screen.getByRole("img").count()).toBe(4);

    const [download] = await Promise.all([
      p.waitForEvent("download", { timeout: 60_000 }),
      screen.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^metrics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const lines = readFileSync(file, "utf8")
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(lines).toContain("Opened,2");
    expect(lines).toContain("Resolved,1");
    expect(lines).toContain("Waiting now,1");
    expect(lines.some((l) => /^Camille,1,0,0,/.test(l))).toBe(true);

    // The screen from its top (opening the tables scrolled it), per-day table open.
    await screen.locator(".content").evaluate((el) => el.scrollTo(0, 0));
    await screenshot(p, "metrics-light-en");
    expect(await accessibilityProblems(p)).toEqual([]);

    // Dark, in French.
    await p.emulateMedia({ colorScheme: "dark" });
    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByLabel("Language").selectOption("fr");
    await p.getByRole("navigation").getByRole("button", { name: "Indicateurs" }).click();
    const ecran = p.getByRole("region", { name: "Indicateurs de l'équipe" });
    await expect
      .poll(() => ecran.locator('[data-figure="opened"]').textContent(), { timeout: 30_000 })
      .toBe("2");
    await ecran
      .getByRole("region", { name: "Heures les plus chargées" })
      .getByText("Tableau des données")
      .click();
    await ecran.locator(".content").evaluate((el) => el.scrollTo(0, 0));
    await screenshot(p, "metrics-dark-fr");
    expect(await accessibilityProblems(p)).toEqual([]);

    // Nothing of it reached a wallet: the waiting wallet's room holds nothing from support.
    const room = waiting.client.getRooms()[0]!.roomId;
    await waiting.backfill(room);
    const fromSupport = waiting.client
      .getRooms()
      .flatMap((r) => r.getLiveTimeline().getEvents())
      .filter((e) => e.getSender() === fixture.support.userId && e.getType() !== "m.room.member");
    expect(fromSupport.map((e) => e.getType())).toEqual([]);
    expect(problems(fixture.page)).toEqual({ csp: [], errors: [] });
  });
});
