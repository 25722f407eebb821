// Encryption across the support account's devices, in Chromium against Synapse: the first device shows the
// recovery key once and keeps telling the agent until it is stored; a second device can't read what a wallet
// wrote before it signed in until the agent enters that key — then it can.
import { beforeAll, describe, expect, it } from "vitest";
import type { Wallet } from "../harness/wallet.ts";
import { waitFor } from "../harness/wait.ts";
import { walletLabel } from "../../renderer/core/labels.ts";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import {
  accessibilityProblems,
  inboxRow,
  matrixRequest,
  openConsole,
  problems,
  screenshot,
  signIn,
  type ConsolePage,
} from "../harness/e2e.ts";

// Each device's sign-in is part of what is tested.
const fixture = consoleInChromium({ signIn: "no" });
let wallet: Wallet;
let first: ConsolePage;
let recoveryKey = "";

beforeAll(async () => {
  wallet = await fixture.wallet("e2ee");
});

const banner = (page: ConsolePage) => page.page.getByRole("region", { name: "Encryption" });

describe("recovery", () => {
  it("the first device shows the recovery key once, until the agent says it is stored", async () => {
    first = await openConsole(fixture.browser, fixture.site);
    const { page: p } = first;
    await signIn(p, fixture.support);
    await banner(first)
      .getByText("Save your recovery key now: it is shown only once.")
      .waitFor({ timeout: 60_000 });
    await banner(first).getByRole("button", { name: "Open encryption settings" }).click();
    await p.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
    const key = p.getByLabel("Recovery key", { exact: true });
    recoveryKey = (await key.textContent())!.trim();
    expect(recoveryKey).toMatch(/^Es\w{2}( \w{4}){11}$/);
    await screenshot(p, "recovery-key-light");
    expect(await accessibilityProblems(p)).toEqual([]);
    await p.getByRole("button", { name: "I have stored it safely" }).click();
    await p.getByText("This device is verified and backs up the keys of the messages it reads.").waitFor();
    expect(await key.count()).toBe(0); // never shown again
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    expect(await banner(first).count()).toBe(0);
    expect(problems(first)).toEqual({ csp: [], errors: [] });
  });

  it("a second device reads what a wallet wrote before it signed in once the agent enters the recovery key", async () => {
    const roomId = await wallet.startSupportChat();
    await inboxRow(first.page, wallet.label).waitFor({ timeout: 30_000 });
    await wallet.sendText("Written before the second device existed");
    await inboxRow(first.page, wallet.label).click();
    await first.page
      .getByRole("log")
      .getByText("Written before the second device existed")
      .waitFor({ timeout: 30_000 });
    // The first device backs the message's key up to the server.
    const { version } = await matrixRequest<{ version: string }>(
      fixture.support,
      "GET",
      "/room_keys/version",
    );
    await waitFor("the message key in the server's backup", async () => {
      const keys = await matrixRequest<{ sessions?: Record<string, unknown> }>(
        fixture.support,
        "GET",
        `/room_keys/keys/${encodeURIComponent(roomId)}?version=${version}`,
      ).catch(() => null);
      return Object.keys(keys?.sessions ?? {}).length > 0;
    });

    const second = await openConsole(fixture.browser, fixture.site);
    const { page: p } = second;
    await signIn(p, fixture.support);
    await banner(second)
      .getByText("Enter the recovery key to read earlier messages on this device.")
      .waitFor({ timeout: 60_000 });
    // No team label key on this device yet: the wallet has its provisional label, flagged as such.
    const provisional = walletLabel(wallet.userId);
    expect(provisional).not.toBe(wallet.label);
    await inboxRow(p, provisional)
      .getByRole("img", { name: /^Provisional label/ })
      .waitFor();
    await inboxRow(p, provisional).click();
    const early = p.getByRole("log", { name: `Messages with ${provisional}` });
    await early.getByText("Can't decrypt this message").waitFor({ timeout: 30_000 });
    await screenshot(p, "recovery-needs-key");

    await banner(second).getByRole("button", { name: "Open encryption settings" }).click();
    await p.getByLabel("Recovery key", { exact: true }).fill(recoveryKey);
    await p.getByRole("button", { name: "Unlock" }).click();
    await p.getByText(/^Restored \d+ message keys?\.$/).waitFor({ timeout: 60_000 });
    await p.getByText("This device is verified and backs up the keys of the messages it reads.").waitFor();
    expect(await accessibilityProblems(p)).toEqual([]);

    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    // The recovery key also opened the team's label key: the same label as on the first device, in the row and
    // in the heading of the conversation that stayed open meanwhile (no need to open it again).
    await inboxRow(p, wallet.label).waitFor({ timeout: 30_000 });
    const log = p.getByRole("log", { name: `Messages with ${wallet.label}` });
    await log.getByText("Written before the second device existed").waitFor({ timeout: 60_000 });
    expect(await log.getByText("Can't decrypt this message").count()).toBe(0);

    // A device set up before labels were keyed: set up, but no copy of the label key (dropped from its store).
    // Settings → Encryption offers to enter the recovery key once more; the labels follow.
    await p.evaluate(dropSecret, `label-key:${fixture.support.userId}`);
    await p.reload();
    await inboxRow(p, provisional)
      .getByRole("img", { name: /^Provisional label/ })
      .waitFor({ timeout: 60_000 });
    await p.getByRole("navigation").getByRole("button", { name: "Settings" }).click();
    const unlock = p.getByRole("group", { name: "Team wallet labels" });
    await unlock.getByLabel("Recovery key").fill("EsT0 0000 not a key");
    await unlock.getByRole("button", { name: "Show team labels" }).click();
    await unlock.getByRole("alert").waitFor();
    await unlock.getByLabel("Recovery key").fill(recoveryKey);
    await screenshot(p, "settings-unlock-labels");
    expect(await accessibilityProblems(p)).toEqual([]);
    await unlock.getByRole("button", { name: "Show team labels" }).click();
    await unlock.waitFor({ state: "detached", timeout: 60_000 });
    await p.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
    await inboxRow(p, wallet.label).waitFor({ timeout: 30_000 });
    expect(problems(second)).toEqual({ csp: [], errors: [] });
  });
});

/** In the page: removes one secret of the web platform's store (see renderer/core/platform/web.ts). */
async function dropSecret(name: string): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open("wsc-platform", 1);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction("kv", "readwrite");
    tx.objectStore("kv").delete(`secret:${name}`);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}
