// Posting a broadcast into the notification room: plain text or an image with a plain `url`, always
// unencrypted because wallets show only what they can read without keys. The room's encryption is checked on
// the server right before sending, and the event goes out through the raw API so the SDK can't encrypt it.
import type { MatrixClient } from "matrix-js-sdk";
import { prepareImageUpload, type ImageLimits, type Thumbnailer } from "../media/index.ts";
import { BroadcastError, describeFailure, failed, unreachable } from "./errors.ts";
import { getStateEvent, newTxnId, sendPlainMessage } from "./http.ts";

export type BroadcastDraft = { text: string } | { image: { bytes: Uint8Array; name?: string } };

export interface PostOptions {
  /** Reuse the transaction ID of a failed attempt (from the error's `txnId`) so a retry can't post twice. */
  txnId?: string;
  /** Image limits (AdminConfig.maxImageBytes goes in `maxBytes`). */
  limits?: Partial<ImageLimits>;
  thumbnailer?: Thumbnailer | null;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export interface PostedBroadcast {
  eventId: string;
  txnId: string;
  kind: "text" | "image";
  content: Record<string, unknown>;
}

/** A failure after the send was attempted: retrying with `txnId` is safe (the server deduplicates it). */
export class BroadcastSendError extends BroadcastError {
  override name = "BroadcastSendError";
  readonly txnId: string;

  constructor(error: BroadcastError, txnId: string) {
    super(error.reason, error.message, { cause: error.cause });
    this.txnId = txnId;
  }
}

async function refuseIfEncrypted(client: MatrixClient, roomId: string): Promise<void> {
  let encryption;
  try {
    encryption = await getStateEvent(client, roomId, "m.room.encryption");
  } catch (err) {
    const f = describeFailure(err);
    if (f.connection) throw unreachable(client.getDomain() ?? client.baseUrl, err);
    if (f.errcode === "M_FORBIDDEN") {
      throw new BroadcastError(
        "not-joined",
        "Support is not a member of the notification room; nothing was sent.",
        {
          cause: err,
        },
      );
    }
    throw failed("Checking the notification room before posting", err);
  }
  if (encryption) {
    throw new BroadcastError(
      "encrypted",
      "The notification room is encrypted, so wallets couldn't read a broadcast; nothing was sent. " +
        "Encryption can't be turned off: create a new notification room.",
    );
  }
}

function textContent(text: string): Record<string, unknown> {
  if (text.trim() === "") throw new BroadcastError("empty", "Write something to broadcast first.");
  // Plain text only: wallets show `body` and turn links into links themselves. An empty m.mentions keeps an
  // "@room" in the text from notifying every member.
  return { msgtype: "m.text", body: text, "m.mentions": {} };
}

/**
 * Posts a broadcast (text, or an image uploaded unencrypted) into the notification room and resolves with the
 * event ID. Throws BroadcastError (`encrypted`, `empty`, `not_joined`, `unreachable`, `forbidden`, `failed`), a
 * BroadcastSendError carrying the `txnId` to retry with, or the media module's MediaError for a bad image.
 */
export async function postBroadcast(
  client: MatrixClient,
  roomId: string,
  draft: BroadcastDraft,
  options: PostOptions = {},
): Promise<PostedBroadcast> {
  const text = "text" in draft ? textContent(draft.text) : null;
  await refuseIfEncrypted(client, roomId);
  const txnId = options.txnId ?? newTxnId();
  let content = text;
  if ("image" in draft) {
    const image = await prepareImageUpload(client, draft.image.bytes, {
      encrypt: false,
      name: draft.image.name,
      limits: options.limits,
      thumbnailer: options.thumbnailer,
      onProgress: options.onProgress,
      signal: options.signal,
    });
    content = { ...image };
  }
  if (!content) throw new BroadcastError("empty", "Write something or choose an image to broadcast first.");
  options.signal?.throwIfAborted();
  try {
    const eventId = await sendPlainMessage(client, roomId, content, txnId);
    return { eventId, txnId, kind: text ? "text" : "image", content };
  } catch (err) {
    throw new BroadcastSendError(sendError(err, client), txnId);
  }
}

function sendError(err: unknown, client: MatrixClient): BroadcastError {
  const f = describeFailure(err);
  if (f.connection) return unreachable(client.getDomain() ?? client.baseUrl, err);
  if (f.errcode === "M_FORBIDDEN") {
    return new BroadcastError(
      "forbidden",
      "The server refused the broadcast: support's power level is too low to post in the notification room.",
      { cause: err },
    );
  }
  return failed("Posting the broadcast", err);
}
