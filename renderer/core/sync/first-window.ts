// What a start asks of the server before the sliding-sync engine runs: whether it speaks simplified sliding sync,
// and — on a fresh device — the inbox's first window, requested while the crypto store still opens.
import type { MatrixClient } from "matrix-js-sdk";
import type { MSC3575SlidingSyncResponse } from "matrix-js-sdk/lib/sliding-sync.js";
import { FIRST_WINDOW, inboxList, INVITES_LIST } from "./lists.ts";
import { PAGING_CLIENT_TIMEOUT_MS } from "./requests.ts";

export async function supportsSlidingSync(client: MatrixClient): Promise<boolean> {
  try {
    await client.http.authedRequest(
      "POST" as never,
      "/org.matrix.simplified_msc3575/sync",
      { timeout: "0" },
      { lists: {} },
      { prefix: "/_matrix/client/unstable", localTimeoutMs: 10_000 },
    );
    return true;
  } catch (err) {
    const status = (err as { httpStatus?: number }).httpStatus;
    if (status === 404 || status === 405 || status === 400) return false;
    throw err;
  }
}

/**
 * A fresh device's first window of the inbox, asked for as soon as the client exists — while its crypto store
 * still opens, which takes about as long as the server takes to answer — on the connection the engine then
 * continues from this answer's position (`SlidingOptions.early`), as a restart continues from a saved one. The
 * request is the engine's own first one (the same lists) with the account-data and receipts extensions, whose
 * first answer the connection would not send again; to-device messages (none yet for a device whose keys are not
 * uploaded) and device-list changes start with the engine's first request. Null when the server did not answer
 * with a window (no sliding sync, offline): the engine then starts from nothing, as before.
 */
export async function requestFirstWindow(client: MatrixClient): Promise<MSC3575SlidingSyncResponse | null> {
  try {
    const response = await client.slidingSync({
      lists: { inbox: inboxList(FIRST_WINDOW), invites: INVITES_LIST },
      extensions: { account_data: { enabled: true }, receipts: { enabled: true } },
      clientTimeout: PAGING_CLIENT_TIMEOUT_MS,
    });
    return typeof response?.pos === "string" && response.pos ? response : null;
  } catch {
    return null;
  }
}
