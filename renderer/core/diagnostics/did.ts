// Decentralized identifiers (W3C DID Core syntax) as wallets quote them: the method, and for the methods that
// carry their key inside the identifier — did:key (multibase base58btc + multicodec) and did:jwk (base64url
// JWK) — the key type, decoded locally. did:web is turned into the address of its DID document (shown, not
// fetched); did:ebsi legal-entity identifiers are checked for their 17-byte shape.
import { Collector } from "./collect.ts";
import {
  base58btcBytes,
  base64urlJson,
  displayText,
  isObject,
  parseJson,
  parseUrl,
  safeHref,
  str,
  utf8,
} from "./text.ts";
import type { Diagnostic } from "./types.ts";

/** A DID in running text: method, then an id of the allowed characters (a trailing dot or colon is prose). */
export const DID_PATTERN = /\bdid:[a-z0-9]{1,40}:[A-Za-z0-9._%:-]{1,4096}(?:#[A-Za-z0-9._%:-]{1,200})?/g;
const DID_SYNTAX = /^did:([a-z0-9]+):([A-Za-z0-9._%:-]*[A-Za-z0-9._%-])$/;

/** Multicodec public-key codes (https://github.com/multiformats/multicodec) → name and raw key length. */
const KEY_CODECS: Record<number, { name: string; length: number | null }> = {
  0xed: { name: "Ed25519", length: 32 },
  0xec: { name: "X25519", length: 32 },
  0xe7: { name: "secp256k1", length: 33 },
  0x1200: { name: "P-256", length: 33 },
  0x1201: { name: "P-384", length: 49 },
  0x1202: { name: "P-521", length: null },
  0x1203: { name: "Ed448", length: 57 },
  0x1205: { name: "RSA", length: null },
  0xea: { name: "BLS12-381 G1", length: 48 },
  0xeb: { name: "BLS12-381 G2", length: 96 },
};
/** jwk_jcs-pub: the key is a JSON JWK (EBSI's did:key for natural persons). */
const JWK_JCS = 0xeb51;

export function parseDid(text: string): Diagnostic {
  const c = new Collector();
  const did = text.split(/[#?/]/, 1)[0]!;
  const m = DID_SYNTAX.exec(did);
  c.rows.push({ label: "identifier", value: { text: displayText(text) }, mono: true });
  if (!m) {
    c.problem("did.malformed");
    return c.finish("did", text);
  }
  const [, method, id] = m as unknown as [string, string, string];
  c.rows.unshift({ label: "method", value: { text: `did:${method}` }, mono: true });
  switch (method) {
    case "key":
      didKey(id, c);
      break;
    case "jwk":
      didJwk(id, c);
      break;
    case "web":
      didWeb(id, c);
      break;
    case "ebsi":
      didEbsi(id, c);
      break;
    default:
      c.note("did.not-decoded", { method });
      c.advise("did.does.other", { method });
  }
  if (c.has("did.jwk-private-key")) {
    // The identifier itself encodes the private key: never shown, copied or kept, only its method.
    const redacted = `did:${method}:…`;
    c.rows.splice(
      0,
      c.rows.length,
      ...c.rows.map((r) => (r.label === "identifier" ? { ...r, value: { text: redacted } } : r)),
    );
    return c.finish("did", redacted);
  }
  return c.finish("did", text);
}

function didKey(id: string, c: Collector): void {
  c.advise("did.does.self-contained");
  c.advise("did.fails.key-type");
  if (!id.startsWith("z")) return c.problem("did.multibase", { prefix: displayText(id.slice(0, 1), 4) });
  const bytes = base58btcBytes(id.slice(1));
  if (!bytes) return c.problem("did.base58");
  const varint = readVarint(bytes);
  if (!varint) return c.problem("did.base58");
  const key = bytes.subarray(varint.size);
  if (varint.value === JWK_JCS) {
    const json = utf8(key);
    return jwkKeyType(json === null ? undefined : parseJson(json), c);
  }
  const codec = KEY_CODECS[varint.value];
  if (!codec) return c.warning("did.multicodec-unknown", { code: `0x${varint.value.toString(16)}` });
  let name = codec.name;
  if (codec.name === "RSA") name = `RSA (${key.length} bytes)`;
  c.rows.push({ label: "keyType", value: { text: name } });
  // P-256 and friends may also be given uncompressed (0x04 + x + y).
  const uncompressed = codec.length !== null && key[0] === 4 && key.length === (codec.length - 1) * 2 + 1;
  if (codec.length !== null && key.length !== codec.length && !uncompressed) {
    c.problem("did.key-length", { expected: codec.length, actual: key.length, type: codec.name });
  }
}

function didJwk(id: string, c: Collector): void {
  c.advise("did.does.self-contained");
  c.advise("did.fails.key-type");
  const jwk = base64urlJson(id);
  if (jwk === undefined) {
    // Tell "not base64url at all" from "base64url of something that isn't JSON".
    return c.problem(/^[A-Za-z0-9_-]+={0,2}$/.test(id) ? "did.jwk-not-json" : "did.jwk-base64");
  }
  jwkKeyType(jwk, c);
}

function jwkKeyType(jwk: unknown, c: Collector): void {
  if (!isObject(jwk)) return c.problem("did.jwk-not-json");
  const kty = str(jwk.kty);
  if (kty === null) return c.problem("did.jwk-kty");
  const crv = str(jwk.crv);
  const parts = [crv ? `${displayText(crv, 20)} (${displayText(kty, 10)})` : displayText(kty, 10)];
  if (typeof jwk.alg === "string") parts.push(`alg ${displayText(jwk.alg, 20)}`);
  if (typeof jwk.use === "string") parts.push(`use ${displayText(jwk.use, 10)}`);
  c.rows.push({ label: "keyType", value: { text: parts.join(" · ") } });
  // A private JWK parameter in a public identifier means the wallet published its secret key.
  if (["d", "p", "q", "dp", "dq", "qi", "k"].some((name) => name in jwk)) c.problem("did.jwk-private-key");
}

function didWeb(id: string, c: Collector): void {
  const [domain, ...path] = id.split(":");
  const host = decodeURIComponentSafe(domain ?? "");
  const url = host && !host.includes("/") ? parseUrl(`https://${host}/`) : null;
  if (!url || url.host !== host.toLowerCase() || path.some((p) => p === "")) {
    c.problem("did.web-host");
    return;
  }
  const document =
    path.length > 0
      ? `${url.origin}/${path.map(decodeURIComponentSafe).join("/")}/did.json`
      : `${url.origin}/.well-known/did.json`;
  c.rows.push({
    label: "documentUrl",
    value: { text: displayText(document) },
    href: safeHref(document),
    mono: true,
  });
  c.advise("did.does.web", { url: displayText(document, 120) });
  c.advise("did.fails.web");
}

function didEbsi(id: string, c: Collector): void {
  c.advise("did.does.ebsi");
  c.advise("did.fails.ebsi");
  const bytes = id.startsWith("z") ? base58btcBytes(id.slice(1)) : null;
  // EBSI legal-entity DIDs: multibase base58btc of version byte 0x01 followed by 16 random bytes.
  if (!bytes || bytes.length !== 17 || bytes[0] !== 1) c.problem("did.ebsi-id");
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return "";
  }
}

/** An unsigned LEB128 varint (multicodec prefix), at most 4 bytes. */
function readVarint(bytes: Uint8Array): { value: number; size: number } | null {
  let value = 0;
  for (let i = 0; i < Math.min(bytes.length, 4); i++) {
    value += (bytes[i]! & 0x7f) * 2 ** (7 * i);
    if ((bytes[i]! & 0x80) === 0) return { value, size: i + 1 };
  }
  return null;
}
