// The QR reader against the generated fixture set (test/fixtures/qr-images.ts): every code found must be one the
// image holds (precision), and nearly every code an image holds must be found (recall). The pixels go through the
// same steps as in the browser worker — the same scan size limits, the same zxing-cpp WebAssembly and options —
// with the PNG decoded by pngjs instead of the browser. The table is printed for the closing note.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareZXingModule } from "zxing-wasm/reader";
import { scanSize } from "../../../renderer/core/diagnostics/qr/pixels.ts";
import { scanPixels } from "../../../renderer/core/diagnostics/qr/scan.ts";
import { bigFixtures, qrFixtures, type QrFixture } from "../../fixtures/qr-images.ts";
import { downscale, readPng } from "../../fixtures/raster.ts";

interface Outcome {
  fixture: QrFixture;
  found: string[];
  truePositives: number;
  falsePositives: number;
  missed: number;
}

async function scanFixture(fixture: QrFixture): Promise<Outcome> {
  const pixels = readPng(fixture.png);
  const size = scanSize(pixels.width, pixels.height);
  const results = await scanPixels(downscale(pixels, size.width, size.height));
  const found = results.map((r) => r.text);
  const truePositives = found.filter((text) => fixture.expected.includes(text)).length;
  return {
    fixture,
    found,
    truePositives,
    falsePositives: found.length - truePositives,
    missed: fixture.expected.filter((text) => !found.includes(text)).length,
  };
}

const outcomes: Outcome[] = [];

beforeAll(async () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm"));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  });
  for (const fixture of [...qrFixtures(), ...bigFixtures()]) outcomes.push(await scanFixture(fixture));
}, 600_000);

describe("QR detection on the fixture set", () => {
  it("finds no code an image doesn't hold, and nearly every code it does (precision 1, recall ≥ 0.9)", () => {
    const tp = outcomes.reduce((n, o) => n + o.truePositives, 0);
    const fp = outcomes.reduce((n, o) => n + o.falsePositives, 0);
    const fn = outcomes.reduce((n, o) => n + o.missed, 0);
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    const lines = outcomes.map(
      (o) =>
        `| ${o.fixture.name.padEnd(26)} | ${o.fixture.what.padEnd(52)} | ${String(o.fixture.expected.length).padStart(8)} | ${String(o.truePositives).padStart(5)} | ${String(o.falsePositives).padStart(5)} |`,
    );
    console.log(
      [
        `| ${"fixture".padEnd(26)} | ${"what".padEnd(52)} | expected | found | wrong |`,
        `|${"-".repeat(28)}|${"-".repeat(54)}|----------|-------|-------|`,
        ...lines,
        "",
        `QR detection: ${outcomes.length} images, ${tp + fn} codes — precision ${precision.toFixed(3)} (${tp}/${tp + fp}), recall ${recall.toFixed(3)} (${tp}/${tp + fn})`,
      ].join("\n"),
    );
    expect(fp).toBe(0);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it("reads the codes a support conversation actually gets: screenshots, photos turned sideways, big pictures, dense codes", () => {
    const must = [
      "screenshot-offer",
      "rotated-90",
      "rotated-15",
      "two-codes",
      "big-with-code",
      "garbage-3kb",
      "low-contrast",
      "inverted",
    ];
    const missed = outcomes
      .filter((o) => must.includes(o.fixture.name) && o.missed > 0)
      .map((o) => o.fixture.name);
    expect(missed).toEqual([]);
  });

  it("images without a code give nothing, decoys included", () => {
    const negatives = outcomes.filter((o) => o.fixture.expected.length === 0);
    expect(negatives.length).toBeGreaterThanOrEqual(8);
    expect(negatives.filter((o) => o.found.length > 0).map((o) => o.fixture.name)).toEqual([]);
  });
});
