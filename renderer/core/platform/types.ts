// What the shell provides to the core: secret storage, the admin configuration, notifications, the badge and
// opening links. Two implementations: Electron (over the preload bridge) and the browser (web build). The
// types the shell shares (admin config, secrets, notification payload) live in contract/, which electron/ and
// renderer/ both import; they are re-exported here so the core names them in one place.
import type { AdminConfig, DesktopNotification, SecretStore } from "../../../contract/index.ts";

export {
  DEFAULT_CONFIG,
  type AdminConfig,
  type DesktopNotification,
  type Language,
  type SecretStore,
} from "../../../contract/index.ts";

export interface Platform {
  readonly kind: "electron" | "web";
  readonly appVersion: string;
  readonly secrets: SecretStore;
  loadConfig(): Promise<AdminConfig>;
  /** Shows a desktop notification; clicking it calls the handler given to onNotificationClick. */
  notify(notification: DesktopNotification): void;
  onNotificationClick(handler: (conversationId: string) => void): void;
  /** Unread count on the dock/taskbar badge and the tray; 0 clears it. */
  setBadgeCount(count: number): void;
  /** The conversation on screen (or null): the shell shows no notification for it while the window has focus. */
  setOpenConversation?(conversationId: string | null): void;
  /** Opens an http(s) or mailto link outside the app, after the shell validates it. */
  openExternal(url: string): Promise<void>;
}
