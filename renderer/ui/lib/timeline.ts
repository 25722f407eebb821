// Turns a conversation's items into what the timeline draws: day separators, runs of messages from the same
// side close together in time drawn as one group of bubbles, and — woven in by time — the team's notes and
// activity lines, and a separator where the wallet's newer room begins. A time shows under the group's last
// message and wherever the minute changes inside a group (six messages from 8:35 to 8:37 show 8:35, 8:36 and
// 8:37); every message's own time appears on hover or focus.
import { startOfDay } from "./time.ts";

/** The fields grouping needs (TimelineItem has them all). */
export interface Groupable {
  id: string;
  from: "wallet" | "support" | "other";
  /** Who an "other" message is from: two strangers never share a group. */
  sender?: string | null;
  ts: number;
}

/** A note or activity line placed among the messages by its time. */
export interface Extra {
  id: string;
  ts: number;
}

export type TimelineEntry<T extends Groupable, X extends Extra = Extra> =
  | { type: "day"; key: string; ts: number }
  | {
      type: "message";
      key: string;
      item: T;
      firstInGroup: boolean;
      lastInGroup: boolean;
      /** Show the time under it: the group ends here, or the next message of the group is a later minute. */
      showTime: boolean;
    }
  | { type: "extra"; key: string; extra: X }
  | { type: "room"; key: string };

const minuteOf = (ts: number) => Math.floor(ts / 60_000);

/** Messages further apart than this start a new group, even from the same side. */
export const GROUP_GAP_MS = 5 * 60_000;

export function groupTimeline<T extends Groupable, X extends Extra = Extra>(
  items: readonly T[],
  extras: readonly X[] = [],
  roomStarts: ReadonlySet<string> = new Set(),
): TimelineEntry<T, X>[] {
  const entries: TimelineEntry<T, X>[] = [];
  let day = -1;
  let previous: T | null = null;
  let lastMessage: (TimelineEntry<T, X> & { type: "message" }) | null = null;
  let next = 0;
  const breakGroup = () => {
    if (lastMessage) lastMessage.lastInGroup = true;
    lastMessage = null;
    previous = null;
  };
  const newDay = (ts: number) => {
    const itemDay = startOfDay(ts);
    if (itemDay === day) return false;
    day = itemDay;
    breakGroup();
    entries.push({ type: "day", key: `day-${itemDay}`, ts });
    return true;
  };
  const extrasUntil = (ts: number) => {
    while (next < extras.length && extras[next]!.ts <= ts) {
      const extra = extras[next++]!;
      newDay(extra.ts);
      breakGroup();
      entries.push({ type: "extra", key: `x-${extra.id}`, extra });
    }
  };
  for (const item of items) {
    extrasUntil(item.ts);
    if (roomStarts.has(item.id)) {
      breakGroup();
      entries.push({ type: "room", key: `room-${item.id}` });
    }
    const startedDay = newDay(item.ts);
    const continues =
      !startedDay &&
      previous !== null &&
      previous.from === item.from &&
      previous.sender === item.sender &&
      item.ts - previous.ts <= GROUP_GAP_MS;
    if (!continues && lastMessage) lastMessage.lastInGroup = lastMessage.showTime = true;
    else if (lastMessage && previous && minuteOf(item.ts) !== minuteOf(previous.ts))
      lastMessage.showTime = true;
    const entry = {
      type: "message" as const,
      key: item.id,
      item,
      firstInGroup: !continues,
      lastInGroup: false,
      showTime: false,
    };
    entries.push(entry);
    lastMessage = entry;
    previous = item;
  }
  extrasUntil(Infinity);
  if (lastMessage) {
    const last = lastMessage as { lastInGroup: boolean; showTime: boolean };
    last.lastInGroup = last.showTime = true;
  }
  return entries;
}

/** Index of the last item sent by support (where "Seen" goes), or -1. */
export function lastSupportIndex<T extends Groupable>(items: readonly T[]): number {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.from === "support") return i;
  return -1;
}
