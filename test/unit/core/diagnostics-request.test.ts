// Presentation and SIOP requests as the OpenID4VP 1.0 examples write them, older drafts' shapes, and broken
// ones: who asks (client_id prefix), how the answer travels, where the request is and what is asked.
import { describe, expect, it } from "vitest";
import {
  isPresentationRequest,
  parsePresentationRequest,
  type Diagnostic,
  type RowLabel,
} from "../../../renderer/core/diagnostics/index.ts";
import {
  jws,
  LEGACY_VP_REQUEST,
  SIOP_REQUEST,
  SPEC_VP_BY_REFERENCE,
  SPEC_VP_DID_HEADER,
  SPEC_VP_DIRECT_POST_PAYLOAD,
  SPEC_VP_REDIRECT_URI,
  SPEC_VP_REQUEST_OBJECT,
} from "../../fixtures/wallet-content.ts";

const row = (d: Diagnostic, label: RowLabel) => d.rows.filter((r) => r.label === label).map((r) => r.value);
const codes = (d: Diagnostic) => d.findings.map((f) => f.code);
const advice = (d: Diagnostic) => d.advice.map((a) => a.code);
const withRequest = (
  payload: unknown,
  header: unknown = { ...SPEC_VP_DID_HEADER, alg: "ES256" },
  clientId?: string,
) =>
  `openid4vp://?${clientId ? `client_id=${encodeURIComponent(clientId)}&` : ""}request=${jws(header, payload)}`;

