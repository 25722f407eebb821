// Turns a conversation's items into what the timeline draws: day separators, and runs of messages from the
// same side close together in time drawn as one group of bubbles. A time shows under the group's last message
// and wherever the minute changes inside a group (six messages from 8:35 to 8:37 show 8:35, 8:36 and 8:37);
// every message's own time appears on hover or focus.
import { startOfDay } from "./time.ts";

/** The fields grouping needs (TimelineItem has them all). */
export interface Groupable {
  id: string;
  from: "wallet" | "support" | "other";
  /** Who an "other" message is from: two strangers never share a group. */
  sender?: string | null;
  ts: number;
}

export type TimelineEntry<T extends Groupable> =
  | { type: "day"; key: string; ts: number }
  | {
      type: "message";
      key: string;
      item: T;
      firstInGroup: boolean;
      lastInGroup: boolean;
      /** Show the time under it: the group ends here, or the next message of the group is a later minute. */
      showTime: boolean;
    };

const minuteOf = (ts: number) => Math.floor(ts / 60_000);

/** Messages further apart than this start a new group, even from the same side. */
export const GROUP_GAP_MS = 5 * 60_000;

export function groupTimeline<T extends Groupable>(items: readonly T[]): TimelineEntry<T>[] {
  const entries: TimelineEntry<T>[] = [];
  let day = -1;
  let previous: T | null = null;
  let lastMessage: (TimelineEntry<T> & { type: "message" }) | null = null;
  for (const item of items) {
    const itemDay = startOfDay(item.ts);
    const newDay = itemDay !== day;
    if (newDay) {
      day = itemDay;
      entries.push({ type: "day", key: `day-${itemDay}`, ts: item.ts });
    }
    const continues =
      !newDay &&
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
  if (lastMessage) lastMessage.lastInGroup = lastMessage.showTime = true;
  return entries;
}

/** Index of the last item sent by support (where "Seen" goes), or -1. */
export function lastSupportIndex<T extends Groupable>(items: readonly T[]): number {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.from === "support") return i;
  return -1;
}
