// Finds private keys in a message, in the shapes wallets export them:
// - 64 hex digits (an Ethereum/secp256k1 or ed25519 key, "0x" or not) — unless the words or link around it say
//   it is a transaction or block hash or a file's checksum, which have the same shape; with no such hint it
//   counts as a key, because hiding a hash by mistake costs a click and showing a key costs the funds;
// - WIF (Bitcoin's base58check key, mainnet or testnet, compressed or not), BIP-38 encrypted keys;
// - extended private keys (xprv, tprv, yprv, zprv and their multisig/testnet cousins) — never xpub & co.,
//   which are public;
// - an Ethereum keystore (encrypted JSON: it falls to a password guess, so it is as good as the key);
// - a 64-byte JSON array (Solana's keypair file).
// Every candidate is confirmed by its structure (base58check decoded with @scure/base, version bytes, JSON
// fields); none is taken on its look alone. Linear: each pattern is a single forward scan.
import { createBase58check } from "@scure/base";
import { sha256 } from "@noble/hashes/sha2.js";

export type KeyFormat = "hex" | "wif" | "bip38" | "extended-private" | "keystore" | "byte-array";

export interface KeyMatch {
  kind: "private-key";
  format: KeyFormat;
  start: number;
  end: number;
}

const base58check = /* @__PURE__ */ createBase58check(sha256);
const B58 = "1-9A-HJ-NP-Za-km-z";

function decode58(text: string): Uint8Array | null {
  try {
    return base58check.decode(text);
  } catch {
    return null;
  }
}

// Words and links that make a 64-hex string a hash rather than a key. Looked for in the text just before it.
const HASH_HINT =
  /\b(?:tx|txs|txid|txn|txhash|tx\s*hash|hash|hashes|transactions?|transfers?|transferts?|virements?|paiements?|payments?|deposits?|dépôts?|depots?|withdrawals?|retraits?|blocks?|blockhash|commit|sha-?256|sha256sum|digest|checksum|explorer|etherscan|bscscan|polygonscan|arbiscan|snowtrace|blockstream|mempool|blockchair|solscan|tronscan)\b|\/(?:tx|block|transaction)\/(?:0x)?$/iu;
const HEX64 = /(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])/g;
// "3a7b…  console.AppImage" (sha256sum's output): the file it is the digest of follows.
const FILE_AFTER = /^ {1,2}\*?[\w.-]+\.[A-Za-z0-9]{2,8}\b/;
/** Part of a link (a path segment or a query value: a reset token, an explorer page). */
function inLink(text: string, at: number): boolean {
  let from = at;
  while (from > 0 && at - from < 300 && !/\s/.test(text[from - 1]!)) from--;
  return text.slice(from, at).includes("://");
}

function looksRandom(hex: string): boolean {
  // Padded words ("000…0001") and repeated digits are not keys a wallet would produce.
  if (/^0{16}/.test(hex)) return false;
  return new Set(hex.toLowerCase()).size >= 10;
}

function hexKeys(text: string, out: KeyMatch[]): void {
  for (const m of text.matchAll(HEX64)) {
    const hex = m[0].replace(/^0x/, "");
    if (!looksRandom(hex)) continue;
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    if (HASH_HINT.test(before) || inLink(text, m.index)) continue;
    if (FILE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 80))) continue;
    out.push({ kind: "private-key", format: "hex", start: m.index, end: m.index + m[0].length });
  }
}

const WIF = new RegExp(`(?<![${B58}])[5KLc9][${B58}]{50,51}(?![${B58}])`, "g");
const BIP38 = new RegExp(`(?<![${B58}])6P[${B58}]{56}(?![${B58}])`, "g");
const EXTENDED = new RegExp(`(?<![${B58}])[xtyzuvYZUV]prv[${B58}]{100,112}(?![${B58}])`, "g");

