// What the diagnostics module tells the UI about a piece of wallet content: a card per recognised thing (a
// credential offer, a presentation request, a DID, a web link, or the raw text of a QR code), made of labelled
// rows, findings against the specifications and advice on what a wallet does with it and why that usually
// fails. Everything is a code with parameters, never an English sentence, so the UI's exhaustive catalogues give
// every code words in English and French (a new code is a compile error until it has them).

export type DiagnosticKind = "credential-offer" | "presentation-request" | "did" | "link" | "text";

/** How bad a finding is for the wallet: it will fail, it may fail, or it is worth knowing. */
export type Severity = "problem" | "warning" | "note";

export type FindingCode =
  // OpenID4VCI credential offers
  | "offer.both-value-and-reference"
  | "offer.neither-value-nor-reference"
  | "offer.not-json"
  | "offer.not-object"
  | "offer.reference-not-https"
  | "offer.issuer-missing"
  | "offer.issuer-not-https"
  | "offer.issuer-has-query"
  | "offer.ids-missing"
  | "offer.ids-empty"
  | "offer.ids-not-strings"
  | "offer.ids-duplicate"
  | "offer.legacy-credentials"
  | "offer.legacy-user-pin"
  | "offer.legacy-initiate-issuance"
  | "offer.grants-not-object"
  | "offer.no-grants"
  | "offer.unknown-grant"
  | "offer.pre-auth-code-missing"
  | "offer.tx-code-not-object"
  | "offer.tx-code-input-mode"
  | "offer.tx-code-length"
  | "offer.tx-code-description-long"
  // OpenID4VP / SIOPv2 authorization requests
  | "request.client-id-missing"
  | "request.client-id-prefix-unknown"
  | "request.client-id-legacy-scheme"
  | "request.client-id-legacy-prefix"
  | "request.x509-host-mismatch"
  | "request.client-id-origin"
  | "request.client-id-mismatch"
  | "request.redirect-uri-signed"
  | "request.request-and-uri"
  | "request.request-uri-not-https"
  | "request.request-uri-method"
  | "request.request-uri-method-alone"
  | "request.request-not-jwt"
  | "request.request-encrypted"
  | "request.request-unsigned"
  | "request.request-typ"
  | "request.response-type-missing"
  | "request.response-type-unknown"
  | "request.nonce-missing"
  | "request.response-mode-missing"
  | "request.response-mode-unknown"
  | "request.direct-post-no-response-uri"
  | "request.direct-post-redirect-uri"
  | "request.response-uri-not-https"
  | "request.no-query"
  | "request.query-twice"
  | "request.legacy-presentation-definition"
  | "request.query-not-json"
  | "request.transaction-data"
  | "request.outer-params-ignored"
  // DIDs
  | "did.malformed"
  | "did.multibase"
  | "did.base58"
  | "did.multicodec-unknown"
  | "did.key-length"
  | "did.jwk-base64"
  | "did.jwk-not-json"
  | "did.jwk-private-key"
  | "did.jwk-kty"
  | "did.web-host"
  | "did.ebsi-id"
  | "did.not-decoded"
  // web links
  | "link.userinfo"
  | "link.not-https"
  | "link.ip-host"
  | "link.punycode"
  | "link.port"
  // anything
  | "text.truncated"
  | "text.binary";

export interface Finding {
  code: FindingCode;
  severity: Severity;
  params?: Record<string, string | number>;
}

/** Plain-words advice: what a wallet does with this, and the usual reasons that fails. */
export type AdviceCode =
  | "offer.does.by-reference"
  | "offer.does.pre-auth"
  | "offer.does.tx-code"
  | "offer.does.auth-code"
  | "offer.does.metadata"
  | "offer.fails.expired"
  | "offer.fails.tx-code"
  | "offer.fails.metadata"
  | "offer.fails.configuration"
  | "offer.fails.sign-in"
  | "request.does.by-reference"
  | "request.does.inline"
  | "request.does.consent"
  | "request.does.siop"
  | "request.fails.expired"
  | "request.fails.client-id"
  | "request.fails.no-credential"
  | "request.fails.formats"
  | "request.fails.response"
  | "did.does.self-contained"
  | "did.does.web"
  | "did.does.ebsi"
  | "did.does.other"
  | "did.fails.key-type"
  | "did.fails.web"
  | "did.fails.ebsi"
  | "link.does.open"
  | "text.does.nothing";

export interface Advice {
  code: AdviceCode;
  params?: Record<string, string | number>;
}

export type RowLabel =
  | "scheme"
  | "delivery"
  | "issuer"
  | "offerUri"
  | "metadataUrl"
  | "configurations"
  | "grant"
  | "preAuthorizedCode"
  | "txCode"
  | "issuerState"
  | "protocol"
  | "clientId"
  | "clientIdPrefix"
  | "responseType"
  | "responseMode"
  | "responseUri"
  | "redirectUri"
  | "requestUri"
  | "requestUriMethod"
  | "requestObject"
  | "query"
  | "nonce"
  | "expires"
  | "method"
  | "keyType"
  | "identifier"
  | "documentUrl"
  | "host"
  | "url"
  | "content";

/** A value the UI words itself (a yes/no, a grant name…), as opposed to wallet data shown verbatim. */
export type ValueCode =
  | "delivery.by-value"
  | "delivery.by-reference"
  | "grant.pre-authorized"
  | "grant.authorization-code"
  | "txCode.none"
  | "txCode.required"
  | "present"
  | "absent"
  | "protocol.vp"
  | "protocol.siop"
  | "protocol.siop-vp"
  | "prefix.none"
  | "query.dcql"
  | "query.presentation-definition"
  | "query.scope"
  | "query.none"
  | "requestObject.signed"
  | "requestObject.unsigned"
  | "requestObject.not-fetched"
  | "content.secret";

export type RowValue =
  | { text: string }
  | { code: ValueCode; params?: Record<string, string | number> }
  /** An instant (ms since the epoch); the UI also says whether it was before the message was sent. */
  | { time: number };

export interface Row {
  label: RowLabel;
  value: RowValue;
  /** The value is an https URL the agent may open (through the app's external-link path, on click only). */
  href?: string;
  /** Identifiers and codes read better in a monospace font. */
  mono?: boolean;
}

export interface Diagnostic {
  kind: DiagnosticKind;
  /** The recognised text (capped, invisible and direction-changing characters replaced), for "Copy as text". */
  source: string;
  rows: Row[];
  findings: Finding[];
  advice: Advice[];
}
