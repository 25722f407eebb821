// The Metrics screen's words for figures: durations as the agent reads them ("7 min", "2 h 05 min", "—" when
// there is no sample), minutes for table cells, and the CSV's column names in the agent's language.
import type { CsvWords } from "../../core/metrics/feature.ts";
import type { Translator } from "../i18n/translate.ts";

export function duration(tr: Translator, ms: number | null): string {
  if (ms === null) return tr.t("metrics.none");
  const minutes = ms / 60_000;
  if (minutes < 60) {
    // Under ten minutes a tenth matters ("0.5 min" is not "1 min"); above, it is noise.
    const value = minutes < 10 ? Math.round(minutes * 10) / 10 : Math.round(minutes);
    return tr.t("metrics.minutes", { value: tr.number(value) });
  }
  const total = Math.round(minutes);
  return tr.t("metrics.hoursMinutes", {
    hours: tr.number(Math.floor(total / 60)),
    minutes: String(total % 60).padStart(2, "0"),
  });
}

/** A duration in minutes with one decimal, for data tables ("—" without a sample). */
export function minutesCell(tr: Translator, ms: number | null): string {
  return ms === null ? tr.t("metrics.none") : tr.number(Math.round(ms / 6_000) / 10);
}

export function csvWords(tr: Translator, agentName: (agent: string) => string): CsvWords {
  const t = tr.t.bind(tr);
  return {
    summary: t("metrics.csv.summary"),
    perDay: t("metrics.perDay"),
    perAgent: t("metrics.agents"),
    hours: t("metrics.hours"),
    figure: t("metrics.csv.figure"),
    value: t("metrics.csv.value"),
    day: t("metrics.day"),
    hour: t("metrics.hour"),
    agent: t("metrics.agent"),
    opened: t("metrics.opened"),
    resolved: t("metrics.resolved"),
    claimed: t("metrics.claimed"),
    claimedNow: t("metrics.claimedNow"),
    waitingNow: t("metrics.waitingNow"),
    longestWaitMin: t("metrics.csv.longestWaitMin"),
    frtP50: t("metrics.csv.frtP50"),
    frtP90: t("metrics.csv.frtP90"),
    frtCount: t("metrics.csv.frtCount"),
    resP50: t("metrics.csv.resP50"),
    resP90: t("metrics.csv.resP90"),
    resCount: t("metrics.csv.resCount"),
    walletMessages: t("metrics.walletMessages"),
    from: t("metrics.csv.from"),
    to: t("metrics.csv.to"),
    agentName,
  };
}
