// The console's global keyboard shortcuts, as a pure mapping from a key event to a command, and the inbox
// navigation they drive (previous / next conversation, next wallet waiting for an answer, resolve and next).

export type Command = "switcher" | "previous" | "next" | "next-waiting" | "resolve-next";

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * Ctrl+K (Cmd+K on macOS) opens the switcher; Alt+↑/↓ move; Alt+Shift+↓ jumps to the next waiting wallet;
 * Ctrl+Shift+E (Cmd+Shift+E) resolves the open conversation and opens the next one (Chatwoot's "resolve and next").
 */
export function commandFor(event: KeyLike, isMac: boolean): Command | null {
  const primary = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (primary && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") return "switcher";
  if (primary && !event.altKey && event.shiftKey && event.key.toLowerCase() === "e") return "resolve-next";
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    if (event.key === "ArrowDown") return event.shiftKey ? "next-waiting" : "next";
    if (event.key === "ArrowUp" && !event.shiftKey) return "previous";
  }
  return null;
}

interface NavRow {
  roomId: string;
  waitingSince: number | null;
}

/** The conversation above or below the current one in the list on screen (the first one when none is open). */
export function neighbour(rows: readonly NavRow[], currentId: string | null, step: 1 | -1): string | null {
  if (rows.length === 0) return null;
  const index = currentId === null ? -1 : rows.findIndex((r) => r.roomId === currentId);
  if (index < 0) return rows[step === 1 ? 0 : rows.length - 1]!.roomId;
  const next = index + step;
  return next >= 0 && next < rows.length ? rows[next]!.roomId : null;
}

/**
 * Where "resolve and next" goes: the conversation below the current one in the list on screen, else the one
 * above (the current one is about to leave the Open tab).
 */
export function afterResolving(rows: readonly NavRow[], currentId: string | null): string | null {
  const index = currentId === null ? -1 : rows.findIndex((r) => r.roomId === currentId);
  if (index < 0) return null;
  return rows[index + 1]?.roomId ?? rows[index - 1]?.roomId ?? null;
}

/** The next conversation below the current one whose wallet waits for an answer, wrapping around. */
export function nextWaiting(rows: readonly NavRow[], currentId: string | null): string | null {
  const index = currentId === null ? -1 : rows.findIndex((r) => r.roomId === currentId);
  for (let i = 1; i <= rows.length; i++) {
    const row = rows[(index + i + rows.length) % rows.length]!;
    if (row.waitingSince !== null && row.roomId !== currentId) return row.roomId;
  }
  return null;
}
