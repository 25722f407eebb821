// Turning an image file into pixels the QR reader can afford, inside the worker: the header's dimensions are
// read first (the media module's sniffing), an image claiming too many pixels is refused before decoding, and a
// big one is decoded straight to a smaller size (createImageBitmap's resize), so a 4,000 × 4,000 screenshot costs
// what a 2,000 × 2,000 one does.
import { imageDimensions, sniffImageType } from "../../media/sniff.ts";
import { QrError } from "./protocol.ts";
import type { Pixels } from "./scan.ts";

/** Largest image (by its header) the decoder looks at: the media module's own display limit. */
export const MAX_SOURCE_PIXELS = 50_000_000;
/** Largest area actually scanned; bigger images are scaled down to it. */
export const MAX_SCAN_PIXELS = 4_000_000;
export const MAX_SCAN_SIDE = 2_600;

/** The size to decode a w × h image at: itself, or scaled down to the scan limits (never up). */
export function scanSize(w: number, h: number): { width: number; height: number } {
  const scale = Math.min(1, Math.sqrt(MAX_SCAN_PIXELS / (w * h)), MAX_SCAN_SIDE / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

export async function imagePixels(image: Blob): Promise<Pixels> {
  const head = new Uint8Array(await image.slice(0, 256 * 1024).arrayBuffer());
  const type = sniffImageType(head);
  const size = type ? imageDimensions(head, type) : null;
  if (!type || !size || size.w <= 0 || size.h <= 0)
    throw new QrError("unreadable", "Not a PNG, JPEG, GIF or WebP image.");
  if (size.w * size.h > MAX_SOURCE_PIXELS) {
    throw new QrError("too-large", `The image is ${size.w} × ${size.h} pixels, too large to scan.`);
  }
  const target = scanSize(size.w, size.h);
  let bitmap: ImageBitmap;
  try {
    bitmap =
      target.width === size.w && target.height === size.h
        ? await createImageBitmap(image)
        : await createImageBitmap(image, {
            resizeWidth: target.width,
            resizeHeight: target.height,
            resizeQuality: "medium",
          });
  } catch (err) {
    throw new QrError("unreadable", "The image could not be decoded.", { cause: err });
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) throw new QrError("failed", "No 2D canvas in this worker.");
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { data: data.data, width: data.width, height: data.height };
  } finally {
    bitmap.close();
  }
}
