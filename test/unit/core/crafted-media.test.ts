// The malicious-media suite's crafted files (issue 15 §4) against the size checks, and metadata stripping of
// what agents send: every file is built by test/fixtures/crafted-images.ts.
import { describe, expect, it } from "vitest";
import type { MediaError } from "../../../renderer/core/media/index.ts";
import { DEFAULT_IMAGE_LIMITS, checkDecodedSize, inspectImage } from "../../../renderer/core/media/index.ts";
import { imageLayout } from "../../../renderer/core/media/sniff.ts";
import { stripMetadata } from "../../../renderer/core/media/strip.ts";
import {
  GPS_MARK,
  WEBP_1X1,
  apngImage,
  gifImage,
  jpegFillByteBomb,
  jpegImage,
  webpAnimation,
  webpWithMetadata,
} from "../../fixtures/crafted-images.ts";

const refusal = (bytes: Uint8Array): string | null => {
  try {
    inspectImage(bytes, DEFAULT_IMAGE_LIMITS);
    return null;
  } catch (err) {
    return (err as MediaError).reason;
  }
};
const has = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, "latin1"));

describe("crafted images are measured as the decoder will see them", () => {
  it("JPEG: fill bytes before a marker are skipped as libjpeg does, so the decoy frame fools nothing", () => {
    const bomb = jpegFillByteBomb();
    expect(bomb.byteLength).toBeLessThan(50_000);
    expect(imageLayout(bomb, "image/jpeg")).toEqual({ w: 60000, h: 60000, frames: 1 });
    expect(refusal(bomb)).toBe("too-many-pixels");
  });

  it("JPEG: stray bytes and standalone markers before the frame are stepped over; a scan before it is refused", () => {
    const real = jpegImage(24, 16);
    const padded = new Uint8Array([
      0xff,
      0xd8,
      0x12,
      0x34,
      0xff,
      0xff,
      0xff,
      0xd0,
      0xff,
      0x01,
      ...real.subarray(2),
    ]);
    expect(imageLayout(padded, "image/jpeg")).toEqual({ w: 24, h: 16, frames: 1 });
    const scanFirst = new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, ...real.subarray(2)]);
    expect(imageLayout(scanFirst, "image/jpeg")).toBeNull();
  });

  it("GIF: a huge first frame behind a 1×1 screen counts at its real size", () => {
    const gif = gifImage({ screen: { w: 1, h: 1 }, frames: [{ w: 60000, h: 60000 }] });
    expect(imageLayout(gif, "image/gif")).toEqual({ w: 60000, h: 60000, frames: 1 });
    expect(refusal(gif)).toBe("too-many-pixels");
  });

  it("GIF: thousands of frames are refused, a short animation passes", () => {
    const many = gifImage({ screen: { w: 500, h: 500 }, frames: Array(2500).fill({ w: 500, h: 500 }) });
    expect(imageLayout(many, "image/gif")).toMatchObject({ frames: 2500 });
    expect(refusal(many)).toBe("too-many-pixels");
    const heavy = gifImage({ screen: { w: 2000, h: 2000 }, frames: Array(200).fill({ w: 1, h: 1 }) });
    expect(refusal(heavy)).toBe("too-many-pixels"); // 200 × 4 MP = 800 MP to decode per loop
    const fine = gifImage({ screen: { w: 100, h: 80 }, frames: Array(20).fill({ w: 100, h: 80 }) });
    expect(inspectImage(fine, DEFAULT_IMAGE_LIMITS)).toMatchObject({ w: 100, h: 80, frames: 20 });
  });

  it("APNG: a claim of 100,000 frames and a frame larger than IHDR are refused", () => {
    expect(refusal(apngImage(64, 64, 100_000))).toBe("too-many-pixels");
    const wide = apngImage(16, 16, 1, [{ w: 30_000, h: 16 }]);
    expect(imageLayout(wide, "image/png")).toEqual({ w: 30_000, h: 16, frames: 1 });
    expect(refusal(wide)).toBe("too-many-pixels");
    expect(inspectImage(apngImage(64, 48, 10), DEFAULT_IMAGE_LIMITS)).toMatchObject({ frames: 10 });
  });

  it("WebP: animation frames are counted and a frame past the canvas widens the check", () => {
    expect(imageLayout(WEBP_1X1, "image/webp")).toEqual({ w: 1, h: 1, frames: 1 });
    const frames = webpAnimation({ w: 1000, h: 1000 }, 3000, { w: 1000, h: 1000 });
    expect(imageLayout(frames, "image/webp")).toEqual({ w: 1000, h: 1000, frames: 3000 });
    expect(refusal(frames)).toBe("too-many-pixels");
    const huge = webpAnimation({ w: 16, h: 16 }, 1, { w: 16000, h: 16000 });
    expect(refusal(huge)).toBe("too-many-pixels");
  });
});

