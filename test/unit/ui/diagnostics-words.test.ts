// A card's words in English and French, and "Copy as text": every row, finding and piece of advice in the
// agent's language, an expiry said relative to when the message was sent, and never the offer's bearer code.
import { describe, expect, it } from "vitest";
import { findDiagnostics } from "../../../renderer/core/diagnostics/index.ts";
import { en } from "../../../renderer/ui/i18n/en.ts";
import { fr } from "../../../renderer/ui/i18n/fr.ts";
import { createTranslator } from "../../../renderer/ui/i18n/translate.ts";
import { cardText, rowValue } from "../../../renderer/ui/diagnostics/words.ts";
import {
  jws,
  offerByValue,
  SPEC_OFFER_BY_VALUE,
  SPEC_VP_BY_REFERENCE,
} from "../../fixtures/wallet-content.ts";

const enT = createTranslator("en", en);
const frT = createTranslator("fr", fr);

describe("diagnostic cards in words", () => {
  it("copies the spec's offer as text in English and French, without its pre-authorized code", () => {
    const [offer] = findDiagnostics(SPEC_OFFER_BY_VALUE);
    const english = cardText(enT, offer!, 0);
    expect(english.split("\n").slice(0, 3)).toEqual([
      "Credential offer (OpenID4VCI)",
      "Opened with: openid-credential-offer://",
      "Offer sent: in the link itself (by value)",
    ]);
    expect(english).toContain("Transaction code: required (text · “Please enter the serial number");
    expect(english).toContain("What a wallet does:\n- The wallet first reads the issuer's metadata at");
    expect(english).not.toContain("oaKazRN8I0IbtZ0C7JuMn5");
    const french = cardText(frT, offer!, 0);
    expect(french).toContain("Offre d'attestation (OpenID4VCI)");
    expect(french).toContain("Code de transaction : requis (text ·");
    expect(french).toContain("Causes d'échec habituelles :");
  });

  it("lists findings with their severity, and says whether a code had expired when the message was sent", () => {
    const code = jws({ alg: "ES256" }, { exp: 1_767_225_600 });
    const [offer] = findDiagnostics(
      offerByValue({
        credential_issuer: "http://issuer.example",
        credential_configuration_ids: ["pid"],
        grants: { "urn:ietf:params:oauth:grant-type:pre-authorized_code": { "pre-authorized_code": code } },
      }),
    );
    const expires = offer!.rows.find((r) => r.label === "expires")!;
    expect(rowValue(enT, expires, 1_767_225_600_000 + 60_000)).toMatch(
      /already expired when the message was sent$/,
    );
    expect(rowValue(enT, expires, 1_767_225_600_000 - 60_000)).toBe(enT.dateTime(1_767_225_600_000));
    expect(cardText(enT, offer!, 0)).toContain("- Problem: The issuer must be an https:// URL.");
    const [request] = findDiagnostics(SPEC_VP_BY_REFERENCE);
    expect(cardText(frT, request!, 0)).toContain("Identifiant client : x509_san_dns:client.example.org");
  });
});
