// The snooze choices an agent is offered, as moments in local time: in an hour, tomorrow at 9:00, next Monday at
// 9:00 (a Monday's "next week" is the Monday after). Pure, from the desk's clock, so tests set the time.

export interface SnoozePresets {
  hour: number;
  tomorrow: number;
  nextWeek: number;
}

const HOUR = 3_600_000;

function atNine(date: Date): number {
  const d = new Date(date);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
}

export function snoozePresets(now: number): SnoozePresets {
  const today = new Date(now);
  const tomorrow = new Date(today);
  tomorrow.setDate(today.getDate() + 1);
  const monday = new Date(today);
  // getDay(): Sunday 0 … Saturday 6; the next Monday strictly after today.
  monday.setDate(today.getDate() + ((8 - today.getDay()) % 7 || 7));
  return { hour: now + HOUR, tomorrow: atNine(tomorrow), nextWeek: atNine(monday) };
}
