// The figures as a CSV file (RFC 4180, CRLF): four tables one after the other, each under its title line, in the
// agent's language (the UI supplies the words). Durations are in minutes with one decimal. Agent names are the
// team's own input: a cell that starts like a spreadsheet formula gets a leading apostrophe.
import type { DurationSummary, Metrics } from "./types.ts";

export interface CsvWords {
  summary: string;
  perDay: string;
  perAgent: string;
  hours: string;
  figure: string;
  value: string;
  day: string;
  hour: string;
  agent: string;
  opened: string;
  resolved: string;
  claimed: string;
  claimedNow: string;
  waitingNow: string;
  longestWaitMin: string;
  frtP50: string;
  frtP90: string;
  frtCount: string;
  resP50: string;
  resP90: string;
  resCount: string;
  walletMessages: string;
  from: string;
  to: string;
  /** The agent's display name for a device ID. */
  agentName(agent: string): string;
}

const minutes = (ms: number | null): string => (ms === null ? "" : (ms / 60_000).toFixed(1));

function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (cells: Array<string | number>) => cells.map(cell).join(",");

const durations = (d: DurationSummary) => [minutes(d.p50), minutes(d.p90), d.count];

export function toCsv(metrics: Metrics, words: CsvWords, iso: (ts: number) => string): string {
  const lines: string[] = [];
  lines.push(row([words.summary]), row([words.figure, words.value]));
  lines.push(row([words.from, iso(metrics.range.from)]), row([words.to, iso(metrics.range.to)]));
  lines.push(row([words.opened, metrics.opened]), row([words.resolved, metrics.resolved]));
  lines.push(row([words.frtP50, minutes(metrics.firstResponse.p50)]));
  lines.push(row([words.frtP90, minutes(metrics.firstResponse.p90)]));
  lines.push(row([words.frtCount, metrics.firstResponse.count]));
  lines.push(row([words.resP50, minutes(metrics.resolution.p50)]));
  lines.push(row([words.resP90, minutes(metrics.resolution.p90)]));
  lines.push(row([words.resCount, metrics.resolution.count]));
  lines.push(row([words.waitingNow, metrics.waitingNow]));
  lines.push(row([words.longestWaitMin, minutes(metrics.longestWait)]), "");

  lines.push(row([words.perDay]));
  lines.push(
    row([
      words.day,
      words.opened,
      words.resolved,
      words.frtP50,
      words.frtP90,
      words.frtCount,
      words.resP50,
      words.resP90,
      words.resCount,
    ]),
  );
  for (const d of metrics.days)
    lines.push(row([d.day, d.opened, d.resolved, ...durations(d.firstResponse), ...durations(d.resolution)]));
  lines.push("");

  lines.push(row([words.perAgent]));
  lines.push(
    row([
      words.agent,
      words.resolved,
      words.claimed,
      words.claimedNow,
      words.resP50,
      words.resP90,
      words.resCount,
    ]),
  );
  for (const a of metrics.agents)
    lines.push(
      row([words.agentName(a.agent), a.resolved, a.claimed, a.claimedNow, ...durations(a.resolution)]),
    );
  lines.push("");

  lines.push(row([words.hours]), row([words.hour, words.walletMessages]));
  metrics.hours.forEach((count, hour) => lines.push(row([`${String(hour).padStart(2, "0")}:00`, count])));
  return lines.join("\r\n") + "\r\n";
}
