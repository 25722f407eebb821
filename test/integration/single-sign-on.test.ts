// Single sign-on end to end with real parts: an OpenID Connect provider (npm `oidc-provider`) and a Synapse
// with `oidc_providers` trusting it, both on loopback; Chromium plays the agent's system browser (it signs in on
// the provider's own page); the desktop path's shell module (electron/sso-loopback.ts) takes the answer on an
// ephemeral 127.0.0.1 port; the real console starts on the session. An SSO-only agent ends with cross-signing
// and key backup, a second SSO device reads the history with the recovery key, and when the server asks for
// auth to upload keys, the agent confirms on the homeserver's single sign-on fallback page.
import { deskOf } from "../harness/console.ts";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSsoService } from "../../electron/sso-loopback.ts";
import { SupportConsole } from "../../renderer/core/console.ts";
import { MemoryPlatform, MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import { DEFAULT_CONFIG, type AdminConfig } from "../../renderer/core/platform/types.ts";
import { Recovery } from "../../renderer/core/recovery/recovery.ts";
import { SecretStorageKeys } from "../../renderer/core/recovery/secret-keys.ts";
import { fetchLoginOptions } from "../../renderer/core/session/login-options.ts";
import type { Session } from "../../renderer/core/session/session.ts";
import { SignInFlow, type BootOptions } from "../../renderer/core/session/sign-in-flow.ts";
import { launchChromium } from "../harness/browser.ts";
import { freePort, startHomeserver, type Homeserver } from "../harness/homeserver.ts";
import { startIdentityProvider, type IdentityProvider } from "../harness/identity-provider.ts";
import { waitFor } from "../harness/wait.ts";
import { Wallet } from "../harness/wallet.ts";

let hs: Homeserver;
let idp: IdentityProvider;
let browser: Browser;
let dir: string;
const stops: Array<() => unknown> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wsc-sso-"));
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
  for (const stop of stops.reverse()) await stop();
  await browser?.close();
  await hs?.stop();
  await idp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The agent in the system browser: signs in at the provider (if it asks), then continues at the homeserver. */
async function finishInBrowser(page: Page, url: string, login: string): Promise<void> {
  await page.goto(url);
  const loginField = page.locator("input[name=login]");
  const next = await Promise.race([
    loginField.waitFor({ timeout: 30_000 }).then(() => "idp" as const),
    page
      .getByRole("link", { name: /Continue/ })
      .first()
      .waitFor({ timeout: 30_000 })
      .then(() => "hs" as const),
  ]);
  if (next === "idp") {
    await loginField.fill(login);
    await page.locator("input[name=password]").fill("any password: the provider checks its own way");
    await page.locator("button[type=submit]").click();
  }
}

/** A console platform whose "system browser" is a Chromium tab the test drives. */
class AgentMachine {
  readonly platform: MemoryPlatform;
  readonly config: AdminConfig;
  readonly flow: SignInFlow;
  readonly keys = new SecretStorageKeys();
  readonly booted: Array<{ session: Session; options: BootOptions }> = [];
  readonly context: BrowserContext;
  readonly page: Page;
  readonly login: string;
  private constructor(context: BrowserContext, page: Page, login: string) {
    this.context = context;
    this.page = page;
    this.login = login;
    this.config = { ...DEFAULT_CONFIG, homeserverUrl: hs.url, supportUserId: `@${login}:${hs.serverName}` };
    this.platform = new MemoryPlatform(this.config, new MemorySecretStore());
    // Pages the flow shows the agent (the SSO fallback for key upload) open in the same browser.
    this.platform.openExternal = async (url: string) => this.confirmIdentity(url);
    const sso = createSsoService({
      createServer: (handler) => createServer(handler),
      openBrowser: (url) => this.signInAtProvider(url),
    });
    this.flow = new SignInFlow({
      platform: this.platform,
      config: this.config,
      sessionContext: () => ({
        platform: this.platform,
        config: this.config,
        deviceName: "Wallet Support Console (SSO test)",
        cryptoCallbacks: this.keys.callbacks,
      }),
      running: () => null,
      boot: async (session, options) => void this.booted.push({ session, options }),
      sso: { start: (request) => sso.startSso(request), cancel: () => sso.cancelSso() },
    });
  }

  static async start(login: string, context?: BrowserContext): Promise<AgentMachine> {
    const ctx = context ?? (await browser.newContext());
    return new AgentMachine(ctx, await ctx.newPage(), login);
  }

  private async signInAtProvider(url: string): Promise<void> {
    await finishInBrowser(this.page, url, this.login);
    // Synapse asks before sending the agent (and the token) back to the app.
    await this.page
      .getByRole("link", { name: /Continue/ })
      .first()
      .click({ timeout: 30_000 });
  }

  fallbackPages: string[] = [];
  /** Why the agent could not confirm on the fallback page (the flow swallows the browser's errors, as a real one would). */
  fallbackError: unknown = null;
  private async confirmIdentity(url: string): Promise<void> {
    this.fallbackPages.push(url);
    try {
      await this.page.goto(url);
      // Synapse's "confirm it's you" page links to the provider, which normally remembers the agent; if it asks
      // again, the agent signs in again there.
      await this.page
        .getByRole("link", { name: /Continue with/ })
        .first()
        .click({ timeout: 30_000 });
      const done = this.page.getByText(/close this window/i);
      const loginField = this.page.locator("input[name=login]");
      await done.or(loginField).first().waitFor({ timeout: 60_000 });
      if (await loginField.isVisible()) {
        await loginField.fill(this.login);
        await this.page.locator("input[name=password]").fill("any password: the provider checks its own way");
        await this.page.locator("button[type=submit]").click();
        await done.waitFor({ timeout: 60_000 });
      }
      this.flow.browser.finished();
    } catch (error) {
      // Without this the flow would wait for "I've finished" until the test's own timeout, saying nothing.
      this.fallbackError = error;
      this.flow.browser.cancel();
    }
  }

  async signIn(): Promise<{ session: Session; options: BootOptions }> {
    const options = await fetchLoginOptions(hs.url);
    await this.flow.startSso(hs.url, options.sso![0]);
    const { current, error } = this.flow.view.get();
    if (error) throw error;
    expect(current).toEqual({ step: "idle" });
    return this.booted.at(-1)!;
  }
}

describe("single sign-on", () => {
  it("the homeserver's identity providers are listed by name, next to password", async () => {
    expect(await fetchLoginOptions(hs.url)).toEqual({
      password: true,
      sso: [{ id: `oidc-${idp.id}`, name: idp.name }],
      oauth: false,
    });
  });

  it(
    "signs an SSO-only agent in (system browser, loopback answer), sets up cross-signing and backup, and a second device reads the history with the recovery key",
    { timeout: 240_000 },
    async () => {
      const login = `agent-${randomBytes(3).toString("hex")}`;
      const first = await AgentMachine.start(login);
      stops.push(() => first.context.close());
      const { session } = await first.signIn();
      expect(session.userId).toBe(`@${login}:${hs.serverName}`);
      // An SSO-created account has no password: nothing but single sign-on signs it in.
      expect(first.booted).toHaveLength(1);

      // What the app does with the proven session: the console starts on it (as a restart restores it).
      const console1 = await SupportConsole.create(first.platform, { deviceName: "first" });
      stops.push(() => console1.stop());
      await waitFor("the first console", () => console1.phase.get() === "ready", { timeoutMs: 60_000 });
      expect(console1.session!.credentials.deviceId).toBe(session.credentials.deviceId);
      const recovery1 = await waitFor("recovery", () => console1.desk.get()?.recovery);
      await waitFor("the recovery key, shown once", () => recovery1.view.get().state === "show-key-once", {
        timeoutMs: 60_000,
      });
      const recoveryKey = recovery1.view.get().recoveryKey!;
      await recovery1.confirmStored();
      const crypto1 = deskOf(console1).client.getCrypto()!;
      expect(await crypto1.isCrossSigningReady()).toBe(true);
      expect(await crypto1.getActiveSessionBackupVersion()).not.toBeNull();
      expect(recovery1.view.get()).toMatchObject({ state: "ready", deviceVerified: true });

      // A wallet writes, encrypted for the first device only.
      const wallet = await Wallet.create({
        homeserverUrl: hs.url,
        registrationSecret: hs.registrationSecret,
        support: session.userId,
        shape: "e2ee",
      });
      stops.push(() => wallet.stop());
      const roomId = await wallet.startSupportChat();
      await waitFor("the conversation", () => deskOf(console1).inbox.get(roomId), { timeoutMs: 60_000 });
      await wallet.sendText("my diploma is missing");
      deskOf(console1).setVisibleRows([roomId]);
      await waitFor(
        "the first device reading it",
        () => deskOf(console1).inbox.get(roomId)?.preview?.text === "my diploma is missing",
        {
          timeoutMs: 60_000,
        },
      );
      // Its key reaches the backup.
      await waitFor("the message key in the backup", async () => {
        const res = await fetch(
          `${hs.url}/_matrix/client/v3/room_keys/keys?version=${await crypto1.getActiveSessionBackupVersion()}`,
          {
            headers: { authorization: `Bearer ${deskOf(console1).client.getAccessToken()}` },
          },
        );
        return Object.keys(((await res.json()) as { rooms?: object }).rooms ?? {}).includes(roomId);
      });

      // A second agent machine signs in with the same SSO account (the provider remembers the agent here).
      const second = await AgentMachine.start(login, first.context);
      const { session: session2 } = await second.signIn();
      expect(session2.credentials.deviceId).not.toBe(session.credentials.deviceId);
      const console2 = await SupportConsole.create(second.platform, { deviceName: "second" });
      stops.push(() => console2.stop());
      await waitFor("the second console", () => console2.phase.get() === "ready", { timeoutMs: 60_000 });
      const recovery2 = await waitFor("recovery", () => console2.desk.get()?.recovery);
      await waitFor("the second device to need the key", () => recovery2.view.get().state === "needs-key", {
        timeoutMs: 60_000,
      });
      const restored = await recovery2.useRecoveryKey(recoveryKey);
      expect(restored.imported).toBeGreaterThanOrEqual(1);
      expect(recovery2.view.get()).toMatchObject({ state: "ready", deviceVerified: true });
      await waitFor("the conversation on the second device", () => deskOf(console2).inbox.get(roomId), {
        timeoutMs: 60_000,
      });
      deskOf(console2).setVisibleRows([roomId]);
      await waitFor(
        "the earlier message, readable on the second device",
        () => deskOf(console2).inbox.get(roomId)?.preview?.text === "my diploma is missing",
        {
          timeoutMs: 60_000,
        },
      );
    },
  );

  it(
    "sets encryption up through the homeserver's SSO fallback page when the server asks for auth",
    { timeout: 180_000 },
    async () => {
      // An earlier client made cross-signing keys and lost them: replacing them needs auth, and this account
      // has no password, so the agent confirms on the single sign-on fallback page.
      const login = `agent-${randomBytes(3).toString("hex")}`;
      const earlier = await AgentMachine.start(login);
      stops.push(() => earlier.context.close());
      const { session: old } = await earlier.signIn();
      const oldClient = await old.client();
      await oldClient
        .getCrypto()!
        .bootstrapCrossSigning({ authUploadDeviceSigningKeys: (make) => make(null) });
      const oldIdentity = await oldClient.getCrypto()!.getCrossSigningKeyId();
      expect(oldIdentity).toBeTruthy();
      oldClient.stopClient();

      const agent = await AgentMachine.start(login, earlier.context);
      const { session, options } = await agent.signIn();
      const client = await session.client();
      stops.push(() => client.stopClient());
      const recovery = new Recovery(client, agent.keys);
      stops.push(() => recovery.stop());
      // boot passes the flow's auth to the recovery start, as the app does.
      const started = await recovery.start(undefined, options.auth);
      expect(agent.fallbackError).toBeNull();
      expect(started).toBe("show-key-once");
      expect(agent.fallbackPages).toHaveLength(1);
      expect(agent.fallbackPages[0]).toMatch(
        new RegExp(`^${hs.url}/_matrix/client/v3/auth/m\\.login\\.sso/fallback/web\\?session=\\w+$`),
      );
      const crypto = client.getCrypto()!;
      expect(await crypto.isCrossSigningReady()).toBe(true);
      expect(await crypto.getActiveSessionBackupVersion()).not.toBeNull();
      expect(await crypto.getCrossSigningKeyId()).not.toBe(oldIdentity);
    },
  );
});
