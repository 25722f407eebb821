// OpenID4VP and SIOPv2 authorization requests (OpenID for Verifiable Presentations 1.0, sections 5 and 11;
// Self-Issued OpenID Provider v2): who asks (client_id and its prefix, or a pre-1.0 draft's client_id_scheme),
// how the answer travels (response_mode, response_uri), where the request is (inline parameters, a request object
// by value — decoded here, never verified — or by reference, shown and never fetched) and what is asked (a DCQL
// query, or a pre-1.0 Presentation Exchange definition).
import { Collector } from "./collect.ts";
import { decodeJwt, expiryOf, type DecodedJwt } from "./jwt.ts";
import { listText } from "./offer.ts";
import { displayText, hostOf, isObject, parseJson, parseUrl, queryParams, schemeOf, str } from "./text.ts";
import type { Diagnostic } from "./types.ts";

/** Custom schemes wallets register for presentation and SIOP requests. */
export const REQUEST_SCHEMES = new Set([
  "openid4vp",
  "haip",
  "haip-vp",
  "eudi-openid4vp",
  "mdoc-openid4vp",
  "openid",
  "openid-vc",
  "siopv2",
]);

/** Client Identifier Prefixes of OpenID4VP 1.0 (section 5.9.3). */
const PREFIXES = new Set([
  "redirect_uri",
  "openid_federation",
  "decentralized_identifier",
  "verifier_attestation",
  "x509_san_dns",
  "x509_hash",
  "origin",
]);
/** What drafts before 1.0 wrote instead (a DID or an https entity ID as the whole client_id). */
const LEGACY_PREFIXES: Record<string, string> = {
  did: "decentralized_identifier",
  https: "openid_federation",
};
const RESPONSE_MODES = new Set([
  "direct_post",
  "direct_post.jwt",
  "fragment",
  "query",
  "form_post",
  "dc_api",
  "dc_api.jwt",
  "fragment.jwt",
  "query.jwt",
  "form_post.jwt",
  "post",
]);

/** Whether `uri` is a presentation or SIOP request: a request scheme, or a web link that carries one. */
export function isPresentationRequest(uri: string): boolean {
  const scheme = schemeOf(uri);
  if (REQUEST_SCHEMES.has(scheme)) return true;
  if (scheme !== "https") return false;
  const params = queryParams(uri);
  if (!params.has("client_id")) return false;
  // A universal link to a wallet; an OAuth pushed-authorization request_uri ("urn:…") is not one.
  const requestUri = params.get("request_uri");
  if (requestUri !== null && /^https:/i.test(requestUri)) return true;
  return /\b(vp_token|id_token)\b/.test(params.get("response_type") ?? "");
}

/** The request's parameters, from a request object's payload or the link's query. */
type Lookup = (name: string) => unknown;

export function parsePresentationRequest(uri: string): Diagnostic {
  const c = new Collector();
  const scheme = schemeOf(uri);
  const outer = queryParams(uri);
  c.rows.push({
    label: "scheme",
    value: { text: scheme === "https" ? displayText(hostOf(uri) ?? uri) : `${scheme}://` },
    mono: true,
  });
  const request = outer.get("request");
  const requestUri = outer.get("request_uri");
  const method = outer.get("request_uri_method");
  if (request !== null && requestUri !== null) c.problem("request.request-and-uri");
  if (method !== null && requestUri === null) c.problem("request.request-uri-method-alone");

  let get: Lookup = (name) => outer.get(name) ?? undefined;
  let jwt: DecodedJwt | null = null;
  let byReference = false;
  if (requestUri !== null) {
    byReference = true;
    byReferenceRows(requestUri, method, outer, c);
  } else if (request !== null) {
    jwt = decodeJwt(request);
    if (jwt) {
      const payload = jwt.payload;
      get = (name) => payload[name];
      requestObjectRows(jwt, c);
    } else if (request.split(".").length === 5) c.problem("request.request-encrypted");
    else c.problem("request.request-not-jwt");
  }

  const clientId = (byReference ? outer.get("client_id") : str(get("client_id"))) ?? null;
  if (jwt && outer.has("client_id") && outer.get("client_id") !== clientId)
    c.problem("request.client-id-mismatch");
  clientIdRows(
    clientId,
    byReference ? outer.get("client_id_scheme") : str(get("client_id_scheme")),
    jwt,
    get,
    c,
  );
  if (byReference) {
    c.advise("request.fails.expired");
    c.advise("request.fails.client-id");
    c.advise("request.fails.no-credential");
    return c.finish("presentation-request", uri);
  }
  if (!jwt) c.advise("request.does.inline");
  const protocol = protocolRows(str(get("response_type")), c);
  responseRows(get, c, protocol);
  queryRows(get, c, protocol);
  if (str(get("nonce")) === null && protocol !== null) c.problem("request.nonce-missing");
  else if (str(get("nonce")) !== null) c.rows.push({ label: "nonce", value: { code: "present" } });
  if (get("transaction_data") !== undefined) c.note("request.transaction-data");
  c.advise("request.fails.expired");
  c.advise("request.fails.client-id");
  return c.finish("presentation-request", uri);
}

