// Small statistics the figures share: percentiles by the nearest-rank method (the value at rank ⌈p/100 × n⌉ of
// the sorted samples — always one of the samples, so a figure can be checked by hand) and local days and hours.
import type { DurationSummary } from "./types.ts";

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(samples: readonly number[]): DurationSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    mean: sorted.length === 0 ? null : Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

export type Offset = (ts: number) => number;

const HOUR = 3_600_000;

/** The local calendar day of an instant, "YYYY-MM-DD". */
export function dayOf(ts: number, offset: Offset): string {
  return new Date(ts + offset(ts) * 60_000).toISOString().slice(0, 10);
}

/** The local hour of the day (0–23) of an instant. */
export function hourOf(ts: number, offset: Offset): number {
  return new Date(ts + offset(ts) * 60_000).getUTCHours();
}

/** Every local day the range touches, oldest first (hour steps: a DST change never skips a day). */
export function daysOf(from: number, to: number, offset: Offset): string[] {
  const days: string[] = [];
  for (let ts = from; ts < to; ts += HOUR) {
    const day = dayOf(ts, offset);
    if (days.at(-1) !== day) days.push(day);
  }
  if (to > from) {
    const last = dayOf(to - 1, offset);
    if (days.at(-1) !== last) days.push(last);
  }
  return days;
}
