// The browser platform (web build): secrets sealed with a non-extractable AES-GCM key kept in IndexedDB, as
// Element Web does; admin config from the config.json served next to the app; Web Notifications; the badge
// as the document title (and the App Badging API where it exists).
import { openKeyValueStore, type KeyValueStore } from "../storage/idb.ts";
import { seal, unseal, type Sealed } from "../storage/sealed.ts";
import {
  DEFAULT_CONFIG,
  type AdminConfig,
  type DesktopNotification,
  type Platform,
  type SecretStore,
} from "./types.ts";

const DB_NAME = "wsc-platform";

class WebSecretStore implements SecretStore {
  private ready: Promise<{ db: KeyValueStore; key: CryptoKey }> | null = null;

  private open() {
    this.ready ??= (async () => {
      const db = await openKeyValueStore(DB_NAME);
      let key = await db.get<CryptoKey>("wrapping-key");
      if (!key) {
        // Non-extractable: script can use it but never read its bytes, and it never leaves this profile.
        key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
          "encrypt",
          "decrypt",
        ]);
        await db.put("wrapping-key", key);
      }
      return { db, key };
    })();
    return this.ready;
  }

  async get(name: string): Promise<string | null> {
    const { db, key } = await this.open();
    const sealed = await db.get<Sealed>(`secret:${name}`);
    if (!sealed) return null;
    return unseal<string>(key, sealed);
  }

  async set(name: string, value: string): Promise<void> {
    const { db, key } = await this.open();
    await db.put(`secret:${name}`, await seal(key, value));
  }

  async delete(name: string): Promise<void> {
    const { db } = await this.open();
    await db.delete(`secret:${name}`);
  }
}

/** Accepts the served config.json over the defaults; the server validated it against the schema already. */
export function configFrom(raw: unknown): AdminConfig {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { ...DEFAULT_CONFIG };
  const merged = { ...DEFAULT_CONFIG, ...(raw as Partial<AdminConfig>) };
  merged.brand = { ...DEFAULT_CONFIG.brand, ...(merged.brand ?? {}) };
  return merged;
}

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return ["http:", "https:", "mailto:"].includes(parsed.protocol) && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

export class WebPlatform implements Platform {
  readonly kind = "web" as const;
  readonly appVersion: string;
  readonly secrets: SecretStore = new WebSecretStore();
  private clickHandler: (conversationId: string) => void = () => {};
  private readonly baseTitle = typeof document === "undefined" ? "" : document.title;

  constructor(appVersion: string) {
    this.appVersion = appVersion;
  }

  async loadConfig(): Promise<AdminConfig> {
    try {
      const res = await fetch("config.json", { cache: "no-cache" });
      if (!res.ok) return { ...DEFAULT_CONFIG };
      return configFrom(await res.json());
    } catch {
      return { ...DEFAULT_CONFIG };
    }
  }

  notify(notification: DesktopNotification): void {
    if (typeof Notification === "undefined") return;
    const show = () => {
      const n = new Notification(notification.title, {
        body: notification.body,
        tag: notification.conversationId,
      });
      n.onclick = () => {
        window.focus();
        this.clickHandler(notification.conversationId);
        n.close();
      };
    };
    if (Notification.permission === "granted") show();
    else if (Notification.permission === "default")
      void Notification.requestPermission().then((p) => p === "granted" && show());
  }

  onNotificationClick(handler: (conversationId: string) => void): void {
    this.clickHandler = handler;
  }

  setBadgeCount(count: number): void {
    document.title = count > 0 ? `(${count}) ${this.baseTitle}` : this.baseTitle;
    const nav = navigator as Navigator & {
      setAppBadge?: (n: number) => Promise<void>;
      clearAppBadge?: () => Promise<void>;
    };
    if (count > 0) void nav.setAppBadge?.(count).catch(() => {});
    else void nav.clearAppBadge?.().catch(() => {});
  }

  async openExternal(url: string): Promise<void> {
    if (!isSafeExternalUrl(url))
      throw new Error(`Refusing to open ${url}: only http, https and mailto links open.`);
    window.open(url, "_blank", "noopener,noreferrer");
  }
}