// Version bytes of extended private keys (BIP-32, SLIP-132): xprv tprv yprv zprv Yprv Zprv uprv vprv Uprv Vprv.
const PRIVATE_VERSIONS = /* @__PURE__ */ new Set([
  0x0488ade4, 0x04358394, 0x049d7878, 0x04b2430c, 0x0295b005, 0x02aa7a99, 0x044a4e28, 0x045f18bc, 0x024285b5,
  0x02575048,
]);

function base58Keys(text: string, out: KeyMatch[]): void {
  for (const m of text.matchAll(WIF)) {
    const bytes = decode58(m[0]);
    if (!bytes) continue;
    const versionOk = bytes[0] === 0x80 || bytes[0] === 0xef;
    const shapeOk = bytes.length === 33 || (bytes.length === 34 && bytes[33] === 0x01);
    if (versionOk && shapeOk)
      out.push({ kind: "private-key", format: "wif", start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(BIP38)) {
    const bytes = decode58(m[0]);
    if (bytes?.length === 39 && bytes[0] === 0x01 && (bytes[1] === 0x42 || bytes[1] === 0x43))
      out.push({ kind: "private-key", format: "bip38", start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(EXTENDED)) {
    const bytes = decode58(m[0]);
    if (!bytes || bytes.length !== 78) continue;
    const version = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    // A private extended key carries 0x00 before its 32-byte key; a public one a 0x02/0x03 point.
    if (PRIVATE_VERSIONS.has(version) && bytes[45] === 0x00)
      out.push({
        kind: "private-key",
        format: "extended-private",
        start: m.index,
        end: m.index + m[0].length,
      });
  }
}

const CIPHERTEXT = /"ciphertext"\s*:\s*"[0-9a-fA-F]{32,}"/g;
const REACH = 4000;

/** The end of the JSON object starting at `open` (a "{"), skipping strings; -1 when it isn't closed nearby. */
function objectEnd(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, open + REACH);
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

function keystores(text: string, out: KeyMatch[]): void {
  let coveredTo = -1;
  for (const m of text.matchAll(CIPHERTEXT)) {
    if (m.index < coveredTo) continue;
    const around = text.slice(Math.max(0, m.index - REACH), Math.min(text.length, m.index + REACH));
    if (!/"kdf"\s*:/.test(around) || !/"mac"\s*:/.test(around)) continue;
    // The keystore object: the "{" before its "crypto" member, when there is one; else the crypto object's.
    const windowStart = Math.max(0, m.index - REACH);
    const head = text.slice(windowStart, m.index);
    const cryptoAt = head.search(/"[Cc]rypto"\s*:\s*\{[^{}]*$/);
    const anchor = cryptoAt >= 0 ? windowStart + cryptoAt : m.index;
    let start = text.lastIndexOf("{", anchor);
    if (start < windowStart) start = m.index;
    let end = start < m.index ? objectEnd(text, start) : -1;
    if (end < 0) end = Math.min(text.length, m.index + m[0].length);
    out.push({ kind: "private-key", format: "keystore", start, end });
    coveredTo = end;
  }
}

const BYTE_ARRAY = /\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*\]/g;

function byteArrays(text: string, out: KeyMatch[]): void {
  for (const m of text.matchAll(BYTE_ARRAY)) {
    const bytes = m[0]
      .slice(1, -1)
      .split(",")
      .map((n) => Number(n.trim()));
    if (bytes.every((b) => b <= 255) && new Set(bytes).size >= 24)
      out.push({ kind: "private-key", format: "byte-array", start: m.index, end: m.index + m[0].length });
  }
}

export function findPrivateKeys(text: string): KeyMatch[] {
  const out: KeyMatch[] = [];
  keystores(text, out);
  hexKeys(text, out);
  base58Keys(text, out);
  byteArrays(text, out);
  // A hex string inside a keystore (its ciphertext, salt or mac) is part of that keystore, not a second key.
  const keep = out.filter(
    (m) =>
      !out.some((o) => o !== m && o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start),
  );
  return keep.sort((a, b) => a.start - b.start);
}
