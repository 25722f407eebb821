// Decides what an image really is from its first bytes, never from the sender's claimed MIME type. Only
// raster formats a browser decodes without scripts are accepted: PNG, JPEG, GIF and WebP (never SVG or HTML).

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
 * Pixel dimensions read from the header, without decoding: lets the console refuse a "decompression bomb"
 * (e.g. 100000×100000) before handing it to the image decoder. Null when the header can't be read.
 */
export function imageDimensions(bytes: Uint8Array, type: ImageMime): { w: number; h: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    switch (type) {
      case "image/png":
        return { w: view.getUint32(16), h: view.getUint32(20) };
      case "image/gif":
        return { w: view.getUint16(6, true), h: view.getUint16(8, true) };
      case "image/webp":
        return webpDimensions(view);
      case "image/jpeg":
        return jpegDimensions(view);
    }
  } catch {
    return null;
  }
}

function webpDimensions(view: DataView): { w: number; h: number } | null {
  const chunk = String.fromCharCode(
    view.getUint8(12),
    view.getUint8(13),
    view.getUint8(14),
    view.getUint8(15),
  );
  if (chunk === "VP8X") {
    const w = 1 + (view.getUint8(24) | (view.getUint8(25) << 8) | (view.getUint8(26) << 16));
    const h = 1 + (view.getUint8(27) | (view.getUint8(28) << 8) | (view.getUint8(29) << 16));
    return { w, h };
  }
  if (chunk === "VP8 ") return { w: view.getUint16(26, true) & 0x3fff, h: view.getUint16(28, true) & 0x3fff };
  if (chunk === "VP8L") {
    const b = view.getUint32(21, true);
    return { w: (b & 0x3fff) + 1, h: ((b >> 14) & 0x3fff) + 1 };
  }
  return null;
}

function jpegDimensions(view: DataView): { w: number; h: number } | null {
  let offset = 2;
  while (offset + 9 < view.byteLength) {
    if (view.getUint8(offset) !== 0xff) return null;
    const marker = view.getUint8(offset + 1);
    // Start-of-frame markers (baseline, progressive, …) carry the dimensions; skip DHT/JPG/DAC (C4, C8, CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { h: view.getUint16(offset + 5), w: view.getUint16(offset + 7) };
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  return null;
}
