// Sign-in links against a real Synapse, with a real signed-in console (rust crypto, sliding sync, sealed
// outbox) as the session a hostile link would try to take over: a garbage token, a valid token for another
// account, a replayed token, a link arriving while replies wait in the outbox. Each leaves the running session,
// its device, its keys and its outbox as they were; a link for the right account, accepted, signs in.
import { afterAll, describe, expect, it } from "vitest";
import { SupportConsole } from "../../renderer/core/console.ts";
import { MemoryPlatform, MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import type { AdminConfig } from "../../renderer/core/platform/types.ts";
import type { Session } from "../../renderer/core/session/session.ts";
import { SignInFlow, type SignInFlowDeps } from "../../renderer/core/session/sign-in-flow.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { signedInConsole, type TestConsole, deskOf } from "../harness/console.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { waitFor } from "../harness/wait.ts";

const stops: Array<() => void> = [];
afterAll(() => stops.forEach((s) => s()));

/** A single-use login token for `account`, minted from its session as the demo does (MSC3882). */
async function loginTokenFor(account: Pick<RegisteredUser, "accessToken">): Promise<string> {
  const res = await fetch(`${testHomeserver().url}/_matrix/client/v1/login/get_token`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" },
    body: "{}",
  });
  const body = (await res.json()) as { login_token?: string };
  if (!body.login_token) throw new Error(`no login token: ${JSON.stringify(body)}`);
  return body.login_token;
}

async function devicesOf(account: Pick<RegisteredUser, "accessToken">): Promise<string[]> {
  const res = await fetch(`${testHomeserver().url}/_matrix/client/v3/devices`, {
    headers: { authorization: `Bearer ${account.accessToken}` },
  });
  const body = (await res.json()) as { devices: Array<{ device_id: string }> };
  return body.devices.map((d) => d.device_id).sort();
}

/** A flow next to a running console, as the app wires it; `boot` records what it was handed. */
function flowBeside(
  platform: MemoryPlatform,
  config: AdminConfig,
  running: () => { userId: string; ended: boolean } | null,
  boot: SignInFlowDeps["boot"] = async () => {
    throw new Error("boot must not be called");
  },
): SignInFlow {
  return new SignInFlow({
    platform,
    config,
    sessionContext: () => ({ platform, config, deviceName: "Wallet Support Console (link test)" }),
    running,
    boot,
    sso: {
      start: () => Promise.reject(new Error("no single sign-on in this test")),
    },
  });
}

interface Fixture {
  c: TestConsole;
  flow: SignInFlow;
  before: { session: string | null; devices: string[]; deviceId: string; identity: string | undefined };
}

async function runningConsole(config: Partial<AdminConfig> = {}): Promise<Fixture> {
  const support = await newSupportAccount();
  const c = await signedInConsole(
    { supportUserId: support.userId, ...config },
    support,
    new MemorySecretStore(),
  );
  stops.push(() => c.console.stop());
  const flow = flowBeside(c.platform, c.console.config, () => ({ userId: support.userId, ended: false }));
  const identity = (await deskOf(c.console).client.getCrypto()!.getOwnDeviceKeys()).ed25519;
  return {
    c,
    flow,
    before: {
      session: await c.platform.secrets.get("session"),
      devices: await devicesOf(support),
      deviceId: c.console.session!.credentials.deviceId,
      identity,
    },
  };
}

/** The running session is exactly as it was: same saved credentials, device, keys, and it still works. */
async function untouched({ c, before }: Fixture): Promise<void> {
  expect(c.console.phase.get()).toBe("ready");
  expect(c.console.session!.credentials.deviceId).toBe(before.deviceId);
  expect(await c.platform.secrets.get("session")).toBe(before.session);
  expect(await devicesOf(c.account)).toEqual(before.devices);
  expect((await deskOf(c.console).client.getCrypto()!.getOwnDeviceKeys()).ed25519).toBe(before.identity);
  // Still syncing and accepting: a new wallet's message arrives in the inbox (decrypting is shown by the
  // outbox test's encrypted reply, which the wallet reads).
  const wallet = await newWallet(c.account.userId, "plaintext");
  stops.push(() => wallet.stop());
  const roomId = await wallet.startSupportChat();
  await wallet.sendText("still there?");
  await waitFor(
    "the new wallet's message",
    () => deskOf(c.console).inbox.get(roomId)?.preview?.text === "still there?",
    {
      timeoutMs: 60_000,
    },
  );
}

