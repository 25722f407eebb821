// Fetches media through authenticated media (Matrix 1.11, `/_matrix/client/v1/media/download`) with the access
// token in a header, falling back to the legacy `/_matrix/media/v3/download` only when the server says it does not
// know the v1 endpoint. The byte cap is enforced three times: from the sender's claimed size before asking, from
// Content-Length before reading, and while streaming (a server can lie). Then decrypts (matrix-encrypt-attachment,
// which checks the SHA-256 hash) and inspects the bytes before anyone decodes them.
import { decryptAttachment } from "matrix-encrypt-attachment";
import type { MediaRef } from "./content.ts";
import { MediaError, tooLarge } from "./errors.ts";
import { imageLimits, inspectImage, type ImageLimits, type InspectedImage } from "./inspect.ts";

/** The part of MatrixClient the download needs. */
export interface MediaDownloadClient {
  baseUrl: string;
  getAccessToken(): string | null;
}

export interface DownloadOptions {
  limits?: Partial<ImageLimits>;
  signal?: AbortSignal;
  /** Bytes received so far and the announced total (Content-Length) when there is one. */
  onProgress?: (received: number, total: number | null) => void;
  /** Gives up on a stalled download; a spinner must not spin forever. Default 2 minutes. */
  timeoutMs?: number;
}

export interface LoadedImage extends InspectedImage {
  bytes: Uint8Array;
}

// Homeservers that answered "unrecognised" for v1: ask them the legacy way from then on.
const legacyMediaServers = new Set<string>();

interface MatrixErrorBody {
  errcode?: unknown;
  error?: unknown;
}

/** Downloads the media's bytes (still encrypted for an encrypted file), within `maxBytes`. */
export async function downloadMedia(
  client: MediaDownloadClient,
  media: MediaRef,
  {
    maxBytes,
    signal,
    onProgress,
    timeoutMs = 120_000,
  }: Omit<DownloadOptions, "limits"> & { maxBytes: number },
): Promise<Uint8Array> {
  if (media.claimedSize !== null && media.claimedSize > maxBytes) throw tooLarge(maxBytes);
  const baseUrl = client.baseUrl.replace(/\/+$/, "");
  const path = `${encodeURIComponent(media.server)}/${encodeURIComponent(media.mediaId)}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const token = client.getAccessToken();
  const get = (url: string) =>
    fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: combined,
      credentials: "omit",
      referrerPolicy: "no-referrer",
      // Decrypted or not, a wallet's image must not outlive the session in the browser's HTTP cache.
      cache: "no-store",
    });
  try {
    let res: Response | null = null;
    if (!legacyMediaServers.has(baseUrl)) {
      res = await get(`${baseUrl}/_matrix/client/v1/media/download/${path}`);
      if (!res.ok && (await isUnrecognisedEndpoint(res))) {
        legacyMediaServers.add(baseUrl);
        await res.body?.cancel();
        res = null;
      }
    }
    res ??= await get(`${baseUrl}/_matrix/media/v3/download/${path}`);
    if (!res.ok) throw await httpError(res, maxBytes);
    const announced = Number(res.headers.get("content-length") ?? NaN);
    const total = Number.isFinite(announced) ? announced : null;
    if (total !== null && total > maxBytes) {
      await res.body?.cancel();
      throw tooLarge(maxBytes);
    }
    return await readCapped(res, maxBytes, (received) => onProgress?.(received, total));
  } catch (err) {
    if (err instanceof MediaError) throw err;
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) {
      throw new MediaError("network", "Downloading this image took too long; try again later.", {
        cause: err,
      });
    }
    throw new MediaError("network", "This image could not be downloaded: the server could not be reached.", {
      cause: err,
    });
  }
}

/** Reads a response body, cancelling the stream as soon as it passes `maxBytes`. */
export async function readCapped(
  res: Response,
  maxBytes: number,
  onProgress?: (received: number) => void,
): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
    onProgress?.(received);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

async function errorBody(res: Response): Promise<MatrixErrorBody> {
  try {
    const text = new TextDecoder().decode(await readCapped(res, 64 * 1024));
    const body: unknown = JSON.parse(text);
    return typeof body === "object" && body !== null ? (body as MatrixErrorBody) : {};
  } catch {
    return {};
  }
}

// Synapse 1.160 answers an unknown endpoint with 404 M_UNRECOGNIZED (405 M_UNRECOGNIZED for a known path with
// the wrong method); older servers used 400 M_UNRECOGNIZED. A 404 M_NOT_FOUND means the media is gone: no fallback.
async function isUnrecognisedEndpoint(res: Response): Promise<boolean> {
  if (res.status !== 400 && res.status !== 404 && res.status !== 405) return false;
  const body = await errorBody(res.clone());
  if (body.errcode === "M_UNRECOGNIZED") return true;
  // A proxy in front of an old server may answer 405 without a Matrix body.
  return res.status === 405 && body.errcode === undefined;
}

async function httpError(res: Response, maxBytes: number): Promise<MediaError> {
  const { errcode } = await errorBody(res);
  if (res.status === 413 || errcode === "M_TOO_LARGE") return tooLarge(maxBytes);
  if (res.status === 429 || errcode === "M_LIMIT_EXCEEDED") {
    return new MediaError(
      "network",
      "The server is busy and did not send this image; try again in a moment.",
    );
  }
  if (res.status === 404 || errcode === "M_NOT_FOUND") {
    return new MediaError("unavailable", "This image is no longer available on the server.");
  }
  if (res.status === 401 || res.status === 403) {
    return new MediaError("unavailable", "The server refused access to this image.");
  }
  if (res.status >= 500) {
    return new MediaError(
      "unavailable",
      "This image could not be fetched: its server did not answer (it may be on another homeserver that is down).",
    );
  }
  return new MediaError("unavailable", `This image could not be downloaded (HTTP ${res.status}).`);
}

/** Downloads, decrypts when encrypted, and checks an image: only a real raster image within the limits returns. */
export async function fetchImage(
  client: MediaDownloadClient,
  media: MediaRef,
  options: DownloadOptions = {},
): Promise<LoadedImage> {
  const limits = imageLimits(options.limits);
  const raw = await downloadMedia(client, media, { ...options, maxBytes: limits.maxBytes });
  const bytes = media.file ? await decrypt(raw, media.file) : raw;
  return { bytes, ...inspectImage(bytes, limits) };
}

async function decrypt(ciphertext: Uint8Array, file: NonNullable<MediaRef["file"]>): Promise<Uint8Array> {
  const exact =
    ciphertext.byteOffset === 0 && ciphertext.byteLength === ciphertext.buffer.byteLength
      ? (ciphertext.buffer as ArrayBuffer)
      : (ciphertext.slice().buffer as ArrayBuffer);
  try {
    return new Uint8Array(await decryptAttachment(exact, file));
  } catch (err) {
    throw new MediaError(
      "decrypt-failed",
      "This image could not be decrypted: it was damaged or altered after it was sent.",
      { cause: err },
    );
  }
}
