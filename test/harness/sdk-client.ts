// Bare matrix-js-sdk clients for accounts the tests (and the demo's fixtures) act as: support seen from outside
// the console, another device of an account. Errors-only logging; rust crypto in memory where asked for.
import {
  ClientEvent,
  createClient,
  SyncState,
  type ICreateClientOpts,
  type IStartClientOpts,
  type MatrixClient,
} from "matrix-js-sdk";
import { sdkLogger } from "../../renderer/core/logging.ts";

export interface ClientAccount {
  userId: string;
  accessToken: string;
  deviceId: string;
}

/** A client of `account` that is not started (for plain API calls through the SDK). */
export function clientOf(
  account: ClientAccount,
  baseUrl: string,
  extra: Partial<ICreateClientOpts> = {},
): MatrixClient {
  return createClient({
    baseUrl,
    userId: account.userId,
    accessToken: account.accessToken,
    deviceId: account.deviceId,
    logger: sdkLogger("error"),
    ...extra,
  });
}

/** A client of `account` with rust crypto (in memory), syncing; resolves once its first sync is PREPARED. */
export async function startedClientOf(
  account: ClientAccount,
  baseUrl: string,
  options: { start?: IStartClientOpts; create?: Partial<ICreateClientOpts> } = {},
): Promise<MatrixClient> {
  const client = clientOf(account, baseUrl, options.create);
  await client.initRustCrypto({ useIndexedDB: false });
  await new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => state === SyncState.Prepared && resolve());
    void client.startClient(options.start ?? { initialSyncLimit: 10 });
  });
  return client;
}
