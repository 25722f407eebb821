// Signing in against a real Synapse, and every refusal as a sentence an agent can act on.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SupportConsole } from "../../renderer/core/console.ts";
import { MemoryPlatform } from "../../renderer/core/platform/memory.ts";
import { HumanError } from "../../renderer/core/session/errors.ts";
import { newSupportAccount, testHomeserver } from "../harness/accounts.ts";
import { freePort, registerWithSecret } from "../harness/homeserver.ts";
import { clientApi, passwordLogin } from "../harness/matrix-http.ts";
import { ownHomeserver } from "../harness/own-homeserver.ts";
import { waitFor } from "../harness/wait.ts";

let htmlServer: Server;
let htmlUrl: string;
beforeAll(async () => {
  htmlServer = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><h1>Welcome to nginx!</h1>"),
  );
  await new Promise<void>((r) => htmlServer.listen(0, "127.0.0.1", r));
  const addr = htmlServer.address();
  htmlUrl = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});
afterAll(() => htmlServer.close());

async function attempt(
  userId: string,
  password: string,
  homeserverUrl = testHomeserver().url,
): Promise<HumanError> {
  const c = await SupportConsole.create(new MemoryPlatform({ homeserverUrl }), { deviceName: "test" });
  try {
    await c.signIn({ userId, password, homeserverUrl });
  } catch (err) {
    expect(err).toBeInstanceOf(HumanError);
    expect(c.phase.get()).toBe("signed-out");
    return err as HumanError;
  }
  c.stop();
  throw new Error("sign-in unexpectedly succeeded");
}

describe("signing in", () => {
  it("a wrong password says so, naming the account", async () => {
    const account = await newSupportAccount();
    const err = await attempt(account.userId, "not-the-password");
    expect(err.kind).toBe("wrong-password");
    expect(err.message).toBe(`Wrong password for ${account.userId}.`);
  });

  it("an account that doesn't exist is told apart from a wrong password", async () => {
    const err = await attempt(`@nobody-${Date.now()}:${testHomeserver().serverName}`, "whatever");
    expect(err.kind).toBe("unknown-user");
    expect(err.message).toMatch(/^There is no account @nobody-\d+:support\.test on support\.test\.$/);
  });

  it("malformed user IDs are refused before any request", async () => {
    for (const bad of [
      "support",
      "@support",
      "support:example.org",
      "@:example.org",
      "@sup port:example.org",
      "@a:b:99999",
    ]) {
      const err = await attempt(bad, "x");
      expect(err.kind).toBe("invalid-user-id");
      expect(err.message).toContain("It looks like @support:example.org");
    }
  });

  it("a homeserver URL that answers HTML is not a Matrix homeserver", async () => {
    const err = await attempt("@support:example.org", "x", htmlUrl);
    expect(err.kind).toBe("not-matrix");
    expect(err.message).toBe(`${new URL(htmlUrl).host} is not a Matrix homeserver.`);
  });

  it("an unreachable homeserver is named", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const err = await attempt("@support:example.org", "x", dead);
    expect(err.kind).toBe("unreachable");
    expect(err.message).toContain(new URL(dead).host);
  });

  it("a deactivated account says so", async () => {
    const hs = testHomeserver();
    const admin = await registerWithSecret(
      hs.url,
      hs.registrationSecret,
      `admin-${Date.now()}`,
      "adminpw",
      true,
    );
    const account = await newSupportAccount();
    const adminPut = (body: unknown) =>
      fetch(`${hs.url}/_synapse/admin/v2/users/${encodeURIComponent(account.userId)}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${admin.accessToken}` },
        body: JSON.stringify(body),
      });
    // Deactivation also clears the password on Synapse (a sign-in would then read as a wrong password); give
    // it back, as a server that keeps passwords would, so the login reaches the deactivation check.
    expect((await adminPut({ deactivated: true })).ok).toBe(true);
    expect((await adminPut({ password: account.password, logout_devices: false })).ok).toBe(true);
    const err = await attempt(account.userId, account.password);
    expect(err.kind).toBe("deactivated");
    expect(err.message).toBe(`The account ${account.userId} has been deactivated. Ask your administrator.`);
  });

  it("signing out deletes the device on the server", async () => {
    const account = await newSupportAccount();
    const platform = new MemoryPlatform({ homeserverUrl: testHomeserver().url });
    const c = await SupportConsole.create(platform, { deviceName: "test" });
    await c.signIn({
      userId: account.userId,
      password: account.password,
      homeserverUrl: testHomeserver().url,
    });
    const deviceId = c.session!.credentials.deviceId;
    const devices = async () =>
      (
        await clientApi<{ devices: Array<{ device_id: string }> }>(
          testHomeserver().url,
          account,
          "GET",
          "/devices",
        )
      ).devices.map((d) => d.device_id);
    expect(await devices()).toContain(deviceId);
    await c.signOut();
    expect(await devices()).not.toContain(deviceId);
    expect(await platform.secrets.get("session")).toBeNull();
    expect(c.phase.get()).toBe("signed-out");
  });
});

describe("signing in again after the server deleted the device", () => {
  it("starts a new device whose keys the server publishes, rather than reviving one whose keys it dropped", async () => {
    const account = await newSupportAccount();
    const hs = testHomeserver().url;
    const platform = new MemoryPlatform({ homeserverUrl: hs });
    const c = await SupportConsole.create(platform, { deviceName: "test" });
    const signIn = () => c.signIn({ userId: account.userId, password: account.password, homeserverUrl: hs });
    const publishedDevices = async (): Promise<string[]> => {
      const body = await clientApi<{ device_keys: Record<string, Record<string, unknown>> }>(
        hs,
        account,
        "POST",
        "/keys/query",
        { device_keys: { [account.userId]: [] } },
      );
      return Object.keys(body.device_keys[account.userId] ?? {});
    };
    await signIn();
    const first = c.session!.credentials.deviceId;
    await waitFor("the first device's keys published", async () =>
      (await publishedDevices()).includes(first),
    );
    // Signed out everywhere (a password reset, an admin): every device and its keys are gone from the server.
    const login = await passwordLogin(hs, account.userId, account.password);
    await clientApi(hs, { accessToken: login.access_token }, "POST", "/logout/all");
    const checker = await passwordLogin(hs, account.userId, account.password);
    account.accessToken = checker.access_token;
    expect(await publishedDevices()).not.toContain(first);

    await signIn();
    const second = c.session!.credentials.deviceId;
    expect(second).not.toBe(first);
    await waitFor("the new device's keys published", async () => (await publishedDevices()).includes(second));
    c.stop();
  });
});

describe("signing in to a rate-limited homeserver", () => {
  const hs = ownHomeserver("limits.test", { rateLimited: true });

  it("too many attempts gives the wait time", async () => {
    const account = await registerWithSecret(hs.url, hs.registrationSecret, "agent", "right-password");
    let last: HumanError | null = null;
    for (let i = 0; i < 8 && last?.kind !== "rate-limited"; i++)
      last = await attempt(account.userId, "wrong", hs.url);
    expect(last?.kind).toBe("rate-limited");
    expect(last?.message).toMatch(/^Too many attempts\. Try again in \d+ s\.$/);
  });
});
