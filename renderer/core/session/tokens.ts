// Access-token lifetime: a fetch wrapper that refreshes the token shortly before it expires or when the server
// says it has (soft logout), retries the request once with the new token, and reports the new tokens so they
// are persisted. matrix-js-sdk only refreshes OAuth sessions itself; password sessions with refresh tokens
// need this.

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
}

export interface TokenKeeper {
  current(): Tokens;
  /** A fetch for the homeserver that keeps the Authorization header fresh. */
  fetch: typeof fetch;
  /** Fires after each successful refresh (persist the tokens) and when refreshing is impossible (session over). */
  onRefreshed(handler: (tokens: Tokens) => void): void;
  onSessionEnded(handler: () => void): void;
}

const REFRESH_EARLY_MS = 30_000;

export function createTokenKeeper(
  homeserverUrl: string,
  initial: Tokens,
  baseFetch: typeof fetch = fetch,
): TokenKeeper {
  let tokens = { ...initial };
  // Refresh a little before expiry: 30 s, or a quarter of the lifetime for short-lived tokens.
  let earlyMs = tokens.expiresAt
    ? Math.min(REFRESH_EARLY_MS, Math.max(0, tokens.expiresAt - Date.now()) / 4)
    : 0;
  let inFlight: Promise<boolean> | null = null;
  const refreshedHandlers: Array<(t: Tokens) => void> = [];
  const endedHandlers: Array<() => void> = [];
  let ended = false;

  const refresh = (): Promise<boolean> => {
    if (!tokens.refreshToken) return Promise.resolve(false);
    inFlight ??= (async () => {
      try {
        const res = await baseFetch(`${homeserverUrl}/_matrix/client/v3/refresh`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ refresh_token: tokens.refreshToken }),
        });
        const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        if (!res.ok || typeof body.access_token !== "string") {
          if (res.status === 401 || res.status === 403) {
            ended = true;
            endedHandlers.forEach((h) => h());
          }
          return false;
        }
        tokens = {
          accessToken: body.access_token,
          refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : tokens.refreshToken,
          ...(typeof body.expires_in_ms === "number" ? { expiresAt: Date.now() + body.expires_in_ms } : {}),
        };
        if (typeof body.expires_in_ms === "number")
          earlyMs = Math.min(REFRESH_EARLY_MS, body.expires_in_ms / 4);
        refreshedHandlers.forEach((h) => h({ ...tokens }));
        return true;
      } catch {
        return false; // network: the request itself will fail and be retried by its caller
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const withToken = (
    input: RequestInfo | URL,
    init: RequestInit | undefined,
  ): [RequestInfo | URL, RequestInit] => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (headers.has("authorization")) headers.set("authorization", `Bearer ${tokens.accessToken}`);
    return [input, { ...init, headers }];
  };

  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const ours = url.startsWith(homeserverUrl) && !url.includes("/_matrix/client/v3/refresh");
    if (!ours) return baseFetch(input, init);
    if (tokens.expiresAt && tokens.refreshToken && Date.now() > tokens.expiresAt - earlyMs) await refresh();
    const sentWith = tokens.accessToken;
    const res = await baseFetch(...withToken(input, init));
    if (res.status !== 401 || ended || !tokens.refreshToken) return res;
    // Another request refreshed while this one was out: retry with the new token, don't rotate again.
    if (sentWith !== tokens.accessToken && !inFlight) return baseFetch(...withToken(input, init));
    const body = (await res
      .clone()
      .json()
      .catch(() => ({}))) as { errcode?: string };
    if (body.errcode !== "M_UNKNOWN_TOKEN") return res;
    return (await refresh()) ? baseFetch(...withToken(input, init)) : res;
  };

  return {
    current: () => ({ ...tokens }),
    fetch: wrapped,
    onRefreshed: (h) => refreshedHandlers.push(h),
    onSessionEnded: (h) => endedHandlers.push(h),
  };
}
