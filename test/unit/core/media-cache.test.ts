import { resolveObjectURL } from "node:buffer";
import { describe, expect, it } from "vitest";
import { ImageUrlCache } from "../../../renderer/core/media/index.ts";

const image = (size: number) => ({
  bytes: new Uint8Array(size).fill(7),
  mime: "image/png" as const,
  w: 1,
  h: 1,
});
const alive = (url: string) => resolveObjectURL(url) !== undefined;

describe("the blob URL cache for images on screen", () => {
  it("makes one blob URL per image, typed with the sniffed MIME type", async () => {
    const cache = new ImageUrlCache(1000);
    const handle = cache.put("a", { ...image(10), mime: "image/webp" });
    const blob = resolveObjectURL(handle.url)!;
    expect(blob.type).toBe("image/webp");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(10).fill(7));
    expect(cache.acquire("a")?.url).toBe(handle.url);
    expect(cache.acquire("missing")).toBeNull();
  });

  it("revokes the least recently used released images when over its byte budget", () => {
    const cache = new ImageUrlCache(300);
    const a = cache.put("a", image(100));
    const b = cache.put("b", image(100));
    const c = cache.put("c", image(100));
    [a, b, c].forEach((h) => h.release());
    cache.acquire("a")!.release(); // a is now more recent than b and c
    const d = cache.put("d", image(100));
    expect(alive(b.url)).toBe(false);
    expect([a, c, d].every((h) => alive(h.url))).toBe(true);
    expect(cache.has("b")).toBe(false);
    expect(cache.bytes).toBe(300);
    expect(cache.count).toBe(3);
  });

  it("never revokes an image a view is still showing, and catches up when it is released", () => {
    const cache = new ImageUrlCache(150);
    const shown = cache.put("shown", image(100));
    const other = cache.put("other", image(100));
    expect(alive(shown.url) && alive(other.url)).toBe(true);
    expect(cache.bytes).toBe(200);
    other.release();
    expect(alive(other.url)).toBe(false);
    expect(alive(shown.url)).toBe(true);
    shown.release();
    expect(alive(shown.url)).toBe(true); // within budget on its own: stays cached
    expect(cache.bytes).toBe(100);
  });

  it("counts every view holding an image, and a double release does not free someone else's hold", () => {
    const cache = new ImageUrlCache(0);
    const first = cache.put("x", image(50));
    const second = cache.acquire("x")!;
    first.release();
    first.release();
    expect(alive(first.url)).toBe(true);
    second.release();
    expect(alive(first.url)).toBe(false);
    expect(cache.bytes).toBe(0);
  });

  it("stays bounded across thousands of conversations' images", () => {
    const cache = new ImageUrlCache(64 * 1024);
    const urls: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const handle = cache.put(`img-${i}`, image(1024));
      urls.push(handle.url);
      handle.release();
    }
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(cache.count).toBe(64);
    expect(urls.filter(alive)).toHaveLength(64);
    expect(urls.slice(-64).every(alive)).toBe(true);
  });

  it("revokes everything on sign-out; handles left over become inert", () => {
    const cache = new ImageUrlCache(1000);
    const held = cache.put("a", image(10));
    const released = cache.put("b", image(10));
    released.release();
    cache.clear();
    expect(alive(held.url) || alive(released.url)).toBe(false);
    expect(cache.bytes).toBe(0);
    held.release();
    expect(cache.count).toBe(0);
  });
});
