// CPU profiles of the console's page, read back through the web build's source maps: each sample attributed once
// to its function and to its source package ("app …" for our own code), and the top entries printed. Shared by
// the restart profile (profile-warm.ts) and the inbox-filling profile (profile-fill.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const ASSETS = join(import.meta.dirname, "..", "..", "dist", "web", "assets");
const maps = new Map<string, TraceMap>();
function mapFor(file: string): TraceMap | null {
  if (!file.endsWith(".js")) return null;
  if (!maps.has(file)) {
    try {
      maps.set(file, new TraceMap(readFileSync(join(ASSETS, `${file}.map`), "utf8")));
    } catch {
      return null;
    }
  }
  return maps.get(file)!;
}

export interface Sample {
  ms: number;
  /** Function, file and line as the browser saw them. */
  fn: string;
  /** The original source package ("app …" for our code), through the build's source maps. */
  pkg: string;
  /** Whether renderer/main.ts had started by then (everything before is module loading). */
  afterMain: boolean;
  /** Ms since the profile started. */
  at: number;
}

/** Every sample of the profile (started before navigation, stopped once rows painted), attributed once. */
export function attribute(profile: CpuProfile): Sample[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples: Sample[] = [];
  let afterMain = false;
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(profile.samples[i]!)!.callFrame;
    const file = frame.url.split("/").pop() || "(native)";
    let fn = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber}`;
    let pkg = frame.url ? file : frame.functionName;
    const map = mapFor(file);
    if (map) {
      const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
      const source = original.source ?? "?";
      // Our own functions by their source line (the build's names are minified).
      if (source.includes("renderer/"))
        fn = `${frame.functionName || "(anonymous)"} ${source.replace(/.*renderer\//, "")}:${original.line}`;
      const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
      pkg = inPackage
        ? inPackage[1]!
        : source.includes("renderer/")
          ? `app ${source.replace(/.*renderer\//, "")}`
          : source;
      afterMain ||= source.endsWith("renderer/main.ts");
    }
    samples.push({ ms: (profile.timeDeltas[i + 1] ?? 0) / 1000, fn, pkg, afterMain, at });
  }
  return samples;
}

export function printTop(title: string, samples: Sample[], key: (s: Sample) => string, n: number): void {
  const totals = new Map<string, number>();
  for (const s of samples) totals.set(key(s), (totals.get(key(s)) ?? 0) + s.ms);
  const sum = samples.reduce((a, s) => a + s.ms, 0);
  console.log(`  ${title} (${sum.toFixed(0)} ms sampled):`);
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  }
}
