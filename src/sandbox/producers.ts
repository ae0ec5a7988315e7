// Idempotent-producer bookkeeping per (producer id, partition), as Kafka does it: sequences must
// continue from the last appended batch; a retried batch that matches one of the last few appended
// batches is acknowledged again with its original offset and not appended twice.
import type { PartitionState, ProducerPartitionState } from './cluster';
import { ErrorCode } from './protocol/errors';
import type { BatchInfo } from './protocol/record-batch';

/** How many recent batches per producer and partition are remembered for duplicate detection (Kafka: 5). */
export const RECENT_BATCHES = 5;

export type SequenceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'error'; code: number; message: string };

function lastSeqOf(b: BatchInfo): number {
  return (b.baseSequence + b.lastOffsetDelta) % 2147483648;
}

function nextSeq(s: number): number {
  return s === 2147483647 ? 0 : s + 1;
}

/** Validates an idempotent batch against the partition's producer state (does not change it). */
export function checkSequence(p: PartitionState, b: BatchInfo): SequenceCheck {
  if (b.producerId < 0) return { kind: 'append' };
  const st = p.producers.get(b.producerId);
  if (!st) {
    if (b.baseSequence !== 0) {
      return { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `first batch of producer ${b.producerId} has sequence ${b.baseSequence}, expected 0` };
    }
    return { kind: 'append' };
  }
  if (b.producerEpoch < st.epoch) {
    return { kind: 'error', code: ErrorCode.INVALID_PRODUCER_EPOCH, message: `epoch ${b.producerEpoch} is older than the current epoch ${st.epoch}` };
  }
  if (b.producerEpoch > st.epoch) {
    if (b.baseSequence !== 0) {
      return { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `new epoch ${b.producerEpoch} must start at sequence 0` };
    }
    return { kind: 'append' };
  }
  const last = lastSeqOf(b);
  const dup = st.recent.find((r) => r.firstSeq === b.baseSequence && r.lastSeq === last);
  if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
  if (b.baseSequence !== nextSeq(st.lastSequence)) {
    return { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `sequence ${b.baseSequence}, expected ${nextSeq(st.lastSequence)}` };
  }
  return { kind: 'append' };
}

/** Records an appended idempotent batch. */
export function recordAppend(p: PartitionState, b: BatchInfo, baseOffset: number): void {
  if (b.producerId < 0) return;
  let st: ProducerPartitionState | undefined = p.producers.get(b.producerId);
  if (!st || b.producerEpoch > st.epoch) {
    st = { epoch: b.producerEpoch, lastSequence: -1, recent: [] };
    p.producers.set(b.producerId, st);
  }
  st.lastSequence = lastSeqOf(b);
  st.recent.push({ firstSeq: b.baseSequence, lastSeq: st.lastSequence, baseOffset });
  if (st.recent.length > RECENT_BATCHES) st.recent.shift();
}