describe("OpenID4VP / SIOPv2 requests", () => {
  it("by reference (the spec's x509_san_dns example): the request's address is shown and not fetched", () => {
    const d = parsePresentationRequest(SPEC_VP_BY_REFERENCE);
    expect(d.kind).toBe("presentation-request");
    expect(codes(d)).toEqual([]);
    expect(row(d, "clientId")).toEqual([{ text: "x509_san_dns:client.example.org" }]);
    expect(row(d, "clientIdPrefix")).toEqual([{ text: "x509_san_dns" }]);
    expect(row(d, "requestUri")).toEqual([
      { text: "https://client.example.org/request/vapof4ql2i7m41m68uep" },
    ]);
    expect(row(d, "requestUriMethod")).toEqual([{ text: "post" }]);
    expect(row(d, "requestObject")).toEqual([{ code: "requestObject.not-fetched" }]);
    expect(d.rows.find((r) => r.label === "requestUri")?.href).toBeUndefined();
    expect(d.advice[0]).toEqual({
      code: "request.does.by-reference",
      params: { host: "client.example.org" },
    });
    expect(advice(d)).toEqual(expect.arrayContaining(["request.fails.expired", "request.fails.client-id"]));
  });

  it("inline with redirect_uri (the spec's unsigned example): protocol, DCQL query, nonce, response by redirect", () => {
    const d = parsePresentationRequest(SPEC_VP_REDIRECT_URI);
    expect(row(d, "protocol")).toEqual([{ code: "protocol.vp" }]);
    expect(row(d, "clientIdPrefix")).toEqual([{ text: "redirect_uri" }]);
    expect(row(d, "query")).toEqual([
      { code: "query.dcql", params: { detail: "my_credential (dc+sd-jwt)" } },
    ]);
    expect(row(d, "nonce")).toEqual([{ code: "present" }]);
    // The spec's example has no response_mode: the wallet answers through the browser redirect.
    expect(codes(d)).toEqual(["request.response-mode-missing"]);
    expect(advice(d)).toContain("request.does.inline");
  });

  it("a request object by value (the spec's decentralized_identifier example) is decoded locally, not verified", () => {
    const d = parsePresentationRequest(SPEC_VP_REQUEST_OBJECT);
    expect(row(d, "requestObject")).toEqual([
      { code: "requestObject.signed", params: { detail: "alg RS256 · kid did:example:123#1" } },
    ]);
    expect(row(d, "clientIdPrefix")).toEqual([{ text: "decentralized_identifier" }]);
    expect(row(d, "query")).toEqual([
      { code: "query.dcql", params: { detail: "my_credential (dc+sd-jwt)" } },
    ]);
    expect(codes(d)).toEqual(["request.response-mode-missing"]);
  });

  it("direct_post (the spec's request-URI response): response address checked, expiry shown", () => {
    const d = parsePresentationRequest(
      withRequest(
        { ...SPEC_VP_DIRECT_POST_PAYLOAD, exp: 1_767_225_600 },
        undefined,
        SPEC_VP_DIRECT_POST_PAYLOAD.client_id,
      ),
    );
    expect(codes(d)).toEqual([]);
    expect(row(d, "responseMode")).toEqual([{ text: "direct_post" }]);
    expect(row(d, "responseUri")).toEqual([{ text: "https://client.example.org/post" }]);
    expect(row(d, "expires")).toEqual([{ time: 1_767_225_600_000 }]);
    expect(d.advice).toContainEqual({ code: "request.does.consent", params: { host: "client.example.org" } });
    expect(advice(d)).toContain("request.fails.response");
  });

  it("names what a wallet refuses: mismatched client_id, unsigned redirect prefix signed, typ, no nonce, no query", () => {
    const bad = parsePresentationRequest(
      withRequest(
        {
          client_id: "redirect_uri:https://v.example/cb",
          response_type: "vp_token",
          response_mode: "direct_post",
          redirect_uri: "https://v.example/cb",
        },
        { alg: "ES256" },
        "redirect_uri:https://other.example/cb",
      ),
    );
    expect(codes(bad).sort()).toEqual(
      [
        "request.client-id-mismatch",
        "request.redirect-uri-signed",
        "request.request-typ",
        "request.direct-post-no-response-uri",
        "request.direct-post-redirect-uri",
        "request.no-query",
        "request.nonce-missing",
      ].sort(),
    );
    const unsigned = parsePresentationRequest(
      withRequest(
        { ...SPEC_VP_DIRECT_POST_PAYLOAD },
        { alg: "none", typ: "oauth-authz-req+jwt" },
        SPEC_VP_DIRECT_POST_PAYLOAD.client_id,
      ).replace(/\.[A-Za-z0-9_-]+$/, "."),
    );
    expect(codes(unsigned)).toContain("request.request-unsigned");
    const x509 = parsePresentationRequest(
      withRequest(
        { ...SPEC_VP_DIRECT_POST_PAYLOAD, response_uri: "https://elsewhere.example/post" },
        undefined,
        SPEC_VP_DIRECT_POST_PAYLOAD.client_id,
      ),
    );
    expect(x509.findings).toContainEqual({
      code: "request.x509-host-mismatch",
      severity: "warning",
      params: { name: "client.example.org", host: "elsewhere.example" },
    });
  });

  it("link-level mistakes: request and request_uri together, a bad method, http, an encrypted or non-JWT request", () => {
    expect(codes(parsePresentationRequest(`${SPEC_VP_BY_REFERENCE}&request=abc`))).toContain(
      "request.request-and-uri",
    );
    expect(
      codes(
        parsePresentationRequest(
          "openid4vp://?client_id=a&request_uri=http%3A%2F%2Fx.example%2Fr&request_uri_method=PUT",
        ),
      ).sort(),
    ).toEqual(["request.request-uri-method", "request.request-uri-not-https"].sort());
    expect(codes(parsePresentationRequest("openid4vp://?client_id=a&request_uri_method=get"))).toContain(
      "request.request-uri-method-alone",
    );
    expect(codes(parsePresentationRequest("openid4vp://?client_id=a&request=aaa.bbb.ccc.ddd.eee"))).toContain(
      "request.request-encrypted",
    );
    expect(codes(parsePresentationRequest("openid4vp://?client_id=a&request=not-a-jwt"))).toContain(
      "request.request-not-jwt",
    );
    expect(codes(parsePresentationRequest("openid4vp://?request_uri=https%3A%2F%2Fx.example%2Fr"))).toEqual([
      "request.client-id-missing",
    ]);
    expect(
      codes(
        parsePresentationRequest(
          "openid4vp://?client_id=origin%3Ahttps%3A%2F%2Fx&request_uri=https%3A%2F%2Fx.example%2Fr",
        ),
      ),
    ).toContain("request.client-id-origin");
    const ignored = parsePresentationRequest(`${SPEC_VP_BY_REFERENCE}&nonce=1&response_type=vp_token`);
    expect(ignored.findings).toContainEqual({
      code: "request.outer-params-ignored",
      severity: "note",
      params: { names: "nonce, response_type" },
    });
  });

  it("older drafts: client_id_scheme, Presentation Exchange, a bare DID or https client_id", () => {
    const d = parsePresentationRequest(LEGACY_VP_REQUEST);
    expect(codes(d)).toEqual(["request.client-id-legacy-scheme", "request.legacy-presentation-definition"]);
    expect(row(d, "clientIdPrefix")).toEqual([{ text: "x509_san_dns" }]);
    expect(row(d, "query")).toEqual([
      { code: "query.presentation-definition", params: { detail: "pid-request: Person identification" } },
    ]);
    const did = parsePresentationRequest(
      "openid://?client_id=did%3Aebsi%3AzfEmvX5twhXjQJiCWsukvQA&response_type=vp_token&scope=openid%20ver_test%3Avp_token&nonce=1&response_mode=direct_post&response_uri=https%3A%2F%2Fv.example%2Fr",
    );
    expect(did.findings).toContainEqual({
      code: "request.client-id-legacy-prefix",
      severity: "warning",
      params: { prefix: "did", now: "decentralized_identifier" },
    });
    expect(row(did, "query")).toEqual([
      { code: "query.scope", params: { detail: "openid ver_test:vp_token" } },
    ]);
    const unknown = parsePresentationRequest(
      "haip://?client_id=web-origin%3Ahttps%3A%2F%2Fv&request_uri=https%3A%2F%2Fv.example%2Fr",
    );
    expect(unknown.findings).toContainEqual({
      code: "request.client-id-prefix-unknown",
      severity: "warning",
      params: { prefix: "web-origin" },
    });
  });

  it("SIOPv2: an id_token request is recognised as self-issued sign-in", () => {
    const d = parsePresentationRequest(SIOP_REQUEST);
    expect(row(d, "protocol")).toEqual([{ code: "protocol.siop" }]);
    expect(advice(d)).toContain("request.does.siop");
    expect(d.findings).toContainEqual({
      code: "request.client-id-legacy-prefix",
      severity: "warning",
      params: { prefix: "https", now: "openid_federation" },
    });
  });

  it("recognises the wallet schemes and https universal links, but not an OAuth sign-in or a PAR request_uri", () => {
    for (const scheme of ["openid4vp", "haip", "haip-vp", "eudi-openid4vp", "openid", "siopv2"]) {
      expect(isPresentationRequest(`${scheme}://?client_id=a`)).toBe(true);
    }
    expect(
      isPresentationRequest(
        "https://wallet.example/authorize?client_id=a&request_uri=https%3A%2F%2Fv.example%2Fr",
      ),
    ).toBe(true);
    expect(isPresentationRequest("https://wallet.example/authorize?client_id=a&response_type=vp_token")).toBe(
      true,
    );
    expect(isPresentationRequest("https://accounts.example/authorize?client_id=a&response_type=code")).toBe(
      false,
    );
    expect(
      isPresentationRequest(
        "https://as.example/authorize?client_id=a&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Ax",
      ),
    ).toBe(false);
  });
});
