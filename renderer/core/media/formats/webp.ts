// WebP by its RIFF chunks: a simple file's size is in its VP8/VP8L bitstream header, an extended one's in VP8X
// (its canvas); animation frames (ANMF) are counted and a frame reaching past the canvas widens the check.
// Stripping drops EXIF, XMP and unknown chunks and clears their flags in VP8X.
import type { Layout } from "./gif.ts";

const u24 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
const u32 = (b: Uint8Array, o: number) => (u24(b, o) + b[o + 3]! * 2 ** 24) >>> 0;
const fourcc = (b: Uint8Array, o: number) => String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);

function* chunks(
  b: Uint8Array,
): Generator<{ id: string; data: number; size: number; start: number; end: number }> {
  let i = 12;
  while (i + 8 <= b.length) {
    const size = u32(b, i + 4);
    const end = Math.min(b.length, i + 8 + size + (size & 1));
    yield { id: fourcc(b, i), data: i + 8, size, start: i, end };
    i = end;
  }
}

export function webpLayout(b: Uint8Array): Layout | null {
  let w = 0;
  let h = 0;
  let frames = 0;
  let extended = false;
  for (const c of chunks(b)) {
    if (c.data + 10 > b.length) break;
    if (c.id === "VP8X") {
      extended = true;
      w = 1 + u24(b, c.data + 4);
      h = 1 + u24(b, c.data + 7);
    } else if (c.id === "ANMF" && c.data + 16 <= b.length) {
      frames++;
      w = Math.max(w, 2 * u24(b, c.data) + 1 + u24(b, c.data + 6));
      h = Math.max(h, 2 * u24(b, c.data + 3) + 1 + u24(b, c.data + 9));
    } else if (!extended && c.id === "VP8 ") {
      return {
        w: (b[c.data + 6]! | (b[c.data + 7]! << 8)) & 0x3fff,
        h: (b[c.data + 8]! | (b[c.data + 9]! << 8)) & 0x3fff,
        frames: 1,
      };
    } else if (!extended && c.id === "VP8L") {
      const bits = u32(b, c.data + 1);
      return { w: (bits & 0x3fff) + 1, h: ((bits >>> 14) & 0x3fff) + 1, frames: 1 };
    }
  }
  return extended ? { w, h, frames: Math.max(1, frames) } : null;
}

const KEEP = new Set(["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP"]);

export function stripWebp(b: Uint8Array): Uint8Array {
  const parts: Array<[number, number]> = [];
  let vp8x = -1;
  let size = 12;
  for (const c of chunks(b)) {
    if (!KEEP.has(c.id)) continue;
    if (c.id === "VP8X") vp8x = size;
    parts.push([c.start, c.end]);
    size += c.end - c.start;
  }
  const out = new Uint8Array(size);
  out.set(b.subarray(0, 12));
  let o = 12;
  for (const [a, z] of parts) {
    out.set(b.subarray(a, z), o);
    o += z - a;
  }
  new DataView(out.buffer).setUint32(4, size - 8, true);
  if (vp8x >= 0) out[vp8x + 8] = out[vp8x + 8]! & ~0x0c; // no EXIF (0x08), no XMP (0x04)
  return out;
}
