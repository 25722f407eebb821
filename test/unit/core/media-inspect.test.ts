import { describe, expect, it } from "vitest";
import {
  DEFAULT_IMAGE_LIMITS,
  MediaError,
  imageLimits,
  inspectImage,
} from "../../../renderer/core/media/index.ts";
import { HTML_PAGE, SVG_IMAGE, hugePng, pngBomb, pngImage } from "../../fixtures/images.ts";

function refusal(bytes: Uint8Array, limits = DEFAULT_IMAGE_LIMITS): MediaError {
  try {
    inspectImage(bytes, limits);
  } catch (err) {
    if (err instanceof MediaError) return err;
    throw err;
  }
  throw new Error("the image was accepted");
}

describe("inspecting an image before anything decodes it", () => {
  it("accepts a real PNG and reports its sniffed type and size", () => {
    expect(inspectImage(pngImage(64, 48), DEFAULT_IMAGE_LIMITS)).toEqual({
      mime: "image/png",
      w: 64,
      h: 48,
      frames: 1,
    });
  });

  it("uses the admin's 20 MB cap by default and says so in a sentence", () => {
    expect(DEFAULT_IMAGE_LIMITS.maxBytes).toBe(20 * 1024 * 1024);
    const err = refusal(hugePng(20 * 1024 * 1024 + 1));
    expect(err.reason).toBe("too-large");
    expect(err.message).toBe("This image is larger than the 20 MB limit.");
    expect(refusal(pngImage(10, 10), imageLimits({ maxBytes: 100 })).message).toBe(
      "This image is larger than the 1 KB limit.",
    );
  });

  it("refuses SVG and HTML whatever they claim to be", () => {
    expect(refusal(SVG_IMAGE).reason).toBe("not-an-image");
    expect(refusal(HTML_PAGE).reason).toBe("not-an-image");
    expect(refusal(new Uint8Array()).reason).toBe("not-an-image");
  });

  it("refuses a PNG whose header is cut short", () => {
    expect(refusal(pngImage(10, 10).slice(0, 12)).reason).toBe("not-an-image");
  });

  it("refuses decompression bombs from the header: too many pixels, or one side too long", () => {
    const bomb = refusal(pngBomb(100_000, 100_000));
    expect(bomb.reason).toBe("too-many-pixels");
    expect(bomb.message).toBe("This image claims to be 100000 × 100000 pixels, too large to display safely.");
    expect(refusal(pngBomb(8000, 8000)).reason).toBe("too-many-pixels"); // 64 MP
    expect(refusal(pngBomb(20_001, 10)).reason).toBe("too-many-pixels");
    expect(refusal(pngBomb(0, 10)).reason).toBe("not-an-image");
    expect(inspectImage(pngBomb(7000, 7000), DEFAULT_IMAGE_LIMITS)).toMatchObject({ w: 7000, h: 7000 }); // 49 MP
  });
});
