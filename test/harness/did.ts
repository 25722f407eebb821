// Wallet identities as AltMe derives them: an Ed25519 did:key, the Matrix localpart made from it, and the
// base64 key thumbprint used as the support room's name and alias.
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export function base58btc(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}

export interface WalletIdentity {
  did: string;
  /** Matrix localpart: the DID lower-cased with `:` replaced by `-` (e.g. `did-key-z6mk…`). */
  localpart: string;
  /** RFC 7638 JWK thumbprint, standard base64 without `=` (may contain `+` and `/`). */
  thumbprint: string;
  publicKey: KeyObject;
}

export function didKeyFromEd25519(raw: Uint8Array): string {
  // multicodec ed25519-pub = 0xed 0x01, then multibase 'z' (base58btc)
  const prefixed = new Uint8Array(2 + raw.length);
  prefixed.set([0xed, 0x01]);
  prefixed.set(raw, 2);
  return `did:key:z${base58btc(prefixed)}`;
}

export function localpartFromDid(did: string): string {
  return did.replace(/:/g, "-").toLowerCase();
}

export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  // Members in lexicographic order, no whitespace (RFC 7638 §3).
  const canonical = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}"}`;
  return createHash("sha256").update(canonical).digest("base64").replace(/=+$/, "");
}

export function newWalletIdentity(): WalletIdentity {
  const { publicKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" }) as { crv: string; kty: string; x: string };
  const raw = Buffer.from(jwk.x, "base64url");
  const did = didKeyFromEd25519(raw);
  return { did, localpart: localpartFromDid(did), thumbprint: jwkThumbprint(jwk), publicKey };
}
