// Team metrics, computed on the device from event timestamps, so every agent who reads the same rooms and the same
// staff room gets the same figures. Pure: everything comes in through MetricsInput (the clock too), nothing is
// read or written elsewhere; the desk's metrics feature loads this module only when the Metrics screen asks.
//
// Definitions (the README's "Team metrics" section says the same):
// - An **opening** of a conversation starts with a wallet message while the conversation is not open (its first
//   message ever, or the first after a resolution), or with an agent's "reopened" line; it ends with the first
//   "resolved" line of the team's activity after it. Pending and Snoozed do not end it.
// - **First response time**: from the opening's first wallet message to the first support message after it
//   (before the resolution). Counted in the range when that reply is in the range.
// - **Time to resolution**: from the opening's start to its "resolved" line. Counted when the resolution is in
//   the range.
// - **Opened** / **Resolved**: openings that started / were resolved in the range (per local day as well).
// - **Waiting now**: conversations whose latest opening is unresolved and whose last message is the wallet's, at
//   the clock's now (whatever the range); the longest wait is from the first unanswered wallet message.
// - **Per agent** (an agent is a device of the support account, named by the team's profiles): conversations it
//   resolved and claimed in the range (activity lines), its time to resolution, and its standing claims on
//   unresolved conversations.
// - **Busiest hours**: wallet messages in the range per local hour of the day.
// Medians and 90th percentiles use the nearest-rank method (stats.ts). Days and hours are the device's local time.
import { openingsOf, waitingSince, type Opening } from "./openings.ts";
import { dayOf, daysOf, hourOf, summarize } from "./stats.ts";
import type { AgentFigures, DayFigures, Metrics, MetricsInput } from "./types.ts";

export type * from "./types.ts";
export { toCsv, type CsvWords } from "./csv.ts";

export function computeMetrics(input: MetricsInput): Metrics {
  const { range, utcOffsetMinutes: offset } = input;
  const now = input.clock.now();
  const inRange = (ts: number | null): ts is number => ts !== null && ts >= range.from && ts < range.to;

  const days = new Map<string, { opened: number; resolved: number; frt: number[]; res: number[] }>();
  for (const day of daysOf(range.from, range.to, offset))
    days.set(day, { opened: 0, resolved: 0, frt: [], res: [] });
  const dayBucket = (ts: number) => days.get(dayOf(ts, offset));

  const agents = new Map<string, { resolved: number; claimed: number; claimedNow: number; res: number[] }>();
  const agent = (id: string) => {
    let a = agents.get(id);
    if (!a) agents.set(id, (a = { resolved: 0, claimed: 0, claimedNow: 0, res: [] }));
    return a;
  };

  const frt: number[] = [];
  const res: number[] = [];
  const hours = Array.from({ length: 24 }, () => 0);
  let opened = 0;
  let resolved = 0;
  let waitingNow = 0;
  let longestWait: number | null = null;

  for (const conversation of input.conversations) {
    const openings: Opening[] = openingsOf(conversation);
    for (const o of openings) {
      if (inRange(o.openedAt)) {
        opened++;
        dayBucket(o.openedAt)!.opened++;
      }
      if (o.firstWalletAt !== null && inRange(o.firstReplyAt)) {
        const d = o.firstReplyAt - o.firstWalletAt;
        frt.push(d);
        dayBucket(o.firstReplyAt)!.frt.push(d);
      }
      if (inRange(o.resolvedAt)) {
        const d = o.resolvedAt - o.openedAt;
        resolved++;
        res.push(d);
        const bucket = dayBucket(o.resolvedAt)!;
        bucket.resolved++;
        bucket.res.push(d);
        const by = agent(o.resolvedBy!);
        by.resolved++;
        by.res.push(d);
      }
    }
    for (const a of conversation.activity)
      if (a.action === "claimed" && inRange(a.ts)) agent(a.agent).claimed++;
    const unresolved = openings.at(-1)?.resolvedAt === null;
    if (conversation.claimedBy && unresolved) agent(conversation.claimedBy).claimedNow++;
    for (const m of conversation.messages)
      if (m.from === "wallet" && inRange(m.ts)) hours[hourOf(m.ts, offset)]!++;
    const since = waitingSince(conversation, openings);
    if (since !== null) {
      waitingNow++;
      longestWait = Math.max(longestWait ?? 0, now - since);
    }
  }

  const dayFigures: DayFigures[] = [...days].map(([day, d]) => ({
    day,
    opened: d.opened,
    resolved: d.resolved,
    firstResponse: summarize(d.frt),
    resolution: summarize(d.res),
  }));
  const agentFigures: AgentFigures[] = [...agents]
    .map(([id, a]) => ({
      agent: id,
      resolved: a.resolved,
      claimed: a.claimed,
      claimedNow: a.claimedNow,
      resolution: summarize(a.res),
    }))
    .sort((a, b) => b.resolved - a.resolved || b.claimed - a.claimed || (a.agent < b.agent ? -1 : 1));

  return {
    range,
    at: now,
    opened,
    resolved,
    firstResponse: summarize(frt),
    resolution: summarize(res),
    waitingNow,
    longestWait,
    days: dayFigures,
    hours,
    agents: agentFigures,
  };
}
