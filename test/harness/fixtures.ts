// Many AltMe-shaped wallet rooms, fast: plain HTTP instead of full simulated clients (no sync loop, no crypto),
// for invite floods and the benchmark's fixtures. Each wallet behaves like today's plaintext AltMe builds.
import { randomBytes } from "node:crypto";
import { newWalletIdentity } from "./did.ts";
import { registerWithSecret } from "./homeserver.ts";
import { clientApi } from "./matrix-http.ts";

export interface QuickWallet {
  userId: string;
  accessToken: string;
  roomId: string;
  thumbprint: string;
}

export interface QuickWalletOptions {
  homeserverUrl: string;
  registrationSecret: string;
  support: string;
  /** Plaintext messages each wallet sends after creating its room. */
  messages?: string[];
  /** How many wallets are created at once. */
  parallel?: number;
  onProgress?: (done: number) => void;
}

export async function createQuickWallet(
  opts: QuickWalletOptions,
  extra: Record<string, unknown> = {},
): Promise<QuickWallet> {
  const identity = newWalletIdentity();
  const user = await registerWithSecret(
    opts.homeserverUrl,
    opts.registrationSecret,
    identity.localpart,
    randomBytes(12).toString("hex"),
  );
  const { room_id } = await clientApi<{ room_id: string }>(opts.homeserverUrl, user, "POST", "/createRoom", {
    is_direct: true,
    name: identity.thumbprint,
    room_alias_name: identity.thumbprint,
    invite: [opts.support],
    initial_state: [
      { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
    ],
    ...extra,
  });
  let txn = 0;
  for (const body of opts.messages ?? []) {
    await clientApi(
      opts.homeserverUrl,
      user,
      "PUT",
      `/rooms/${encodeURIComponent(room_id)}/send/m.room.message/q${Date.now()}.${txn++}`,
      { msgtype: "m.text", body },
    );
  }
  return {
    userId: user.userId,
    accessToken: user.accessToken,
    roomId: room_id,
    thumbprint: identity.thumbprint,
  };
}

/** Creates `count` wallets with their support rooms, `parallel` at a time. */
export async function createQuickWallets(count: number, opts: QuickWalletOptions): Promise<QuickWallet[]> {
  const out: QuickWallet[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.parallel ?? 8, count) }, async () => {
      while (next < count) {
        next++;
        out.push(await createQuickWallet(opts));
        opts.onProgress?.(out.length);
      }
    }),
  );
  return out;
}

/** Sends a raw event as a quick wallet (for malformed-content and hostile-content tests). */
export function sendRaw(
  homeserverUrl: string,
  wallet: QuickWallet,
  type: string,
  content: unknown,
): Promise<{ event_id: string }> {
  return clientApi(
    homeserverUrl,
    wallet,
    "PUT",
    `/rooms/${encodeURIComponent(wallet.roomId)}/send/${type}/r${Date.now()}${randomBytes(3).toString("hex")}`,
    content,
  );
}
