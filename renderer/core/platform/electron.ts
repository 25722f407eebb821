// The Platform of the desktop app: everything goes through the preload bridge (window.walletSupportConsole),
// the only way this renderer can reach the shell. The shell validates every call again.
import type { ConsoleBridge, SignInCallback, SsoRequest } from "../../../contract/index.ts";
import type { AdminConfig, DesktopNotification, Platform, SecretStore } from "./types.ts";

/** The bridge when running in the desktop shell, otherwise undefined (web build, tests). */
export function desktopBridge(
  scope: { walletSupportConsole?: ConsoleBridge } = globalThis as { walletSupportConsole?: ConsoleBridge },
): ConsoleBridge | undefined {
  return scope.walletSupportConsole;
}

export class ElectronPlatform implements Platform {
  readonly kind = "electron";
  readonly appVersion: string;
  readonly secrets: SecretStore;
  readonly #bridge: ConsoleBridge;
  #config: Promise<AdminConfig> | null = null;
  #unsubscribeClick: (() => void) | null = null;

  constructor(bridge: ConsoleBridge) {
    this.#bridge = bridge;
    this.appVersion = bridge.appVersion;
    this.secrets = bridge.secrets;
  }

  /** Read once: the shell validated it at start and it does not change while the app runs. */
  loadConfig(): Promise<AdminConfig> {
    this.#config ??= this.#bridge.getConfig();
    return this.#config;
  }

  notify(notification: DesktopNotification): void {
    this.#bridge.notify(notification);
  }

  onNotificationClick(handler: (conversationId: string) => void): void {
    this.#unsubscribeClick?.();
    this.#unsubscribeClick = this.#bridge.onNotificationClick(handler);
  }

  setBadgeCount(count: number): void {
    this.#bridge.setBadgeCount(Math.max(0, Math.floor(count)));
  }

  openExternal(url: string): Promise<void> {
    return this.#bridge.openExternal(url);
  }

  /**
   * Desktop-only, beyond Platform: which conversation is on screen, so the shell does not notify about
   * messages the agent is already reading. Call it whenever the open conversation changes (null: none).
   */
  setOpenConversation(conversationId: string | null): void {
    this.#bridge.setOpenConversation(conversationId);
  }

  /** Desktop-only, beyond Platform: sign-in links arriving through wallet-support-console://. */
  onSignInCallback(handler: (callback: SignInCallback) => void): () => void {
    return this.#bridge.onSignInCallback(handler);
  }

  /** Desktop-only: single sign-on in the system browser, answered on the shell's loopback port. */
  startSso(request: SsoRequest): Promise<SignInCallback> {
    return this.#bridge.startSso(request);
  }

  cancelSso(): void {
    this.#bridge.cancelSso();
  }
}

/** The desktop platform, or null when not running inside the shell. */
export function createElectronPlatform(
  bridge: ConsoleBridge | undefined = desktopBridge(),
): ElectronPlatform | null {
  return bridge === undefined ? null : new ElectronPlatform(bridge);
}
