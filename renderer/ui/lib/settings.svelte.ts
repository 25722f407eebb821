// The agent's preferences on this machine (theme, language, desktop notifications), kept in localStorage:
// they hold nothing secret and must apply before sign-in.
import { isLocale, type Locale } from "../i18n/translate.ts";

export type Theme = "system" | "light" | "dark";

export interface Preferences {
  theme: Theme;
  /** null: the admin's default language (or the browser's, when it is one the console speaks). */
  language: Locale | null;
  notifications: boolean;
}

const KEY = "wsc-preferences";

function load(): Preferences {
  const defaults: Preferences = { theme: "system", language: null, notifications: true };
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "null") as Partial<Preferences> | null;
    if (!raw || typeof raw !== "object") return defaults;
    return {
      theme: raw.theme === "light" || raw.theme === "dark" ? raw.theme : "system",
      language: isLocale(raw.language) ? raw.language : null,
      notifications: raw.notifications !== false,
    };
  } catch {
    return defaults;
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
