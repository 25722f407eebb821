import { describe, expect, it } from "vitest";
import {
  MediaError,
  mediaKey,
  mediaSourceFromContent,
  parseMxc,
  type ImageSource,
} from "../../../renderer/core/media/index.ts";

const KEY = "qcHVMSgYg-71CauWBezXI5qkaRb0LuIy-Wx5kIaHMIA";
const IV = "X85+XgHN+HEAAAAAAAAAAA";
const HASH = "5qG4fFnbbVdlAB1Q72JDKwCagV6Dbkx9uM2Ds8f6Re4";

function encryptedFile(overrides: Record<string, unknown> = {}) {
  return {
    v: "v2",
    url: "mxc://wallets.example/AbCdEf123_-",
    key: { kty: "oct", alg: "A256CTR", k: KEY, key_ops: ["encrypt", "decrypt"], ext: true },
    iv: IV,
    hashes: { sha256: HASH },
    ...overrides,
  };
}

function reason(value: unknown): string | null {
  return value instanceof MediaError ? value.reason : null;
}

describe("reading where an image lives from message content", () => {
  it("reads a wallet's encrypted image (AltMe's thin info: mimetype and size only)", () => {
    const source = mediaSourceFromContent({
      msgtype: "m.image",
      body: "photo.jpg",
      info: { mimetype: "image/jpeg", size: 52_000 },
      file: encryptedFile(),
    }) as ImageSource;
    expect(source).toMatchObject({
      mxc: "mxc://wallets.example/AbCdEf123_-",
      server: "wallets.example",
      mediaId: "AbCdEf123_-",
      claimedSize: 52_000,
      claimedMime: "image/jpeg",
      thumbnail: null,
    });
    expect(source.file).toEqual(encryptedFile());
  });

  it("reads a plaintext wallet's `url` image and a server name with a port", () => {
    const source = mediaSourceFromContent({
      msgtype: "m.image",
      body: "x.png",
      url: "mxc://127.0.0.1:8448/abc",
    }) as ImageSource;
    expect(source).toMatchObject({ server: "127.0.0.1:8448", mediaId: "abc", file: null, claimedSize: null });
    expect(parseMxc("mxc://[::1]:8448/abc")).toMatchObject({ server: "[::1]:8448" });
  });

  it("keeps only the checked EncryptedFile fields and normalises what WebCrypto needs", () => {
    const source = mediaSourceFromContent({
      file: encryptedFile({
        extra: "<script>",
        key: {
          kty: "oct",
          alg: "A256CTR",
          k: KEY,
          key_ops: ["decrypt", "encrypt", "sign"],
          ext: false,
          x: 1,
        },
        hashes: { sha256: `${HASH}=`, md5: "nope" },
      }),
    }) as ImageSource;
    expect(source.file).toEqual(encryptedFile());
  });

  it("prefers the encrypted file when both `file` and `url` are present", () => {
    const source = mediaSourceFromContent({
      url: "mxc://a.example/plain",
      file: encryptedFile(),
    }) as ImageSource;
    expect(source.file).not.toBeNull();
    expect(source.mxc).toBe("mxc://wallets.example/AbCdEf123_-");
  });

  it("reads thumbnails, encrypted or plain, and drops a broken one instead of failing", () => {
    const encryptedThumb = mediaSourceFromContent({
      file: encryptedFile(),
      info: {
        thumbnail_file: encryptedFile({ url: "mxc://wallets.example/thumb" }),
        thumbnail_info: { size: 800 },
      },
    }) as ImageSource;
    expect(encryptedThumb.thumbnail).toMatchObject({ mediaId: "thumb", claimedSize: 800 });
    expect(encryptedThumb.thumbnail?.file?.url).toBe("mxc://wallets.example/thumb");

    const plainThumb = mediaSourceFromContent({
      url: "mxc://a.example/img",
      info: { thumbnail_url: "mxc://a.example/thumb" },
    }) as ImageSource;
    expect(plainThumb.thumbnail).toMatchObject({ mediaId: "thumb", file: null });

    const broken = mediaSourceFromContent({
      url: "mxc://a.example/img",
      info: { thumbnail_url: "javascript:alert(1)" },
    }) as ImageSource;
    expect(broken.thumbnail).toBeNull();
  });

  it("says there is no media when the content has neither `url` nor `file`", () => {
    for (const junk of [
      null,
      undefined,
      0,
      "mxc://a/b",
      [],
      [{ url: "mxc://a.example/b" }],
      {},
      { body: "hi" },
    ]) {
      expect(mediaSourceFromContent(junk)).toBeNull();
    }
  });

  it("refuses hostile or broken mxc URLs as malformed", () => {
    const bad = [
      "http://attacker.example/x.png",
      "https://a.example/_matrix/media/v3/download/a/b",
      "mxc://a.example",
      "mxc://a.example/",
      "mxc:///abc",
      "mxc://a.example/../../_synapse/admin",
      "mxc://a.example/abc/def",
      "mxc://a.example/abc?access_token=x",
      "mxc://a.example/abc#frag",
      "mxc://user@a.example/abc",
      "mxc://a example/abc",
      "mxc://a.example/ab%2Fcd",
      "mxc://a.example/ab c",
      "mxc://а.example/abc", // Cyrillic "а"
      "MXC://a.example/abc",
      " mxc://a.example/abc",
      "mxc://a.example/abc\n",
      `mxc://a.example/${"a".repeat(300)}`,
      42,
      { toString: () => "mxc://a.example/abc" },
    ];
    for (const url of bad) {
      expect(reason(mediaSourceFromContent({ url })), String(url)).toBe("malformed");
      expect(reason(mediaSourceFromContent({ file: encryptedFile({ url }) })), String(url)).toBe("malformed");
    }
  });

  it("refuses EncryptedFile descriptions it cannot safely decrypt", () => {
    const bad: Record<string, unknown>[] = [
      { v: "v1" },
      { v: undefined },
      { v: 2 },
      { key: undefined },
      { key: "k" },
      { key: { kty: "RSA", alg: "A256CTR", k: KEY } },
      { key: { kty: "oct", alg: "A128CTR", k: KEY } },
      { key: { kty: "oct", alg: "A256CTR", k: "short" } },
      { key: { kty: "oct", alg: "A256CTR", k: 12345 } },
      { key: { kty: "oct", alg: "A256CTR", k: KEY, key_ops: ["encrypt"] } },
      { key: { kty: "oct", alg: "A256CTR", k: KEY, key_ops: "decrypt" } },
      { iv: undefined },
      { iv: "not base64!" },
      { iv: "AAAA" },
      { hashes: undefined },
      { hashes: {} },
      { hashes: { sha256: 1 } },
      { hashes: { sha256: "tooshort" } },
      { hashes: [HASH] },
    ];
    for (const overrides of bad) {
      const result = mediaSourceFromContent({ file: encryptedFile(overrides) });
      expect(reason(result), JSON.stringify(overrides)).toBe("malformed");
      expect((result as MediaError).message).toMatch(/^This image cannot be shown: /);
    }
    expect(reason(mediaSourceFromContent({ file: "mxc://a.example/b" }))).toBe("malformed");
    expect(reason(mediaSourceFromContent({ file: null }))).toBe("malformed");
  });

  it("ignores claimed sizes and types that are not what they should be", () => {
    for (const size of [-1, 1.5, "100", Number.MAX_VALUE, NaN, null]) {
      const source = mediaSourceFromContent({ url: "mxc://a.example/b", info: { size } }) as ImageSource;
      expect(source.claimedSize).toBeNull();
    }
    const source = mediaSourceFromContent({ url: "mxc://a.example/b", info: { mimetype: 7 } }) as ImageSource;
    expect(source.claimedMime).toBeNull();
  });

  it("never throws, whatever the content", () => {
    const values: unknown[] = [NaN, Symbol("x"), () => 1, new Date(), new Map(), Object.create(null)];
    const evil = JSON.parse(
      '{"__proto__": {"url": "mxc://a.example/b"}, "info": {"__proto__": {"size": 1}}}',
    );
    values.push(evil, { info: evil }, { file: evil }, { file: { ...encryptedFile(), key: evil } });
    const cyclic: Record<string, unknown> = { url: "mxc://a.example/b" };
    cyclic.info = cyclic;
    values.push(cyclic);
    for (const value of values) expect(() => mediaSourceFromContent(value)).not.toThrow();
    expect(mediaSourceFromContent(evil)).toBeNull();
  });

  it("keys encrypted media by key and hash too, so a reused mxc with another key never hits the cache", () => {
    const a = mediaSourceFromContent({ file: encryptedFile() }) as ImageSource;
    const otherKey = encryptedFile({
      key: { kty: "oct", alg: "A256CTR", k: KEY.replace("q", "r"), key_ops: ["decrypt"], ext: true },
    });
    const b = mediaSourceFromContent({ file: otherKey }) as ImageSource;
    expect(a.mxc).toBe(b.mxc);
    expect(mediaKey(a)).not.toBe(mediaKey(b));
  });
});
