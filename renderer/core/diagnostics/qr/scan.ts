// Reading QR codes out of decoded pixels with zxing-cpp (the zxing-wasm package): QR and Micro QR only, trying
// rotations, inverted codes and downscaled passes, at most a few symbols per image. Shared by the browser worker
// and the tests, which load the same WebAssembly.
import { readBarcodes, type ReaderOptions } from "zxing-wasm/reader";
import { diagnoseContent } from "../find.ts";
import { MAX_QR_TEXT, type QrResult } from "./protocol.ts";

export const READER_OPTIONS: ReaderOptions = {
  formats: ["QRCode", "MicroQRCode"],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 8,
};

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * The QR codes in RGBA pixels, in reading order, each with its card; the same text twice (a code shown twice) is
 * listed once.
 */
export async function scanPixels(pixels: Pixels): Promise<QrResult[]> {
  const found = await readBarcodes(pixels as ImageData, READER_OPTIONS);
  const results: QrResult[] = [];
  for (const symbol of found) {
    if (!symbol.isValid) continue;
    const text = symbol.text;
    if (results.some((r) => r.text === text.slice(0, MAX_QR_TEXT))) continue;
    const capped = text.slice(0, MAX_QR_TEXT);
    results.push({
      text: capped,
      length: text.length,
      format: symbol.format,
      diagnostic: diagnoseContent(capped),
    });
  }
  return results;
}
