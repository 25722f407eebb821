// Anonymous, stable labels for wallets. Wallet user IDs are derived from DIDs (`@did-key-z6mk…:server`): they
// identify a person's wallet, so the console never uses them as a headline. A label is a short hash of the
// user ID: the same wallet always gets the same label, and nothing about the DID can be read back from it.

// Crockford-style base32 without look-alikes (no i, l, o, u).
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain), synchronous so lists can use it. */
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

/** The 6-character code inside a label, e.g. `7f3k·c2` without the dot: 30 bits, so 10,000 wallets rarely collide. */
export function walletCode(userId: string): string {
  return base32(hash53(userId) % 2 ** 30, 6);
}

/** "Wallet 7f3k·c2": what the agent sees for a wallet. */
export function walletLabel(userId: string): string {
  const code = walletCode(userId);
  return `Wallet ${code.slice(0, 4)}·${code.slice(4)}`;
}

/** A hue (0–359) for the wallet's generated avatar, independent of the label's characters. */
export function walletHue(userId: string): number {
  return hash53(userId, 7) % 360;
}

/** The server part of a Matrix user ID (`@local:server` → `server`), or null when it is not a user ID. */
export function serverOf(userId: string): string | null {
  const match = /^@[^:]+:(.+)$/.exec(userId);
  return match?.[1] ?? null;
}
