// What the UI asks for an image: a blob URL handle for a message's media, downloaded once even when many views
// ask at the same time, its decoded size checked once (decoded.ts), kept in the bounded URL cache afterwards.
import { mediaKey, type MediaRef } from "./content.ts";
import { fetchImage, type LoadedImage, type MediaDownloadClient } from "./download.ts";
import { DEFAULT_CACHE_BYTES, ImageUrlCache, type ImageHandle } from "./cache.ts";
import { browserDecodedSize, checkDecodedSize, type DecodedSize } from "./decoded.ts";
import { MediaError } from "./errors.ts";
import type { ImageLimits } from "./inspect.ts";

export interface MediaStoreOptions {
  limits?: Partial<ImageLimits>;
  /** Byte budget of cached images no view is showing. Default 128 MB. */
  cacheBytes?: number;
  /** Decodes once to check the real size before anything displays it (decoded.ts); null skips (Node). */
  decodedSize?: DecodedSize | null;
}

export class MediaStore {
  private readonly client: MediaDownloadClient;
  private readonly limits: Partial<ImageLimits>;
  private readonly cache: ImageUrlCache;
  private readonly inflight = new Map<string, Promise<LoadedImage>>();
  private readonly decodedSize: DecodedSize | null;
  /** Bumped by clear(): downloads started before it never become blob URLs. */
  private generation = 0;

  constructor(client: MediaDownloadClient, options: MediaStoreOptions = {}) {
    this.client = client;
    this.limits = options.limits ?? {};
    this.cache = new ImageUrlCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
    this.decodedSize = options.decodedSize === undefined ? browserDecodedSize : options.decodedSize;
  }

  /**
   * A handle on the image's blob URL; call `release()` when it leaves the screen. Rejects with a MediaError
   * (or the signal's AbortError). Aborting only stops this caller waiting: others may share the download.
   */
  async acquire(media: MediaRef, signal?: AbortSignal): Promise<ImageHandle> {
    signal?.throwIfAborted();
    const key = mediaKey(media);
    const cached = this.cache.acquire(key);
    if (cached) return cached;
    let download = this.inflight.get(key);
    if (!download) {
      const decodedSize = this.decodedSize;
      download = fetchImage(this.client, media, { limits: this.limits })
        .then(async (image) => {
          if (decodedSize) await checkDecodedSize(image, decodedSize);
          return image;
        })
        .finally(() => this.inflight.get(key) === download && this.inflight.delete(key));
      this.inflight.set(key, download);
    }
    const generation = this.generation;
    const image = await (signal ? abortable(download, signal) : download);
    if (generation !== this.generation)
      throw new MediaError("unavailable", "The session ended before this image arrived.");
    return this.cache.acquire(key) ?? this.cache.put(key, image);
  }

  /** How many downloads are running (each once, however many views wait for it). */
  get downloading(): number {
    return this.inflight.size;
  }

  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /**
   * Sign-out and stop: revokes every blob URL (a revoked URL no longer resolves, so no decrypted image stays
   * reachable), and downloads still running are never turned into URLs.
   */
  clear(): void {
    this.generation++;
    this.inflight.clear();
    this.cache.clear();
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
