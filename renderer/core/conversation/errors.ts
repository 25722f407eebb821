// Errors of an open conversation, as kinds the UI translates (the English message is the fallback).

export type ConversationErrorKind =
  /** The agent tried to confirm plaintext replies, but the admin does not allow them. */
  | "unencrypted-not-allowed"
  /** The conversation's room did not arrive from the server in time. */
  | "room-not-loaded"
  /** A reply was queued as encrypted for a room the console can't confirm is encrypted: it is held, not sent. */
  | "not-known-encrypted";

const MESSAGES: Record<ConversationErrorKind, string> = {
  "unencrypted-not-allowed": "Your administrator does not allow unencrypted replies.",
  "room-not-loaded": "The conversation did not load; check the connection.",
  "not-known-encrypted": "This conversation is not known to be encrypted; the reply was not sent.",
};

export class ConversationError extends Error {
  override name = "ConversationError";
  readonly domain = "conversation" as const;
  readonly kind: ConversationErrorKind;

  constructor(kind: ConversationErrorKind, options?: { cause?: unknown }) {
    super(MESSAGES[kind], options);
    this.kind = kind;
  }
}
