// Raw client-server API calls for tests, fixtures, scripts and the benchmark: plain fetch, so the clients under
// test are the only matrix-js-sdk instances in play. JSON in and out; a 429 is waited out for as long as the
// server asks (retry_after_ms), any other refusal throws a MatrixHttpError naming the call and the errcode.

export class MatrixHttpError extends Error {
  override name = "MatrixHttpError";
  readonly status: number;
  readonly errcode: string | undefined;
  constructor(message: string, status: number, errcode: string | undefined) {
    super(message);
    this.status = status;
    this.errcode = errcode;
  }
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** How many 429s one call waits out before giving up (the benchmark's fixture builds meet many). */
const MAX_RATE_LIMITED = 30;

/** `path` is the full path (`/_matrix/client/v3/…`); `token` null for unauthenticated endpoints. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  token: string | null,
  method: HttpMethod,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      signal,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => ({}))) as T & {
      errcode?: string;
      error?: string;
      retry_after_ms?: number;
    };
    if (res.status === 429 && attempt < MAX_RATE_LIMITED) {
      await new Promise((r) => setTimeout(r, json.retry_after_ms ?? 1000));
      continue;
    }
    if (!res.ok)
      throw new MatrixHttpError(
        `${method} ${path}: ${res.status} ${json.errcode ?? ""} ${json.error ?? ""}`,
        res.status,
        json.errcode,
      );
    return json;
  }
}

/** A client-server API call (`/_matrix/client/v3` + `path`) as the account holding `accessToken`. */
export function clientApi<T = Record<string, unknown>>(
  baseUrl: string,
  account: { accessToken: string },
  method: HttpMethod,
  path: string,
  body?: unknown,
): Promise<T> {
  return call<T>(baseUrl, account.accessToken, method, `/_matrix/client/v3${path}`, body);
}

export interface PasswordLogin {
  user_id: string;
  device_id: string;
  access_token: string;
}

/** A new device of the account, by password (what another agent's sign-in, or a checker, does). */
export function passwordLogin(baseUrl: string, userId: string, password: string): Promise<PasswordLogin> {
  return call<PasswordLogin>(baseUrl, null, "POST", "/_matrix/client/v3/login", {
    type: "m.login.password",
    identifier: { type: "m.id.user", user: userId },
    password,
  });
}
