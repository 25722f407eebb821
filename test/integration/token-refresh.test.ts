// Access tokens that expire (as on servers with next-gen auth): the console refreshes them before they run
// out or when the server says they have, keeps syncing and sending, and saves each new pair.
import { describe, expect, it } from "vitest";
import { MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import { signedInConsole, type TestConsole } from "../harness/console.ts";
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
      await waitFor("the conversation", () => c.console.inbox.get(roomId));
      const conversation = c.console.openConversation(roomId)!;
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
          () => c.console.inbox.get(roomId)?.preview?.text === `question ${i}`,
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
      expect((await whoami(c.console.client!.getAccessToken()!)).status).toBe(200);
    },
  );
});
