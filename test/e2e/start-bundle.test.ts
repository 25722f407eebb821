// The built console's start chunk (what a restart must load, parse and run before the saved inbox paints) holds
// the UI and the sealed-snapshot path only: matrix-js-sdk and the crypto WASM bindings arrive later through the
// SDK module's dynamic import. Importing an SDK module from the start path by mistake brings the restart back from
// ~0.35 s to ~0.55 s (docs/benchmarks.md); this catches it in the build, not in a benchmark weeks later.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const WEB = resolve(import.meta.dirname, "..", "..", "dist", "web");
const SDK = /node_modules\/(matrix-js-sdk|@matrix-org\/matrix-sdk-crypto-wasm)\//;

/** Chunks a chunk imports statically (`import … from "./x.js"` / `import "./x.js"`), transitively. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(WEB, "assets", file), "utf8");
    for (const m of code.matchAll(
      /(?:^|[;}\n])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([\w.-]+\.js)["']/g,
    )) {
      visit(m[1]!);
    }
  };
  visit(entry);
  return [...seen];
}

function sourcesOf(file: string): string[] {
  // The bundler's own module runtime (a kilobyte of glue) is the one chunk built without a source map.
  if (file.startsWith("rolldown-runtime-")) return [];
  const map = JSON.parse(readFileSync(join(WEB, "assets", `${file}.map`), "utf8")) as { sources: string[] };
  return map.sources;
}

describe("the start bundle", () => {
  const html = readFileSync(join(WEB, "index.html"), "utf8");
  const entry = /<script type="module"[^>]*src="\.\/assets\/([\w.-]+\.js)"/.exec(html)?.[1];

  it("keeps matrix-js-sdk and the crypto bindings out of what the page loads before the inbox paints", () => {
    expect(entry, "index.html names its entry script").toBeTruthy();
    const startChunks = staticClosure(entry!);
    const sdkSources = startChunks.flatMap(sourcesOf).filter((s) => SDK.test(s));
    expect(sdkSources).toEqual([]);
    // The seed-phrase guard's word lists (≈ 130 kB) arrive with the engine too: no message is checked earlier.
    expect(startChunks.flatMap(sourcesOf).filter((s) => /node_modules\/@scure\//.test(s))).toEqual([]);
    // The Metrics screen's chart library and its computation arrive when the screen asks for them.
    expect(startChunks.flatMap(sourcesOf).filter((s) => /node_modules\/chart\.js\//.test(s))).toEqual([]);
    expect(
      startChunks.flatMap(sourcesOf).filter((s) => /renderer\/core\/metrics\/compute\//.test(s)),
    ).toEqual([]);
    // The start path itself is there: the UI, the console facade and the sealed snapshot.
    const sources = startChunks.flatMap(sourcesOf).join("\n");
    expect(sources).toMatch(/renderer\/core\/inbox\/snapshot\.ts/);
    expect(sources).toMatch(/renderer\/ui\/App\.svelte/);
  });

  it("loads the SDK through the sdk chunk (so the check above looks at the right files)", () => {
    const entryCode = readFileSync(join(WEB, "assets", entry!), "utf8");
    const sdkChunk = /["']\.\/(sdk-[\w-]+\.js)["']/.exec(entryCode)?.[1];
    expect(sdkChunk, "the entry refers to the sdk chunk").toBeTruthy();
    const sdkSources = staticClosure(sdkChunk!).flatMap(sourcesOf);
    expect(sdkSources.some((s) => /node_modules\/matrix-js-sdk\//.test(s))).toBe(true);
  });
});
