// Finding cards in a wallet's text and in a QR code's content, whatever the input: what is recognised, in which
// order, how many, and that hostile or huge input gives capped cards or none — never an exception.
import { describe, expect, it } from "vitest";
import { diagnoseContent, findDiagnostics, MAX_CARDS } from "../../../renderer/core/diagnostics/index.ts";
import { MAX_VALUE } from "../../../renderer/core/diagnostics/text.ts";
import {
  DID_KEY_ED25519,
  SPEC_OFFER_BY_REFERENCE,
  SPEC_VP_BY_REFERENCE,
  SPEC_VP_REQUEST_OBJECT,
} from "../../fixtures/wallet-content.ts";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

describe("finding wallet content in text", () => {
  it("a message with an offer, a request and a DID gets one card each, in reading order", () => {
    const text = `It fails with this one: ${SPEC_OFFER_BY_REFERENCE}. Then the verifier showed ${SPEC_VP_BY_REFERENCE} and my DID is ${DID_KEY_ED25519}.`;
    expect(findDiagnostics(text).map((d) => d.kind)).toEqual([
      "credential-offer",
      "presentation-request",
      "did",
    ]);
    expect(findDiagnostics(text)[0]!.source).toBe(SPEC_OFFER_BY_REFERENCE);
  });

  it("a DID inside a link belongs to the link's card; plain text gives nothing; the same link twice is one card", () => {
    expect(findDiagnostics(SPEC_VP_REQUEST_OBJECT).map((d) => d.kind)).toEqual(["presentation-request"]);
    expect(findDiagnostics("Hello, my wallet doesn't open")).toEqual([]);
    expect(findDiagnostics(`${DID_KEY_ED25519} ${DID_KEY_ED25519}`)).toHaveLength(1);
    expect(findDiagnostics("see https://example.org/faq).").map((d) => d.source)).toEqual([
      "https://example.org/faq",
    ]);
  });

  it(`a message full of links gets at most ${MAX_CARDS} cards`, () => {
    const text = Array.from({ length: 50 }, (_, i) => `https://h${i}.example/`).join(" ");
    expect(findDiagnostics(text)).toHaveLength(MAX_CARDS);
  });

  it("hostile input: every line of the XSS corpus, control characters, huge and deeply nested values never throw", () => {
    const corpus = readFileSync(
      resolve(import.meta.dirname, "../../fixtures/xss-payloads.txt"),
      "utf8",
    ).split("\n");
    const hostile = [
      ...corpus,
      ...corpus.map((line) => `openid-credential-offer://?credential_offer=${encodeURIComponent(line)}`),
      ...corpus.map(
        (line) => `openid4vp://?client_id=${encodeURIComponent(line)}&request=${encodeURIComponent(line)}`,
      ),
      `openid-credential-offer://?credential_offer=${"[".repeat(100_000)}`,
      `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify({ credential_issuer: "https://x\u202e\u0000moc.evil" }))}`,
      `openid4vp://?request=${"A".repeat(200_000)}.${"B".repeat(10)}.C`,
      `did:key:z${"1".repeat(5000)}`,
      `did:jwk:${"e".repeat(70_000)}`,
      `https://${"a".repeat(100_000)}.example/`,
      "openid4vp://?%E0%A4%A",
      "\u0000\u0001did:web:%",
    ];
    for (const text of hostile) {
      const cards = findDiagnostics(text);
      const card = diagnoseContent(text);
      for (const d of [...cards, card]) {
        for (const r of d.rows)
          if ("text" in r.value) expect(r.value.text.length).toBeLessThanOrEqual(MAX_VALUE + 400);
        const shown = [d.source, ...d.rows.map((r) => ("text" in r.value ? r.value.text : ""))];
        expect(shown.filter((s) => s.includes("\u0000") || s.includes("\u202e"))).toEqual([]);
      }
    }
    const rtl = findDiagnostics(
      `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify({ credential_issuer: "https://x\u202emoc.evil" }))}`,
    )[0]!;
    expect(rtl.rows.find((r) => r.label === "issuer")?.value).toEqual({ text: "https://x\ufffdmoc.evil" });
  });

  it("an over-long link is cut before parsing and says so", () => {
    const long = `https://example.org/${"a".repeat(20_000)}`;
    const [card] = findDiagnostics(long);
    expect(card!.findings[0]).toMatchObject({ code: "text.truncated", params: { length: long.length } });
  });
});

describe("a QR code's content", () => {
  it("is one card: the recognised thing, or its text (capped, binary said so)", () => {
    expect(diagnoseContent(SPEC_OFFER_BY_REFERENCE).kind).toBe("credential-offer");
    expect(diagnoseContent(` ${DID_KEY_ED25519}\n`).kind).toBe("did");
    const text = diagnoseContent("WIFI:S:guest;T:WPA;P:secret;;");
    expect(text.kind).toBe("text");
    expect(text.rows).toEqual([
      { label: "content", value: { text: "WIFI:S:guest;T:WPA;P:secret;;" }, mono: true },
    ]);
    expect(text.advice).toEqual([{ code: "text.does.nothing" }]);
    const phrase = "abandon ".repeat(11) + "about";
    expect(diagnoseContent(phrase).rows).toEqual([{ label: "content", value: { code: "content.secret" } }]);
    expect(JSON.stringify(diagnoseContent(phrase))).not.toContain("abandon");
    const binary = diagnoseContent("\u0001\u0002\u0003ÿþ\u0000".repeat(200));
    expect(binary.findings.map((f) => f.code)).toEqual(["text.binary", "text.truncated"]);
    expect((binary.rows[0]!.value as { text: string }).text.length).toBeLessThanOrEqual(600);
  });
});
