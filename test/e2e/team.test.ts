// The team desk in Chromium against Synapse, as one agent uses it: naming this device, the status tabs and who
// handles a conversation in the inbox, Claim / Resolve in the conversation, a private note shown apart from the
// wallet's messages ("Only your team sees this", never sent to the wallet), and a canned reply inserted from
// the composer with "/". Screenshots in light/English and dark/French, axe on each screen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "../harness/browser.ts";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import type { Wallet } from "../harness/wallet.ts";
import {
  accessibilityProblems,
  inboxRow,
  openConsole,
  problems,
  screenshot,
  signIn,
  startConsoleSite,
  storeRecoveryKey,
  type ConsolePage,
  type ConsoleSite,
} from "../harness/e2e.ts";

let browser: Browser;
let site: ConsoleSite;
let support: RegisteredUser;
let page: ConsolePage;
const wallets: Wallet[] = [];

async function wallet(first: string): Promise<Wallet> {
  const w = await newWallet(support.userId, "e2ee");
  wallets.push(w);
  await w.startSupportChat();
  // Once support has joined, the wallet's message is encrypted for support's device too.
  await inboxRow(page.page, w.label).waitFor({ timeout: 30_000 });
  await w.sendText(first);
  return w;
}

beforeAll(async () => {
  support = await newSupportAccount();
  site = await startConsoleSite({ supportUserId: support.userId });
  browser = await launchChromium();
  page = await openConsole(browser, site);
  await signIn(page.page, support);
  await storeRecoveryKey(page.page);
});
afterAll(async () => {
  wallets.forEach((w) => w.stop());
  await browser?.close();
  await site?.close();
});

describe("the team desk", () => {
  it("an agent names the device, claims and resolves, writes a private note and inserts a canned reply", async () => {
    const p = page.page;
    // First sign-in of this device: the agent's name for the team.
    const banner = p.getByRole("region", { name: "Your name for the team" });
    await banner.getByLabel("Your name").fill("Camille");
    await banner.getByRole("button", { name: "Save" }).click();
    await banner.waitFor({ state: "detached" });

    const lost = await wallet("I lost my phone, how do I get my credentials back?");
    const verifier = await wallet("The verifier says my diploma is invalid");
    const open = p.getByRole("tab", { name: /^Open\b/ });
    await inboxRow(p, lost.label).getByText("I lost my phone").waitFor({ timeout: 30_000 });
    await inboxRow(p, verifier.label).getByText("The verifier says").waitFor({ timeout: 30_000 });
    expect(await open.getAttribute("aria-selected")).toBe("true");

    // Resolve one: it leaves the Open tab and is listed under Resolved.
    await inboxRow(p, verifier.label).click();
    const actions = p.getByRole("group", { name: "Conversation status" });
    await actions.getByRole("button", { name: "Resolve", exact: true }).click();
    await actions.getByRole("button", { name: "Reopen", exact: true }).waitFor();
    await inboxRow(p, verifier.label).waitFor({ state: "detached" });
    await p.getByRole("tab", { name: /^Resolved\b/ }).click();
    await inboxRow(p, verifier.label).getByText("Resolved").waitFor();

    // Claim the other: the row says who handles it.
    await p.getByRole("tab", { name: /^Open\b/ }).click();
    await inboxRow(p, lost.label).click();
    await actions.getByRole("button", { name: "Claim", exact: true }).click();
    await actions.getByRole("button", { name: "Release", exact: true }).waitFor();
    await inboxRow(p, lost.label).getByText("Handled by you").waitFor();

    // A private note: the composer's Note mode, then a tile unlike a message, for the team only.
    const log = p.getByRole("log", { name: `Messages with ${lost.label}` });
    await p.getByRole("button", { name: "Note", exact: true }).click();
    await p.getByText("Only your team sees this").first().waitFor();
    const noteBox = p.getByRole("textbox", { name: `Note about ${lost.label}` });
    await noteBox.fill("Asked for a new device last week too; check the recovery steps with them.");
    await p.getByRole("button", { name: "Add note" }).click();
    const note = log.getByRole("article", { name: "Note by Camille" });
    await note.getByText("Asked for a new device last week too").waitFor({ timeout: 30_000 });
    await note.getByText("Only your team sees this").waitFor();
    await note.and(p.locator('[data-status="sent"]')).waitFor({ timeout: 30_000 });
    await p.getByRole("button", { name: "Note", exact: true }).click(); // back to replying

    // A canned reply, added in Settings, inserted with "/" in English with its variables filled in.
    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    const cannedSection = p.getByRole("region", { name: "Canned replies" });
    await cannedSection.getByRole("button", { name: "New canned reply" }).click();
    await cannedSection.getByLabel("Title", { exact: true }).fill("New phone");
    await cannedSection.getByLabel("Shortcut", { exact: true }).fill("phone");
    await cannedSection
      .getByLabel("English text")
      .fill("Hello {wallet}, {agent} here: open the backup on your new phone.");
    await cannedSection
      .getByLabel("French text")
      .fill("Bonjour {wallet}, ici {agent} : ouvrez la sauvegarde.");
    await cannedSection.getByRole("button", { name: "Save", exact: true }).click();
    await cannedSection.getByText("New phone", { exact: true }).first().waitFor();
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await inboxRow(p, lost.label).click();
    const reply = p.getByRole("textbox", { name: `Reply to ${lost.label}` });
    await reply.fill("/pho");
    await p.getByRole("option", { name: /New phone/ }).waitFor();
    await reply.press("Enter");
    await expect
      .poll(() => reply.inputValue())
      .toBe(`Hello ${lost.label}, Camille here: open the backup on your new phone.`);
    await reply.fill("");

    // The wallet got nothing of it: its room holds only its own message.
    await lost.backfill(lost.client.getRooms()[0]!.roomId);
    const fromSupport = lost.client
      .getRooms()
      .flatMap((r) => r.getLiveTimeline().getEvents())
      .filter((e) => e.getSender() === support.userId && e.getType() !== "m.room.member");
    expect(fromSupport.map((e) => e.getType())).toEqual([]);

    await screenshot(p, "team-conversation-note-light-en");
    expect(await accessibilityProblems(p)).toEqual([]);
    await p.getByRole("tab", { name: /^Resolved\b/ }).click();
    await inboxRow(p, verifier.label).getByText("Resolved").waitFor();
    await screenshot(p, "team-inbox-resolved-light-en");
    expect(await accessibilityProblems(p)).toEqual([]);

    // The same screens in dark, in French.
    await p.emulateMedia({ colorScheme: "dark" });
    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    await p.getByLabel("Language").selectOption("fr");
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await p.getByRole("tab", { name: /^Ouvertes\b/ }).click();
    await inboxRow(p, lost.label).getByText("Prise par vous").waitFor();
    await inboxRow(p, lost.label).click();
    await p.getByText("Visible uniquement par votre équipe").first().waitFor();
    await screenshot(p, "team-conversation-note-dark-fr");
    expect(await accessibilityProblems(p)).toEqual([]);
    expect(problems(page)).toEqual({ csp: [], errors: [] });
  });
});
