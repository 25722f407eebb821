// Access tokens that expire (as on servers with next-gen auth): the console refreshes them before they run
// out or when the server says they have, keeps syncing and sending, and saves each new pair.
import { describe, expect, it } from "vitest";
import { MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import { signedInConsole, type TestConsole, deskOf } from "../harness/console.ts";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import { ownHomeserver } from "../harness/own-homeserver.ts";
import { waitFor } from "../harness/wait.ts";
import { newWallet } from "../harness/accounts.ts";

const hs = ownHomeserver("expiring.test", {
  extraConfig: { refreshable_access_token_lifetime: "5s" },
});
const cleanup = cleanupAfterAll();

describe("expiring access tokens", () => {
  it(
    "are refreshed and rotated while the console keeps working, and each new pair is saved",
    { timeout: 120_000 },
    async () => {
      const secrets = new MemorySecretStore();
      const c: TestConsole = cleanup.track(await signedInConsole({}, undefined, secrets, hs));
      const saved = async () =>
        JSON.parse((await secrets.get("session"))!).credentials as {
          accessToken: string;
          refreshToken: string;
          expiresAt: number;
        };
      const initial = await saved();
      expect(initial.refreshToken).toBeTruthy();
      expect(initial.expiresAt - Date.now()).toBeLessThan(6000);

      const wallet = cleanup.track(await newWallet(c.account.userId, "e2ee", hs));
      const roomId = await wallet.startSupportChat();
      await waitFor("the conversation", () => deskOf(c.console).inbox.get(roomId));
      const conversation = deskOf(c.console).conversations.open(roomId)!;
      // Well past several lifetimes: messages keep arriving and replies keep leaving.
      for (let i = 1; i <= 4; i++) {
        // Past the saved token's lifetime: the next request needs a refreshed one.
        const { expiresAt } = await saved();
        await waitFor("the saved access token to expire", () => Date.now() > expiresAt, {
          timeoutMs: 15_000,
        });
        await wallet.sendText(`question ${i}`);
        await waitFor(
          `question ${i} in the inbox`,
          () => deskOf(c.console).inbox.get(roomId)?.preview?.text === `question ${i}`,
        );
        await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
        await conversation.sendText(`answer ${i}`);
        await wallet.waitForMessage((m) => m.body === `answer ${i}`);
      }
      const latest = await saved();
      expect(latest.accessToken).not.toBe(initial.accessToken);
      expect(latest.refreshToken).not.toBe(initial.refreshToken); // rotated, not just reused
      expect(c.console.sessionEnded.get()).toBeNull();
      // The old pair is dead on the server: only the saved one works.
      const whoami = (token: string) =>
        fetch(`${hs.url}/_matrix/client/v3/account/whoami`, {
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await whoami(initial.accessToken)).status).toBe(401);
      expect((await whoami(deskOf(c.console).client!.getAccessToken()!)).status).toBe(200);
    },
  );

  it(
    "concurrent sends across many expiries: every request succeeds, one refresh per expiry, each reply once",
    { timeout: 120_000 },
    async () => {
      // Count the refreshes the console makes: a second refresh with the same (rotated) refresh token would be
      // refused by the server and end the session, so "one at a time" is what keeps the agent signed in.
      const realFetch = globalThis.fetch;
      const refreshes: number[] = [];
      const failures: string[] = [];
      globalThis.fetch = async (input, init) => {
        const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
        if (url.includes("/_matrix/client/v3/refresh")) refreshes.push(Date.now());
        const res = await realFetch(input, init);
        if (url.startsWith(hs.url) && res.status === 401)
          failures.push(`${res.status} ${new URL(url).pathname}`);
        return res;
      };
      let c: TestConsole;
      try {
        c = await signedInConsole({}, undefined, new MemorySecretStore(), hs);
      } finally {
        globalThis.fetch = realFetch; // the console's token keeper holds the counting fetch from here on
      }
      cleanup.track(c);
      const wallet = cleanup.track(await newWallet(c.account.userId, "e2ee", hs));
      const roomId = await wallet.startSupportChat();
      await wallet.sendText("hello");
      await waitFor("the conversation", () => deskOf(c.console).inbox.get(roomId));
      const conversation = deskOf(c.console).conversations.open(roomId)!;
      await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
      const started = Date.now();
      // Bursts of 8 replies at once, every 1.5 s for 12 s: several 5-second lifetimes, bursts landing on expiries.
      const bodies: string[] = [];
      for (let burst = 0; burst < 8; burst++) {
        const batch = Array.from({ length: 8 }, (_, i) => `burst ${burst} reply ${i}`);
        bodies.push(...batch);
        const results = await Promise.all(batch.map((body) => conversation.sendText(body)));
        expect(results.every((r) => r.status === "queued")).toBe(true);
        await new Promise((r) => setTimeout(r, 1500));
      }
      for (const body of bodies) await wallet.waitForMessage((m) => m.body === body, 60_000);
      await waitFor("the outbox to empty", () => deskOf(c.console).outbox.items.get().length === 0);
      const elapsedS = (Date.now() - started) / 1000;
      expect(c.console.sessionEnded.get()).toBeNull();
      // Each reply arrived exactly once (one transaction ID per reply, kept across the retry after a refresh).
      for (const body of bodies)
        expect(
          wallet.received.filter((m) => m.body === body),
          body,
        ).toHaveLength(1);
      // Refreshes came early, one per lifetime at most (5 s lifetime, refreshed a quarter early).
      expect(refreshes.length).toBeGreaterThanOrEqual(2);
      expect(refreshes.length).toBeLessThanOrEqual(Math.ceil(elapsedS / 3.75) + 2);
      for (let i = 1; i < refreshes.length; i++)
        expect(refreshes[i]! - refreshes[i - 1]!).toBeGreaterThan(1000);
      // No request was refused for an expired token: refreshing early means none waited for a 401.
      expect(failures).toEqual([]);
    },
  );
});
