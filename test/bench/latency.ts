// The live measures, with the console open in Chromium: a wallet's message until it shows in the open
// conversation (next to the bare SDK and the raw /sync wake-up, for the same sends), a wallet's invite until
// the conversation is joined and listed, and a broadcast until a sampled wallet receives it.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { expectedLabel, forgetLabelKey, learnLabelKey } from "../harness/labels.ts";
import { newWalletIdentity } from "../harness/did.ts";
import { registerWithSecret, type Homeserver } from "../harness/homeserver.ts";
import { Wallet } from "../harness/wallet.ts";
import type { BaselineClient } from "./baseline.ts";
import { seenAt, watchText } from "./console-driver.ts";
import type { FixtureManifest } from "./fixture.ts";
import { call, txnId } from "./http.ts";
import { INBOX_REGION } from "./probe.ts";
import type { SyncProbe } from "./sync-probe.ts";

export interface LiveContext {
  hs: Homeserver;
  manifest: FixtureManifest;
  /** The console's page, or null when measuring the baseline alone. */
  page: Page | null;
  baseline: BaselineClient | null;
  probe: SyncProbe | null;
  log: (line: string) => void;
  /** The recovery key was entered on the console (it then has the team's label key: keyed labels). */
  recoveryKeyGiven?: boolean;
  /** Told when a measured action starts (a profile lines its own timings up with it). */
  started?: (what: string) => void;
}

export interface MessageSample {
  wallet: "e2ee" | "plaintext";
  console: number;
  baseline: number | null;
  raw: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tag = () => randomBytes(4).toString("hex");
const LOG = '[role="log"]';

/** Finds a conversation through the inbox search and opens it, as an agent would. */
export async function openConversation(page: Page, roomId: string, label: string): Promise<void> {
  const search = page.getByRole("searchbox", { name: "Search conversations" });
  await search.fill(label);
  await page
    .locator(`${INBOX_REGION} .inbox-row[data-room-id="${roomId}"]`)
    .click({ timeout: 60_000 })
    .catch(async (err: Error) => {
      await page.screenshot({ path: "test-results/bench/open-conversation-failure.png" }).catch(() => {});
      throw err;
    });
  await page.getByRole("log", { name: `Messages with ${label}` }).waitFor({ timeout: 30_000 });
  await search.fill("");
}

export async function timeOneMessage(
  ctx: LiveContext,
  wallet: MessageSample["wallet"],
  send: (body: string) => Promise<string>,
): Promise<MessageSample> {
  const page = ctx.page!;
  const body = `Bench ${wallet} message ${tag()}`;
  await watchText(page, LOG, body);
  const t0 = Date.now();
  const eventId = await send(body);
  const [consoleAt, baselineAt, rawAt] = await Promise.all([
    seenAt(page, body),
    ctx.baseline?.waitFor("message", (r) => r.body === body, 30_000).then((r) => r.at) ?? null,
    ctx.probe!.arrival(eventId),
  ]);
  return {
    wallet,
    console: consoleAt - t0,
    baseline: baselineAt === null ? null : baselineAt - t0,
    raw: rawAt - t0,
  };
}

/**
 * `count` messages from a live E2EE wallet (created now, so it encrypts for the console's device) and `count`
 * from a plaintext fixture wallet (AltMe today), each into its conversation while it is open in the console.
 * One unmeasured message first for each (the E2EE wallet's first one also sets up its Olm sessions).
 */
export async function measureMessages(ctx: LiveContext, count: number): Promise<MessageSample[]> {
  const page = ctx.page!;
  const samples: MessageSample[] = [];
  // Labels are keyed once the console has the team's label key (it reads it when the recovery key is entered,
  // just before): the harness learns it first, or it would search for the provisional label.
  // Only this server's console counts: the same account ID was signed in on other servers earlier in the run.
  forgetLabelKey(ctx.manifest.support.userId);
  await learnLabelKey(page, ctx.manifest.support.userId, { keyGiven: ctx.recoveryKeyGiven });
  const e2ee = await Wallet.create({
    homeserverUrl: ctx.hs.url,
    registrationSecret: ctx.hs.registrationSecret,
    support: ctx.manifest.support.userId,
    shape: "e2ee",
  });
  try {
    const roomId = await e2ee.startSupportChat();
    await openConversation(page, roomId, e2ee.label);
    await timeOneMessage(ctx, "e2ee", (body) => e2ee.sendText(body));
    for (let i = 0; i < count; i++) {
      samples.push(await timeOneMessage(ctx, "e2ee", (body) => e2ee.sendText(body)));
      await pause(300);
    }
  } finally {
    e2ee.stop();
  }

  const plain = ctx.manifest.wallets[0]!;
  await openConversation(page, plain.roomId, expectedLabel(plain.userId, ctx.manifest.support.userId));
  const sendPlain = plaintextSender(ctx.hs, plain);
  await timeOneMessage(ctx, "plaintext", sendPlain);
  for (let i = 0; i < count; i++) {
    samples.push(await timeOneMessage(ctx, "plaintext", sendPlain));
    await pause(300);
  }
  return samples;
}

/** A fixture wallet's plaintext message, sent straight to the server (AltMe's shape): resolves to its event ID. */
export function plaintextSender(
  hs: Homeserver,
  wallet: { accessToken: string; roomId: string },
): (body: string) => Promise<string> {
  return async (body) =>
    (
      await call<{ event_id: string }>(
        hs.url,
        wallet.accessToken,
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(wallet.roomId)}/send/m.room.message/${txnId()}`,
        { msgtype: "m.text", body },
      )
    ).event_id;
}

/** A new wallet (account only, as AltMe has before its chat page opens). */
async function newWalletAccount(ctx: LiveContext) {
  const identity = newWalletIdentity();
  const user = await registerWithSecret(
    ctx.hs.url,
    ctx.hs.registrationSecret,
    identity.localpart,
    randomBytes(12).toString("hex"),
  );
  const createRoom = () =>
    call<{ room_id: string }>(ctx.hs.url, user.accessToken, "POST", "/_matrix/client/v3/createRoom", {
      is_direct: true,
      name: identity.thumbprint,
      room_alias_name: identity.thumbprint,
      invite: [ctx.manifest.support.userId],
      initial_state: [
        { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
      ],
    });
  return { user, createRoom };
}

/**
 * `count` wallets invite support, one after another: ms from the wallet's createRoom call (which carries the
 * invite) until the console lists one conversation more — or, without a console page, until the baseline has
 * joined the room.
 */
export async function measureInvites(ctx: LiveContext, count: number): Promise<number[]> {
  const samples: number[] = [];
  const countSelector = `${INBOX_REGION} .filters button .count`;
  for (let i = 0; i < count; i++) {
    const wallet = await newWalletAccount(ctx);
    if (ctx.page) {
      const listed = Number(((await ctx.page.locator(countSelector).first().textContent()) ?? "").trim());
      await watchText(ctx.page, countSelector, String(listed + 1), true);
      const t0 = Date.now();
      ctx.started?.(`invite ${i + 1}: wallet's createRoom`);
      await wallet.createRoom();
      samples.push((await seenAt(ctx.page, String(listed + 1))) - t0);
      ctx.started?.(`invite ${i + 1}: listed after ${samples.at(-1)!.toFixed(0)} ms`);
    } else {
      const t0 = Date.now();
      const { room_id } = await wallet.createRoom();
      const joined = await ctx.baseline!.waitFor("joined", (r) => r.roomId === room_id, 60_000);
      samples.push(joined.at - t0);
    }
    await pause(500);
  }
  return samples;
}

