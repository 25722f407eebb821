// The arithmetic of a virtualized list with a fixed row height: which rows to render for a scroll position
// (the visible ones plus some overscan), where they sit, and how far to scroll to reveal a row.

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Rows rendered beyond each edge so fast scrolling doesn't flash empty space. */
  overscan: number;
}

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Rows actually on screen (at least partly), without overscan: [visibleStart, visibleEnd). */
  visibleStart: number;
  visibleEnd: number;
  /** Height of the whole list, in pixels. */
  totalHeight: number;
}

export function rowWindow({ scrollTop, viewportHeight, rowHeight, count, overscan }: WindowInput): RowWindow {
  const totalHeight = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, visibleStart: 0, visibleEnd: 0, totalHeight };
  const maxTop = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const visibleStart = Math.min(count - 1, Math.floor(top / rowHeight));
  const visibleEnd = Math.min(count, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight));
  return {
    start: Math.max(0, visibleStart - overscan),
    end: Math.min(count, Math.max(visibleEnd, visibleStart + 1) + overscan),
    visibleStart,
    visibleEnd: Math.max(visibleEnd, visibleStart + 1),
    totalHeight,
  };
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}
