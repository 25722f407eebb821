// "Now" for relative times ("5 min", "waiting 12 min"), ticking every 30 s: one timer for the whole UI
// rather than one per inbox row.
let now = $state(Date.now());
let timer: ReturnType<typeof setInterval> | null = null;

export function currentTime(): number {
  timer ??= setInterval(() => (now = Date.now()), 30_000);
  return now;
}
