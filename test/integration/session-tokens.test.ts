// The token keeper (session/tokens.ts) against the real Synapse's /refresh: it refreshes before the access token
// runs out, or when the server calls it unknown, retries that request once with the new token, refreshes once
// for many requests at a time, rotates and reports the pair, and ends the session when the server refuses the
// refresh token. Requests elsewhere pass through untouched.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTokenKeeper, type Tokens } from "../../renderer/core/session/tokens.ts";
import { newSupportAccount, testHomeserver } from "../harness/accounts.ts";
import { call } from "../harness/matrix-http.ts";

/** A fresh device of a fresh account, signed in asking for a refresh token (as the console does). */
async function session(): Promise<Tokens & { refreshToken: string; expiresAt: number }> {
  const account = await newSupportAccount("tokens");
  const login = await call<{ access_token: string; refresh_token: string; expires_in_ms: number }>(
    testHomeserver().url,
    null,
    "POST",
    "/_matrix/client/v3/login",
    {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: account.userId },
      password: account.password,
      refresh_token: true,
    },
  );
  expect(login.refresh_token, "the test server hands out refresh tokens").toBeTruthy();
  return {
    accessToken: login.access_token,
    refreshToken: login.refresh_token,
    expiresAt: Date.now() + login.expires_in_ms,
  };
}

/** A keeper for `tokens`, recording what it reports. */
function keeper(tokens: Tokens, url = testHomeserver().url) {
  const refreshed: Tokens[] = [];
  let ended = 0;
  const k = createTokenKeeper(url, tokens);
  k.onRefreshed((t) => refreshed.push(t));
  k.onSessionEnded(() => ended++);
  const whoami = () =>
    k.fetch(`${url}/_matrix/client/v3/account/whoami`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
  return { k, refreshed, ended: () => ended, whoami };
}

afterEach(() => vi.useRealTimers());

describe("the token keeper", () => {
  it("refreshes shortly before the access token expires, and the request goes out with the new one", async () => {
    const tokens = await session();
    const { k, refreshed, whoami } = keeper(tokens);
    // The keeper's clock moves to 20 s before expiry (inside its 30 s margin); the server's clock does not.
    vi.useFakeTimers({ toFake: ["Date"], now: tokens.expiresAt - 20_000 });
    expect((await whoami()).status).toBe(200);
    expect(refreshed).toHaveLength(1);
    const next = k.current();
    expect(next.accessToken).not.toBe(tokens.accessToken);
    expect(next.refreshToken).not.toBe(tokens.refreshToken); // rotated
    expect(next.expiresAt! - Date.now()).toBeGreaterThan(60_000); // the server's lifetime, not ours
    expect(refreshed[0]).toEqual(next);
  });

  it("does not refresh a token that is far from expiring", async () => {
    const tokens = await session();
    const { k, refreshed, whoami } = keeper(tokens);
    expect((await whoami()).status).toBe(200);
    expect(refreshed).toEqual([]);
    expect(k.current().accessToken).toBe(tokens.accessToken);
  });

  it("an access token the server calls unknown is refreshed and the request retried once", async () => {
    const tokens = await session();
    const { k, refreshed, whoami } = keeper({ ...tokens, accessToken: "syt_not_a_token" });
    const res = await whoami();
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user_id: string }).user_id).toMatch(/^@tokens-/);
    expect(refreshed).toHaveLength(1);
    expect(k.current().accessToken).not.toBe("syt_not_a_token");
  });

  it("many requests at once share one refresh, whether the token is about to expire or already refused", async () => {
    const expiring = await session();
    const soon = keeper(expiring);
    vi.useFakeTimers({ toFake: ["Date"], now: expiring.expiresAt - 20_000 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => soon.whoami()));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(soon.refreshed).toHaveLength(1);
    vi.useRealTimers();

    const refused = await session();
    const unknown = keeper({ ...refused, accessToken: "syt_not_a_token" });
    const retried = await Promise.all(Array.from({ length: 6 }, () => unknown.whoami()));
    expect(retried.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(unknown.refreshed).toHaveLength(1);
  });

  it("a refresh token the server refuses ends the session once; the refusal is what the caller gets", async () => {
    const tokens = await session();
    const { refreshed, ended, whoami } = keeper({
      accessToken: "syt_not_a_token",
      refreshToken: "syr_not_a_refresh_token",
      expiresAt: tokens.expiresAt,
    });
    expect((await whoami()).status).toBe(401);
    expect(ended()).toBe(1);
    expect((await whoami()).status).toBe(401); // no second attempt once the session is over
    expect(ended()).toBe(1);
    expect(refreshed).toEqual([]);
  });

  it("without a refresh token a 401 is passed on untouched", async () => {
    const { refreshed, ended, whoami } = keeper({ accessToken: "syt_not_a_token" });
    expect((await whoami()).status).toBe(401);
    expect(refreshed).toEqual([]);
    expect(ended()).toBe(0);
  });

  it("requests to other servers keep their own headers and never trigger a refresh", async () => {
    const tokens = await session();
    const hs = testHomeserver().url;
    // The same Synapse under another name is, to the keeper, another server.
    const elsewhere = hs.replace("127.0.0.1", "localhost");
    const { k, refreshed } = keeper(tokens, hs);
    vi.useFakeTimers({ toFake: ["Date"], now: tokens.expiresAt - 20_000 }); // would refresh, were it ours
    const res = await k.fetch(`${elsewhere}/_matrix/client/v3/account/whoami`, {
      headers: { authorization: "Bearer syt_not_a_token" },
    });
    expect(res.status).toBe(401);
    expect(refreshed).toEqual([]);
  });

  it("a request without credentials is sent without them", async () => {
    const tokens = await session();
    const { k } = keeper(tokens);
    const res = await k.fetch(`${testHomeserver().url}/_matrix/client/v3/account/whoami`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errcode: string }).errcode).toBe("M_MISSING_TOKEN");
  });
});
