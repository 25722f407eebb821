// What a desktop notification says (issue 15 §6): the wallet's label always, what it wrote only when the agent
// chose "show message content in notifications"; otherwise a neutral line in the agent's language. Media and
// undecryptable messages are named by kind, never by their file names.
import type { DesktopNotification } from "../../core/platform/types.ts";

export interface NotificationWords {
  /** "New message" in the agent's language. */
  hidden: string;
  /** "Image", "File", … in the agent's language. */
  kind(kind: NonNullable<DesktopNotification["previewKind"]>): string;
}

export function notificationForDisplay(
  notification: DesktopNotification,
  showContent: boolean,
  words: NotificationWords,
): DesktopNotification {
  const kind = notification.previewKind;
  const body = !showContent ? words.hidden : !kind || kind === "text" ? notification.body : words.kind(kind);
  const { previewText: _text, ...rest } = notification;
  return { ...rest, body };
}
