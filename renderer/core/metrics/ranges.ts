// The Metrics screen's date ranges as [from, to) instants in the device's local time: today (midnight to now),
// the last 7 or 30 days (including today), or custom whole days. Pure: the clock's now comes in.
import type { Range } from "./compute/types.ts";

export type RangePreset = "today" | "7d" | "30d" | "custom";

/** Custom ranges are capped (a year of days is already more than the screen can show). */
export const MAX_CUSTOM_DAYS = 366;

const localMidnight = (ts: number): number => {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

const addDays = (ts: number, days: number): number => {
  const d = new Date(ts);
  d.setDate(d.getDate() + days);
  return d.getTime();
};

export function presetRange(preset: Exclude<RangePreset, "custom">, now: number): Range {
  const today = localMidnight(now);
  const back = preset === "today" ? 0 : preset === "7d" ? 6 : 29;
  return { from: addDays(today, -back), to: now + 1 };
}

/** "YYYY-MM-DD" (an <input type=date> value) as a local midnight, or null when malformed. */
export function parseDay(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3])
    ? d.getTime()
    : null;
}

export type CustomRangeError = "malformed" | "reversed" | "too-long";

/** Whole local days `first` to `last` inclusive; an error says what is wrong with the input. */
export function customRange(first: string, last: string): Range | CustomRangeError {
  const from = parseDay(first);
  const lastDay = parseDay(last);
  if (from === null || lastDay === null) return "malformed";
  if (lastDay < from) return "reversed";
  const to = addDays(lastDay, 1);
  if (Math.round((to - from) / 86_400_000) > MAX_CUSTOM_DAYS) return "too-long";
  return { from, to };
}

/** A local date as "YYYY-MM-DD" (for <input type=date>). */
export function dayValue(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
