// GIF as browsers decode it: the logical screen is only a hint — Blink (like Firefox) grows it to the first
// frame when that frame is larger, so a 1×1 screen can hide a 60000×60000 first frame. Reads the real size and
// the number of frames by walking the blocks, and rewrites the file without comments, plain-text blocks and
// application data other than the loop count (XMP rides in an application extension).

export interface Layout {
  w: number;
  h: number;
  frames: number;
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);

/** Offset after a chain of data sub-blocks starting at `i`, or -1 when the data ends first. */
function skipSubBlocks(b: Uint8Array, i: number): number {
  while (i < b.length) {
    const size = b[i]!;
    i += 1 + size;
    if (size === 0) return i;
  }
  return -1;
}

interface Block {
  kind: "image" | "extension";
  label: number;
  start: number;
  end: number;
}

function* blocks(b: Uint8Array): Generator<Block, void> {
  const flags = b[10]!;
  let i = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  while (i < b.length) {
    const start = i;
    const intro = b[i]!;
    if (intro === 0x2c) {
      if (i + 10 > b.length) return;
      const local = b[i + 9]!;
      i += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0) + 1; // descriptor, colour table, LZW code size
      i = skipSubBlocks(b, i);
      if (i < 0) return;
      yield { kind: "image", label: 0x2c, start, end: i };
    } else if (intro === 0x21) {
      i = skipSubBlocks(b, i + 2);
      if (i < 0) return;
      yield { kind: "extension", label: b[start + 1]!, start, end: i };
    } else {
      return; // the trailer (0x3B), or junk where the decoder stops too
    }
  }
}

export function gifLayout(b: Uint8Array): Layout | null {
  if (b.length < 10) return null;
  let w = u16(b, 6);
  let h = u16(b, 8);
  if (b.length < 13) return { w, h, frames: 1 }; // no frame to read: the screen is all there is
  const gif87 = b[4] === 0x37;
  let frames = 0;
  for (const block of blocks(b)) {
    if (block.kind !== "image") continue;
    if (frames === 0) {
      const fw = u16(b, block.start + 5);
      const fh = u16(b, block.start + 7);
      // Blink: a first frame larger than the screen (or any first frame of a GIF87a) becomes the screen.
      if (fw > 0 && fh > 0 && (gif87 || fw > w || fh > h)) {
        w = Math.max(w, fw);
        h = Math.max(h, fh);
      }
    }
    frames++;
  }
  return { w, h, frames: Math.max(1, frames) };
}

const NETSCAPE = "NETSCAPE2.0";
const ANIMEXTS = "ANIMEXTS1.0";

/** The GIF with only its frames, graphic controls and loop count. */
export function stripGif(b: Uint8Array): Uint8Array {
  const flags = b[10]!;
  const head = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  const parts: Array<[number, number]> = [[0, Math.min(head, b.length)]];
  for (const block of blocks(b)) {
    let keep = block.kind === "image" || block.label === 0xf9;
    if (block.label === 0xff && b[block.start + 2] === 11) {
      const id = String.fromCharCode(...b.subarray(block.start + 3, block.start + 14));
      keep = id === NETSCAPE || id === ANIMEXTS;
    }
    if (keep) parts.push([block.start, block.end]);
  }
  const size = parts.reduce((s, [a, z]) => s + z - a, 0) + 1;
  const out = new Uint8Array(size);
  let o = 0;
  for (const [a, z] of parts) {
    out.set(b.subarray(a, z), o);
    o += z - a;
  }
  out[o] = 0x3b; // trailer
  return out;
}
