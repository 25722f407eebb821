// Raw client-server API calls for the benchmark's drivers (fixture building, sends, raw /sync probes): plain
// fetch, so the measured clients are the only matrix-js-sdk instances in play. Honours 429 with the server's
// retry_after_ms.

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

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  token: string | null,
  method: "GET" | "POST" | "PUT" | "DELETE",
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
    if (res.status === 429 && attempt < 30) {
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

let txn = 0;
/** A unique transaction ID for PUT /send. */
export function txnId(): string {
  return `bench${Date.now()}.${txn++}`;
}

/** Signs out every device of the account except `keep` (user-interactive auth with the password). */
export async function deleteDevices(
  baseUrl: string,
  userId: string,
  password: string,
  keep: Array<string | null | undefined> = [],
): Promise<number> {
  const login = await call<{ access_token: string; device_id: string }>(
    baseUrl,
    null,
    "POST",
    "/_matrix/client/v3/login",
    { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password },
  );
  const { devices } = await call<{ devices: Array<{ device_id: string }> }>(
    baseUrl,
    login.access_token,
    "GET",
    "/_matrix/client/v3/devices",
  );
  const doomed = devices.map((d) => d.device_id).filter((id) => !keep.includes(id));
  await call(baseUrl, login.access_token, "POST", "/_matrix/client/v3/delete_devices", {
    devices: doomed,
    auth: { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password },
  });
  return doomed.length - 1;
}
