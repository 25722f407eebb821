// A small credential-card PNG drawn in code for the demo's wallet screenshots (no binary assets in the repo).
import { deflateSync } from "node:zlib";

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 480×300 "credential card" with a header band, a photo box and text lines. */
export function demoCardPng(width = 480, height = 300): Uint8Array {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      let [r, g, b] = [246, 248, 250];
      if (y < 56)
        [r, g, b] = [15, 118, 110]; // header band
      else if (x > 28 && x < 140 && y > 84 && y < 220)
        [r, g, b] = [203, 213, 225]; // photo box
      else if (x > 170 && x < 440 && [100, 140, 180, 220].some((l) => y > l && y < l + 12))
        [r, g, b] = [148, 163, 184];
      else if (x > 340 && x < 452 && y > 236 && y < 280) [r, g, b] = [220, 38, 38]; // error stamp
      row[1 + x * 3] = r;
      row[2 + x * 3] = g;
      row[3 + x * 3] = b;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", new Uint8Array()),
  ]);
  return new Uint8Array(png);
}