function byReferenceRows(
  requestUri: string,
  method: string | null,
  outer: URLSearchParams,
  c: Collector,
): void {
  c.rows.push({ label: "requestUri", value: { text: displayText(requestUri) }, mono: true });
  if (method !== null) {
    c.rows.push({ label: "requestUriMethod", value: { text: displayText(method, 20) }, mono: true });
    if (method !== "get" && method !== "post")
      c.problem("request.request-uri-method", { value: displayText(method, 20) });
  }
  c.rows.push({ label: "requestObject", value: { code: "requestObject.not-fetched" } });
  const url = parseUrl(requestUri);
  if (!url || url.protocol !== "https:") c.problem("request.request-uri-not-https");
  // Only the request object counts (section 5.10.1): anything else in the link is ignored by the wallet.
  const ignored = [...outer.keys()].filter(
    (k) => !["client_id", "request_uri", "request_uri_method"].includes(k),
  );
  if (ignored.length > 0) c.note("request.outer-params-ignored", { names: listText([...new Set(ignored)]) });
  c.advise("request.does.by-reference", { host: displayText(hostOf(requestUri) ?? requestUri, 80) });
}

function requestObjectRows(jwt: DecodedJwt, c: Collector): void {
  const { header, payload } = jwt;
  const parts = [`alg ${displayText(String(header.alg ?? "?"), 20)}`];
  if (typeof header.kid === "string") parts.push(`kid ${displayText(header.kid, 80)}`);
  if (Array.isArray(header.x5c)) parts.push(`x5c × ${header.x5c.length}`);
  if (typeof header.jwt === "string") parts.push("verifier attestation");
  c.rows.push({
    label: "requestObject",
    value: {
      code: jwt.signed ? "requestObject.signed" : "requestObject.unsigned",
      params: { detail: parts.join(" · ") },
    },
  });
  if (!jwt.signed) c.warning("request.request-unsigned");
  if (header.typ !== "oauth-authz-req+jwt") {
    c.warning("request.request-typ", { value: displayText(String(header.typ ?? "—"), 40) });
  }
  const expires = expiryOf(payload);
  if (expires !== null) c.rows.push({ label: "expires", value: { time: expires } });
}

function clientIdRows(
  clientId: string | null,
  legacyScheme: string | null,
  jwt: DecodedJwt | null,
  get: Lookup,
  c: Collector,
): void {
  if (clientId === null) {
    c.problem("request.client-id-missing");
    return;
  }
  c.rows.push({ label: "clientId", value: { text: displayText(clientId) }, mono: true });
  let prefix: string | null;
  if (legacyScheme !== null) {
    // Drafts 19–21 sent the prefix as its own parameter.
    prefix = displayText(legacyScheme, 40);
    c.warning("request.client-id-legacy-scheme", { scheme: prefix });
  } else {
    const colon = clientId.indexOf(":");
    prefix = colon > 0 ? clientId.slice(0, colon) : null;
  }
  if (prefix === null) {
    c.rows.push({ label: "clientIdPrefix", value: { code: "prefix.none" } });
    return;
  }
  c.rows.push({ label: "clientIdPrefix", value: { text: displayText(prefix, 40) }, mono: true });
  if (legacyScheme === null && prefix in LEGACY_PREFIXES) {
    c.warning("request.client-id-legacy-prefix", { prefix, now: LEGACY_PREFIXES[prefix]! });
  } else if (legacyScheme === null && !PREFIXES.has(prefix)) {
    c.warning("request.client-id-prefix-unknown", { prefix: displayText(prefix, 40) });
  }
  if (prefix === "origin") c.problem("request.client-id-origin");
  if (prefix === "redirect_uri" && jwt?.signed) c.problem("request.redirect-uri-signed");
  if (prefix === "x509_san_dns") {
    const dns = clientId.slice(clientId.indexOf(":") + 1).toLowerCase();
    const target = str(get("response_uri")) ?? str(get("redirect_uri"));
    const host = target ? parseUrl(target)?.hostname.toLowerCase() : undefined;
    if (host && host !== dns) c.warning("request.x509-host-mismatch", { name: displayText(dns, 80), host });
  }
}

type Protocol = "vp" | "siop" | "siop-vp" | null;

