// The one error type of the media module: a machine-readable `reason` the UI can translate, and an English
// sentence a support agent can act on.

export type MediaErrorReason =
  | "too-large"
  | "not-an-image"
  | "too-many-pixels"
  | "decrypt-failed"
  | "unavailable"
  | "network"
  | "malformed";

export class MediaError extends Error {
  override name = "MediaError";
  readonly domain = "media" as const;
  readonly reason: MediaErrorReason;

  constructor(reason: MediaErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** "20 MB", "1.5 MB", "300 KB": sizes as people read them (binary units, like the admin config). */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function tooLarge(limit: number, cause?: unknown): MediaError {
  return new MediaError("too-large", `This image is larger than the ${formatBytes(limit)} limit.`, { cause });
}

export const NOT_AN_IMAGE_MESSAGE = "This file is not a PNG, JPEG, GIF or WebP image, so it is not shown.";
