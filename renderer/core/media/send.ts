// Sending an image: inspect it exactly like a received one (type by its bytes, size and pixel caps), strip its
// metadata (strip.ts: no EXIF location leaves the console), make a thumbnail when a thumbnailer is available, upload (encrypted with matrix-encrypt-attachment for E2EE
// conversations, plain `url` for the notification room and for plaintext wallets), and build the m.image content.
import { encryptAttachment } from "matrix-encrypt-attachment";
import { EventType, type MatrixClient } from "matrix-js-sdk";
import type { EncryptedFile } from "./content.ts";
import { MediaError, formatBytes } from "./errors.ts";
import { imageLimits, inspectImage, type ImageLimits } from "./inspect.ts";
import type { ImageMime } from "./sniff.ts";
import { stripMetadata } from "./strip.ts";
import type { Thumbnailer } from "./thumbnail.ts";

/** The part of MatrixClient the upload needs. */
export type MediaUploadClient = Pick<MatrixClient, "uploadContent">;

export interface ImageUploadOptions {
  /** Encrypt the attachment (E2EE conversation) or upload it in the clear (`url`). The caller decides. */
  encrypt: boolean;
  /** Shown to the recipient as the message body; defaults to "image.png" etc. */
  name?: string;
  limits?: Partial<ImageLimits>;
  thumbnailer?: Thumbnailer | null;
  /** Bytes uploaded so far over everything this send uploads (image and thumbnail). */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ImageInfo {
  mimetype: ImageMime;
  size: number;
  w: number;
  h: number;
  thumbnail_file?: EncryptedFile;
  thumbnail_url?: string;
  thumbnail_info?: { mimetype: ImageMime; size: number; w: number; h: number };
}

export interface ImageContent {
  msgtype: "m.image";
  body: string;
  info: ImageInfo;
  file?: EncryptedFile;
  url?: string;
}

const EXTENSION: Record<ImageMime, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
};

function displayName(name: string | undefined, mime: ImageMime): string {
  const base = (name ?? "").split(/[\\/]/).pop()!.trim().slice(0, 255);
  return base || `image.${EXTENSION[mime]}`;
}

/** Checks, (thumbnails,) uploads and returns the m.image content to send. Throws MediaError or an AbortError. */
export async function prepareImageUpload(
  client: MediaUploadClient,
  bytes: Uint8Array,
  options: ImageUploadOptions,
): Promise<ImageContent> {
  const { signal } = options;
  signal?.throwIfAborted();
  const limits = imageLimits(options.limits);
  // What leaves is the image without its metadata, checked again as it will be received.
  bytes = stripMetadata(bytes, inspectImage(bytes, limits).mime);
  const image = inspectImage(bytes, limits);
  const thumbnail = options.thumbnailer
    ? await options.thumbnailer(bytes, image.mime).catch(() => null)
    : null;
  signal?.throwIfAborted();

  const abort = new AbortController();
  const onAbort = () => abort.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const total = bytes.byteLength + (thumbnail?.bytes.byteLength ?? 0);
  let done = 0;
  const upload = async (data: Uint8Array, mime: ImageMime) => {
    const sent = (loaded: number) => options.onProgress?.(Math.min(total, done + loaded), total);
    const onProgress = ({ loaded }: { loaded: number }) => sent(loaded);
    try {
      const common = { abortController: abort, progressHandler: onProgress };
      if (!options.encrypt) {
        const res = await client.uploadContent(new Blob([data as Uint8Array<ArrayBuffer>], { type: mime }), {
          ...common,
          type: mime,
          includeFilename: false,
        });
        return { url: res.content_uri };
      }
      const encrypted = await encryptAttachment(data.slice().buffer as ArrayBuffer);
      signal?.throwIfAborted();
      // Ciphertext goes up as opaque octets with no name: the server learns nothing about the image.
      const res = await client.uploadContent(new Blob([encrypted.data]), {
        ...common,
        type: "application/octet-stream",
        includeFilename: false,
      });
      return { file: { ...encrypted.info, url: res.content_uri } as EncryptedFile };
    } catch (err) {
      throw uploadError(err, signal, limits.maxBytes);
    } finally {
      done += data.byteLength;
      // Node's transport reports no progress events; completion is still worth saying.
      sent(0);
    }
  };

  try {
    const main = await upload(bytes, image.mime);
    const info: ImageInfo = { mimetype: image.mime, size: bytes.byteLength, w: image.w, h: image.h };
    if (thumbnail) {
      const thumb = await upload(thumbnail.bytes, thumbnail.mime);
      if (thumb.file) info.thumbnail_file = thumb.file;
      else info.thumbnail_url = thumb.url;
      info.thumbnail_info = {
        mimetype: thumbnail.mime,
        size: thumbnail.bytes.byteLength,
        w: thumbnail.w,
        h: thumbnail.h,
      };
    }
    return { msgtype: "m.image", body: displayName(options.name, image.mime), info, ...main };
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

function uploadError(err: unknown, signal: AbortSignal | undefined, maxBytes: number): unknown {
  if (signal?.aborted) return signal.reason;
  const e = err as { httpStatus?: number; errcode?: string; name?: string };
  if (e.httpStatus === 413 || e.errcode === "M_TOO_LARGE") {
    return new MediaError(
      "too-large",
      `The server refused this image: it is larger than the server's upload limit (the console allows ${formatBytes(maxBytes)}).`,
      { cause: err },
    );
  }
  return new MediaError("network", "The image could not be uploaded; check the connection and try again.", {
    cause: err,
  });
}

export interface SendImageOptions extends ImageUploadOptions {
  /**
   * Sends the event. Default: the SDK's sendEvent, which encrypts in an encrypted room. A plain reply to a
   * plaintext wallet inside its encrypted room needs a raw send, which the conversation module provides.
   */
  send?: (roomId: string, content: ImageContent) => Promise<{ event_id: string }>;
}

/** Uploads the image and sends it as an m.image message into the room. */
export async function sendImage(
  client: Pick<MatrixClient, "uploadContent" | "sendEvent">,
  roomId: string,
  bytes: Uint8Array,
  options: SendImageOptions,
): Promise<{ eventId: string; content: ImageContent }> {
  const content = await prepareImageUpload(client, bytes, options);
  options.signal?.throwIfAborted();
  const send =
    options.send ??
    ((room, c) => client.sendEvent(room, EventType.RoomMessage, c as never) as Promise<{ event_id: string }>);
  const { event_id } = await send(roomId, content);
  return { eventId: event_id, content };
}
