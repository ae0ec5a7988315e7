// Virtual scrolling: which rows a scroll position shows. Only those rows (and a few around them)
// exist in the DOM; a spacer gives the scroll bar the height of every row. Browsers cap an
// element's height (Chromium at about 33.5 million px), so past `maxScrollPx` the scroll space is
// compressed and positions are scaled.

export interface RowWindow {
  /** First row to render (inclusive). */
  first: number;
  /** One past the last row to render. */
  end: number;
  /** Pixel offset, inside the spacer, of row `first`. */
  top: number;
}

export const MAX_SCROLL_PX = 10_000_000;

/** The spacer's height for `total` rows. */
export function scrollHeight(total: number, rowHeight: number, maxScrollPx = MAX_SCROLL_PX): number {
  return Math.min(total * rowHeight, maxScrollPx);
}

/** The rows to render for a scroll position: the visible ones plus `overscan` on each side. */
export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 10, maxScrollPx = MAX_SCROLL_PX): RowWindow {
  if (total <= 0 || rowHeight <= 0) return { first: 0, end: 0, top: 0 };
  const full = total * rowHeight;
  const height = Math.min(full, maxScrollPx);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const maxTop = Math.max(0, height - viewportHeight);
  const st = Math.min(Math.max(0, scrollTop), maxTop);
  // compressed: the scroll fraction picks the first row, so the end of the bar is the last row
  const firstVisible = full <= maxScrollPx ? Math.floor(st / rowHeight) : Math.floor((maxTop ? st / maxTop : 0) * Math.max(0, total - visible + 1));
  const first = Math.max(0, Math.min(total - 1, firstVisible) - overscan);
  const end = Math.min(total, firstVisible + visible + overscan);
  const top = full <= maxScrollPx ? first * rowHeight : st - (firstVisible - first) * rowHeight;
  return { first, end, top };
}

/** The scroll position that brings row `i` to the top of the viewport. */
export function scrollTopFor(i: number, viewportHeight: number, rowHeight: number, total: number, maxScrollPx = MAX_SCROLL_PX): number {
  const full = total * rowHeight;
  if (full <= maxScrollPx) return i * rowHeight;
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const maxTop = Math.max(0, Math.min(full, maxScrollPx) - viewportHeight);
  return (i / Math.max(1, total - visible + 1)) * maxTop;
}
