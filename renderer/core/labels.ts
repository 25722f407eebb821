// Anonymous, stable labels for wallets. Wallet user IDs are derived from DIDs (`@did-key-z6mk…:server`): they
// identify a person's wallet, so the console never uses them as a headline. A label is a short code derived from
// the user ID: the same wallet always gets the same label, and nothing about the DID can be read back from it.
//
// The label is the agent's only identity signal, so it must not be forgeable: the code is an HMAC-SHA-256 of the
// user ID under the team's label key (32 random bytes every device of the support account shares through secret
// storage, see label-key/), cut to 55 bits. Without the key nobody can compute a wallet's label, let alone search
// for a user ID that looks like someone else's. Until a device has the key it shows a *provisional* label from a
// public hash: short, in the old format, and flagged so the UI marks it as not yet trustworthy.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

// Crockford-style base32 without look-alikes (no i, l, o, u).
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Characters in a keyed code, and the bits they show (5 each). */
export const CODE_CHARS = 11;
export const CODE_BITS = CODE_CHARS * 5;
/** Bytes of a label key. */
export const LABEL_KEY_BYTES = 32;

/** Domain separation: the same key must never produce the same bytes for another purpose. */
const CONTEXT = new TextEncoder().encode("wsc wallet label v1\0");

export interface WalletLabel {
  /** "Wallet 7f3k-c2xq-9pm" (keyed) or "Wallet 7f3k·c2" (provisional). */
  text: string;
  /** The code alone, without separators: what similarity is measured on. */
  code: string;
  /** Hue (0–359) of the generated avatar, from other bits than the code. */
  hue: number;
  /** True while the device has no label key: the label comes from a public hash and can be forged. */
  provisional: boolean;
}

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain). Not a MAC: for non-security uses. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function base32(value: number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/** The first `chars` × 5 bits of `bytes`, most significant first, as base32. */
function base32Bits(bytes: Uint8Array, chars: number): string {
  let out = "";
  for (let i = 0; i < chars; i++) {
    const bit = i * 5;
    const byte = bit >> 3;
    const word = (bytes[byte]! << 8) | (bytes[byte + 1] ?? 0);
    out += ALPHABET[(word >> (11 - (bit & 7))) & 31];
  }
  return out;
}

/** HMAC-SHA-256(key, context ‖ user ID): the 32 bytes every keyed label part is cut from. */
export function labelDigest(key: Uint8Array, userId: string): Uint8Array {
  if (key.length !== LABEL_KEY_BYTES) throw new Error(`a label key has ${LABEL_KEY_BYTES} bytes`);
  const id = new TextEncoder().encode(userId);
  const message = new Uint8Array(CONTEXT.length + id.length);
  message.set(CONTEXT);
  message.set(id, CONTEXT.length);
  return hmac(sha256, key, message);
}

/** The keyed label: 55 bits as 11 base32 characters in groups of 4-4-3, the hue from the digest's last bytes. */
export function keyedLabel(key: Uint8Array, userId: string): WalletLabel {
  const digest = labelDigest(key, userId);
  const code = base32Bits(digest, CODE_CHARS);
  const hue = (((digest[28]! << 8) | digest[29]!) >>> 0) % 360;
  return {
    text: `Wallet ${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`,
    code,
    hue,
    provisional: false,
  };
}

/** The provisional code: 6 characters (30 bits) of a public hash. Anyone can compute it: never trust it. */
export function walletCode(userId: string): string {
  return base32(hash53(userId) % 2 ** 30, 6);
}

/** "Wallet 7f3k·c2": the provisional label (no key yet). Its format differs from a keyed label on purpose. */
export function walletLabel(userId: string): string {
  const code = walletCode(userId);
  return `Wallet ${code.slice(0, 4)}·${code.slice(4)}`;
}

/** The provisional avatar hue (public hash, independent of the code's characters). */
export function walletHue(userId: string): number {
  return hash53(userId, 7) % 360;
}

/** The label a device shows: keyed when it has the key, provisional otherwise. */
export function labelFor(key: Uint8Array | null, userId: string): WalletLabel {
  if (key) return keyedLabel(key, userId);
  return { text: walletLabel(userId), code: walletCode(userId), hue: walletHue(userId), provisional: true };
}

/** The server part of a Matrix user ID (`@local:server` → `server`), or null when it is not a user ID. */
export function serverOf(userId: string): string | null {
  const match = /^@[^:]+:(.+)$/.exec(userId);
  return match?.[1] ?? null;
}
