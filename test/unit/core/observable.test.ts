// The frame scheduling behind the inbox's batched updates and the start path's "after the first paint".
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterPaint, batched, onNextFrame } from "../../../renderer/core/observable.ts";

// Fake timers are the clock here: "no flush yet" is checked before the scheduled task runs, not after a sleep.
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A page whose visibility the test flips, with frames it runs by hand. */
function fakePage() {
  const frames: Array<() => void> = [];
  const doc = { hidden: false };
  vi.stubGlobal("document", doc);
  vi.stubGlobal("requestAnimationFrame", (fn: () => void) => frames.push(fn));
  return { doc, frames, runFrames: () => frames.splice(0).forEach((fn) => fn()) };
}

describe("frames", () => {
  it("coalesces a burst of changes into one flush (a macrotask where there are no frames, as in Node)", async () => {
    const flush = vi.fn();
    const schedule = batched(flush);
    for (let i = 0; i < 500; i++) schedule();
    expect(flush).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    expect(flush).toHaveBeenCalledTimes(1);
    schedule();
    await vi.runAllTimersAsync();
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it("uses the next frame while the page is visible, and a macrotask once it is hidden (no frames come then)", async () => {
    const page = fakePage();
    const flush = vi.fn();
    const schedule = batched(flush);
    schedule();
    await vi.runAllTimersAsync();
    expect(flush).not.toHaveBeenCalled();
    page.runFrames();
    expect(flush).toHaveBeenCalledTimes(1);
    // The same batcher, after the window was hidden (minimised to the tray): it must not wait for a frame.
    page.doc.hidden = true;
    schedule();
    await vi.runAllTimersAsync();
    expect(flush).toHaveBeenCalledTimes(2);
    expect(page.frames).toEqual([]);
  });

  it("afterPaint resolves only after the frame (and the task after it) has run", async () => {
    const page = fakePage();
    let done = false;
    void afterPaint().then(() => (done = true));
    await vi.runAllTimersAsync();
    expect(done).toBe(false);
    page.runFrames();
    await vi.runAllTimersAsync();
    expect(done).toBe(true);
    onNextFrame(() => {});
    expect(page.frames).toHaveLength(1);
  });
});
