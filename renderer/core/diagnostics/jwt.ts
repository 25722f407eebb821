// Reading a JWT that arrived inside wallet content (a request object, a pre-authorized code): its header and
// payload decoded locally. Nothing is verified — the console has no business trusting or fetching keys — so
// the result only says what the token claims.
import { base64urlJson, isObject } from "./text.ts";

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** A signature part is there (its validity is not checked). */
  signed: boolean;
}

const COMPACT = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;

/** The header and payload of a compact JWS, or null when `text` isn't one (a JWE is not readable either). */
export function decodeJwt(text: string): DecodedJwt | null {
  if (!COMPACT.test(text)) return null;
  const [h, p, s] = text.split(".") as [string, string, string];
  const header = base64urlJson(h);
  const payload = base64urlJson(p);
  if (!isObject(header) || !isObject(payload)) return null;
  return { header, payload, signed: s.length > 0 && header.alg !== "none" };
}

/** The JWT's `exp` as milliseconds, when it is a plausible number of seconds. */
export function expiryOf(payload: Record<string, unknown>): number | null {
  const exp = payload.exp;
  return typeof exp === "number" && Number.isFinite(exp) && exp > 0 && exp < 1e11 ? exp * 1000 : null;
}
