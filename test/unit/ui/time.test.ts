// Times as agents read them: compact relative times in the inbox, how long a wallet has waited, and the
// conversation's day separators — in English and French.
import { describe, expect, it } from "vitest";
import { en } from "../../../renderer/ui/i18n/en.ts";
import { fr } from "../../../renderer/ui/i18n/fr.ts";
import { createTranslator } from "../../../renderer/ui/i18n/translate.ts";
import {
  calendarDaysBetween,
  dayLabel,
  relativeTime,
  waitingDuration,
} from "../../../renderer/ui/lib/time.ts";

const enT = createTranslator("en", en);
const frT = createTranslator("fr", fr);
const MIN = 60_000;
const HOUR = 60 * MIN;
// Wednesday 12 March 2025, 15:30 local time.
const now = new Date(2025, 2, 12, 15, 30).getTime();

describe("relative time in the inbox", () => {
  it("says now, minutes and hours today", () => {
    expect(relativeTime(enT, now - 20_000, now)).toBe("now");
    expect(relativeTime(enT, now - 5 * MIN, now)).toBe("5 min");
    expect(relativeTime(enT, now - 3 * HOUR, now)).toBe("3 h");
    expect(relativeTime(frT, now - 20_000, now)).toBe("maintenant");
  });

  it("says Yesterday for yesterday even if it was less than 24 hours ago", () => {
    const lateYesterday = new Date(2025, 2, 11, 23, 50).getTime();
    expect(relativeTime(enT, lateYesterday, now)).toBe("Yesterday");
    expect(relativeTime(frT, lateYesterday, now)).toBe("Hier");
  });

  it("names the weekday within a week, then the date (with the year only when it differs)", () => {
    expect(relativeTime(enT, new Date(2025, 2, 8, 10, 0).getTime(), now)).toBe("Saturday");
    expect(relativeTime(frT, new Date(2025, 2, 8, 10, 0).getTime(), now)).toBe("samedi");
    expect(relativeTime(enT, new Date(2025, 0, 2, 10, 0).getTime(), now)).toBe("Jan 2");
    expect(relativeTime(enT, new Date(2024, 11, 24, 10, 0).getTime(), now)).toBe("Dec 24, 2024");
  });

  it("treats clock skew (a message from the future) as now", () => {
    expect(relativeTime(enT, now + 5 * MIN, now)).toBe("now");
  });
});

describe("waiting time", () => {
  it("never says zero, and grows from minutes to hours to days", () => {
    expect(waitingDuration(enT, now - 10_000, now)).toBe("1 min");
    expect(waitingDuration(enT, now - 12 * MIN, now)).toBe("12 min");
    expect(waitingDuration(enT, now - 5 * HOUR, now)).toBe("5 h");
    expect(waitingDuration(enT, now - 50 * HOUR, now)).toBe("2 d");
    expect(waitingDuration(frT, now - 50 * HOUR, now)).toBe("2 j");
    expect(enT.t("inbox.waiting", { duration: waitingDuration(enT, now - 12 * MIN, now) })).toBe(
      "waiting 12 min",
    );
  });
});

describe("day separators", () => {
  it("say Today, Yesterday, a weekday this week, else the date", () => {
    expect(dayLabel(enT, now - HOUR, now)).toBe("Today");
    expect(dayLabel(enT, new Date(2025, 2, 11, 9).getTime(), now)).toBe("Yesterday");
    expect(dayLabel(frT, new Date(2025, 2, 11, 9).getTime(), now)).toBe("Hier");
    expect(dayLabel(enT, new Date(2025, 2, 9, 9).getTime(), now)).toBe("Sunday");
    expect(dayLabel(enT, new Date(2025, 1, 1, 9).getTime(), now)).toBe("Feb 1");
  });

  it("count calendar days across a daylight-saving change", () => {
    // Europe and the US change clocks in March; a 23-hour day is still one day.
    const before = new Date(2025, 2, 29, 12).getTime();
    const after = new Date(2025, 2, 31, 12).getTime();
    expect(calendarDaysBetween(before, after)).toBe(2);
  });
});
