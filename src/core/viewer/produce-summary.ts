// How a produce run is reported: each message's partition and offset for a few, a per-partition
// summary (count and offset span) for many.

export interface Placed {
  partition: number;
  offset: number;
}

export interface PartitionSpan {
  partition: number;
  count: number;
  first: number;
  last: number;
}

export function partitionSpans(results: readonly Placed[]): PartitionSpan[] {
  const by = new Map<number, PartitionSpan>();
  for (const r of results) {
    const s = by.get(r.partition);
    if (!s) by.set(r.partition, { partition: r.partition, count: 1, first: r.offset, last: r.offset });
    else {
      s.count++;
      if (r.offset < s.first) s.first = r.offset;
      if (r.offset > s.last) s.last = r.offset;
    }
  }
  return [...by.values()].sort((a, b) => a.partition - b.partition);
}

/** Up to `each` messages are listed one by one; more are summarised per partition. */
export function describePlacement(
  results: readonly Placed[],
  words: { one: (p: number, o: number) => string; span: (p: number, count: number, first: number, last: number) => string },
  each = 5,
): string {
  if (results.length <= each) return results.map((r) => words.one(r.partition, r.offset)).join(', ');
  return partitionSpans(results).map((s) => words.span(s.partition, s.count, s.first, s.last)).join('; ');
}
