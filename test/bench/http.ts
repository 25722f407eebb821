// Raw client-server API calls for the benchmark's drivers (fixture building, sends, raw /sync probes) through
// the harness's one raw Matrix HTTP helper (429 waited out), plus the benchmark's transaction IDs and device
// clean-up.
import { call, passwordLogin } from "../harness/matrix-http.ts";

export { call, MatrixHttpError } from "../harness/matrix-http.ts";

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
  const login = await passwordLogin(baseUrl, userId, password);
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
