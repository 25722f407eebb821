// What the shell provides to the core: secret storage, the admin configuration, notifications, the badge and
// opening links. Two implementations: Electron (over the preload bridge) and the browser (web build).

/** Secrets (tokens, the crypto-store key) kept encrypted at rest by the platform. Values are opaque strings. */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export type Language = "en" | "fr";

/** The organisation's configuration, set by an admin (baked into the installer or served with the web build). */
export interface AdminConfig {
  /** Brand shown in the title bar and sign-in screen. */
  brand: { name: string; logoUrl?: string };
  /** Homeserver URL used when the user ID's server has no `.well-known` (or to skip discovery). */
  homeserverUrl?: string;
  /** The support account agents sign in as, pre-filled on the sign-in screen. */
  supportUserId?: string;
  /**
   * Whether sign-in links and single sign-on may sign in as another account than `supportUserId` (after the
   * agent confirms). Off by default: such a link is refused, naming both accounts.
   */
  allowOtherAccounts?: boolean;
  /** The public notification room: `#alias:server` or a room ID. */
  notificationRoom?: string;
  /** Server names whose wallets are auto-accepted; empty means any server. */
  allowedWalletServers: string[];
  /** Whether an agent may, after confirming, reply unencrypted to a wallet that cannot decrypt. */
  allowUnencryptedReplies: boolean;
  /** Largest image the console downloads or sends, in bytes. */
  maxImageBytes: number;
  defaultLanguage: Language;
}

export const DEFAULT_CONFIG: AdminConfig = {
  brand: { name: "Wallet Support Console" },
  allowedWalletServers: [],
  allowUnencryptedReplies: false,
  maxImageBytes: 20 * 1024 * 1024,
  defaultLanguage: "en",
};

/** A notification as the shell shows it: words already in the agent's language (built once, by the UI). */
export interface DesktopNotification {
  title: string;
  body: string;
  /** The conversation to open when the notification is clicked. */
  conversationId: string;
}

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