describe("images agents send leave without metadata", () => {
  it("JPEG: EXIF with a GPS position, XMP and comments go; the picture and its orientation stay", () => {
    const photo = jpegImage(32, 24, { exif: { orientation: 6 }, comment: "Agent Alice", xmp: GPS_MARK });
    expect(has(photo, GPS_MARK)).toBe(true);
    const sent = stripMetadata(photo, "image/jpeg");
    for (const text of [GPS_MARK, "Agent Alice", "http://ns.adobe.com/xap", "GPS"])
      expect(has(sent, text), text).toBe(false);
    expect(imageLayout(sent, "image/jpeg")).toEqual({ w: 32, h: 24, frames: 1 });
    // Only the orientation is left of EXIF: the 34-byte segment the stripper writes.
    expect(has(sent, "Exif")).toBe(true);
    expect(sent.byteLength).toBe(jpegImage(32, 24).byteLength + 36);
    // The scan data comes through byte for byte.
    const tail = (b: Uint8Array) => Buffer.from(b.subarray(b.byteLength - 8));
    expect(tail(sent).equals(tail(photo))).toBe(true);
  });

  it("JPEG: without an orientation to keep, nothing of EXIF is left", () => {
    const sent = stripMetadata(jpegImage(8, 8, { exif: { orientation: 1 } }), "image/jpeg");
    expect(Buffer.from(sent).equals(Buffer.from(jpegImage(8, 8)))).toBe(true);
  });

  it("PNG: text, eXIf and time chunks go, animation chunks stay", () => {
    const png = apngImage(
      16,
      16,
      2,
      [],
      [
        { type: "tEXt", text: `Comment\0${GPS_MARK}` },
        { type: "eXIf", text: GPS_MARK },
        { type: "iTXt", text: `XML:com.adobe.xmp\0\0\0\0\0${GPS_MARK}` },
        { type: "tIME", text: "1234567" },
      ],
    );
    const sent = stripMetadata(png, "image/png");
    expect(has(sent, GPS_MARK)).toBe(false);
    expect(has(sent, "tIME")).toBe(false);
    expect(has(sent, "acTL")).toBe(true);
    expect(imageLayout(sent, "image/png")).toEqual({ w: 16, h: 16, frames: 2 });
  });

  it("WebP: EXIF and XMP chunks and their flags go", () => {
    const webp = webpWithMetadata(GPS_MARK);
    const sent = stripMetadata(webp, "image/webp");
    expect(has(sent, GPS_MARK)).toBe(false);
    expect(sent[20]! & 0x0c).toBe(0);
    expect(new DataView(sent.buffer).getUint32(4, true)).toBe(sent.byteLength - 8);
    expect(imageLayout(sent, "image/webp")).toEqual({ w: 1, h: 1, frames: 1 });
  });

  it("GIF: comments and XMP go, frames and the loop count stay", () => {
    const gif = gifImage({
      screen: { w: 4, h: 4 },
      frames: [
        { w: 4, h: 4 },
        { w: 4, h: 4 },
      ],
      comment: GPS_MARK,
      xmp: GPS_MARK,
    });
    const sent = stripMetadata(gif, "image/gif");
    expect(has(sent, GPS_MARK)).toBe(false);
    expect(has(sent, "NETSCAPE2.0")).toBe(true);
    expect(imageLayout(sent, "image/gif")).toEqual({ w: 4, h: 4, frames: 2 });
  });
});

describe("the decode is checked against the measured size", () => {
  // Node has no image decoder: these decoders stand in for createImageBitmap's answer (the e2e suite runs the real one).
  const image = { bytes: jpegImage(16, 16), mime: "image/jpeg" as const, w: 16, h: 16 };

  it("refuses an image that decodes larger than its structure said, or not at all", async () => {
    await expect(checkDecodedSize(image, async () => ({ w: 60000, h: 60000 }))).rejects.toMatchObject({
      reason: "too-many-pixels",
    });
    await expect(checkDecodedSize(image, async () => null)).rejects.toMatchObject({ reason: "not-an-image" });
  });

  it("accepts the measured size, a rotation of it, or less", async () => {
    for (const size of [
      { w: 16, h: 16 },
      { w: 8, h: 32 },
      { w: 1, h: 1 },
    ])
      await expect(checkDecodedSize(image, async () => size)).resolves.toBeUndefined();
  });
});
