// The bridge the desktop shell's preload exposes as window.walletSupportConsole, and the payloads that cross
// it: the port the renderer core uses (renderer/core/platform/electron.ts) and the shell implements
// (electron/preload-bridge.ts, validated again in electron/ipc-arguments.ts). Types and the global's name only.
import type { AdminConfig } from "./admin-config.ts";

export const BRIDGE_NAME = "walletSupportConsole";

/** Secrets (tokens, the crypto-store key) kept encrypted at rest by the platform. Values are opaque strings. */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** A notification as the shell shows it: words already in the agent's language (built once, by the UI). */
export interface DesktopNotification {
  title: string;
  body: string;
  /** The conversation to open when the notification is clicked. */
  conversationId: string;
}

/** What the shell hands over when the OS opens a `wallet-support-console://sign-in/callback` link. */
export interface SignInCallback {
  loginToken: string;
  /** The sign-in attempt it claims to answer (checked by the renderer's sign-in flow). */
  state?: string;
}

/** Single sign-on through the system browser and a loopback redirect (electron/sso-loopback.ts). */
export interface SsoRequest {
  homeserverUrl: string;
  providerId?: string;
  /** The attempt's one-time state value (32 hexadecimal characters). */
  state: string;
}

/** The whole renderer-facing API of the shell. The shell validates every call again. */
export interface ConsoleBridge {
  readonly appVersion: string;
  readonly secrets: SecretStore;
  getConfig(): Promise<AdminConfig>;
  notify(notification: DesktopNotification): void;
  /** Returns a function that removes the handler. */
  onNotificationClick(handler: (conversationId: string) => void): () => void;
  setBadgeCount(count: number): void;
  openExternal(url: string): Promise<void>;
  /** Which conversation is on screen (null: none), so its own messages don't raise notifications. */
  setOpenConversation(conversationId: string | null): void;
  /** Returns a function that removes the handler. */
  onSignInCallback(handler: (callback: SignInCallback) => void): () => void;
  /**
   * Opens single sign-on in the system browser and resolves with the homeserver's answer on the loopback
   * redirect (rejects when cancelled or after 10 minutes). A newer call cancels the older one.
   */
  startSso(request: SsoRequest): Promise<SignInCallback>;
  cancelSso(): void;
}
