// When a change in the inbox deserves a desktop notification: a new message from the wallet, not for the
// conversation the agent is looking at, and never for the initial load of old messages.
import type { InboxRow } from "./inbox/row.ts";
import type { DesktopNotification } from "./platform/types.ts";

const FRESH_MS = 5 * 60_000;

export function notificationFor(
  row: InboxRow,
  previous: InboxRow | undefined,
  focusedRoomId: string | null,
  now = Date.now(),
): DesktopNotification | null {
  const preview = row.preview;
  if (!preview || preview.fromSupport) return null;
  if (preview.eventId === previous?.preview?.eventId) return null;
  if (row.unread <= (previous?.unread ?? 0)) return null;
  if (row.roomId === focusedRoomId) return null;
  if (now - preview.ts > FRESH_MS) return null; // catching up on old messages is not news
  const body =
    preview.kind === "text"
      ? preview.text
      : preview.kind === "image"
        ? "Image"
        : preview.kind === "decrypting" || preview.kind === "undecryptable"
          ? "New encrypted message"
          : "New message";
  return {
    title: row.label,
    body,
    conversationId: row.roomId,
    previewKind: preview.kind,
    previewText: preview.text,
  };
}
