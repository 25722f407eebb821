// The console's translation machinery, free of Svelte so it can be unit-tested: message catalogues keyed by
// the English catalogue's keys, `{name}` placeholders, plural forms chosen by Intl.PluralRules, and the
// locale's number and date formats.
import type { en } from "./en.ts";

export type Locale = "en" | "fr";
export const LOCALES: readonly Locale[] = ["en", "fr"];

export interface Plural {
  one: string;
  other: string;
}
export type Message = string | Plural;
export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, Message>;
export type Params = Record<string, string | number>;

export interface Translator {
  readonly locale: Locale;
  /** The message for `key` with its placeholders filled; plural forms pick by `params.count`. */
  t(key: MessageKey, params?: Params): string;
  number(n: number): string;
  /** "14:05" / "2:05 PM", in the locale's clock. */
  time(ts: number): string;
  /** A calendar date ("12 Mar", or "12 Mar 2025" outside the current year). */
  date(ts: number, now?: number): string;
  weekday(ts: number): string;
  dateTime(ts: number): string;
  /** Builds the formatters the inbox rows use, ahead of their first use (called while the app waits). */
  warm(): void;
}

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "fr";
}

/** The placeholder names a message uses, e.g. ["count", "label"]; for the catalogues' parity test. */
export function placeholders(message: Message): string[] {
  const texts = typeof message === "string" ? [message] : [message.one, message.other];
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\{(\w+)\}/g)) names.add(m[1]!);
  return [...names].sort();
}

/** Made on first use: each Intl formatter costs several milliseconds to build, and a start needs few of them. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function createTranslator(locale: Locale, catalogue: Catalogue): Translator {
  // Built lazily: at a restart they were ~80 ms of the start script's evaluation, before main.ts ran.
  const plural = once(() => new Intl.PluralRules(locale));
  const numbers = once(() => new Intl.NumberFormat(locale));
  const clock = once(() => new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" }));
  const shortDate = once(() => new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" }));
  const longDate = once(
    () => new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" }),
  );
  const weekdays = once(() => new Intl.DateTimeFormat(locale, { weekday: "long" }));
  const full = once(() => new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }));
  // Whole numbers under 1,000 read the same in both locales' formats (no grouping, Western digits): they skip
  // the NumberFormat, whose first construction (~30 ms, its locale data) then stays off a restart's path to the
  // rows for every count an inbox of fewer than 1,000 conversations shows. The unit tests hold the two equal.
  const formatNumber = (n: number): string =>
    Number.isInteger(n) && n >= 0 && n < 1000 ? String(n) : numbers().format(n);
  const fill = (text: string, params: Params): string =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? formatNumber(value) : value;
    });
  return {
    locale,
    t(key, params = {}) {
      const message = catalogue[key];
      if (message === undefined) return key;
      if (typeof message === "string") return fill(message, params);
      const count = typeof params.count === "number" ? params.count : 0;
      return fill(plural().select(count) === "one" ? message.one : message.other, params);
    },
    number: formatNumber,
    time: (ts) => clock().format(ts),
    date(ts, now = Date.now()) {
      const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
      return (sameYear ? shortDate() : longDate()).format(ts);
    },
    weekday: (ts) => weekdays().format(ts),
    dateTime: (ts) => full().format(ts),
    warm() {
      plural();
      numbers();
      clock();
      shortDate();
      longDate();
    },
  };
}
