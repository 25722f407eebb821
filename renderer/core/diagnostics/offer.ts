// OpenID4VCI credential offers (OpenID for Verifiable Credential Issuance 1.0, section 4.1): the offer by value
// (`credential_offer=` JSON) or by reference (`credential_offer_uri=`, shown and never fetched), read against the
// spec — issuer, credential configuration ids, grants (pre-authorized code with or without a transaction code,
// authorization code) — and the shapes of older drafts that wallets still meet (draft 11/12 `credentials` and
// `user_pin_required`, draft 8 `openid-initiate-issuance://`).
import { expiryOf, decodeJwt } from "./jwt.ts";
import {
  displayText,
  hostOf,
  isObject,
  MAX_LIST,
  parseJson,
  parseUrl,
  queryParams,
  safeHref,
  schemeOf,
  str,
} from "./text.ts";
import { Collector } from "./collect.ts";
import type { Diagnostic } from "./types.ts";

export const PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
/** Custom schemes that carry credential offers: the spec's own, HAIP's, and draft 8's. */
export const OFFER_SCHEMES = new Set(["openid-credential-offer", "haip-vci", "openid-initiate-issuance"]);

/** Whether `uri` is a credential offer: an offer scheme, or any link carrying the offer parameters. */
export function isCredentialOffer(uri: string): boolean {
  if (OFFER_SCHEMES.has(schemeOf(uri))) return true;
  const params = queryParams(uri);
  return params.has("credential_offer") || params.has("credential_offer_uri");
}

export function parseCredentialOffer(uri: string): Diagnostic {
  const c = new Collector();
  const scheme = schemeOf(uri);
  c.rows.push({ label: "scheme", value: { text: schemeLabel(uri, scheme) }, mono: true });
  const params = queryParams(uri);
  if (scheme === "openid-initiate-issuance") {
    legacyInitiation(params, c);
  } else {
    const byValue = params.get("credential_offer");
    const byReference = params.get("credential_offer_uri");
    if (byValue !== null && byReference !== null) c.problem("offer.both-value-and-reference");
    if (byValue === null && byReference === null) c.problem("offer.neither-value-nor-reference");
    if (byReference !== null) reference(byReference, c);
    else if (byValue !== null) offerObject(byValue, c);
  }
  c.advise("offer.fails.metadata");
  c.advise("offer.fails.configuration");
  return c.finish("credential-offer", uri);
}

function schemeLabel(uri: string, scheme: string): string {
  if (scheme === "https" || scheme === "http") return displayText(hostOf(uri) ?? uri);
  return `${scheme}://`;
}

function reference(value: string, c: Collector): void {
  c.rows.push({ label: "delivery", value: { code: "delivery.by-reference" } });
  c.rows.push({ label: "offerUri", value: { text: displayText(value) }, mono: true });
  const url = parseUrl(value);
  if (!url || url.protocol !== "https:") c.problem("offer.reference-not-https");
  const host = hostOf(value);
  // The offer itself is only at that address: say so, and never fetch it.
  c.advise("offer.does.by-reference", { host: displayText(host ?? value, 80) });
  c.advise("offer.fails.expired");
}

function offerObject(json: string, c: Collector): void {
  c.rows.push({ label: "delivery", value: { code: "delivery.by-value" } });
  const offer = parseJson(json);
  if (offer === undefined) return c.problem("offer.not-json");
  if (!isObject(offer)) return c.problem("offer.not-object");
  issuer(offer.credential_issuer, c);
  configurations(offer, c);
  grants(offer.grants, c);
}

function issuer(value: unknown, c: Collector): void {
  const text = str(value);
  if (text === null) return c.problem("offer.issuer-missing");
  c.rows.push({ label: "issuer", value: { text: displayText(text) }, href: safeHref(text), mono: true });
  const url = parseUrl(text);
  if (!url || url.protocol !== "https:") return c.problem("offer.issuer-not-https");
  if (url.search || url.hash || text.includes("#")) c.problem("offer.issuer-has-query");
  // Section 12.2.2: the well-known segment goes between the host and the issuer's path.
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  const metadata = `${url.origin}/.well-known/openid-credential-issuer${path}`;
  c.rows.push({
    label: "metadataUrl",
    value: { text: displayText(metadata) },
    href: safeHref(metadata),
    mono: true,
  });
  c.advise("offer.does.metadata", { url: displayText(metadata, 120) });
}

function configurations(offer: Record<string, unknown>, c: Collector): void {
  let ids: unknown = offer.credential_configuration_ids;
  if (ids === undefined && Array.isArray(offer.credentials)) {
    // Drafts 11 and 12 listed `credentials` (ids or {format, types} objects) instead.
    c.warning("offer.legacy-credentials");
    ids = offer.credentials.map((entry) => (isObject(entry) ? legacyCredentialName(entry) : entry));
  }
  if (ids === undefined) return c.problem("offer.ids-missing");
  if (!Array.isArray(ids)) return c.problem("offer.ids-not-strings");
  if (ids.length === 0) return c.problem("offer.ids-empty");
  const strings = ids.filter((id): id is string => typeof id === "string");
  if (strings.length !== ids.length) c.problem("offer.ids-not-strings");
  if (new Set(strings).size !== strings.length) c.problem("offer.ids-duplicate");
  c.rows.push({ label: "configurations", value: { text: listText(strings) }, mono: true });
}

