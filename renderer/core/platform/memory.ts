// A platform that keeps nothing: secrets in memory, notifications and the badge recorded for whoever asks.
// For running the core where there is no shell (Node tests, scripts) and for a "don't remember me" session.
import {
  DEFAULT_CONFIG,
  type AdminConfig,
  type DesktopNotification,
  type Platform,
  type SecretStore,
} from "./types.ts";

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }
}

export class MemoryPlatform implements Platform {
  readonly kind = "web" as const;
  readonly appVersion = "0.0.0-memory";
  readonly secrets: SecretStore;
  readonly notifications: DesktopNotification[] = [];
  badge = 0;
  private readonly config: AdminConfig;
  private clickHandler: (conversationId: string) => void = () => {};

  constructor(config: Partial<AdminConfig> = {}, secrets: SecretStore = new MemorySecretStore()) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    this.secrets = secrets;
  }
  async loadConfig(): Promise<AdminConfig> {
    return this.config;
  }
  notify(notification: DesktopNotification): void {
    this.notifications.push(notification);
  }
  onNotificationClick(handler: (conversationId: string) => void): void {
    this.clickHandler = handler;
  }
  click(conversationId: string): void {
    this.clickHandler(conversationId);
  }
  setBadgeCount(count: number): void {
    this.badge = count;
  }
  async openExternal(_url: string): Promise<void> {}
}