/** Live wallets (full clients, AltMe's plaintext shape) that joined the notification room: the sample. */
export async function sampledWallets(ctx: LiveContext, count: number): Promise<Wallet[]> {
  const wallets: Wallet[] = [];
  for (let i = 0; i < count; i++) {
    const wallet = await Wallet.create({
      homeserverUrl: ctx.hs.url,
      registrationSecret: ctx.hs.registrationSecret,
      support: ctx.manifest.support.userId,
      shape: "plaintext",
    });
    await wallet.joinNotificationRoom(ctx.manifest.notificationRoom.alias);
    wallets.push(wallet);
  }
  return wallets;
}

async function receivedBy(wallets: Wallet[], roomId: string, body: string): Promise<number[]> {
  return Promise.all(
    wallets.map((w) =>
      w.waitForMessage((m) => m.roomId === roomId && m.body === body, 60_000).then(() => Date.now()),
    ),
  );
}

/** Broadcasts posted through the console's broadcast screen: ms from the confirming click to each wallet. */
export async function measureConsoleBroadcasts(
  ctx: LiveContext,
  wallets: Wallet[],
  count: number,
): Promise<number[]> {
  const page = ctx.page!;
  const samples: number[] = [];
  await page.getByRole("navigation").getByRole("button", { name: "Broadcast" }).click();
  await page.getByText("Safe for broadcasts").waitFor({ timeout: 120_000 });
  for (let i = 0; i < count; i++) {
    const body = `Bench broadcast ${tag()}: maintenance tonight 22:00–23:00.`;
    await page.getByLabel("Message", { exact: true }).fill(body);
    await page.getByRole("button", { name: "Post…" }).click();
    const dialog = page.getByRole("dialog", { name: "Post this broadcast?" });
    await dialog.getByRole("button", { name: "Post", exact: true }).click();
    const t0 = await page.evaluate(
      () =>
        (window as unknown as { __bench: { state: { lastClickWall: number } } }).__bench.state.lastClickWall,
    );
    for (const at of await receivedBy(wallets, ctx.manifest.notificationRoom.roomId, body))
      samples.push(at - t0);
    const outcome = page.getByRole("status").filter({ hasText: /^Posted to / });
    await outcome.waitFor({ timeout: 60_000 });
    // The outcome stands in for the form until the agent writes another.
    await outcome.getByRole("button", { name: "Write another broadcast" }).click();
    await pause(500);
  }
  await page.getByRole("navigation").getByRole("button", { name: "Conversations" }).click();
  return samples;
}

/** The same broadcasts sent by the bare SDK (client.sendMessage into the notification room). */
export async function measureBaselineBroadcasts(
  ctx: LiveContext,
  wallets: Wallet[],
  count: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const body = `Bench baseline broadcast ${tag()}: maintenance tonight.`;
    const arrivals = receivedBy(wallets, ctx.manifest.notificationRoom.roomId, body);
    ctx.baseline!.command({ kind: "broadcast", roomId: ctx.manifest.notificationRoom.roomId, body });
    const sent = await ctx.baseline!.waitFor("sent", (r) => r.body === body);
    for (const at of await arrivals) samples.push(at - sent.at);
    await pause(500);
  }
  return samples;
}
