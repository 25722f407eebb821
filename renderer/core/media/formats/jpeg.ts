// JPEG as libjpeg(-turbo), Chromium's decoder, reads it: markers found the way its next_marker() finds them (any
// run of 0xFF fill bytes before a marker, stray bytes between segments skipped, standalone markers without a
// length), so the start-of-frame the console checks is the one the decoder will use. A walk that took a fill
// byte for a marker jumped by a bogus length and read a decoy 16×16 while the real frame said 60000×60000.
// The same walk rewrites a JPEG without its metadata (EXIF with GPS position, XMP, IPTC, comments).

/** Markers with no length after them: TEM, RST0–7, SOI, EOI. */
const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);
/** Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but don't. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

interface Marker {
  marker: number;
  /** Offset of the 0xFF that introduces it (after fill bytes), and of the byte after its segment. */
  at: number;
  end: number;
}

/**
 * The next marker from `i`: skips stray bytes, fill bytes and stuffed FF00 pairs exactly like libjpeg, so it also
 * steps over a scan's entropy-coded data (where RSTn markers are part of the data). Null at the end of the data.
 */
function nextMarker(b: Uint8Array, i: number, inScan: boolean): Marker | null {
  const n = b.length;
  for (;;) {
    while (i < n && b[i] !== 0xff) i++;
    while (i + 1 < n && b[i + 1] === 0xff) i++; // fill bytes: the last 0xFF introduces the marker
    if (i + 1 >= n) return null;
    const marker = b[i + 1]!;
    const at = i;
    i += 2;
    if (marker === 0x00 || (inScan && marker >= 0xd0 && marker <= 0xd7)) continue; // data, not a marker
    if (standalone(marker)) return { marker, at, end: i };
    if (i + 2 > n) return null;
    const length = (b[i]! << 8) | b[i + 1]!;
    if (length < 2) return null;
    return { marker, at, end: Math.min(n, i + length) };
  }
}

/** Width and height from the first start-of-frame, or null when libjpeg would fail before finding one. */
export function jpegSize(b: Uint8Array): { w: number; h: number } | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  for (;;) {
    const m = nextMarker(b, i, false);
    if (!m) return null;
    if (isSof(m.marker)) {
      const p = m.at + 4; // after FF, marker, length
      if (p + 5 > b.length) return null;
      return { h: (b[p + 1]! << 8) | b[p + 2]!, w: (b[p + 3]! << 8) | b[p + 4]! };
    }
    // A second SOI, an EOI or a scan before any frame: libjpeg stops with an error there.
    if (m.marker === 0xd8 || m.marker === 0xd9 || m.marker === 0xda) return null;
    i = m.end;
  }
}

// Segments kept when metadata is stripped: what decoding needs, JFIF, the colour profile and Adobe's colour
// transform flag. Everything else (APP1 EXIF/XMP, APP13 IPTC, COM, vendor APPn) goes.
const KEEP = new Set([0xc4, 0xcc, 0xdb, 0xdd, 0xdc, 0xe0, 0xee]);
const ICC = [0x49, 0x43, 0x43, 0x5f, 0x50, 0x52, 0x4f, 0x46, 0x49, 0x4c, 0x45, 0x00]; // "ICC_PROFILE\0"

function startsWith(b: Uint8Array, at: number, sig: number[]): boolean {
  return sig.every((v, k) => b[at + k] === v);
}

/** EXIF orientation (1–8) from an APP1 "Exif\0\0" segment's first IFD, or null. */
function exifOrientation(b: Uint8Array, start: number, end: number): number | null {
  const tiff = start + 10; // FF E1, length, "Exif\0\0"
  if (!startsWith(b, start + 4, [0x45, 0x78, 0x69, 0x66, 0, 0]) || tiff + 8 > end) return null;
  const le = b[tiff] === 0x49;
  const u16 = (o: number) => (le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!);
  const u32 = (o: number) => (le ? u16(o) + u16(o + 2) * 65536 : u16(o) * 65536 + u16(o + 2));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return null;
  const count = u16(ifd);
  for (let k = 0; k < count && ifd + 2 + k * 12 + 12 <= end; k++) {
    const entry = ifd + 2 + k * 12;
    if (u16(entry) === 0x0112) {
      const v = u16(entry + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** A minimal APP1 EXIF segment holding only the orientation, so a photo is not shown on its side. */
function orientationSegment(orientation: number): number[] {
  // prettier-ignore
  return [
    0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // APP1, length 34, "Exif\0\0"
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, IFD0 at 8
    0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, // one entry: Orientation, SHORT, count 1
    0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // its value, then no next IFD
  ];
}

/** The JPEG without metadata segments and without anything after its end; decoding is unchanged. */
export function stripJpeg(b: Uint8Array): Uint8Array {
  const out: number[] = [0xff, 0xd8];
  const parts: Array<[number, number]> = [];
  let orientation: number | null = null;
  let i = 2;
  let inScan = false;
  let copiedTo = 2;
  for (;;) {
    const m = nextMarker(b, i, inScan);
    if (!m) {
      if (inScan) parts.push([copiedTo, b.length]); // a truncated last scan: keep what there is
      break;
    }
    if (inScan) parts.push([copiedTo, m.at]); // the entropy-coded data before this marker
    const keep =
      KEEP.has(m.marker) ||
      isSof(m.marker) ||
      m.marker === 0xda ||
      m.marker === 0xd9 ||
      (m.marker === 0xe2 && startsWith(b, m.at + 4, ICC));
    if (m.marker === 0xe1) orientation ??= exifOrientation(b, m.at, m.end);
    if (keep) parts.push([m.at, m.end]);
    if (m.marker === 0xd9) break;
    inScan = m.marker === 0xda; // RSTn inside a scan never get here: nextMarker treats them as data
    i = m.end;
    copiedTo = m.end;
  }
  if (orientation !== null && orientation !== 1) out.push(...orientationSegment(orientation));
  const size = out.length + parts.reduce((s, [a, z]) => s + z - a, 0);
  const result = new Uint8Array(size);
  result.set(out);
  let o = out.length;
  for (const [a, z] of parts) {
    result.set(b.subarray(a, z), o);
    o += z - a;
  }
  return result;
}
