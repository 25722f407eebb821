// What a desktop notification says (issue 15 §6): the wallet's label always, what it wrote only when the agent
// chose "show message content in notifications"; otherwise a neutral line in the agent's language. Media and
// undecryptable messages are named by kind, never by their file names.
import type { NotificationRequest } from "../../core/notifications/notify.ts";
import type { PreviewKind } from "../../core/inbox/row.ts";
import type { DesktopNotification } from "../../core/platform/types.ts";

export interface NotificationWords {
  /** "New message" in the agent's language. */
  hidden: string;
  /** "Image", "File", … in the agent's language. */
  kind(kind: Exclude<PreviewKind, "text">): string;
}

export function notificationForDisplay(
  request: NotificationRequest,
  showContent: boolean,
  words: NotificationWords,
): DesktopNotification {
  const kind = request.previewKind;
  const body = !showContent ? words.hidden : kind === "text" ? request.previewText : words.kind(kind);
  return { title: request.label, body, conversationId: request.conversationId };
}
