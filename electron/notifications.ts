// Desktop notifications for new wallet messages: none for the conversation on screen while the window has
// focus, one per conversation at a time, and a click brings the window forward and opens the conversation.
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

export interface NotifierWindow {
  isFocused(): boolean;
  isVisible(): boolean;
}

export interface NotifierOptions {
  createNotification: CreateNotification;
  /** Notification.isSupported(). */
  isSupported: () => boolean;
  window: NotifierWindow;
  /** Brings the window forward (revealWindow). */
  reveal: () => void;
  /** Tells the renderer to open the conversation (webContents.send). */
  openConversation: (conversationId: string) => void;
  log: Logger;
}

/** Whether a new message in `conversationId` deserves a notification. */
export function shouldNotify(
  conversationId: string,
  view: { windowFocused: boolean; windowVisible: boolean; openConversationId: string | null },
): boolean {
  const onScreen = view.windowFocused && view.windowVisible && view.openConversationId === conversationId;
  return !onScreen;
}

export interface Notifier {
  notify(notification: DesktopNotification): void;
  setOpenConversation(conversationId: string | null): void;
  /** Notifications currently shown, for tests and for clearing on sign-out. */
  readonly shown: number;
}

export function createNotifier(options: NotifierOptions): Notifier {
  let openConversationId: string | null = null;
  // Held by conversation: Electron drops click handlers of notifications that get garbage-collected,
  // and a newer message replaces the older notification of the same conversation instead of stacking.
  const active = new Map<string, NotificationLike>();

  return {
    get shown() {
      return active.size;
    },
    setOpenConversation(conversationId) {
      openConversationId = conversationId;
      if (conversationId !== null) active.get(conversationId)?.close();
    },
    notify({ title, body, conversationId }) {
      const view = {
        windowFocused: options.window.isFocused(),
        windowVisible: options.window.isVisible(),
        openConversationId,
      };
      if (!shouldNotify(conversationId, view) || !options.isSupported()) return;
      active.get(conversationId)?.close();
      const notification = options.createNotification({ title, body, silent: false });
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
