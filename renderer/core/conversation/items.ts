// What one message looks like to the conversation view: text (with HTML only after the allowlist sanitizer),
// images (where they live, never a URL to load blindly), explicit tiles for what can't be decrypted (with the
// reason and what to do) and for plaintext that arrived inside an encrypted conversation.
import type { MatrixEvent } from "matrix-js-sdk";
import { DecryptionFailureCode } from "matrix-js-sdk/lib/crypto-api/index.js";
import { findDiagnostics, type Diagnostic } from "../diagnostics/index.ts";
import { detectSecrets, textOfHtml, type SecretDetection } from "../guard/index.ts";
import { mediaSourceFromContent, MediaError, type ImageSource } from "../media/index.ts";
import { limitMarkRuns, limitMarkRunsInHtml } from "../display-text.ts";
import { sanitizeMessageHtml } from "../sanitize.ts";
import type { OutboxItem } from "./outbox.ts";

export type ItemKind = "text" | "image" | "file" | "undecryptable" | "decrypting" | "unsupported";
export type ItemStatus = "sent" | "queued" | "sending" | "failed";

export interface TimelineItem {
  /** Event ID, or the transaction ID while the reply is still in the outbox. */
  id: string;
  /** "other": someone besides the wallet and support wrote in the conversation (a group room, a third member). */
  from: "wallet" | "support" | "other";
  /** The user ID of an "other" sender (shown, so the agent sees who it is); null for wallet and support. */
  sender: string | null;
  ts: number;
  kind: ItemKind;
  /** Plain text (render as text). For images and files: the file name. */
  text: string;
  /** Sanitized HTML (allowlist) when the sender formatted the message; otherwise null. */
  html: string | null;
  image: { source: ImageSource; w: number | null; h: number | null } | null;
  /** Why an image can't be shown (malformed content), as a sentence. */
  imageProblem: string | null;
  /** The message arrived end-to-end encrypted. */
  encrypted: boolean;
  /** Plaintext sent into an encrypted conversation (today's AltMe wallets do this). */
  unencryptedInEncryptedRoom: boolean;
  decryptionProblem: { code: string; explanation: string } | null;
  status: ItemStatus;
  /** Why a reply isn't sent yet (English detail) and what kind of reason it is (for the UI's words). */
  error: string | null;
  errorKind: "connection" | "refused" | "local" | null;
  /** Transaction ID of a support reply (lets the view match echo and outbox). */
  txnId: string | null;
  /**
   * Wallet content recognised in a wallet's text (credential offers, presentation requests, DIDs, links), for the
   * cards under the message. Parsed on first read, not when the timeline is rebuilt; always empty for support.
   */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The message holds a recovery phrase or a private key (the guard): the view shows it blurred until the
   * agent reveals it on purpose. What was found and where, without the secret itself.
   */
  secret: SecretSummary | null;
}

export type SecretSummary = Omit<SecretDetection, "matches">;

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);

const EXPLANATIONS: Partial<Record<DecryptionFailureCode, string>> = {
  [DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID]:
    "The wallet has not shared the key for this message with this device. Messages sent before this device signed in can only be read with the recovery key (Settings → Encryption).",
  [DecryptionFailureCode.HISTORICAL_MESSAGE_NO_KEY_BACKUP]:
    "Sent before this device signed in, and there is no key backup to fetch it from.",
  [DecryptionFailureCode.HISTORICAL_MESSAGE_BACKUP_UNCONFIGURED]:
    "Sent before this device signed in. Enter the recovery key (Settings → Encryption) to read older messages.",
  [DecryptionFailureCode.HISTORICAL_MESSAGE_WORKING_BACKUP]:
    "Sent before this device signed in; its key is not in the backup.",
  [DecryptionFailureCode.HISTORICAL_MESSAGE_USER_NOT_JOINED]: "Sent before support joined this conversation.",
  [DecryptionFailureCode.MEGOLM_KEY_WITHHELD]: "The wallet refused to share the key for this message.",
  [DecryptionFailureCode.MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE]:
    "The wallet only shares keys with verified devices. Verify this device to read it.",
  [DecryptionFailureCode.OLM_UNKNOWN_MESSAGE_INDEX]:
    "This device received the key only for later messages. The recovery key may unlock it.",
};

/** An m.room.encrypted whose content isn't even shaped like ciphertext: never decryptable, don't wait for it. */
export function isMalformedEncrypted(wireContent: unknown): boolean {
  const c = obj(wireContent);
  return (
    typeof c.algorithm !== "string" ||
    !(typeof c.ciphertext === "string" || (c.ciphertext && typeof c.ciphertext === "object"))
  );
}

export function explainDecryptionFailure(code: string | null): string {
  if (code === "MALFORMED") return "This encrypted message is malformed; nothing can decrypt it.";
  return (
    EXPLANATIONS[code as DecryptionFailureCode] ??
    "This message could not be decrypted on this device. If it persists, sign in with the recovery key."
  );
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null);
const MAX_TEXT = 64 * 1024;