function protocolRows(responseType: string | null, c: Collector): Protocol {
  if (responseType === null) {
    c.problem("request.response-type-missing");
    return null;
  }
  c.rows.push({ label: "responseType", value: { text: displayText(responseType, 60) }, mono: true });
  const types = new Set(responseType.split(/\s+/));
  const protocol: Protocol =
    types.has("vp_token") && types.has("id_token")
      ? "siop-vp"
      : types.has("vp_token")
        ? "vp"
        : types.has("id_token")
          ? "siop"
          : null;
  if (protocol === null) {
    c.warning("request.response-type-unknown", { value: displayText(responseType, 60) });
    return null;
  }
  c.rows.splice(1, 0, { label: "protocol", value: { code: `protocol.${protocol}` } });
  if (protocol !== "vp") c.advise("request.does.siop");
  return protocol;
}

function responseRows(get: Lookup, c: Collector, protocol: Protocol): void {
  const mode = str(get("response_mode"));
  const responseUri = str(get("response_uri"));
  const redirectUri = str(get("redirect_uri"));
  if (mode === null) {
    if (protocol !== null) c.warning("request.response-mode-missing");
  } else {
    c.rows.push({ label: "responseMode", value: { text: displayText(mode, 40) }, mono: true });
    if (!RESPONSE_MODES.has(mode))
      c.warning("request.response-mode-unknown", { value: displayText(mode, 40) });
  }
  const direct = mode === "direct_post" || mode === "direct_post.jwt";
  if (responseUri !== null) {
    c.rows.push({ label: "responseUri", value: { text: displayText(responseUri) }, mono: true });
    if (parseUrl(responseUri)?.protocol !== "https:") c.problem("request.response-uri-not-https");
  }
  if (redirectUri !== null)
    c.rows.push({ label: "redirectUri", value: { text: displayText(redirectUri) }, mono: true });
  if (direct && responseUri === null) c.problem("request.direct-post-no-response-uri");
  if (direct && redirectUri !== null) c.problem("request.direct-post-redirect-uri");
  const target = responseUri ?? redirectUri;
  c.advise("request.does.consent", { host: displayText((target && hostOf(target)) ?? "—", 80) });
  if (direct) c.advise("request.fails.response");
}

function queryRows(get: Lookup, c: Collector, protocol: Protocol): void {
  const dcql = get("dcql_query");
  const definition = get("presentation_definition");
  const definitionUri = str(get("presentation_definition_uri"));
  const scope = str(get("scope"));
  const scopeQuery = scope !== null && scope.split(/\s+/).some((s) => s !== "openid");
  if (dcql !== undefined && (definition !== undefined || definitionUri !== null))
    c.problem("request.query-twice");
  if (dcql !== undefined) {
    const query = typeof dcql === "string" ? parseJson(dcql) : dcql;
    if (!isObject(query)) c.problem("request.query-not-json", { name: "dcql_query" });
    c.rows.push({ label: "query", value: { code: "query.dcql", params: { detail: describeDcql(query) } } });
  } else if (definition !== undefined || definitionUri !== null) {
    c.warning("request.legacy-presentation-definition");
    const pd = typeof definition === "string" ? parseJson(definition) : definition;
    if (definition !== undefined && !isObject(pd))
      c.problem("request.query-not-json", { name: "presentation_definition" });
    const detail = definitionUri !== null ? displayText(definitionUri) : describeDefinition(pd);
    c.rows.push({ label: "query", value: { code: "query.presentation-definition", params: { detail } } });
  } else if (scopeQuery) {
    c.rows.push({ label: "query", value: { code: "query.scope", params: { detail: displayText(scope) } } });
  } else {
    c.rows.push({ label: "query", value: { code: "query.none" } });
    if (protocol === "vp" || protocol === "siop-vp") c.problem("request.no-query");
  }
  if (protocol === "vp" || protocol === "siop-vp") {
    c.advise("request.fails.no-credential");
    c.advise("request.fails.formats");
  }
}

/** "pid (dc+sd-jwt), mdl (mso_mdoc)" from a DCQL query's credential queries. */
function describeDcql(query: unknown): string {
  const credentials = isObject(query) && Array.isArray(query.credentials) ? query.credentials : [];
  const names = credentials.map((q) =>
    isObject(q) ? `${str(q.id) ?? "?"}${typeof q.format === "string" ? ` (${q.format})` : ""}` : "?",
  );
  return names.length > 0 ? listText(names) : "—";
}

/** "id: name, name" from a Presentation Exchange definition's input descriptors. */
function describeDefinition(pd: unknown): string {
  if (!isObject(pd)) return "—";
  const descriptors = Array.isArray(pd.input_descriptors) ? pd.input_descriptors : [];
  const names = descriptors.map((d) => (isObject(d) ? (str(d.name) ?? str(d.id) ?? "?") : "?"));
  return `${displayText(str(pd.id) ?? "?", 60)}: ${names.length > 0 ? listText(names) : "—"}`;
}
