// Fresh accounts for each test file on the shared test homeserver, so files never see each other's rooms.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { registerWithSecret, type RegisteredUser } from "./homeserver.ts";
import { Wallet, type WalletShape } from "./wallet.ts";

export function testHomeserver() {
  return inject("homeserver");
}

/** A fresh account on the suite's homeserver, or on `hs` (a test's own server). */
export async function newSupportAccount(
  prefix = "support",
  hs: { url: string; registrationSecret: string } = testHomeserver(),
): Promise<RegisteredUser> {
  const localpart = `${prefix}-${randomBytes(4).toString("hex")}`;
  return registerWithSecret(hs.url, hs.registrationSecret, localpart, randomBytes(12).toString("base64url"));
}

/** An AltMe-shaped wallet on the suite's homeserver, or on `hs` (a test's own server, another federation side). */
export async function newWallet(
  support: string,
  shape: WalletShape = "e2ee",
  hs: { url: string; registrationSecret: string } = testHomeserver(),
): Promise<Wallet> {
  return Wallet.create({ homeserverUrl: hs.url, registrationSecret: hs.registrationSecret, support, shape });
}
