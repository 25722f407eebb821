// The virtual list's arithmetic: only the rows on screen plus overscan are rendered, whatever the list's size,
// and revealing a row scrolls the least needed.
import { describe, expect, it } from "vitest";
import { rowWindow, scrollToReveal } from "../../../renderer/ui/lib/virtual.ts";

describe("row window", () => {
  it("renders the visible rows plus overscan at the top of a 10,000-row list", () => {
    const w = rowWindow({ scrollTop: 0, viewportHeight: 680, rowHeight: 68, count: 10_000, overscan: 8 });
    expect(w).toEqual({ start: 0, end: 18, visibleStart: 0, visibleEnd: 10, totalHeight: 680_000 });
  });

  it("renders the same small number of rows in the middle of the list", () => {
    const w = rowWindow({
      scrollTop: 68 * 5000 + 30,
      viewportHeight: 680,
      rowHeight: 68,
      count: 10_000,
      overscan: 8,
    });
    expect(w.visibleStart).toBe(5000);
    expect(w.visibleEnd).toBe(5011); // a partly visible row at each edge
    expect(w.start).toBe(4992);
    expect(w.end).toBe(5019);
    expect(w.end - w.start).toBeLessThan(30);
  });

  it("clamps a scroll position past the end (the list shrank under a filter)", () => {
    const w = rowWindow({ scrollTop: 99_999, viewportHeight: 680, rowHeight: 68, count: 20, overscan: 4 });
    expect(w.end).toBe(20);
    expect(w.visibleEnd).toBe(20);
    expect(w.visibleStart).toBe(10);
  });

  it("handles an empty list and a list shorter than the viewport", () => {
    expect(rowWindow({ scrollTop: 0, viewportHeight: 680, rowHeight: 68, count: 0, overscan: 8 })).toEqual({
      start: 0,
      end: 0,
      visibleStart: 0,
      visibleEnd: 0,
      totalHeight: 0,
    });
    const w = rowWindow({ scrollTop: 0, viewportHeight: 680, rowHeight: 68, count: 3, overscan: 8 });
    expect([w.start, w.end, w.visibleStart, w.visibleEnd]).toEqual([0, 3, 0, 3]);
  });

  it("renders at least one row before the viewport has been measured", () => {
    const w = rowWindow({ scrollTop: 0, viewportHeight: 0, rowHeight: 68, count: 100, overscan: 2 });
    expect(w.visibleEnd).toBe(1);
    expect(w.end).toBe(3);
  });
});

describe("revealing a row", () => {
  it("scrolls up to a row above the viewport and down to one below, and not at all when it is visible", () => {
    expect(scrollToReveal(2, 680, 680, 68)).toBe(136);
    expect(scrollToReveal(20, 0, 680, 68)).toBe(21 * 68 - 680);
    expect(scrollToReveal(5, 0, 680, 68)).toBeNull();
  });
});
