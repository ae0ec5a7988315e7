// One partition's log: record batches kept as the Buffers the producer sent (offsets patched),
// plus parallel arrays of base offsets and running max timestamps for binary searches.
// No per-record objects: a million small records in a few hundred batches cost a few hundred
// array slots.
import { BatchInfo, findRecordAtOrAfter, patchBaseOffset, batchBaseOffset, OFF_LAST_OFFSET_DELTA, OFF_MAX_TIMESTAMP } from './protocol/record-batch';

export class PartitionLog {
  /** Stored batches, each its own copy of the producer's bytes, base offset patched. */
  readonly batches: Buffer[] = [];
  /** baseOffsets[i] is the first offset of batches[i]. */
  readonly baseOffsets: number[] = [];
  /** runningMaxTs[i] is the highest max timestamp among batches[0..i] (monotonic, searchable). */
  readonly runningMaxTs: number[] = [];
  logStartOffset = 0;
  /** Next offset to assign; also the high watermark (every replica is always in sync). */
  highWatermark = 0;
  sizeBytes = 0;
  /** Largest timestamp seen and the offset of the batch holding it (ListOffsets -3 style). */
  maxTimestamp = -1;
  private waiters = new Set<() => void>();

  /** Appends a validated batch; returns its base offset. Copies the bytes (the request buffer is not retained). */
  append(batch: BatchInfo, leaderEpoch = 0): number {
    // Not Buffer.from(): a copy under 4 KiB would be a slice of Node's shared 8 KiB pool and keep
    // the whole slab alive (measured: 8.6 KB held per stored 2 KB batch). Its own allocation holds
    // the batch plus about 100 bytes.
    const copy = Buffer.allocUnsafeSlow(batch.bytes.length);
    batch.bytes.copy(copy);
    return this.appendStored(copy, batch.lastOffsetDelta, batch.maxTimestamp, leaderEpoch);
  }

  /** Appends bytes the log may own (persistence reload). */
  appendStored(copy: Buffer, lastOffsetDelta: number, maxTimestamp: number, leaderEpoch = 0): number {
    const base = this.highWatermark;
    patchBaseOffset(copy, base, leaderEpoch);
    this.batches.push(copy);
    this.baseOffsets.push(base);
    const prev = this.runningMaxTs.length ? this.runningMaxTs[this.runningMaxTs.length - 1] : -1;
    this.runningMaxTs.push(Math.max(prev, maxTimestamp));
    if (maxTimestamp > this.maxTimestamp) this.maxTimestamp = maxTimestamp;
    this.highWatermark = base + lastOffsetDelta + 1;
    this.sizeBytes += copy.length;
    this.wake();
    return base;
  }

  /** Index of the batch that contains `offset`, or -1. */
  indexOf(offset: number): number {
    const a = this.baseOffsets;
    if (a.length === 0 || offset < a[0] || offset >= this.highWatermark) return -1;
    let lo = 0;
    let hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (a[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Batches from the one holding `offset`, up to maxBytes in total, but always at least one
   * whole batch (so a batch larger than maxBytes still makes progress).
   */
  read(offset: number, maxBytes: number, atLeastOne: boolean): { batches: Buffer[]; bytes: number } {
    const out: Buffer[] = [];
    let bytes = 0;
    let i = this.indexOf(offset);
    if (i < 0) return { batches: out, bytes };
    for (; i < this.batches.length; i++) {
      const b = this.batches[i];
      if (bytes + b.length > maxBytes && !(atLeastOne && out.length === 0)) break;
      out.push(b);
      bytes += b.length;
    }
    return { batches: out, bytes };
  }

  /** First offset whose record timestamp is >= ts, with that timestamp; null when none. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    const a = this.runningMaxTs;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] >= ts) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= a.length) return null;
    const batch = this.batches[lo];
    const base = batchBaseOffset(batch);
    const rec = findRecordAtOrAfter(batch, ts);
    const found = rec
      ? { offset: base + rec.offsetDelta, timestamp: rec.timestamp }
      : // Compressed (never decompressed) batch: answer with the batch's first offset.
        { offset: base, timestamp: Number(batch.readBigInt64BE(OFF_MAX_TIMESTAMP)) };
    // Records before the log start offset were deleted (DeleteRecords): never point at them.
    if (found.offset < this.logStartOffset) {
      return this.logStartOffset < this.highWatermark ? { offset: this.logStartOffset, timestamp: found.timestamp } : null;
    }
    return found;
  }

  lastOffsetOf(index: number): number {
    return this.baseOffsets[index] + this.batches[index].readInt32BE(OFF_LAST_OFFSET_DELTA);
  }

  /**
   * DeleteRecords: moves the log start offset up to `offset` (never down) and frees the batches
   * that lie wholly below it. The last batch always stays, so the high watermark can still be
   * rebuilt from the stored batches (persistence reloads it that way). Returns the new start.
   */
  advanceStartOffset(offset: number): number {
    if (offset <= this.logStartOffset) return this.logStartOffset;
    this.logStartOffset = Math.min(offset, this.highWatermark);
    let drop = 0;
    while (drop < this.batches.length - 1 && this.lastOffsetOf(drop) < this.logStartOffset) drop++;
    if (drop > 0) {
      for (const b of this.batches.splice(0, drop)) this.sizeBytes -= b.length;
      this.baseOffsets.splice(0, drop);
      // The running maximum must cover only the batches that remain.
      this.runningMaxTs.length = 0;
      let max = -1;
      for (const b of this.batches) {
        max = Math.max(max, Number(b.readBigInt64BE(OFF_MAX_TIMESTAMP)));
        this.runningMaxTs.push(max);
      }
    }
    return this.logStartOffset;
  }

  /** Resolves when a batch is appended (or the partition is deleted), or after ms. */
  waitForData(ms: number): { promise: Promise<void>; cancel: () => void } {
    let done: () => void = () => {};
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<void>((resolve) => {
      done = () => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
      timer = setTimeout(done, ms);
    });
    return { promise, cancel: done };
  }

  wake(): void {
    if (this.waiters.size === 0) return;
    for (const w of [...this.waiters]) w();
  }
}
