// Scrolling the whole inbox, top to bottom, one step per animation frame (a fast, steady fling), and the frame
// times Chromium delivered meanwhile: the gaps between requestAnimationFrame timestamps (a frame that overran
// its 16.7 ms budget shows as a 33 ms gap), plus any long animation frames (≥ 50 ms) the browser reports.
import type { Page } from "playwright-core";
import { INBOX_REGION } from "./probe.ts";

export interface ScrollResult {
  frames: number;
  /** Gaps between consecutive frames, ms. */
  frameTimes: number[];
  longFrames: number[];
  /** Pixels scrolled and rows passed. */
  distance: number;
  seconds: number;
}

/** Runs in the page: keep it self-contained. */
function scrollInPage(args: { region: string; step: number }): Promise<Omit<ScrollResult, "frames">> {
  const viewport = document.querySelector(`${args.region} .viewport`) as HTMLElement | null;
  if (!viewport) throw new Error("the inbox list is not on screen");
  viewport.scrollTop = 0;
  const longFrames: number[] = [];
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => longFrames.push(e.duration)),
    );
    observer.observe({ type: "long-animation-frame", buffered: false });
  } catch {
    observer = null; // not supported: frame gaps still tell the story
  }
  const frameTimes: number[] = [];
  const started = performance.now();
  return new Promise((resolve) => {
    let last: number | null = null;
    let warmup = 3;
    const frame = (ts: number) => {
      if (warmup > 0) {
        warmup--;
        requestAnimationFrame(frame);
        return;
      }
      if (last !== null) frameTimes.push(ts - last);
      last = ts;
      const end = viewport.scrollHeight - viewport.clientHeight;
      if (viewport.scrollTop >= end - 1) {
        observer?.disconnect();
        resolve({
          frameTimes,
          longFrames,
          distance: viewport.scrollTop,
          seconds: (performance.now() - started) / 1000,
        });
        return;
      }
      viewport.scrollTop = Math.min(end, viewport.scrollTop + args.step);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

export async function scrollWholeInbox(page: Page, stepPx: number): Promise<ScrollResult> {
  const result = await page.evaluate(scrollInPage, { region: INBOX_REGION, step: stepPx });
  await page.evaluate(
    (region) => ((document.querySelector(`${region} .viewport`) as HTMLElement).scrollTop = 0),
    INBOX_REGION,
  );
  return { ...result, frames: result.frameTimes.length };
}
