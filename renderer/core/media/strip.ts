// Images agents send leave without metadata: EXIF (a phone photo's GPS position, camera serial, time), XMP,
// IPTC, PNG text chunks and GIF comments could tell a wallet where an agent is and who they are. The bytes are
// rewritten losslessly by the same structure walkers the size checks use (formats/): the picture, its colour
// profile, animation and a JPEG's orientation stay; everything else goes. Runs in Node and the browser alike.
import { stripGif } from "./formats/gif.ts";
import { stripJpeg } from "./formats/jpeg.ts";
import { stripPng } from "./formats/png.ts";
import { stripWebp } from "./formats/webp.ts";
import type { ImageMime } from "./sniff.ts";

export function stripMetadata(bytes: Uint8Array, mime: ImageMime): Uint8Array {
  switch (mime) {
    case "image/jpeg":
      return stripJpeg(bytes);
    case "image/png":
      return stripPng(bytes);
    case "image/gif":
      return stripGif(bytes);
    case "image/webp":
      return stripWebp(bytes);
  }
}
