// The QR decoder's cost in the real thing: the built console's own decoder worker (dist/web, served with the
// production CSP) in Chromium, fed the fixture images. Each image's decode time is a ratio to a baseline measured
// in the same run — a small image holding one plain code — so machines of different speeds compare. The page's
// main thread is watched while the biggest image decodes: its longest stall is compared with the same page idle,
// which is what "the console stays responsive" means.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium, openPage } from "../harness/browser.ts";
import { bigPicture, GARBAGE_3KB, plain, screenshot } from "../fixtures/qr-images.ts";
import { offerByValue, SPEC_OFFER_BY_REFERENCE, SPEC_OFFER_MULTIPLE } from "../fixtures/wallet-content.ts";
import { startWebServer, WEB_ROOT } from "../../scripts/web-server.ts";
import { DEFAULT_CONFIG } from "../../renderer/core/platform/types.ts";
import { median, ratio } from "./stats.ts";

export interface QrCase {
  name: string;
  pixels: string;
  decodeMs: number;
  ratio: number;
  codes: number;
}

export interface QrDecodeResult {
  baselineMs: number;
  cases: QrCase[];
  /** Longest main-thread stall (ms) while the 4,000 × 4,000 image decodes, and with the page idle. */
  stallWhileDecodingMs: number;
  stallIdleMs: number;
}

const RUNS = 7;

export async function measureQrDecode(
  log: (line: string) => void,
  webRoot = WEB_ROOT,
): Promise<QrDecodeResult> {
  const worker = readdirSync(join(webRoot, "assets")).find((f) => /^worker-[\w-]+\.js$/.test(f));
  if (!worker) throw new Error(`No decoder worker in ${webRoot}/assets; run \`npm run build:web\` first.`);
  const images = [
    { name: "baseline: one code, 400 px", pixels: "", png: plain(SPEC_OFFER_BY_REFERENCE, 6).png() },
    {
      name: "phone screenshot with an offer",
      pixels: "1080 × 2340",
      png: screenshot(offerByValue(SPEC_OFFER_MULTIPLE)).png(),
    },
    { name: "3 KB of garbage (version 40)", pixels: "", png: plain(GARBAGE_3KB, 3, { level: "L" }).png() },
    { name: "4,000 × 4,000 picture, no code", pixels: "4000 × 4000", png: bigPicture(null).png() },
  ];
  const web = await startWebServer({
    root: webRoot,
    config: { ...DEFAULT_CONFIG, homeserverUrl: "http://127.0.0.1:9" },
  });
  const browser = await launchChromium();
  try {
    const { page } = await openPage(browser, web.url);
    // The worker script and its WebAssembly load once, before anything is timed.
    await page.evaluate((url) => {
      const w = new Worker(url, { type: "module" });
      (window as unknown as { qrWorker: Worker }).qrWorker = w;
    }, `./assets/${worker}`);
    const decode = (index: number) =>
      page.evaluate(async (bytes) => {
        const w = (window as unknown as { qrWorker: Worker }).qrWorker;
        const image = new Blob([new Uint8Array(bytes)], { type: "image/png" });
        const started = performance.now();
        const reply = await new Promise<{ ok: boolean; results?: unknown[] }>((resolve) => {
          w.onmessage = (e: MessageEvent<{ ok: boolean; results?: unknown[] }>) => resolve(e.data);
          w.postMessage({ id: 1, image });
        });
        return { ms: performance.now() - started, codes: reply.results?.length ?? -1 };
      }, Array.from(images[index]!.png));
    await decode(0);
    const timings = images.map(() => [] as number[]);
    const codes = images.map(() => 0);
    for (let run = 0; run < RUNS; run++) {
      for (let i = 0; i < images.length; i++) {
        const { ms, codes: found } = await decode(i);
        timings[i]!.push(ms);
        codes[i] = found;
      }
    }
    const stall = (whileDecoding: boolean) =>
      page.evaluate(
        async ({ bytes, decodeToo }) => {
          const w = (window as unknown as { qrWorker: Worker }).qrWorker;
          // Built before the watch starts: copying the test's bytes is the harness's work, not the decoder's.
          const image = new Blob([new Uint8Array(bytes)], { type: "image/png" });
          let longest = 0;
          let last = performance.now();
          let watching = true;
          const tick = () => {
            const now = performance.now();
            longest = Math.max(longest, now - last);
            last = now;
            if (watching) setTimeout(tick, 0);
          };
          setTimeout(tick, 0);
          if (decodeToo) {
            await new Promise((resolve) => {
              w.onmessage = resolve;
              w.postMessage({ id: 2, image });
            });
          } else await new Promise((resolve) => setTimeout(resolve, 1500));
          watching = false;
          return longest;
        },
        { bytes: Array.from(images[3]!.png), decodeToo: whileDecoding },
      );
    const stallIdle = median([await stall(false), await stall(false), await stall(false)]);
    const stallWhileDecoding = median([await stall(true), await stall(true), await stall(true)]);
    const baselineMs = median(timings[0]!);
    const cases = images.map((image, i) => ({
      name: image.name,
      pixels: image.pixels,
      decodeMs: median(timings[i]!),
      ratio: ratio(median(timings[i]!), baselineMs),
      codes: codes[i]!,
    }));
    const result = { baselineMs, cases, stallWhileDecodingMs: stallWhileDecoding, stallIdleMs: stallIdle };
    log(qrTable(result));
    return result;
  } finally {
    await browser.close();
    await web.close();
  }
}

export function qrTable(r: QrDecodeResult): string {
  const rows = r.cases.map(
    (c) =>
      `| ${c.name} | ${c.codes} | ${c.decodeMs.toFixed(0)} ms | ${Number.isFinite(c.ratio) ? c.ratio.toFixed(2) : "—"}× |`,
  );
  return [
    `QR decoding in the console's worker (Chromium, median of ${RUNS}); ratio to the baseline image:`,
    "",
    "| Image | Codes found | Decode | Ratio |",
    "|---|---|---|---|",
    ...rows,
    "",
    `Longest main-thread stall while the 4,000 × 4,000 image decodes: ${r.stallWhileDecodingMs.toFixed(0)} ms ` +
      `(page idle: ${r.stallIdleMs.toFixed(0)} ms, ${ratio(r.stallWhileDecodingMs, r.stallIdleMs).toFixed(2)}×).`,
  ].join("\n");
}
