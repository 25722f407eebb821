// Everything a wallet's client can learn from its own homeserver about the support team, for the "the wallet
// learns nothing" proofs (same server and over federation): what its client is handed outside room timelines
// while the team works (to-device messages, account data), then its decrypted timeline, a full initial sync
// (every room's state, timeline, account data and ephemeral events, its device lists) and what it can query of
// support's devices (keys and display names). `leaksOf` looks for the team's secrets in all of it.
import { ClientEvent, Method, RoomEvent } from "matrix-js-sdk";
import type { Wallet } from "./wallet.ts";

export interface WalletSight {
  /** Support's events in the wallet's decrypted timeline of the room. */
  fromSupport: number;
  /** Their types (a support team's own event types would show here). */
  fromSupportTypes: string[];
  /** Each source of what the wallet saw, serialised. */
  seen: Record<"decrypted" | "sync" | "keys" | "toDevice" | "accountData", string>;
  toDeviceCount: number;
  accountDataCount: number;
  /** Support's devices as the wallet can list them. */
  supportDevices: string[];
}

/** Starts recording what the wallet's client is handed; `collect` adds what it can fetch and stops recording. */
export function watchWallet(wallet: Wallet): {
  collect(roomId: string, supportUserId: string): Promise<WalletSight>;
} {
  const toDevice: unknown[] = [];
  const accountData: unknown[] = [];
  const onToDevice = (m: unknown) => toDevice.push(m);
  const onAccountData = (e: { getType(): string; getContent(): unknown }) =>
    accountData.push([e.getType(), e.getContent()]);
  wallet.client.on(ClientEvent.ReceivedToDeviceMessage, onToDevice);
  wallet.client.on(ClientEvent.AccountData, onAccountData);
  wallet.client.on(RoomEvent.AccountData, onAccountData);

  return {
    async collect(roomId, supportUserId) {
      try {
        await wallet.backfill(roomId);
        const fromSupport = wallet.client
          .getRoom(roomId)!
          .getLiveTimeline()
          .getEvents()
          .filter((e) => e.getSender() === supportUserId);
        const sync = await wallet.client.http.authedRequest<Record<string, unknown>>(Method.Get, "/sync", {
          full_state: "true",
          timeout: "0",
          filter: JSON.stringify({ room: { timeline: { limit: 100 } } }),
        });
        const keys = await wallet.client.http.authedRequest<{ device_keys?: Record<string, object> }>(
          Method.Post,
          "/keys/query",
          undefined,
          { device_keys: { [supportUserId]: [] } },
        );
        return {
          fromSupport: fromSupport.length,
          fromSupportTypes: [...new Set(fromSupport.map((e) => e.getType()))],
          seen: {
            decrypted: JSON.stringify(fromSupport.map((e) => e.getEffectiveEvent())),
            sync: JSON.stringify(sync),
            keys: JSON.stringify(keys),
            toDevice: JSON.stringify(toDevice),
            accountData: JSON.stringify(accountData),
          },
          toDeviceCount: toDevice.length,
          accountDataCount: accountData.length,
          supportDevices: Object.keys(keys.device_keys?.[supportUserId] ?? {}),
        };
      } finally {
        wallet.client.off(ClientEvent.ReceivedToDeviceMessage, onToDevice);
        wallet.client.off(ClientEvent.AccountData, onAccountData);
        wallet.client.off(RoomEvent.AccountData, onAccountData);
      }
    },
  };
}

/**
 * Where each secret shows up in what the wallet saw ("source: secret"), after masking `allowed` (a reply the
 * wallet is meant to get may carry the marker on purpose).
 */
export function leaksOf(sight: WalletSight, secrets: string[], allowed: string[] = []): string[] {
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(sight.seen)) {
    const masked = allowed.reduce((t, a) => t.split(a).join(""), text);
    for (const secret of secrets) if (masked.includes(secret)) leaks.push(`${where}: ${secret}`);
  }
  return [...new Set(leaks)];
}
