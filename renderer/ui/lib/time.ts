// Times as the agent reads them: compact relative times for the inbox ("now", "5 min", "Yesterday"), how
// long a wallet has waited ("12 min", "3 h"), and day labels for the conversation's separators.
import type { Translator } from "../i18n/translate.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Midnight (local time) of the day containing `ts`. */
export function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole calendar days from `ts`'s day to `now`'s day (0 = same day), robust to DST changes. */
export function calendarDaysBetween(ts: number, now: number): number {
  const a = new Date(startOfDay(ts));
  const b = new Date(startOfDay(now));
  const utcA = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate());
  const utcB = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate());
  return Math.round((utcB - utcA) / DAY);
}

/** The inbox's time column: "now", "5 min", "3 h" (today), "Yesterday", a weekday within a week, else a date. */
export function relativeTime(tr: Translator, ts: number, now: number): string {
  const ago = Math.max(0, now - ts);
  if (ago < MINUTE) return tr.t("time.now");
  const days = calendarDaysBetween(ts, now);
  if (days === 0) {
    if (ago < HOUR) return tr.t("time.minutes", { count: Math.floor(ago / MINUTE) });
    return tr.t("time.hours", { count: Math.floor(ago / HOUR) });
  }
  if (days === 1) return tr.t("time.yesterday");
  if (days < 7) return tr.weekday(ts);
  return tr.date(ts, now);
}

/** How long a wallet has been waiting: "2 min", "3 h", "2 d" (at least one minute, so it never says 0). */
export function waitingDuration(tr: Translator, since: number, now: number): string {
  const waited = Math.max(MINUTE, now - since);
  if (waited < HOUR) return tr.t("time.minutes", { count: Math.floor(waited / MINUTE) });
  if (waited < DAY) return tr.t("time.hours", { count: Math.floor(waited / HOUR) });
  return tr.t("time.days", { count: Math.floor(waited / DAY) });
}

/** The label of a day separator: "Today", "Yesterday", a weekday this week, else the date. */
export function dayLabel(tr: Translator, ts: number, now: number): string {
  const days = calendarDaysBetween(ts, now);
  if (days === 0) return tr.t("time.today");
  if (days === 1) return tr.t("time.yesterday");
  if (days > 1 && days < 7) return tr.weekday(ts);
  return tr.date(ts, now);
}
