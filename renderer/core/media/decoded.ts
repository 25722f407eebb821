// The second bound on decoding: after the structure walk (sniff.ts, formats/) has passed an image, the browser
// decodes it once off the main thread (createImageBitmap) and the decoded size must not exceed what the walk
// measured. Any disagreement between the walk and the real decoder (the bug class of issue 15 §4) then ends in a
// refusal instead of a display. Node has no image decoder: there the check is skipped (null).
import { MediaError } from "./errors.ts";
import type { ImageMime } from "./sniff.ts";

/** Decodes the image and says its size, or null when it can't be decoded. */
export type DecodedSize = (bytes: Uint8Array, mime: ImageMime) => Promise<{ w: number; h: number } | null>;

export const browserDecodedSize: DecodedSize | null =
  typeof createImageBitmap === "function"
    ? async (bytes, mime) => {
        let bitmap: ImageBitmap;
        try {
          bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
        } catch {
          return null;
        }
        const size = { w: bitmap.width, h: bitmap.height };
        bitmap.close();
        return size;
      }
    : null;

/**
 * Throws when the decoded image is larger than measured (area, so an EXIF rotation is no mismatch) or does not
 * decode at all. Smaller is fine: the walk is conservative (a GIF's screen grown by its first frame, say).
 */
export async function checkDecodedSize(
  image: { bytes: Uint8Array; mime: ImageMime; w: number; h: number },
  decode: DecodedSize,
): Promise<void> {
  const size = await decode(image.bytes, image.mime);
  if (!size)
    throw new MediaError("not-an-image", "This image is damaged: it cannot be decoded, so it is not shown.");
  if (size.w * size.h > image.w * image.h) {
    throw new MediaError(
      "too-many-pixels",
      `This image decodes to ${size.w} × ${size.h} pixels, more than its header said: it is not shown.`,
    );
  }
}
