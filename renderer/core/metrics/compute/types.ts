// What the metrics computation reads and what it produces. Inputs are timestamps only — who wrote when, and what
// the team recorded — never message content: the figures need nothing else, and so hold nothing a wallet wrote.
import type { Clock } from "../../clock.ts";

/** A message in a wallet conversation: the wallet's or support's, at its server timestamp. */
export interface MessageStamp {
  ts: number;
  from: "wallet" | "support";
}

/** An activity line of the team (the staff room), as the status feature writes it. */
export interface ActivityStamp {
  ts: number;
  /** The agent's device that wrote it. */
  agent: string;
  /** "resolved", "reopened", "claimed", … (status/feature.ts ActivityAction); others are ignored. */
  action: string;
}

/** One conversation (a wallet, over all its rooms). */
export interface ConversationStamps {
  /** The wallet user ID (the team's key for a conversation). */
  id: string;
  /** Every message of the conversation's rooms; any order. */
  messages: readonly MessageStamp[];
  /** The team's activity lines about it; any order. */
  activity: readonly ActivityStamp[];
  /** The agent whose claim stands now (null: nobody). */
  claimedBy: string | null;
}

/** A half-open interval [from, to) of epoch milliseconds. */
export interface Range {
  from: number;
  to: number;
}

export interface MetricsInput {
  conversations: readonly ConversationStamps[];
  range: Range;
  /** The device's clock: "waiting now" is as of its now(). */
  clock: Pick<Clock, "now">;
  /**
   * Minutes to add to UTC for local time at an instant (the negative of Date#getTimezoneOffset): days and hours
   * are the agent's local ones. Tests pass () => 0.
   */
  utcOffsetMinutes: (ts: number) => number;
}

/** Median, 90th percentile and count of a set of durations (ms); null figures when there is no sample. */
export interface DurationSummary {
  count: number;
  p50: number | null;
  p90: number | null;
  mean: number | null;
}

export interface DayFigures {
  /** The local day, "YYYY-MM-DD". */
  day: string;
  opened: number;
  resolved: number;
  firstResponse: DurationSummary;
  resolution: DurationSummary;
}

export interface AgentFigures {
  /** The agent's device ID (the UI names it). */
  agent: string;
  resolved: number;
  claimed: number;
  /** Conversations claimed by this agent now, and not resolved. */
  claimedNow: number;
  /** Time to resolution of the openings this agent resolved in the range. */
  resolution: DurationSummary;
}

export interface Metrics {
  range: Range;
  /** When it was computed (the clock's now). */
  at: number;
  opened: number;
  resolved: number;
  firstResponse: DurationSummary;
  resolution: DurationSummary;
  /** Open conversations whose last message is the wallet's, now. */
  waitingNow: number;
  /** The longest of those waits (ms), or null. */
  longestWait: number | null;
  /** One entry per local day of the range, oldest first (days without anything included). */
  days: DayFigures[];
  /** Wallet messages per local hour of the day (index 0–23) in the range. */
  hours: number[];
  /** One entry per agent with activity in the range or a standing claim, by most resolved. */
  agents: AgentFigures[];
}