function legacyCredentialName(entry: Record<string, unknown>): string {
  const types = Array.isArray(entry.types) ? entry.types : Array.isArray(entry.type) ? entry.type : [];
  const last = types.length > 0 ? types[types.length - 1] : undefined;
  return typeof last === "string" ? last : (str(entry.format) ?? "?");
}

export function listText(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LIST).map((item) => displayText(item, 80));
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(", ")} (+${more})` : shown.join(", ");
}

function grants(value: unknown, c: Collector): void {
  if (value === undefined) {
    c.note("offer.no-grants");
    return;
  }
  if (!isObject(value)) return c.problem("offer.grants-not-object");
  const names = Object.keys(value);
  if (names.length === 0) c.note("offer.no-grants");
  for (const name of names.slice(0, MAX_LIST)) {
    const grant = value[name];
    if (name === PRE_AUTHORIZED_GRANT) preAuthorized(grant, c);
    else if (name === "authorization_code") authorizationCode(grant, c);
    else c.note("offer.unknown-grant", { grant: displayText(name, 80) });
  }
}

function preAuthorized(grant: unknown, c: Collector): void {
  c.rows.push({ label: "grant", value: { code: "grant.pre-authorized" } });
  const g = isObject(grant) ? grant : {};
  const code = str(g["pre-authorized_code"]);
  if (code === null) c.problem("offer.pre-auth-code-missing");
  else {
    // The code is a bearer secret: the card says it is there (and when it expires), never what it is.
    c.rows.push({ label: "preAuthorizedCode", value: { code: "present" } });
    const jwt = decodeJwt(code);
    const expires = jwt ? expiryOf(jwt.payload) : null;
    if (expires !== null) c.rows.push({ label: "expires", value: { time: expires } });
  }
  c.advise("offer.does.pre-auth");
  c.advise("offer.fails.expired");
  if ("tx_code" in g) txCode(g.tx_code, c);
  else if (g.user_pin_required === true) {
    c.warning("offer.legacy-user-pin");
    c.rows.push({
      label: "txCode",
      value: { code: "txCode.required", params: { detail: "user_pin_required" } },
    });
    c.advise("offer.does.tx-code");
    c.advise("offer.fails.tx-code");
  } else c.rows.push({ label: "txCode", value: { code: "txCode.none" } });
}

function txCode(value: unknown, c: Collector): void {
  if (!isObject(value)) {
    c.problem("offer.tx-code-not-object");
    return;
  }
  const parts: string[] = [];
  const mode = value.input_mode;
  if (mode !== undefined && mode !== "numeric" && mode !== "text") {
    c.problem("offer.tx-code-input-mode", { value: displayText(String(mode), 40) });
  }
  parts.push(typeof mode === "string" ? displayText(mode, 20) : "numeric");
  const length = value.length;
  if (length !== undefined) {
    if (typeof length !== "number" || !Number.isInteger(length) || length <= 0 || length > 1000) {
      c.problem("offer.tx-code-length", { value: displayText(String(length), 40) });
    } else parts.push(`${length}`);
  }
  const description = value.description;
  if (typeof description === "string") {
    if (description.length > 300) c.problem("offer.tx-code-description-long", { length: description.length });
    parts.push(`“${displayText(description, 160)}”`);
  }
  c.rows.push({ label: "txCode", value: { code: "txCode.required", params: { detail: parts.join(" · ") } } });
  c.advise("offer.does.tx-code");
  c.advise("offer.fails.tx-code");
}

function authorizationCode(grant: unknown, c: Collector): void {
  c.rows.push({ label: "grant", value: { code: "grant.authorization-code" } });
  const g = isObject(grant) ? grant : {};
  if (typeof g.issuer_state === "string") c.rows.push({ label: "issuerState", value: { code: "present" } });
  c.advise("offer.does.auth-code");
  c.advise("offer.fails.sign-in");
}

/** Draft 8's `openid-initiate-issuance://?issuer=…&credential_type=…&pre-authorized_code=…&user_pin_required=…`. */
function legacyInitiation(params: URLSearchParams, c: Collector): void {
  c.warning("offer.legacy-initiate-issuance");
  c.rows.push({ label: "delivery", value: { code: "delivery.by-value" } });
  issuer(params.get("issuer") ?? undefined, c);
  const types = params.getAll("credential_type");
  if (types.length === 0) c.problem("offer.ids-missing");
  else c.rows.push({ label: "configurations", value: { text: listText(types) }, mono: true });
  if (params.has("pre-authorized_code")) {
    preAuthorized(
      {
        "pre-authorized_code": params.get("pre-authorized_code"),
        user_pin_required: params.get("user_pin_required") === "true",
      },
      c,
    );
  } else authorizationCode({ issuer_state: params.get("op_state") ?? undefined }, c);
}