function base(id: string, from: TimelineItem["from"], ts: number): TimelineItem {
  return {
    id,
    from,
    sender: null,
    ts,
    kind: "unsupported",
    text: "",
    html: null,
    image: null,
    imageProblem: null,
    encrypted: false,
    unencryptedInEncryptedRoom: false,
    decryptionProblem: null,
    status: "sent",
    error: null,
    errorKind: null,
    txnId: null,
    diagnostics: NO_DIAGNOSTICS,
    secret: null,
  };
}

/** Gives a wallet's text message its lazily parsed diagnostics (findDiagnostics caches by text). */
function withDiagnostics(item: TimelineItem): TimelineItem {
  if (item.from !== "wallet" || item.kind !== "text") return item;
  const text = item.text;
  return Object.defineProperty(item, "diagnostics", { get: () => findDiagnostics(text), enumerable: true });
}

/** The guard's verdict on a message content: its plain body first, then the text of its HTML body. */
function secretIn(body: string, html: string | null): SecretSummary | null {
  const found = detectSecrets(body) ?? (html !== null ? detectSecrets(textOfHtml(html)) : null);
  if (!found) return null;
  const { matches: _matches, ...summary } = found;
  return summary;
}

/** Whether sanitized HTML shows anything (text or a line rule) once tags are gone. */
function hasVisibleText(html: string): boolean {
  return /<hr\b/i.test(html) || html.replace(/<[^>]*>/g, "").replace(/&nbsp;|&#160;|\s/g, "") !== "";
}

/** Fills the message-specific fields from a cleartext m.room.message content. */
function fromContent(item: TimelineItem, rawContent: unknown): TimelineItem {
  const content = obj(rawContent);
  const body = typeof content.body === "string" ? limitMarkRuns(content.body.slice(0, MAX_TEXT)) : "";
  switch (content.msgtype) {
    case "m.text":
    case "m.notice":
    case "m.emote": {
      const formatted =
        content.format === "org.matrix.custom.html" && typeof content.formatted_body === "string"
          ? limitMarkRunsInHtml(sanitizeMessageHtml(content.formatted_body.slice(0, MAX_TEXT)))
          : null;
      // HTML the sanitizer emptied (it was all script, styles or tracking) shows the plain body instead.
      const html = formatted && hasVisibleText(formatted) ? formatted : null;
      return { ...item, kind: "text", text: body, html, secret: secretIn(body, html) };
    }
    case "m.image": {
      const source = mediaSourceFromContent(content);
      const info = obj(content.info);
      if (source instanceof MediaError || source === null) {
        return {
          ...item,
          kind: "image",
          text: body,
          imageProblem: source?.message ?? "This image message has no image.",
          secret: secretIn(body, null),
        };
      }
      return {
        ...item,
        kind: "image",
        text: body,
        image: { source, w: num(info.w), h: num(info.h) },
        secret: secretIn(body, null),
      };
    }
    case "m.file":
    case "m.audio":
    case "m.video":
      return { ...item, kind: "file", text: body, secret: secretIn(body, null) };
    default:
      return { ...item, kind: "unsupported", text: body, secret: secretIn(body, null) };
  }
}

/** A timeline item for a remote (or sent) event, or null for events the conversation doesn't show. */
export function itemFromEvent(
  event: MatrixEvent,
  supportUserId: string,
  roomEncrypted: boolean,
  walletUserId?: string,
): TimelineItem | null {
  const wireType = event.getWireType();
  if (wireType !== "m.room.message" && wireType !== "m.room.encrypted") return null;
  if (event.isRedacted()) return null;
  const id = event.getId();
  if (!id || event.status !== null) return null; // the SDK's own local echoes: the outbox shows those
  const sender = event.getSender() ?? "";
  const from =
    sender === supportUserId
      ? "support"
      : walletUserId === undefined || sender === walletUserId
        ? "wallet"
        : "other";
  let item = base(id, from, event.getTs());
  if (from === "other") item.sender = sender;
  item.encrypted = event.isEncrypted();
  item.txnId = (event.getUnsigned().transaction_id as string | undefined) ?? null;
  if (event.isEncrypted()) {
    if (isMalformedEncrypted(event.getWireContent())) {
      return {
        ...item,
        kind: "undecryptable",
        decryptionProblem: { code: "MALFORMED", explanation: explainDecryptionFailure("MALFORMED") },
      };
    }
    if (event.isDecryptionFailure()) {
      const code = event.decryptionFailureReason ?? null;
      return {
        ...item,
        kind: "undecryptable",
        decryptionProblem: { code: code ?? "UNKNOWN_ERROR", explanation: explainDecryptionFailure(code) },
      };
    }
    if (event.getType() === "m.room.encrypted") return { ...item, kind: "decrypting" };
  } else {
    item.unencryptedInEncryptedRoom = roomEncrypted;
  }
  if (event.getType() !== "m.room.message") return null;
  item = fromContent(item, event.getContent());
  return withDiagnostics(item);
}

/** A support reply still in the outbox, shown in place with its state. */
export function itemFromOutbox(entry: OutboxItem): TimelineItem {
  const item = fromContent(base(entry.txnId, "support", entry.createdAt), entry.content);
  return {
    ...item,
    status: entry.state,
    error: entry.error,
    errorKind: entry.errorKind ?? null,
    txnId: entry.txnId,
    encrypted: !entry.unencrypted,
  };
}
