// Thumbnails for images the console sends. Making one needs a decoder and a canvas, which the browser/Electron
// renderer has (createImageBitmap + OffscreenCanvas) and Node does not; the send path takes the thumbnailer as a
// parameter and works without one.
import type { ImageMime } from "./sniff.ts";

export interface Thumbnail {
  bytes: Uint8Array;
  mime: ImageMime;
  w: number;
  h: number;
}

/** Makes a smaller rendition of an already inspected image, or null when none is worth sending. */
export type Thumbnailer = (bytes: Uint8Array, mime: ImageMime) => Promise<Thumbnail | null>;

// Element's bounds for timeline thumbnails.
export const THUMBNAIL_MAX_WIDTH = 800;
export const THUMBNAIL_MAX_HEIGHT = 600;

/** The renderer's thumbnailer. Returns null for images already within the bounds and for undecodable ones. */
export const browserThumbnailer: Thumbnailer = async (bytes, mime) => {
  if (typeof createImageBitmap !== "function" || typeof OffscreenCanvas !== "function") return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, THUMBNAIL_MAX_WIDTH / bitmap.width, THUMBNAIL_MAX_HEIGHT / bitmap.height);
    if (scale === 1) return null;
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext("2d");
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, w, h);
    // Photos stay JPEG; anything that may have transparency becomes PNG.
    const type = mime === "image/jpeg" ? "image/jpeg" : "image/png";
    const blob = await canvas.convertToBlob({ type, quality: 0.8 });
    if (blob.size >= bytes.byteLength) return null;
    return { bytes: new Uint8Array(await blob.arrayBuffer()), mime: type, w, h };
  } finally {
    bitmap.close();
  }
};
