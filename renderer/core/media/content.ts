// Reads where an image lives from a message's content, defensively: content comes from anonymous wallets and
// may be junk. Validates the mxc URL and the EncryptedFile fields and returns a clean copy (only the fields the
// console uses), a "malformed" MediaError, or null when the content carries no media at all. Never throws.
import { MediaError } from "./errors.ts";

/** An EncryptedFile (spec: "Extensions to m.room.message msgtypes"), re-built with only the checked fields. */
export interface EncryptedFile {
  url: string;
  key: { kty: "oct"; alg: "A256CTR"; k: string; key_ops: string[]; ext: true };
  iv: string;
  hashes: { sha256: string };
  v: "v2";
}

/** One downloadable piece of media: the image itself or its thumbnail. */
export interface MediaRef {
  mxc: string;
  server: string;
  mediaId: string;
  /** Set when the media is end-to-end encrypted; null for a plain `url`. */
  file: EncryptedFile | null;
  /** The sender's claimed size (`info.size`), used only to refuse early; never trusted to be true. */
  claimedSize: number | null;
}

export interface ImageSource extends MediaRef {
  /** The sender's claimed MIME type; informative only, the bytes decide. */
  claimedMime: string | null;
  thumbnail: MediaRef | null;
}

// Server names: hostname, IPv4 or [IPv6], optional port (spec appendix "Server name"). Media IDs: [A-Za-z0-9_-].
const SERVER_NAME = /^(?:[A-Za-z0-9.-]{1,255}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;
const MEDIA_ID = /^[A-Za-z0-9_-]{1,255}$/;
const KEY_K = /^[A-Za-z0-9_-]{43}=?$/; // 256-bit key, unpadded base64url (JWK)
const IV = /^[A-Za-z0-9+/_-]{22}(?:==)?$/; // 128-bit counter block
const SHA256 = /^[A-Za-z0-9+/_-]{43}=?$/;

export function parseMxc(url: unknown): { mxc: string; server: string; mediaId: string } | null {
  if (typeof url !== "string" || !url.startsWith("mxc://")) return null;
  const rest = url.slice("mxc://".length);
  const slash = rest.indexOf("/");
  if (slash < 0) return null;
  const server = rest.slice(0, slash);
  const mediaId = rest.slice(slash + 1);
  if (!SERVER_NAME.test(server) || !MEDIA_ID.test(mediaId)) return null;
  return { mxc: url, server, mediaId };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown, pattern: RegExp): string | null {
  return typeof value === "string" && pattern.test(value) ? value : null;
}

/** A clean EncryptedFile, or a sentence saying which part is wrong. */
export function parseEncryptedFile(value: unknown): EncryptedFile | string {
  if (!isRecord(value)) return "the encrypted file description is not an object";
  if (value.v !== "v2") return "the encrypted file uses an unsupported version (only v2 is accepted)";
  const location = parseMxc(value.url);
  if (!location) return "the encrypted file has no valid mxc:// URL";
  const key = value.key;
  if (!isRecord(key) || key.kty !== "oct" || key.alg !== "A256CTR")
    return "the file key is not an AES-256-CTR key";
  const k = str(key.k, KEY_K);
  if (!k) return "the file key is not a 256-bit key";
  if (key.key_ops !== undefined && (!Array.isArray(key.key_ops) || !key.key_ops.includes("decrypt")))
    return "the file key may not be used to decrypt";
  const iv = str(value.iv, IV);
  if (!iv) return "the file's initialisation vector is invalid";
  const sha256 = isRecord(value.hashes) ? str(value.hashes.sha256, SHA256) : null;
  if (!sha256) return "the file has no valid SHA-256 hash, so its integrity cannot be checked";
  return {
    url: location.mxc,
    // WebCrypto's JWK import insists on these two; senders vary, the key material is what matters.
    key: { kty: "oct", alg: "A256CTR", k, key_ops: ["encrypt", "decrypt"], ext: true },
    iv,
    // matrix-encrypt-attachment compares unpadded base64 strings.
    hashes: { sha256: sha256.replace(/=+$/, "") },
    v: "v2",
  };
}

function size(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function malformed(detail: string): MediaError {
  return new MediaError("malformed", `This image cannot be shown: ${detail}.`);
}

function ref(url: unknown, file: unknown, info: unknown): MediaRef | MediaError | null {
  const claimedSize = isRecord(info) ? size(info.size) : null;
  if (file !== undefined) {
    const parsed = parseEncryptedFile(file);
    if (typeof parsed === "string") return malformed(parsed);
    const { server, mediaId } = parseMxc(parsed.url)!;
    return { mxc: parsed.url, server, mediaId, file: parsed, claimedSize };
  }
  if (url === undefined) return null;
  const location = parseMxc(url);
  if (!location) return malformed("its address is not a valid mxc:// URL");
  return { ...location, file: null, claimedSize };
}

/**
 * Where an image message's media lives. `file` (encrypted) wins over `url` when both are present, as in Element.
 * The thumbnail is optional: a broken thumbnail is dropped, not fatal.
 */
export function mediaSourceFromContent(content: unknown): ImageSource | MediaError | null {
  if (!isRecord(content)) return null;
  const info = isRecord(content.info) ? content.info : null;
  const main = ref(content.url, content.file, info);
  if (!main || main instanceof MediaError) return main;
  let thumbnail: MediaRef | null = null;
  if (info) {
    const t = ref(info.thumbnail_url, info.thumbnail_file, info.thumbnail_info);
    if (t && !(t instanceof MediaError)) thumbnail = t;
  }
  const claimedMime = info && typeof info.mimetype === "string" ? info.mimetype.slice(0, 100) : null;
  return { ...main, claimedMime, thumbnail };
}

/** Cache identity: encrypted media is keyed by its key and hash too, so a reused mxc with another key can't hit. */
export function mediaKey(media: MediaRef): string {
  return media.file ? `${media.mxc}#${media.file.hashes.sha256}.${media.file.key.k}` : media.mxc;
}