describe("a sign-in link nobody asked for", () => {
  it("with a garbage token is refused, saying why, and changes nothing", async () => {
    const f = await runningConsole();
    await f.flow.receive({ loginToken: "syl_garbage_token_0123456789" });
    const { current, error } = f.flow.view.get();
    expect(current).toEqual({ step: "idle" });
    expect(error?.kind).toBe("link-invalid");
    expect(error?.message).toBe(
      `This sign-in link has expired or was already used (${new URL(testHomeserver().url).host} refused it). Nothing was changed.`,
    );
    await untouched(f);
  });

  it("with a valid token for another account is refused naming both, and that account's new device is logged out", async () => {
    const f = await runningConsole();
    const other = await newSupportAccount("intruder");
    const otherDevices = await devicesOf(other);
    await f.flow.receive({ loginToken: await loginTokenFor(other) });
    const { error } = f.flow.view.get();
    expect(error?.kind).toBe("wrong-account");
    expect(error?.message).toBe(
      `This link signs in as ${other.userId}, but this console is for ${f.c.account.userId}. Nothing was changed.`,
    );
    expect(await devicesOf(other)).toEqual(otherDevices);
    await untouched(f);
  });

  it("replayed is refused: a token works once, and its first use by this account changed nothing either", async () => {
    const f = await runningConsole();
    const token = await loginTokenFor(f.c.account);
    await f.flow.receive({ loginToken: token });
    expect(f.flow.view.get().error?.kind).toBe("already-signed-in");
    await f.flow.receive({ loginToken: token });
    expect(f.flow.view.get().error?.kind).toBe("link-invalid");
    // A made-up state value is no answer: still treated as a link nobody asked for.
    await f.flow.receive({ loginToken: token, state: "0123456789abcdef0123456789abcdef" });
    expect(f.flow.view.get().error?.kind).toBe("link-invalid");
    await untouched(f);
  });

  it("while replies wait in the outbox leaves them there, and they are sent once", async () => {
    const f = await runningConsole({ allowOtherAccounts: true });
    const wallet = await newWallet(f.c.account.userId, "e2ee");
    stops.push(() => wallet.stop());
    const roomId = await wallet.startSupportChat();
    await wallet.sendText("hello?");
    await waitFor("the conversation", () => deskOf(f.c.console).inbox.get(roomId));
    const conversation = deskOf(f.c.console).conversations.open(roomId)!;
    await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
    // One reply the server refuses (a room support isn't in) stays in the outbox as failed; one goes out.
    const outbox = deskOf(f.c.console).outbox;
    const stuck = outbox.enqueue("!not-joined:support.test", { msgtype: "m.text", body: "stuck" });
    await conversation.sendText("on its way");
    // A link for another account arrives meanwhile; the agent is asked, and cancels.
    const other = await newSupportAccount("other");
    const otherDevices = await devicesOf(other);
    await f.flow.receive({ loginToken: await loginTokenFor(other) });
    expect(f.flow.view.get().current).toEqual({
      step: "confirm-link",
      userId: other.userId,
      server: new URL(testHomeserver().url).host,
      replaces: f.c.account.userId,
    });
    // Resolving the account created a device; Cancel deletes it again.
    expect((await devicesOf(other)).length).toBe(otherDevices.length + 1);
    await f.flow.cancel();
    expect(await devicesOf(other)).toEqual(otherDevices);
    await wallet.waitForMessage((m) => m.body === "on its way");
    // The reply that can't go still waits in the outbox, once; the one that went is gone from it.
    await waitFor("the sent reply to leave the outbox", () => outbox.items.get().length === 1);
    expect(outbox.items.get().map((i) => i.txnId)).toEqual([stuck.txnId]);
    const received = wallet.received.filter((m) => m.body === "on its way");
    expect(received).toHaveLength(1);
    await untouched(f);
  });
});

describe("a sign-in link for the right account", () => {
  it("asks first, and after the agent accepts signs in with a working session", async () => {
    const support = await newSupportAccount();
    const platform = new MemoryPlatform({
      homeserverUrl: testHomeserver().url,
      supportUserId: support.userId,
    });
    const config = await platform.loadConfig();
    const first = await SupportConsole.create(platform, { deviceName: "test" });
    expect(first.phase.get()).toBe("signed-out");
    const booted: Session[] = [];
    let started: SupportConsole | null = null;
    const flow = flowBeside(
      platform,
      config,
      () => null,
      async (session) => {
        booted.push(session);
        // What the app does with a proven session: start on it (here, as a restart restores a saved one).
        started = await SupportConsole.create(platform, { deviceName: "test" });
        stops.push(() => started?.stop());
      },
    );
    await flow.receive({ loginToken: await loginTokenFor(support) });
    expect(flow.view.get().current).toMatchObject({
      step: "confirm-link",
      userId: support.userId,
      replaces: null,
    });
    expect(booted).toHaveLength(0);
    await flow.confirm();
    expect(flow.view.get()).toEqual({ current: { step: "idle" }, error: null });
    expect(booted.map((s) => s.userId)).toEqual([support.userId]);
    await waitFor("the console on the new session", () => started?.phase.get() === "ready", {
      timeoutMs: 60_000,
    });
    expect(started!.session!.userId).toBe(support.userId);
    expect(started!.session!.credentials.deviceId).toBe(booted[0]!.credentials.deviceId);
  });
});
