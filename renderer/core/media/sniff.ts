// Decides what an image really is from its first bytes, never from the sender's claimed MIME type. Only
// raster formats a browser decodes without scripts are accepted: PNG, JPEG, GIF and WebP (never SVG or HTML).
import { gifLayout, type Layout } from "./formats/gif.ts";
import { jpegSize } from "./formats/jpeg.ts";
import { pngLayout } from "./formats/png.ts";
import { webpLayout } from "./formats/webp.ts";

export type { Layout } from "./formats/gif.ts";

export type ImageMime = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

export const ACCEPTED_IMAGE_TYPES: readonly ImageMime[] = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
];

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** The image type named by the magic bytes, or null for anything else (SVG, HTML, truncated data…). */
export function sniffImageType(bytes: Uint8Array): ImageMime | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) ||
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61])
  )
    return "image/gif";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  return null;
}

/**
 * Pixel size and frame count read from the file's structure, without decoding, the way the browser's decoders
 * will see them (formats/): lets the console refuse a "decompression bomb" (e.g. 100000×100000, or a tiny
 * GIF screen hiding a huge first frame, or thousands of frames) before anything decodes it. Null when the
 * structure can't be read.
 */
export function imageLayout(bytes: Uint8Array, type: ImageMime): Layout | null {
  try {
    switch (type) {
      case "image/png":
        return pngLayout(bytes);
      case "image/gif":
        return gifLayout(bytes);
      case "image/webp":
        return webpLayout(bytes);
      case "image/jpeg": {
        const size = jpegSize(bytes);
        return size && { ...size, frames: 1 };
      }
    }
  } catch {
    return null;
  }
}

/** Width and height only (see imageLayout). */
export function imageDimensions(bytes: Uint8Array, type: ImageMime): { w: number; h: number } | null {
  const layout = imageLayout(bytes, type);
  return layout && { w: layout.w, h: layout.h };
}
