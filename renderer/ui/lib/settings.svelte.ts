// The agent's preferences on this machine (theme, language, desktop notifications and whether they show message
// content), kept in localStorage:
// they hold nothing secret and must apply before sign-in.
import { isLocale, type Locale } from "../i18n/translate.ts";

export type Theme = "system" | "light" | "dark";

export interface Preferences {
  theme: Theme;
  /** null: the admin's default language (or the browser's, when it is one the console speaks). */
  language: Locale | null;
  notifications: boolean;
  /**
   * Whether a notification shows what the wallet wrote. Off for new installs: notification centres keep what
   * they showed (on disk, on the lock screen), outside the console's encrypted storage.
   */
  notificationContent: boolean;
}

const KEY = "wsc-preferences";

/** Preferences from what localStorage held (null for a new install), with defaults for what is missing. */
export function parsePreferences(raw: unknown): Preferences {
  const defaults: Preferences = {
    theme: "system",
    language: null,
    notifications: true,
    notificationContent: false,
  };
  if (!raw || typeof raw !== "object") return defaults;
  const r = raw as Partial<Preferences>;
  return {
    theme: r.theme === "light" || r.theme === "dark" ? r.theme : "system",
    language: isLocale(r.language) ? r.language : null,
    notifications: r.notifications !== false,
    // Installs from before the setting showed content: they keep doing so until the agent turns it off.
    notificationContent: r.notificationContent !== false,
  };
}

function load(): Preferences {
  try {
    return parsePreferences(JSON.parse(localStorage.getItem(KEY) ?? "null"));
  } catch {
    return parsePreferences(null);
  }
}

export const preferences: Preferences = $state(load());

export function savePreferences(): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(preferences));
  } catch {
    // Storage full or disabled: the preference still applies for this session.
  }
}

/** The language to speak: the agent's choice, else the admin's default. */
export function effectiveLocale(adminDefault: Locale): Locale {
  return preferences.language ?? adminDefault;
}

const AGENT_NAME = "wsc-agent-name";

/** The agent name last given on this computer (a suggestion when a new device of it signs in). */
export function lastAgentName(): string {
  try {
    return localStorage.getItem(AGENT_NAME) ?? "";
  } catch {
    return "";
  }
}

export function rememberAgentName(name: string): void {
  try {
    localStorage.setItem(AGENT_NAME, name.trim());
  } catch {
    // Storage disabled: the next device just asks with an empty field.
  }
}
