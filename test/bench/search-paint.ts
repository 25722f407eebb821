// "First result on screen after a keystroke": the search box and the real results component over the real index
// in Chromium (the page in search-paint/, built here with Vite), typed into letter by letter with Playwright's
// keyboard. Each keystroke is timed in the page from its keydown to the first frame painted after the results
// list changed. The yardstick is the same keystrokes, in the same run, on a page indexing a tenth of the
// conversations (1,000 × 20): the two pages take turns word by word so the machine's load falls on both alike.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import type { Page } from "playwright-core";
import { build } from "vite";
import { launchChromium, openPage, screenshot } from "../harness/browser.ts";
import type { KeystrokeSample, PaintBench } from "./search-paint/main.ts";
import { percentile, ratio } from "./stats.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const ORIGIN = "http://search-paint.test";
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/** What agents type: accents left out, an English word, a French one, a long rare one, two words. */
export const TYPED = ["reinitialiser", "credential", "telephone", "attestation", "mot passe"];

export interface PaintSize {
  conversations: number;
  documents: number;
  /** In the page: adding every message, then the conversation tiers catching up. */
  buildMs: number;
  settleMs: number;
  samples: KeystrokeSample[];
}

export interface PaintResult {
  perConversation: number;
  rounds: number;
  sizes: PaintSize[];
}

type BenchWindow = { paintBench: PaintBench };

async function buildPage(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "search-paint-"));
  await build({
    configFile: false,
    root: join(ROOT, "test", "bench", "search-paint"),
    base: "./",
    logLevel: "warn",
    plugins: [svelte({ configFile: join(ROOT, "svelte.config.js") })],
    build: { outDir: out, emptyOutDir: true, target: "es2023" },
  });
  return out;
}

async function typeWord(page: Page, word: string): Promise<void> {
  await page.bringToFront();
  await page.evaluate(() => (window as unknown as BenchWindow).paintBench.clear());
  for (const key of word) {
    const before = await page.evaluate(() => (window as unknown as BenchWindow).paintBench.samples.length);
    await page.keyboard.press(key === " " ? "Space" : key);
    await page.evaluate((n) => (window as unknown as BenchWindow).paintBench.until(n), before + 1);
  }
}

/**
 * Opens one page per size, waits for each index to settle, then types TYPED `rounds` times on each (after one
 * untimed word, so the first timed keystroke doesn't pay for the page's first search).
 */
export async function measureSearchPaint(
  log: (line: string) => void,
  { sizes = [1000, 10_000], perConversation = 20, rounds = 4 } = {},
): Promise<PaintResult> {
  const out = await buildPage();
  const browser = await launchChromium();
  try {
    const pages: Array<{ page: Page; size: PaintSize; errors: string[] }> = [];
    for (const conversations of sizes) {
      const { page, consoleErrors } = await openPage(browser, "about:blank", {
        viewport: { width: 480, height: 800 },
      });
      await page.route(`${ORIGIN}/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        const file = join(out, path === "/" ? "index.html" : path);
        return route.fulfill({
          body: readFileSync(file),
          contentType: TYPES[extname(file)] ?? "application/octet-stream",
        });
      });
      log(
        `Paint page: indexing ${conversations.toLocaleString("en")} × ${perConversation} messages in Chromium…`,
      );
      await page.goto(`${ORIGIN}/?conversations=${conversations}&messages=${perConversation}`);
      const ready = await page.evaluate(() => (window as unknown as BenchWindow).paintBench.ready);
      if (ready.documents !== conversations * perConversation)
        throw new Error(
          `the paint page indexed ${ready.documents} of ${conversations * perConversation} messages`,
        );
      await page.getByRole("searchbox").focus();
      await typeWord(page, "bonjour");
      pages.push({
        page,
        errors: consoleErrors,
        size: {
          conversations,
          documents: ready.documents,
          buildMs: ready.buildMs,
          settleMs: ready.settleMs,
          samples: [],
        },
      });
    }
    for (let round = 0; round < rounds; round++)
      for (const word of TYPED)
        for (const { page } of pages) {
          await page.getByRole("searchbox").focus();
          await typeWord(page, word);
        }
    for (const { page, size, errors } of pages) {
      // What was on screen after the last word, to look at: test-results/screenshots/search-paint-<size>.png.
      await screenshot(page, `search-paint-${size.conversations}`);
      if (errors.length > 0) throw new Error(`the paint page failed: ${errors.join("; ")}`);
      // The untimed warm-up word's keystrokes come first.
      size.samples = (await page.evaluate(() => (window as unknown as BenchWindow).paintBench.samples)).slice(
        "bonjour".length,
      );
    }
    return { perConversation, rounds, sizes: pages.map((p) => p.size) };
  } finally {
    await browser.close();
    rmSync(out, { recursive: true, force: true });
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : "—");
const stats = (values: number[]) => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  max: values.length > 0 ? Math.max(...values) : Number.NaN,
});
const triple = (s: { p50: number; p95: number; max: number }) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`;

/**
 * Rows of the insight table: per size, every keystroke (p50 / p95 / max), then apart the ones that changed the
 * results list (most keystrokes of a word find the same conversations as the letter before: nothing to repaint)
 * with the index's share; last, the ratio of the largest size to the smallest.
 */
export function paintRows(result: PaintResult): string[] {
  const rows: string[] = [];
  const n = (v: number) => v.toLocaleString("en");
  for (const size of result.sizes) {
    const changed = size.samples.filter((k) => k.changed);
    rows.push(
      `| first result on screen after a keystroke, ${n(size.conversations)} × ${result.perConversation} (Chromium, keydown → painted, no debounce as in the inbox; ${size.samples.length} keystrokes) p50 / p95 / max | ${triple(stats(size.samples.map((k) => k.ms)))} |`,
    );
    const search = stats(changed.map((k) => k.searchMs));
    const dom = stats(changed.map((k) => k.domMs));
    rows.push(
      `| … the ${changed.length} keystrokes that changed the results list p50 / p95 / max (index.search alone; keydown → results in the DOM, p50 / p95) | ${triple(stats(changed.map((k) => k.ms)))} (${ms(search.p50)} / ${ms(search.p95)}; ${ms(dom.p50)} / ${ms(dom.p95)}) |`,
    );
  }
  if (result.sizes.length >= 2) {
    const [small, big] = [result.sizes[0]!, result.sizes.at(-1)!];
    const all = [stats(small.samples.map((k) => k.ms)), stats(big.samples.map((k) => k.ms))] as const;
    const changed = (s: PaintSize) => stats(s.samples.filter((k) => k.changed).map((k) => k.ms));
    const [cs, cb] = [changed(small), changed(big)];
    rows.push(
      `| keystroke to painted results, ${n(big.conversations)} ÷ ${n(small.conversations)} conversations (same run): all p50 / p95; changed p50 / p95 | ${ratio(all[1].p50, all[0].p50).toFixed(2)}× / ${ratio(all[1].p95, all[0].p95).toFixed(2)}×; ${ratio(cb.p50, cs.p50).toFixed(2)}× / ${ratio(cb.p95, cs.p95).toFixed(2)}× |`,
    );
  }
  for (const size of result.sizes)
    rows.push(
      `| paint page's own index, ${n(size.conversations)} × ${result.perConversation}: add every message / tiers settle (Chromium) | ${ms(size.buildMs)} / ${ms(size.settleMs)} |`,
    );
  return rows;
}

if (import.meta.main) {
  const result = await measureSearchPaint(console.log);
  console.log("");
  console.log("| search paint | value |");
  console.log("| --- | ---: |");
  for (const row of paintRows(result)) console.log(row);
}
