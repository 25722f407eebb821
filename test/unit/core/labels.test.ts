import { createHmac } from "node:crypto";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import {
  CODE_BITS,
  keyedLabel,
  labelDigest,
  labelFor,
  serverOf,
  walletCode,
  walletHue,
  walletLabel,
} from "../../../renderer/core/labels.ts";

const did = "@did-key-z6mkpwbzbzkg9csgkz5zd9wpovdy2srrzowxjvuwtj523ag2:matrix.talao.co";
const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const otherKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const CODE = /^[0-9a-hjkmnp-tv-z]{11}$/;

/** 5 bits per character of the Crockford-style alphabet, read back (an independent decoder). */
function bitsOf(code: string): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return [...code].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
}

describe("keyed wallet labels", () => {
  it("@noble's HMAC-SHA-256 meets RFC 4231 (test case 2) and agrees with Node's OpenSSL", () => {
    const rfc = hmac(
      sha256,
      new TextEncoder().encode("Jefe"),
      new TextEncoder().encode("what do ya want for nothing?"),
    );
    expect(Buffer.from(rfc).toString("hex")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    const expected = createHmac("sha256", key).update(`wsc wallet label v1\0${did}`).digest();
    expect(Buffer.from(labelDigest(key, did)).equals(expected)).toBe(true);
  });

  it("show 55 bits: the first 55 bits of the HMAC as 11 characters without look-alikes, in groups", () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(50);
    const label = keyedLabel(key, did);
    expect(label.code).toMatch(CODE);
    expect(label.text).toBe(
      `Wallet ${label.code.slice(0, 4)}-${label.code.slice(4, 8)}-${label.code.slice(8)}`,
    );
    const digestBits = [...labelDigest(key, did)].map((b) => b.toString(2).padStart(8, "0")).join("");
    expect(bitsOf(label.code)).toBe(digestBits.slice(0, CODE_BITS));
    expect(label.provisional).toBe(false);
    expect(label.hue).toBeGreaterThanOrEqual(0);
    expect(label.hue).toBeLessThan(360);
  });

  it("are stable for one key, unrelated across keys, and never contain the DID", () => {
    expect(keyedLabel(key, did)).toEqual(keyedLabel(key.slice(), did));
    expect(keyedLabel(otherKey, did).code).not.toBe(keyedLabel(key, did).code);
    expect(keyedLabel(key, did).text).not.toContain("z6mk");
    expect(() => keyedLabel(key.slice(0, 16), did)).toThrow(/32 bytes/);
  });

  it("don't collide among 10,000 wallets", () => {
    const codes = new Set<string>();
    for (let i = 0; i < 10_000; i++)
      codes.add(keyedLabel(key, `@did-key-z6mk${i.toString(36)}x:matrix.talao.co`).code);
    expect(codes.size).toBe(10_000);
  });
});

describe("provisional labels (no key yet)", () => {
  it("come from the public hash, in the old shorter format, and are flagged", () => {
    const label = labelFor(null, did);
    expect(label).toEqual({
      text: walletLabel(did),
      code: walletCode(did),
      hue: walletHue(did),
      provisional: true,
    });
    expect(label.text).toMatch(/^Wallet [0-9a-hjkmnp-tv-z]{4}·[0-9a-hjkmnp-tv-z]{2}$/);
    // A keyed label can never be mistaken for a provisional one: other length, other separator.
    expect(labelFor(key, did).text).not.toContain("·");
    expect(labelFor(key, did).provisional).toBe(false);
  });

  it("read the server from a user ID, and refuse what is not one", () => {
    expect(serverOf(did)).toBe("matrix.talao.co");
    expect(serverOf("@support:localhost:8008")).toBe("localhost:8008");
    expect(serverOf("support")).toBeNull();
    expect(serverOf("#news:matrix.org")).toBeNull();
  });
});
