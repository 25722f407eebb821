// Canned replies: the team's ready-made answers (title, shortcut, English and French text), their variables
// ({wallet}, {agent}, {date}), and the JSON file agents export and import them with. Pure rules; where they are
// kept is feature.ts.
import type { Language } from "../platform/types.ts";
import { cleanLine, TeamError } from "../staff/errors.ts";

export interface CannedReply {
  title: string;
  /** Typed after "/" in the composer to find it, e.g. "reset". */
  shortcut: string;
  en: string;
  fr: string;
}

export const MAX_TITLE = 80;
export const MAX_TEXT = 8000;
export const MAX_REPLIES = 500;
const SHORTCUT = /^[\p{L}\p{N}_-]{1,32}$/u;

export const EXPORT_FORMAT = "wallet-support-console/canned-replies";

/** A canned reply from stored content, or null when it is not one (malformed, or written by something else). */
export function parseCannedReply(content: Record<string, unknown>): CannedReply | null {
  const text = (v: unknown) => (typeof v === "string" ? v.slice(0, MAX_TEXT) : "");
  const title = typeof content.title === "string" ? cleanLine(content.title).slice(0, MAX_TITLE) : "";
  const shortcut = typeof content.shortcut === "string" ? content.shortcut.trim().toLowerCase() : "";
  const reply = { title, shortcut, en: text(content.en), fr: text(content.fr) };
  return title && SHORTCUT.test(shortcut) && (reply.en.trim() || reply.fr.trim()) ? reply : null;
}

/**
 * A reply ready to store: trimmed, with a shortcut no other reply uses; rejects with a TeamError that says what
 * to fix (the form keeps what the agent typed).
 */
export function checkCannedReply(
  input: CannedReply,
  others: ReadonlyArray<{ id: string; value: CannedReply }>,
  id: string | null,
): CannedReply {
  const title = cleanLine(input.title);
  const shortcut = input.shortcut.trim().replace(/^\//, "").toLowerCase();
  const en = input.en.trim();
  const fr = input.fr.trim();
  if (!title) throw new TeamError("canned-invalid", { detail: "title" });
  if ([...title].length > MAX_TITLE) throw new TeamError("canned-invalid", { detail: "title-length" });
  if (!SHORTCUT.test(shortcut)) throw new TeamError("canned-invalid", { detail: "shortcut" });
  if (!en && !fr) throw new TeamError("canned-invalid", { detail: "text" });
  if (en.length > MAX_TEXT || fr.length > MAX_TEXT)
    throw new TeamError("canned-invalid", { detail: "text-length" });
  if (others.some((o) => o.id !== id && o.value.shortcut === shortcut))
    throw new TeamError("canned-shortcut-taken", { shortcut });
  return { title, shortcut, en, fr };
}

export interface Variables {
  /** The wallet's anonymous label ("Wallet 7f3k·c2"). */
  wallet: string;
  /** The agent's name. */
  agent: string;
  /** Today, written in the reply's language. */
  date: number;
}

/** The reply's text in `language` (the other language when that one is empty), variables filled in. */
export function expand(reply: CannedReply, language: Language, vars: Variables): string {
  const text = (language === "fr" ? reply.fr : reply.en) || reply.en || reply.fr;
  const date = new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long" }).format(
    vars.date,
  );
  const values: Record<string, string> = { wallet: vars.wallet, agent: vars.agent, date };
  return text.replace(/\{(wallet|agent|date)\}/g, (_, name: string) => values[name]!);
}

/** Replies whose shortcut or title matches what follows the "/", shortcut matches first. */
export function matchReplies<T extends { value: CannedReply }>(replies: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  const starts = replies.filter((r) => r.value.shortcut.startsWith(q));
  const rest = replies.filter(
    (r) => !starts.includes(r) && (r.value.shortcut.includes(q) || r.value.title.toLowerCase().includes(q)),
  );
  const byShortcut = (a: T, b: T) => a.value.shortcut.localeCompare(b.value.shortcut);
  return [...starts.sort(byShortcut), ...rest.sort(byShortcut)];
}

/** The export file: every reply, in a shape made to be read back by importReplies. */
export function exportReplies(replies: readonly CannedReply[]): string {
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: 1,
      replies: replies.map(({ title, shortcut, en, fr }) => ({ title, shortcut, en, fr })),
    },
    null,
    2,
  );
}

/** Reads an export file; rejects (TeamError import-invalid, saying where) rather than importing half of it. */
export function importReplies(text: string): CannedReply[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new TeamError("import-invalid", { detail: "not JSON" });
  }
  const file = data as { format?: unknown; replies?: unknown };
  if (!file || typeof file !== "object" || file.format !== EXPORT_FORMAT || !Array.isArray(file.replies))
    throw new TeamError("import-invalid", { detail: "not a canned-reply export" });
  if (file.replies.length > MAX_REPLIES)
    throw new TeamError("import-invalid", { detail: `more than ${MAX_REPLIES}` });
  const out: CannedReply[] = [];
  for (const [i, raw] of file.replies.entries()) {
    const r = (raw ?? {}) as Record<string, unknown>;
    const reply = {
      title: typeof r.title === "string" ? r.title : "",
      shortcut: typeof r.shortcut === "string" ? r.shortcut : "",
      en: typeof r.en === "string" ? r.en : "",
      fr: typeof r.fr === "string" ? r.fr : "",
    };
    try {
      out.push(
        checkCannedReply(
          reply,
          out.map((value, j) => ({ id: String(j), value })),
          null,
        ),
      );
    } catch (err) {
      const detail = err instanceof TeamError ? String(err.params.detail ?? err.code) : "invalid";
      throw new TeamError("import-invalid", { detail: `reply ${i + 1}: ${detail}` });
    }
  }
  return out;
}
