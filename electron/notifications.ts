// Desktop notifications for new wallet messages: one per conversation at a time, closed when the agent opens
// that conversation, and a click brings the window forward and opens it. Whether a message deserves one (not
// for the conversation the agent is looking at) is decided once, in the renderer's core (desk/attention.ts),
// which alone sees the document's focus; the shell shows what it is asked to.
// On Linux the body is escaped: libnotify would read a wallet's text as markup.
import type { DesktopNotification } from "../contract/index.ts";
import type { Logger } from "./logging.ts";

/** The slice of Electron's Notification used here. */
export interface NotificationLike {
  on(event: "click" | "close", listener: () => void): unknown;
  show(): void;
  close(): void;
}

export type CreateNotification = (options: {
  title: string;
  body: string;
  silent: boolean;
}) => NotificationLike;

export interface NotifierOptions {
  createNotification: CreateNotification;
  /** Notification.isSupported(). */
  isSupported: () => boolean;
  /** Brings the window forward (revealWindow). */
  reveal: () => void;
  /** Tells the renderer to open the conversation (webContents.send). */
  openConversation: (conversationId: string) => void;
  /**
   * Linux: libnotify reads a notification's body as markup (<b>, <a href>, <img src>…), so a wallet's "<b>"
   * would render and its <img> could be fetched. Pass process.platform === "linux".
   */
  bodyIsMarkup?: boolean;
  log: Logger;
}

/** Text for a markup body: the five characters markup gives meaning to, escaped. */
export function escapeNotificationMarkup(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export interface Notifier {
  notify(notification: DesktopNotification): void;
  setOpenConversation(conversationId: string | null): void;
  /** Notifications currently shown, for tests and for clearing on sign-out. */
  readonly shown: number;
}

export function createNotifier(options: NotifierOptions): Notifier {
  // Held by conversation: Electron drops click handlers of notifications that get garbage-collected,
  // and a newer message replaces the older notification of the same conversation instead of stacking.
  const active = new Map<string, NotificationLike>();

  return {
    get shown() {
      return active.size;
    },
    setOpenConversation(conversationId) {
      if (conversationId !== null) active.get(conversationId)?.close();
    },
    notify({ title, body, conversationId }) {
      if (!options.isSupported()) return;
      active.get(conversationId)?.close();
      const shown = options.bodyIsMarkup ? escapeNotificationMarkup(body) : body;
      const notification = options.createNotification({ title, body: shown, silent: false });
      const forget = (): void => {
        if (active.get(conversationId) === notification) active.delete(conversationId);
      };
      notification.on("click", () => {
        forget();
        options.reveal();
        options.openConversation(conversationId);
      });
      notification.on("close", forget);
      active.set(conversationId, notification);
      notification.show();
      options.log.debug("Notification shown");
    },
  };
}
