// Blob URLs for images on screen, bounded in memory. Each image is one blob URL, created with the SNIFFED type;
// the UI holds a handle while it shows the image and releases it when it stops. Released images stay cached
// (least recently used first out) until the byte budget is exceeded, then their URLs are revoked, so thousands of
// conversations never pile up decoded-ready blobs.
import type { ImageMime } from "./sniff.ts";

export interface CachedImage {
  /** A `blob:` URL of the image bytes, typed with the sniffed MIME type. */
  readonly url: string;
  readonly mime: ImageMime;
  readonly w: number;
  readonly h: number;
  /** Bytes held by the blob. */
  readonly size: number;
  /** The image's bytes, for readers that work on the file itself (the QR decoder) rather than the URL. */
  readonly blob: Blob;
}

export interface ImageHandle extends CachedImage {
  /** Stop using the URL. Idempotent. After the last release the URL may be revoked at any time. */
  release(): void;
}

interface Entry extends CachedImage {
  refs: number;
}

export interface BlobUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

const browserUrls: BlobUrls = {
  create: (blob) => URL.createObjectURL(blob),
  revoke: (url) => URL.revokeObjectURL(url),
};

export const DEFAULT_CACHE_BYTES = 128 * 1024 * 1024;

export class ImageUrlCache {
  readonly budgetBytes: number;
  private readonly urls: BlobUrls;
  // Map order is recency order: a touched entry is deleted and re-inserted at the end.
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  constructor(budgetBytes = DEFAULT_CACHE_BYTES, urls: BlobUrls = browserUrls) {
    this.budgetBytes = budgetBytes;
    this.urls = urls;
  }

  /** Bytes held by cached blobs, in use or not. */
  get bytes(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** A handle on a cached image, or null. */
  acquire(key: string): ImageHandle | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return this.handle(key, entry);
  }

  /** Caches an image (or reuses the entry already there) and returns a handle on it. */
  put(key: string, image: { bytes: Uint8Array; mime: ImageMime; w: number; h: number }): ImageHandle {
    const existing = this.acquire(key);
    if (existing) return existing;
    const blob = new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime });
    const entry: Entry = {
      url: this.urls.create(blob),
      mime: image.mime,
      w: image.w,
      h: image.h,
      size: blob.size,
      blob,
      refs: 0,
    };
    this.entries.set(key, entry);
    this.total += entry.size;
    const handle = this.handle(key, entry);
    this.evict();
    return handle;
  }

  /** Revokes every URL (sign-out). Outstanding handles become inert. */
  clear(): void {
    for (const entry of this.entries.values()) this.urls.revoke(entry.url);
    this.entries.clear();
    this.total = 0;
  }

  private handle(key: string, entry: Entry): ImageHandle {
    entry.refs++;
    let released = false;
    return {
      url: entry.url,
      mime: entry.mime,
      w: entry.w,
      h: entry.h,
      size: entry.size,
      blob: entry.blob,
      release: () => {
        if (released) return;
        released = true;
        if (this.entries.get(key) !== entry) return;
        entry.refs--;
        this.evict();
      },
    };
  }

  // Images in use are never revoked under the UI's feet, so the budget can be exceeded while they are shown.
  private evict(): void {
    if (this.total <= this.budgetBytes) return;
    for (const [key, entry] of this.entries) {
      if (this.total <= this.budgetBytes) return;
      if (entry.refs > 0) continue;
      this.entries.delete(key);
      this.total -= entry.size;
      this.urls.revoke(entry.url);
    }
  }
}
