// `node scripts/make-icon.ts`: draws build/icon.png (512×512), the app and installer icon: a white speech
// bubble with three dots on a blue rounded square. Generated rather than drawn by hand so it can be
// re-made (or re-coloured by an admin) without an image editor; electron-builder derives .ico/.icns from it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling for smooth edges

type Shape = (x: number, y: number) => boolean;

function roundedRect(left: number, top: number, right: number, bottom: number, radius: number): Shape {
  return (x, y) => {
    if (x < left || x > right || y < top || y > bottom) return false;
    const cx = Math.min(Math.max(x, left + radius), right - radius);
    const cy = Math.min(Math.max(y, top + radius), bottom - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The bubble's tail: a triangle under its lower-left corner. */
function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape {
  const sign = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
    (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  return (x, y) => {
    const d1 = sign(x, y, ax, ay, bx, by);
    const d2 = sign(x, y, bx, by, cx, cy);
    const d3 = sign(x, y, cx, cy, ax, ay);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

const background = roundedRect(16, 16, 496, 496, 104);
const bubbleBody = roundedRect(104, 128, 408, 336, 64);
const bubbleTail = triangle(150, 320, 230, 330, 130, 410);
const dots = [circle(184, 232, 26), circle(256, 232, 26), circle(328, 232, 26)];

type Rgba = [number, number, number, number];
const BLUE: Rgba = [0x23, 0x5b, 0xb5, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function colourAt(x: number, y: number): Rgba {
  if (dots.some((dot) => dot(x, y))) return BLUE;
  if (bubbleBody(x, y) || bubbleTail(x, y)) return WHITE;
  if (background(x, y)) return BLUE;
  return CLEAR;
}

function render(): Buffer {
  const rowLength = SIZE * 4 + 1;
  const raw = Buffer.alloc(rowLength * SIZE);
  for (let y = 0; y < SIZE; y++) {
    raw[y * rowLength] = 0; // PNG filter: none
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [r, g, b, a] = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          // Accumulate premultiplied so transparent samples do not darken the edge.
          sum[0]! += (r * a) / 255;
          sum[1]! += (g * a) / 255;
          sum[2]! += (b * a) / 255;
          sum[3]! += a;
        }
      }
      const alpha = sum[3]! / (SAMPLES * SAMPLES);
      const offset = y * rowLength + 1 + x * 4;
      for (let channel = 0; channel < 3; channel++) {
        raw[offset + channel] =
          alpha === 0 ? 0 : Math.round(((sum[channel]! / (SAMPLES * SAMPLES)) * 255) / alpha);
      }
      raw[offset + 3] = Math.round(alpha);
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // colour type: RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(render(), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const target = join(import.meta.dirname, "..", "build", "icon.png");
writeFileSync(target, png);
console.log(`Wrote ${target} (${png.length} bytes)`);
