// Validation of every argument that crosses from the renderer: exact arity, types, lengths and allowed
// names. The renderer is treated as untrusted input, whatever the preload promised it would send.
import type { DesktopNotification, SsoRequest } from "../contract/index.ts";
import { MAX_EXTERNAL_URL_LENGTH } from "./external-links.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Secret names are identifiers chosen by the core ("accessToken", "crypto.pickleKey"), never user text. */
export const SECRET_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
/** Tokens and keys are small; 64 KiB leaves room while refusing to turn the store into a file store. */
export const MAX_SECRET_VALUE_LENGTH = 64 * 1024;
export const MAX_NOTIFICATION_TITLE_LENGTH = 256;
export const MAX_NOTIFICATION_BODY_LENGTH = 1024;
/** Matrix room IDs: `!opaque:server` (or `!opaque` from room version 12), at most 255 bytes. */
export const CONVERSATION_ID_PATTERN = /^![\x21-\x7e]{1,254}$/;
export const MAX_BADGE_COUNT = 99_999;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function arity(args: readonly unknown[], count: number): string | null {
  return args.length === count ? null : `expected ${count} argument(s), got ${args.length}`;
}

function secretName(value: unknown): Parsed<string> {
  if (typeof value !== "string") return fail("secret name is not a string");
  return SECRET_NAME_PATTERN.test(value) ? ok(value) : fail("secret name is not an allowed identifier");
}

export function parseNoArguments(args: readonly unknown[]): Parsed<void> {
  const wrong = arity(args, 0);
  return wrong === null ? ok(undefined) : fail(wrong);
}

export function parseSecretName(args: readonly unknown[]): Parsed<string> {
  const wrong = arity(args, 1);
  return wrong === null ? secretName(args[0]) : fail(wrong);
}

export function parseSecretWrite(args: readonly unknown[]): Parsed<{ name: string; value: string }> {
  const wrong = arity(args, 2);
  if (wrong !== null) return fail(wrong);
  const name = secretName(args[0]);
  if (!name.ok) return name;
  const value = args[1];
  if (typeof value !== "string") return fail("secret value is not a string");
  if (value.length > MAX_SECRET_VALUE_LENGTH)
    return fail(`secret value longer than ${MAX_SECRET_VALUE_LENGTH}`);
  return ok({ name: name.value, value });
}

export function parseNotification(args: readonly unknown[]): Parsed<DesktopNotification> {
  const wrong = arity(args, 1);
  if (wrong !== null) return fail(wrong);
  const value = args[0];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("not an object");
  const keys = Object.keys(value).sort().join(",");
  if (keys !== "body,conversationId,title") return fail(`unexpected fields: ${keys}`);
  const { title, body, conversationId } = value as Record<string, unknown>;
  if (typeof title !== "string" || title.length === 0 || title.length > MAX_NOTIFICATION_TITLE_LENGTH) {
    return fail(`title must be a string of 1..${MAX_NOTIFICATION_TITLE_LENGTH} characters`);
  }
  if (typeof body !== "string" || body.length > MAX_NOTIFICATION_BODY_LENGTH) {
    return fail(`body must be a string of at most ${MAX_NOTIFICATION_BODY_LENGTH} characters`);
  }
  const id = parseConversationId(conversationId);
  return id.ok ? ok({ title, body, conversationId: id.value }) : id;
}

export function parseBadgeCount(args: readonly unknown[]): Parsed<number> {
  const wrong = arity(args, 1);
  if (wrong !== null) return fail(wrong);
  const count = args[0];
  return typeof count === "number" && Number.isInteger(count) && count >= 0 && count <= MAX_BADGE_COUNT
    ? ok(count)
    : fail(`badge count must be a whole number 0..${MAX_BADGE_COUNT}`);
}

export function parseExternalUrl(args: readonly unknown[]): Parsed<string> {
  const wrong = arity(args, 1);
  if (wrong !== null) return fail(wrong);
  const url = args[0];
  // The URL itself is checked by external-links.ts; here only its shape as an argument.
  return typeof url === "string" && url.length > 0 && url.length <= MAX_EXTERNAL_URL_LENGTH
    ? ok(url)
    : fail(`url must be a string of 1..${MAX_EXTERNAL_URL_LENGTH} characters`);
}

export function parseOpenConversation(args: readonly unknown[]): Parsed<string | null> {
  const wrong = arity(args, 1);
  if (wrong !== null) return fail(wrong);
  return args[0] === null ? ok(null) : parseConversationId(args[0]);
}

function parseConversationId(value: unknown): Parsed<string> {
  return typeof value === "string" && CONVERSATION_ID_PATTERN.test(value)
    ? ok(value)
    : fail("conversationId is not a Matrix room ID");
}

/** Identity-provider ids as Synapse and the spec allow them (MSC2858). */
const PROVIDER_ID_PATTERN = /^[A-Za-z0-9._~-]{1,255}$/;
const SSO_STATE_PATTERN = /^[0-9a-f]{32}$/;

/**
 * Single sign-on: a homeserver base URL (https, or plain http on loopback only, as config.json allows), an
 * optional provider id and the attempt's state value. Nothing else reaches the URL the browser opens.
 */
export function parseSsoRequest(args: readonly unknown[]): Parsed<SsoRequest> {
  const wrong = arity(args, 1);
  if (wrong !== null) return fail(wrong);
  const value = args[0];
  if (typeof value !== "object" || value === null) return fail("not an object");
  const { homeserverUrl, providerId, state, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return fail("unexpected fields");
  if (typeof state !== "string" || !SSO_STATE_PATTERN.test(state))
    return fail("state is not 32 hex characters");
  if (providerId !== undefined && (typeof providerId !== "string" || !PROVIDER_ID_PATTERN.test(providerId)))
    return fail("providerId is not an identity-provider id");
  if (typeof homeserverUrl !== "string" || homeserverUrl.length > MAX_EXTERNAL_URL_LENGTH)
    return fail("homeserverUrl is not a string of sane length");
  let url: URL;
  try {
    url = new URL(homeserverUrl);
  } catch {
    return fail("homeserverUrl is not a URL");
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (!(url.protocol === "https:" || (url.protocol === "http:" && loopback)))
    return fail("homeserverUrl must be https (http only on loopback)");
  if (url.username || url.password || url.search || url.hash) return fail("homeserverUrl has extra parts");
  const base = url.href.replace(/\/+$/, "");
  return ok(
    providerId === undefined ? { homeserverUrl: base, state } : { homeserverUrl: base, providerId, state },
  );
}
