// PNG and APNG by their chunks: the size is IHDR's (a frame reaching past it would grow what a lenient
// decoder allocates, so the check takes the larger), the number of frames is what acTL claims or the fcTL chunks
// count. Stripping keeps only the chunks that shape the picture; text (tEXt, zTXt, iTXt), eXIf, tIME and private
// chunks, where cameras and editors put location and names, go.
import type { Layout } from "./gif.ts";

const u32 = (b: Uint8Array, o: number) =>
  ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
const type = (b: Uint8Array, o: number) => String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);

function* chunks(b: Uint8Array): Generator<{ type: string; data: number; start: number; end: number }, void> {
  let i = 8;
  while (i + 12 <= b.length) {
    const length = u32(b, i);
    const end = i + 12 + length;
    if (end > b.length) return;
    yield { type: type(b, i + 4), data: i + 8, start: i, end };
    if (type(b, i + 4) === "IEND") return;
    i = end;
  }
}

export function pngLayout(b: Uint8Array): Layout | null {
  if (b.length < 24 || type(b, 12) !== "IHDR") return null;
  let w = u32(b, 16);
  let h = u32(b, 20);
  let claimed = 0;
  let fctl = 0;
  for (const c of chunks(b)) {
    if (c.type === "acTL" && c.end - c.start >= 20) claimed = u32(b, c.data);
    if (c.type === "fcTL" && c.end - c.start >= 38) {
      fctl++;
      w = Math.max(w, u32(b, c.data + 4) + u32(b, c.data + 12));
      h = Math.max(h, u32(b, c.data + 8) + u32(b, c.data + 16));
    }
  }
  return { w, h, frames: Math.max(1, claimed, fctl) };
}

const KEEP = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "IEND",
  "tRNS",
  "cHRM",
  "gAMA",
  "iCCP",
  "sBIT",
  "sRGB",
  "cICP",
  "mDCV",
  "cLLI",
  "bKGD",
  "pHYs",
  "acTL",
  "fcTL",
  "fdAT",
]);

export function stripPng(b: Uint8Array): Uint8Array {
  const parts: Array<[number, number]> = [[0, 8]];
  for (const c of chunks(b)) if (KEEP.has(c.type)) parts.push([c.start, c.end]);
  const out = new Uint8Array(parts.reduce((s, [a, z]) => s + z - a, 0));
  let o = 0;
  for (const [a, z] of parts) {
    out.set(b.subarray(a, z), o);
    o += z - a;
  }
  return out;
}
