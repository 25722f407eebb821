// When a change in the inbox deserves a desktop notification: a new message from the wallet, not in the
// conversation the agent is looking at, and never for the initial load of old messages. The words are the UI's
// (it builds the title and body once, in the agent's language, and may leave the content out).
import type { InboxRow, PreviewKind } from "../inbox/row.ts";

const FRESH_MS = 5 * 60_000;

/** What the core asks the UI to announce. `previewText` is untrusted wallet text (plain, never markup). */
export interface NotificationRequest {
  conversationId: string;
  /** The conversation's anonymous label code (the UI adds its words). */
  label: string;
  previewKind: PreviewKind;
  previewText: string;
}

export function notificationFor(
  row: InboxRow,
  previous: InboxRow | undefined,
  watching: boolean,
  now: number,
): NotificationRequest | null {
  const preview = row.preview;
  if (!preview || preview.fromSupport) return null;
  if (preview.eventId === previous?.preview?.eventId) return null;
  if (row.unread <= (previous?.unread ?? 0)) return null;
  if (watching) return null;
  if (now - preview.ts > FRESH_MS) return null; // catching up on old messages is not news
  return {
    conversationId: row.roomId,
    label: row.label,
    previewKind: preview.kind,
    previewText: preview.kind === "text" ? preview.text : "",
  };
}
