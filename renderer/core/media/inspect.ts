// The checks every image passes before anything decodes or displays it, whether it arrives or is sent: a real
// raster type by its bytes, within the byte cap, and pixel dimensions a decoder can hold (no decompression bomb).
import { DEFAULT_CONFIG } from "../platform/types.ts";
import { MediaError, NOT_AN_IMAGE_MESSAGE, tooLarge } from "./errors.ts";
import { imageLayout, sniffImageType, type ImageMime } from "./sniff.ts";

export interface ImageLimits {
  /** Largest image in bytes (AdminConfig.maxImageBytes). */
  maxBytes: number;
  /** Largest width × height; 50 megapixels decodes to 200 MB of RGBA already. */
  maxPixels: number;
  /** Largest width or height on its own. */
  maxSide: number;
  /** Most frames of an animation (GIF, APNG, animated WebP). */
  maxFrames: number;
  /** Largest frames × width × height: what playing an animation once decodes. */
  maxAnimationPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = {
  maxBytes: DEFAULT_CONFIG.maxImageBytes,
  maxPixels: 50_000_000,
  maxSide: 20_000,
  // A 480×270 GIF of 200 frames is 26 million; a minute of 1080p at 10 frames per second would be 1.2 billion.
  maxFrames: 2_000,
  maxAnimationPixels: 500_000_000,
};

export function imageLimits(overrides: Partial<ImageLimits> = {}): ImageLimits {
  return { ...DEFAULT_IMAGE_LIMITS, ...overrides };
}

export interface InspectedImage {
  /** The type read from the bytes; the only type the console ever labels the image with. */
  mime: ImageMime;
  w: number;
  h: number;
  /** 1 for a still image. */
  frames: number;
}

/** Throws a MediaError unless `bytes` is a PNG, JPEG, GIF or WebP within the limits. Decodes nothing. */
export function inspectImage(bytes: Uint8Array, limits: ImageLimits): InspectedImage {
  if (bytes.byteLength > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const mime = sniffImageType(bytes);
  if (!mime) throw new MediaError("not-an-image", NOT_AN_IMAGE_MESSAGE);
  const size = imageLayout(bytes, mime);
  if (!size || size.w <= 0 || size.h <= 0) {
    throw new MediaError(
      "not-an-image",
      "This image is damaged: its size cannot be read, so it is not shown.",
    );
  }
  if (size.w > limits.maxSide || size.h > limits.maxSide || size.w * size.h > limits.maxPixels) {
    throw new MediaError(
      "too-many-pixels",
      `This image claims to be ${size.w} × ${size.h} pixels, too large to display safely.`,
    );
  }
  if (size.frames > limits.maxFrames || size.frames * size.w * size.h > limits.maxAnimationPixels) {
    throw new MediaError(
      "too-many-pixels",
      `This animation claims ${size.frames} frames of ${size.w} × ${size.h} pixels, too many to play safely.`,
    );
  }
  return { mime, w: size.w, h: size.h, frames: size.frames };
}
