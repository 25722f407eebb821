import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { imageDimensions, sniffImageType } from "../../../renderer/core/media/sniff.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

describe("image sniffing", () => {
  it("recognises PNG, JPEG, GIF and WebP by their magic bytes", () => {
    const png = new Uint8Array(readFileSync(new URL("../../fixtures/red-3x2.png", import.meta.url)));
    expect(sniffImageType(png)).toBe("image/png");
    expect(imageDimensions(png, "image/png")).toEqual({ w: 3, h: 2 });
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffImageType(text("GIF89a\x01\x00\x01\x00"))).toBe("image/gif");
    expect(sniffImageType(text("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
  });

  it("refuses SVG, HTML and empty data whatever the sender claims", () => {
    expect(sniffImageType(text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBeNull();
    expect(sniffImageType(text("<?xml version='1.0'?><svg/>"))).toBeNull();
    expect(sniffImageType(text("<!doctype html><script>alert(1)</script>"))).toBeNull();
    expect(sniffImageType(bytes())).toBeNull();
    expect(sniffImageType(bytes(0x89, 0x50))).toBeNull();
  });

  it("reads a bomb's claimed dimensions from the header without decoding it", () => {
    const png = new Uint8Array(readFileSync(new URL("../../fixtures/red-3x2.png", import.meta.url)));
    const bomb = png.slice();
    new DataView(bomb.buffer).setUint32(16, 100_000);
    new DataView(bomb.buffer).setUint32(20, 100_000);
    expect(imageDimensions(bomb, "image/png")).toEqual({ w: 100_000, h: 100_000 });
    const gif = new Uint8Array([...text("GIF89a"), 0xa0, 0x86, 0xa0, 0x86]);
    expect(imageDimensions(gif, "image/gif")).toEqual({ w: 0x86a0, h: 0x86a0 });
  });

  it("finds JPEG dimensions in the start-of-frame segment", () => {
    // SOI, APP0 (length 4), SOF0 with height 0x0102 and width 0x0304
    const jpeg = bytes(
      0xff,
      0xd8,
      0xff,
      0xe0,
      0x00,
      0x04,
      0x00,
      0x00,
      0xff,
      0xc0,
      0x00,
      0x11,
      0x08,
      0x01,
      0x02,
      0x03,
      0x04,
      0x03,
      0,
      0,
      0,
    );
    expect(imageDimensions(jpeg, "image/jpeg")).toEqual({ w: 0x304, h: 0x102 });
  });
});
