// What a homeserver lets an agent sign in with, read from real Synapses: the suite's (password only), and one
// that delegates all sign-in to an OAuth 2.0 account service (Synapse's Matrix Authentication Service mode, here
// pointed at a real OpenID provider for its metadata), which has no /login the console could use.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fetchLoginOptions } from "../../renderer/core/session/login-options.ts";
import { testHomeserver } from "../harness/accounts.ts";
import { freePort, startHomeserver, type Homeserver } from "../harness/homeserver.ts";
import { startIdentityProvider, type IdentityProvider } from "../harness/identity-provider.ts";

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

describe("a homeserver's sign-in options", () => {
  it("password only: no single sign-on, no OAuth 2.0", async () => {
    expect(await fetchLoginOptions(testHomeserver().url)).toEqual({
      password: true,
      sso: null,
      oauth: false,
    });
  });

  it("a server that signs in only through OAuth 2.0 says so (and offers nothing else)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wsc-oauth-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const provider: IdentityProvider = await startIdentityProvider({
      homeserverUrl: `http://127.0.0.1:${port}`,
      accountService: true,
    });
    cleanups.push(() => provider.close());
    const hs: Homeserver = await startHomeserver({
      port,
      dataDir: dir,
      serverName: "oauth.test",
      extraConfig: {
        matrix_authentication_service: {
          enabled: true,
          endpoint: `${provider.issuer}/`,
          secret: randomBytes(16).toString("hex"),
        },
        password_config: { enabled: false },
        enable_registration: false,
        enable_registration_without_verification: false,
        login_via_existing_session: { enabled: false },
        refreshable_access_token_lifetime: null,
      },
    });
    cleanups.push(() => hs.stop());
    expect(await fetchLoginOptions(hs.url)).toEqual({ password: false, sso: null, oauth: true });
  });
});
