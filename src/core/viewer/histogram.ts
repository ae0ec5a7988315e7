// The timeline: message counts per time bucket, with bucket widths people read easily, and the
// mapping between a dragged pixel range and a time range.

const NICE_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000, 2 * 86_400_000, 7 * 86_400_000, 14 * 86_400_000, 30 * 86_400_000, 91 * 86_400_000, 365 * 86_400_000,
];

export interface Histogram {
  /** Start of the first bucket, epoch ms (a multiple of bucketMs). */
  start: number;
  bucketMs: number;
  counts: number[];
  /** The largest count (for scaling bars). */
  max: number;
}

/** The smallest readable bucket width that covers [min, max] in at most `maxBuckets` buckets. */
export function bucketWidth(min: number, max: number, maxBuckets: number): number {
  const span = Math.max(1, max - min + 1);
  for (const w of NICE_MS) if (Math.ceil(span / w) + 1 <= maxBuckets) return w;
  const years = 365 * 86_400_000;
  return Math.ceil(span / (maxBuckets - 1) / years) * years;
}

/** Counts of `timestamps` in buckets over [min, max]. */
export function histogram(timestamps: Iterable<number>, min: number, max: number, maxBuckets = 120): Histogram {
  const bucketMs = bucketWidth(min, max, maxBuckets);
  const start = Math.floor(min / bucketMs) * bucketMs;
  const n = Math.floor((max - start) / bucketMs) + 1;
  const counts = new Array<number>(n).fill(0);
  for (const t of timestamps) {
    const i = Math.floor((t - start) / bucketMs);
    if (i >= 0 && i < n) counts[i]++;
  }
  let top = 0;
  for (const c of counts) if (c > top) top = c;
  return { start, bucketMs, counts, max: top };
}

/**
 * The time range a drag from pixel x0 to x1 selects on a timeline `width` pixels wide: whole
 * buckets, from the start of the first touched to the end of the last (inclusive).
 */
export function brushRange(h: Pick<Histogram, 'start' | 'bucketMs' | 'counts'>, x0: number, x1: number, width: number): { from: number; to: number } {
  const n = h.counts.length;
  const [a, b] = x0 <= x1 ? [x0, x1] : [x1, x0];
  const clamp = (x: number) => Math.min(n - 1, Math.max(0, Math.floor((x / width) * n)));
  const first = clamp(a);
  const last = clamp(b);
  return { from: h.start + first * h.bucketMs, to: h.start + (last + 1) * h.bucketMs - 1 };
}

/** The pixel span of a time range on the timeline (for drawing the selection). */
export function rangePixels(h: Pick<Histogram, 'start' | 'bucketMs' | 'counts'>, from: number, to: number, width: number): { x: number; w: number } {
  const total = h.counts.length * h.bucketMs;
  const x = ((from - h.start) / total) * width;
  const x2 = ((to + 1 - h.start) / total) * width;
  const left = Math.max(0, Math.min(width, x));
  return { x: left, w: Math.max(1, Math.min(width, x2) - left) };
}
