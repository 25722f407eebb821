// What the support team knows about one wallet, kept as room account data of the support account in the
// wallet's room (type org.walletsupport.wallet): every agent's device reads it at sign-in, and the wallet never
// sees it (account data is private to its user; nothing of it is in the room's timeline or state). It holds
// whether the wallet could decrypt when last checked, and whether an agent confirmed unencrypted replies.
import type { MatrixClient } from "matrix-js-sdk";

export const WALLET_RECORD_TYPE = "org.walletsupport.wallet";

export interface WalletRecord {
  /** The wallet had a device that can decrypt when last checked; null when never checked. */
  canDecrypt: boolean | null;
  checkedAt: number | null;
  /** An agent confirmed that replies to this wallet go unencrypted (it can't decrypt; the admin allows it). */
  unencryptedReplies: boolean;
}

export const EMPTY_RECORD: WalletRecord = { canDecrypt: null, checkedAt: null, unencryptedReplies: false };

/** Read defensively: account data is the team's own, but a broken or older record must not break the inbox. */
export function parseWalletRecord(content: unknown): WalletRecord {
  const c = content && typeof content === "object" ? (content as Record<string, unknown>) : {};
  return {
    canDecrypt: typeof c.can_decrypt === "boolean" ? c.can_decrypt : null,
    checkedAt: typeof c.checked_at === "number" ? c.checked_at : null,
    unencryptedReplies: c.unencrypted_replies === true,
  };
}

export function walletRecordContent(record: WalletRecord): Record<string, unknown> {
  return {
    can_decrypt: record.canDecrypt,
    checked_at: record.checkedAt,
    unencrypted_replies: record.unencryptedReplies,
  };
}

export function saveWalletRecord(
  client: MatrixClient,
  roomId: string,
  record: WalletRecord,
): Promise<unknown> {
  // A custom type the SDK's typed map doesn't list.
  return client.setRoomAccountData(roomId, WALLET_RECORD_TYPE as never, walletRecordContent(record) as never);
}
