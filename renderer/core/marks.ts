// User Timing marks on the start-up path ("wsc:…" in DevTools' Performance panel and in the benchmark's
// warm-restart profile), so where a start spends its time is visible without instrumenting a build.
export function mark(name: string): void {
  globalThis.performance?.mark?.(`wsc:${name}`);
}
