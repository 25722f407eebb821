// The hostile-input toolkit every recogniser uses: length caps, text made safe to show (no control or
// bidirectional characters, capped with an ellipsis), JSON and base64url decoding that return null instead of
// throwing, and small readers for untyped JSON.
import { base58, base64urlnopad } from "@scure/base";

/** Longest candidate (a link, a DID, a QR code's text) looked at; longer ones are cut, never parsed whole. */
export const MAX_CANDIDATE = 16 * 1024;
/** Longest value shown in a row. */
export const MAX_VALUE = 240;
/** Most items listed from an array (credential configurations, DCQL queries). */
export const MAX_LIST = 8;
/** Longest base58 input decoded (the decoder is quadratic; real did:key values are under 500 characters). */
const MAX_BASE58 = 2048;

// C0/C1 controls (except tab and newline) and the bidirectional overrides that can make text read backwards.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with invisible and direction-changing characters shown as "�", cut to `max` with an ellipsis. */
export function displayText(text: string, max = MAX_VALUE): string {
  const clean = text.replace(UNSAFE, "\ufffd");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Whether the text looks like binary data rather than words (controls or decoding replacement characters). */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let odd = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c < 0xa0)) odd++;
  }
  return sample.length > 0 && odd / sample.length > 0.02;
}

export function parseJson(text: string): unknown {
  if (text.length > MAX_CANDIDATE) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** base64url (padding tolerated) to bytes, or null. */
export function base64urlBytes(text: string): Uint8Array | null {
  if (text.length > MAX_CANDIDATE || !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  try {
    return base64urlnopad.decode(text.replace(/=+$/, ""));
  } catch {
    return null;
  }
}

export function base64urlJson(text: string): unknown {
  const bytes = base64urlBytes(text);
  if (!bytes) return undefined;
  const decoded = utf8(bytes);
  return decoded === null ? undefined : parseJson(decoded);
}

/** Bitcoin-alphabet base58 (multibase "z") to bytes, or null. */
export function base58btcBytes(text: string): Uint8Array | null {
  if (text.length === 0 || text.length > MAX_BASE58) return null;
  try {
    return base58.decode(text);
  } catch {
    return null;
  }
}

export function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** An absolute URL, or null (no throwing on garbage). */
export function parseUrl(text: string): URL | null {
  if (text.length > MAX_CANDIDATE) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The query parameters of any URI, custom scheme or not ("openid4vp://?a=1", "openid://authorize?a=1"). */
export function queryParams(uri: string): URLSearchParams {
  const q = uri.indexOf("?");
  if (q < 0) return new URLSearchParams();
  const hash = uri.indexOf("#", q);
  return new URLSearchParams(uri.slice(q + 1, hash < 0 ? undefined : hash));
}

/** The part before "://" (or before ":" for URIs without an authority), lower-cased. */
export function schemeOf(uri: string): string {
  const m = /^([a-z][a-z0-9+.-]{0,40}):/i.exec(uri);
  return m ? m[1]!.toLowerCase() : "";
}

/** The host of an https/http URL for a row, or null. */
export function hostOf(text: string): string | null {
  const url = parseUrl(text);
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url.host : null;
}

/** `value` when it is an https URL without credentials, for a row the agent may click. */
export function safeHref(value: string): string | undefined {
  const url = parseUrl(value);
  return url && url.protocol === "https:" && !url.username && !url.password ? url.href : undefined;
}
