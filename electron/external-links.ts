// Links that leave the app: which ones may be handed to the system browser or mail client, and handing
// them over. Anything else (file:, javascript:, custom schemes, credentials in the URL) is refused.
import type { Logger } from "./logging.ts";

export const MAX_EXTERNAL_URL_LENGTH = 2048;

const ALLOWED_PROTOCOLS = new Set(["https:", "http:", "mailto:"]);

/** Returns the normalised URL when it may be opened outside the app, otherwise the reason it may not. */
export function checkExternalUrl(url: unknown): { ok: true; url: string } | { ok: false; reason: string } {
  if (typeof url !== "string") return { ok: false, reason: "not a string" };
  if (url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) {
    return { ok: false, reason: `length ${url.length} outside 1..${MAX_EXTERNAL_URL_LENGTH}` };
  }
  // Control characters and spaces have no business in a link and can confuse OS URL handlers.
  if (/[\p{Cc}\s]/u.test(url)) return { ok: false, reason: "control characters or spaces" };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return { ok: false, reason: `scheme ${parsed.protocol}` };
  if (parsed.protocol === "mailto:") {
    if (!/^[^@/?#]+@[^@/?#]+/.test(parsed.pathname))
      return { ok: false, reason: "mailto without an address" };
    // attach= names a local file for some mail clients; cc/bcc add recipients the agent didn't see.
    const extra = [...parsed.searchParams.keys()].find((k) => !["subject", "body"].includes(k.toLowerCase()));
    return extra === undefined
      ? { ok: true, url: parsed.href }
      : { ok: false, reason: `mailto with ${extra}=` };
  }
  if (parsed.hostname === "") return { ok: false, reason: "no host" };
  // user:password@host links are a phishing classic (https://bank.example@evil.example).
  if (parsed.username !== "" || parsed.password !== "") return { ok: false, reason: "credentials in URL" };
  return { ok: true, url: parsed.href };
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/** Opens the link with `shell` if it passes checkExternalUrl; logs and returns false otherwise. */
export async function openExternalLink(shell: ExternalOpener, url: unknown, log: Logger): Promise<boolean> {
  const checked = checkExternalUrl(url);
  if (!checked.ok) {
    log.warn(`Refused to open a link outside the app (${checked.reason})`);
    return false;
  }
  // The URL was just validated against an allowlist of schemes above.
  await shell.openExternal(checked.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}
