// DIDs with their key type decoded locally (did:key multicodec, did:jwk JWK), did:web's document address, EBSI
// identifiers, and web links with the tricks that hide where they lead.
import { describe, expect, it } from "vitest";
import { base58 } from "@scure/base";
import {
  parseDid,
  parseLink,
  type Diagnostic,
  type RowLabel,
} from "../../../renderer/core/diagnostics/index.ts";
import {
  DID_EBSI,
  DID_JWK_P256,
  DID_JWK_PRIVATE,
  DID_KEY_ED25519,
  DID_KEY_P256,
  DID_KEY_SECP256K1,
  DID_WEB,
} from "../../fixtures/wallet-content.ts";

const row = (d: Diagnostic, label: RowLabel) => d.rows.filter((r) => r.label === label).map((r) => r.value);
const codes = (d: Diagnostic) => d.findings.map((f) => f.code);
const didKey = (prefix: number[], key: Uint8Array) =>
  `did:key:z${base58.encode(new Uint8Array([...prefix, ...key]))}`;

describe("DIDs", () => {
  it("did:key examples decode to Ed25519, P-256 and secp256k1", () => {
    expect(row(parseDid(DID_KEY_ED25519), "keyType")).toEqual([{ text: "Ed25519" }]);
    expect(row(parseDid(DID_KEY_P256), "keyType")).toEqual([{ text: "P-256" }]);
    expect(row(parseDid(DID_KEY_SECP256K1), "keyType")).toEqual([{ text: "secp256k1" }]);
    for (const did of [DID_KEY_ED25519, DID_KEY_P256, DID_KEY_SECP256K1]) {
      const d = parseDid(did);
      expect(codes(d)).toEqual([]);
      expect(row(d, "method")).toEqual([{ text: "did:key" }]);
      expect(d.advice.map((a) => a.code)).toEqual(["did.does.self-contained", "did.fails.key-type"]);
    }
  });

  it("did:key with a fragment, EBSI's jwk_jcs-pub key, a wrong length, an unknown codec, bad base58 or multibase", () => {
    expect(codes(parseDid(`${DID_KEY_ED25519}#${DID_KEY_ED25519.slice(8)}`))).toEqual([]);
    const jcs = didKey(
      [0xd1, 0xd6, 0x03],
      new TextEncoder().encode('{"crv":"P-256","kty":"EC","x":"a","y":"b"}'),
    );
    expect(row(parseDid(jcs), "keyType")).toEqual([{ text: "P-256 (EC)" }]);
    expect(parseDid(didKey([0xed, 0x01], new Uint8Array(31))).findings).toEqual([
      { code: "did.key-length", severity: "problem", params: { expected: 32, actual: 31, type: "Ed25519" } },
    ]);
    expect(parseDid(didKey([0x80, 0x24], new Uint8Array([4, ...new Uint8Array(64)]))).findings).toEqual([]);
    expect(parseDid(didKey([0x99, 0x01], new Uint8Array(32))).findings).toEqual([
      { code: "did.multicodec-unknown", severity: "warning", params: { code: "0x99" } },
    ]);
    expect(codes(parseDid("did:key:z0OIl"))).toEqual(["did.base58"]);
    expect(codes(parseDid("did:key:uAQID"))).toEqual(["did.multibase"]);
  });

  it("did:jwk: the key's curve, and a published private key is a problem", () => {
    expect(row(parseDid(DID_JWK_P256), "keyType")).toEqual([{ text: "P-256 (EC)" }]);
    expect(codes(parseDid(DID_JWK_P256))).toEqual([]);
    const leaked = parseDid(DID_JWK_PRIVATE);
    expect(row(leaked, "keyType")).toEqual([{ text: "Ed25519 (OKP)" }]);
    expect(codes(leaked)).toEqual(["did.jwk-private-key"]);
    // The identifier encodes the private key: it is neither shown nor kept for copying.
    expect(row(leaked, "identifier")).toEqual([{ text: "did:jwk:…" }]);
    expect(JSON.stringify(leaked)).not.toContain(DID_JWK_PRIVATE.slice(8, 40));
    expect(codes(parseDid("did:jwk:bm90IGpzb24"))).toEqual(["did.jwk-not-json"]);
    expect(codes(parseDid("did:jwk:e30"))).toEqual(["did.jwk-kty"]);
    expect(codes(parseDid("did:jwk:%%%"))).toEqual(["did.jwk-base64"]);
  });

  it("did:web turns into its document's address (shown, not fetched); a port is percent-encoded", () => {
    expect(row(parseDid(DID_WEB), "documentUrl")).toEqual([
      { text: "https://w3c-ccg.github.io/user/alice/did.json" },
    ]);
    expect(row(parseDid("did:web:example.com"), "documentUrl")).toEqual([
      { text: "https://example.com/.well-known/did.json" },
    ]);
    expect(row(parseDid("did:web:localhost%3A8443"), "documentUrl")).toEqual([
      { text: "https://localhost:8443/.well-known/did.json" },
    ]);
    expect(codes(parseDid("did:web:exa%2Fmple.com"))).toEqual(["did.web-host"]);
  });

  it("did:ebsi legal entities are 17 bytes starting with version 1; other methods are named, not decoded", () => {
    expect(codes(parseDid(DID_EBSI))).toEqual([]);
    expect(codes(parseDid("did:ebsi:z23"))).toEqual(["did.ebsi-id"]);
    const other = parseDid("did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w");
    expect(other.findings).toEqual([
      { code: "did.not-decoded", severity: "note", params: { method: "ion" } },
    ]);
    expect(codes(parseDid("did:Key:abc"))).toEqual(["did.malformed"]);
  });
});

describe("web links", () => {
  it("shows the real host, and flags credentials before @, plain http, IP hosts, punycode and ports", () => {
    const fine = parseLink("https://wallet-provider.example/help?x=1");
    expect(row(fine, "host")).toEqual([{ text: "wallet-provider.example" }]);
    expect(codes(fine)).toEqual([]);
    expect(fine.rows.find((r) => r.label === "url")?.href).toBe("https://wallet-provider.example/help?x=1");
    const trick = parseLink("https://bank.example@evil.example/login");
    expect(row(trick, "host")).toEqual([{ text: "evil.example" }]);
    expect(codes(trick)).toEqual(["link.userinfo"]);
    // Never clickable: the app's link rules refuse credentials in a link.
    expect(trick.rows.find((r) => r.label === "url")?.href).toBeUndefined();
    expect(codes(parseLink("http://192.168.1.1:8080/"))).toEqual([
      "link.not-https",
      "link.ip-host",
      "link.port",
    ]);
    expect(codes(parseLink("https://аррӏе.com/"))).toEqual(["link.punycode"]);
  });
});
