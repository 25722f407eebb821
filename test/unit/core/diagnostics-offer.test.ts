// Credential offers as the OpenID4VCI 1.0 examples write them, older drafts' shapes, and broken ones: each card
// says what the offer holds and what is wrong with it against the specification.
import { describe, expect, it } from "vitest";
import {
  parseCredentialOffer,
  type Diagnostic,
  type RowLabel,
} from "../../../renderer/core/diagnostics/index.ts";
import {
  MALFORMED_OFFER,
  OFFER_MISSING_IDS,
  offerByValue,
  SPEC_OFFER_AUTHZ_CODE,
  SPEC_OFFER_BY_REFERENCE,
  SPEC_OFFER_BY_VALUE,
  SPEC_OFFER_EMPTY_TX_CODE,
  SPEC_OFFER_MULTIPLE,
  jws,
} from "../../fixtures/wallet-content.ts";

const row = (d: Diagnostic, label: RowLabel) => d.rows.filter((r) => r.label === label).map((r) => r.value);
const codes = (d: Diagnostic) => d.findings.map((f) => f.code);
const advice = (d: Diagnostic) => d.advice.map((a) => a.code);

describe("OpenID4VCI credential offers", () => {
  it("the spec's by-value example: issuer, metadata address, configuration, pre-authorized code and a text transaction code", () => {
    const d = parseCredentialOffer(SPEC_OFFER_BY_VALUE);
    expect(d.kind).toBe("credential-offer");
    expect(codes(d)).toEqual([]);
    expect(row(d, "delivery")).toEqual([{ code: "delivery.by-value" }]);
    expect(row(d, "issuer")).toEqual([{ text: "https://credential-issuer.example.com" }]);
    expect(row(d, "metadataUrl")).toEqual([
      { text: "https://credential-issuer.example.com/.well-known/openid-credential-issuer" },
    ]);
    expect(row(d, "configurations")).toEqual([{ text: "org.iso.18013.5.1.mDL" }]);
    expect(row(d, "grant")).toEqual([{ code: "grant.pre-authorized" }]);
    expect(row(d, "txCode")).toEqual([
      {
        code: "txCode.required",
        params: { detail: "text · “Please enter the serial number of your physical drivers license”" },
      },
    ]);
    // The pre-authorized code is a bearer secret: present, never shown.
    expect(row(d, "preAuthorizedCode")).toEqual([{ code: "present" }]);
    expect(JSON.stringify(d.rows)).not.toContain("oaKazRN8I0IbtZ0C7JuMn5");
    expect(advice(d)).toEqual(
      expect.arrayContaining([
        "offer.does.pre-auth",
        "offer.does.tx-code",
        "offer.fails.expired",
        "offer.fails.tx-code",
      ]),
    );
  });

  it("the spec's by-reference example: the address is shown, nothing is fetched, and expiry is the usual failure", () => {
    const d = parseCredentialOffer(SPEC_OFFER_BY_REFERENCE);
    expect(codes(d)).toEqual([]);
    expect(row(d, "delivery")).toEqual([{ code: "delivery.by-reference" }]);
    expect(row(d, "offerUri")).toEqual([
      { text: "https://server.example.com/credential-offer/GkurKxf5T0Y-mnPFCHqWOMiZi4VS138cQO_V7PZHAdM" },
    ]);
    // Not clickable either: opening it could use up a single-use offer.
    expect(d.rows.find((r) => r.label === "offerUri")?.href).toBeUndefined();
    expect(d.advice[0]).toEqual({ code: "offer.does.by-reference", params: { host: "server.example.com" } });
    expect(advice(d)).toContain("offer.fails.expired");
  });

  it("two configurations with a 4-digit numeric code sent by e-mail; an empty tx_code still asks for a code", () => {
    const d = parseCredentialOffer(offerByValue(SPEC_OFFER_MULTIPLE));
    expect(row(d, "configurations")).toEqual([{ text: "UniversityDegreeCredential, org.iso.18013.5.1.mDL" }]);
    expect(row(d, "txCode")).toEqual([
      {
        code: "txCode.required",
        params: { detail: "numeric · 4 · “Please provide the one-time code that was sent via e-mail”" },
      },
    ]);
    const empty = parseCredentialOffer(offerByValue(SPEC_OFFER_EMPTY_TX_CODE));
    expect(row(empty, "txCode")).toEqual([{ code: "txCode.required", params: { detail: "numeric" } }]);
    expect(codes(empty)).toEqual([]);
  });

  it("an authorization-code offer: the wallet sends the user to sign in, with the issuer's state", () => {
    const d = parseCredentialOffer(offerByValue(SPEC_OFFER_AUTHZ_CODE));
    expect(row(d, "grant")).toEqual([{ code: "grant.authorization-code" }]);
    expect(row(d, "issuerState")).toEqual([{ code: "present" }]);
    expect(advice(d)).toEqual(expect.arrayContaining(["offer.does.auth-code", "offer.fails.sign-in"]));
    expect(row(d, "txCode")).toEqual([]);
  });

  it("a pre-authorized code that is a JWT shows when it expires (decoded locally)", () => {
    const code = jws({ alg: "ES256" }, { exp: 1_767_225_600, sub: "x" });
    const d = parseCredentialOffer(
      offerByValue({
        credential_issuer: "https://issuer.example",
        credential_configuration_ids: ["pid"],
        grants: { "urn:ietf:params:oauth:grant-type:pre-authorized_code": { "pre-authorized_code": code } },
      }),
    );
    expect(row(d, "expires")).toEqual([{ time: 1_767_225_600_000 }]);
    expect(row(d, "txCode")).toEqual([{ code: "txCode.none" }]);
  });

  it("a cut JSON, a missing configuration list, an http issuer with a query and a bad tx_code are each named", () => {
    expect(codes(parseCredentialOffer(MALFORMED_OFFER))).toEqual(["offer.not-json"]);
    expect(codes(parseCredentialOffer(OFFER_MISSING_IDS)).sort()).toEqual(
      [
        "offer.ids-missing",
        "offer.issuer-not-https",
        "offer.pre-auth-code-missing",
        "offer.tx-code-input-mode",
        "offer.tx-code-length",
      ].sort(),
    );
    const both = `${SPEC_OFFER_BY_REFERENCE}&credential_offer=%7B%7D`;
    expect(codes(parseCredentialOffer(both))).toContain("offer.both-value-and-reference");
    expect(codes(parseCredentialOffer("openid-credential-offer://?foo=bar"))).toEqual([
      "offer.neither-value-nor-reference",
    ]);
    expect(
      codes(parseCredentialOffer("openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fx")),
    ).toEqual(["offer.reference-not-https"]);
    const dup = offerByValue({
      credential_issuer: "https://i.example",
      credential_configuration_ids: ["a", "a", 3],
    });
    expect(codes(parseCredentialOffer(dup))).toEqual([
      "offer.ids-not-strings",
      "offer.ids-duplicate",
      "offer.no-grants",
    ]);
    const long = offerByValue({
      credential_issuer: "https://i.example",
      credential_configuration_ids: ["a"],
      grants: {
        "urn:ietf:params:oauth:grant-type:pre-authorized_code": {
          "pre-authorized_code": "x",
          tx_code: { description: "d".repeat(301) },
        },
        "urn:example:custom": {},
      },
    });
    expect(codes(parseCredentialOffer(long))).toEqual([
      "offer.tx-code-description-long",
      "offer.unknown-grant",
    ]);
  });

  it("older drafts: `credentials` and `user_pin_required` (11/12), `openid-initiate-issuance://` (8)", () => {
    const d11 = parseCredentialOffer(
      offerByValue({
        credential_issuer: "https://talao.co/issuer/abc",
        credentials: ["EmailPass", { format: "jwt_vc_json", types: ["VerifiableCredential", "PhoneProof"] }],
        grants: {
          "urn:ietf:params:oauth:grant-type:pre-authorized_code": {
            "pre-authorized_code": "x",
            user_pin_required: true,
          },
        },
      }),
    );
    expect(codes(d11)).toEqual(["offer.legacy-credentials", "offer.legacy-user-pin"]);
    expect(row(d11, "configurations")).toEqual([{ text: "EmailPass, PhoneProof" }]);
    expect(row(d11, "metadataUrl")).toEqual([
      { text: "https://talao.co/.well-known/openid-credential-issuer/issuer/abc" },
    ]);
    const d8 = parseCredentialOffer(
      "openid-initiate-issuance://?issuer=https%3A%2F%2Fissuer.example&credential_type=UniversityDegree&pre-authorized_code=abc&user_pin_required=true",
    );
    expect(codes(d8)).toEqual(["offer.legacy-initiate-issuance", "offer.legacy-user-pin"]);
    expect(row(d8, "configurations")).toEqual([{ text: "UniversityDegree" }]);
  });

  it("an https universal link carrying an offer says which host it came through", () => {
    const d = parseCredentialOffer(
      `https://wallet.example/offer?credential_offer=${encodeURIComponent(JSON.stringify(SPEC_OFFER_MULTIPLE))}`,
    );
    expect(row(d, "scheme")).toEqual([{ text: "wallet.example" }]);
    expect(codes(d)).toEqual([]);
  });
});
