// RecordBatch v2 (magic 2) layout, from the public protocol specification (KIP-98).
// The sandbox stores batches exactly as received, only patching the base offset and the
// partition leader epoch, which lie outside the CRC-covered range.
import { crc32c } from './crc32c';
import { Reader } from './primitives';

export const BATCH_HEADER_SIZE = 61;
export const OFF_BASE_OFFSET = 0;
export const OFF_BATCH_LENGTH = 8;
export const OFF_LEADER_EPOCH = 12;
export const OFF_MAGIC = 16;
export const OFF_CRC = 17;
export const OFF_ATTRIBUTES = 21;
export const OFF_LAST_OFFSET_DELTA = 23;
export const OFF_BASE_TIMESTAMP = 27;
export const OFF_MAX_TIMESTAMP = 35;
export const OFF_PRODUCER_ID = 43;
export const OFF_PRODUCER_EPOCH = 51;
export const OFF_BASE_SEQUENCE = 53;
export const OFF_RECORD_COUNT = 57;

export const COMPRESSION_MASK = 0x07;
export const TRANSACTIONAL_FLAG = 0x10;
export const CONTROL_FLAG = 0x20;

export interface BatchInfo {
  /** The whole batch, as a view into the input. */
  bytes: Buffer;
  lastOffsetDelta: number;
  maxTimestamp: number;
  baseTimestamp: number;
  attributes: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export type SplitResult = { ok: true; batches: BatchInfo[] } | { ok: false; reason: 'corrupt' | 'magic' | 'crc'; detail: string };

export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** One record of a v2 batch, without its headers. */
export interface PlainRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * The `count` records that start at `payload[at]` (a batch's record bytes, decompressed if need
 * be), with offsets and timestamps made absolute from the batch's bases; headers are skipped.
 */
export function readRecords(payload: Buffer, at: number, count: number, baseOffset: number, baseTimestamp: number): PlainRecord[] {
  const r = new Reader(payload, at);
  const out: PlainRecord[] = [];
  for (let i = 0; i < count; i++) {
    const len = r.varint();
    const start = r.offset;
    r.int8(); // record attributes
    const tsDelta = r.varlong();
    const offDelta = r.varint();
    const kl = r.varint();
    const key = kl < 0 ? null : Buffer.from(r.raw(kl));
    const vl = r.varint();
    const value = vl < 0 ? null : Buffer.from(r.raw(vl));
    r.offset = start + len; // past the headers
    out.push({ offset: baseOffset + offDelta, timestamp: baseTimestamp + tsDelta, key, value });
  }
  return out;
}

/** Splits a produce `records` field into v2 batches, validating framing, magic and CRC-32C. */
export function splitBatches(records: Buffer, verifyCrc = true): SplitResult {
  const batches: BatchInfo[] = [];
  let at = 0;
  while (at < records.length) {
    // Message sets v0/v1 put their magic byte at the same position (offset 16).
    if (records.length - at > OFF_MAGIC) {
      const magic = records.readInt8(at + OFF_MAGIC);
      if (magic !== 2) return { ok: false, reason: 'magic', detail: `magic ${magic} (only v2 record batches are accepted)` };
    }
    if (records.length - at < BATCH_HEADER_SIZE) {
      return { ok: false, reason: 'corrupt', detail: `trailing ${records.length - at} bytes are not a batch` };
    }
    const batchLength = records.readInt32BE(at + OFF_BATCH_LENGTH);
    const size = batchLength + 12;
    if (batchLength < BATCH_HEADER_SIZE - 12 || at + size > records.length) {
      return { ok: false, reason: 'corrupt', detail: `batch length ${batchLength} does not fit` };
    }
    if (verifyCrc) {
      const expected = records.readUInt32BE(at + OFF_CRC);
      const actual = crc32c(records, at + OFF_ATTRIBUTES, at + size);
      if (expected !== actual) {
        return { ok: false, reason: 'crc', detail: `CRC-32C mismatch (batch says ${expected}, computed ${actual})` };
      }
    }
    const bytes = records.subarray(at, at + size);
    batches.push({
      bytes,
      attributes: bytes.readInt16BE(OFF_ATTRIBUTES),
      lastOffsetDelta: bytes.readInt32BE(OFF_LAST_OFFSET_DELTA),
      baseTimestamp: readInt64(bytes, OFF_BASE_TIMESTAMP),
      maxTimestamp: readInt64(bytes, OFF_MAX_TIMESTAMP),
      producerId: readInt64(bytes, OFF_PRODUCER_ID),
      producerEpoch: bytes.readInt16BE(OFF_PRODUCER_EPOCH),
      baseSequence: bytes.readInt32BE(OFF_BASE_SEQUENCE),
      recordCount: bytes.readInt32BE(OFF_RECORD_COUNT),
    });
    at += size;
  }
  return { ok: true, batches };
}

/** Writes the base offset (and leader epoch) into a stored batch; both are outside the CRC. */
export function patchBaseOffset(batch: Buffer, baseOffset: number, leaderEpoch = 0): void {
  batch.writeBigInt64BE(BigInt(baseOffset), OFF_BASE_OFFSET);
  batch.writeInt32BE(leaderEpoch, OFF_LEADER_EPOCH);
}

export function batchBaseOffset(batch: Buffer): number {
  return readInt64(batch, OFF_BASE_OFFSET);
}

/**
 * For an uncompressed batch, the offset delta and timestamp of the first record whose timestamp
 * is >= ts. Compressed batches are never decompressed: the caller uses the batch's base offset.
 */
export function findRecordAtOrAfter(batch: Buffer, ts: number): { offsetDelta: number; timestamp: number } | null {
  const attributes = batch.readInt16BE(OFF_ATTRIBUTES);
  const baseTs = readInt64(batch, OFF_BASE_TIMESTAMP);
  if ((attributes & COMPRESSION_MASK) !== 0) return null;
  const r = new Reader(batch, BATCH_HEADER_SIZE);
  const count = batch.readInt32BE(OFF_RECORD_COUNT);
  for (let i = 0; i < count && r.remaining > 0; i++) {
    const len = r.varint();
    const start = r.offset;
    r.int8(); // record attributes
    const tsDelta = r.varlong();
    const offDelta = r.varint();
    if (baseTs + tsDelta >= ts) return { offsetDelta: offDelta, timestamp: baseTs + tsDelta };
    r.offset = start + len;
  }
  return null;
}

/**
 * Builds an uncompressed v2 batch (for tests, persistence checks and the bench). Records are
 * [key, value] pairs; headers are not supported here.
 */
export function buildBatch(
  records: { key?: Buffer | null; value: Buffer | null; timestampDelta?: number }[],
  opts: { baseTimestamp?: number; producerId?: number; producerEpoch?: number; baseSequence?: number; attributes?: number } = {},
): Buffer {
  const body: Buffer[] = [];
  const varint = (v: number): Buffer => {
    let u = v >= 0 ? v * 2 : -v * 2 - 1;
    const out: number[] = [];
    while (u >= 0x80) { out.push((u % 128) | 0x80); u = Math.floor(u / 128); }
    out.push(u);
    return Buffer.from(out);
  };
  let maxDelta = 0;
  records.forEach((rec, i) => {
    const tsDelta = rec.timestampDelta ?? 0;
    maxDelta = Math.max(maxDelta, tsDelta);
    const parts = [Buffer.from([0]), varint(tsDelta), varint(i)];
    if (rec.key == null) parts.push(varint(-1)); else parts.push(varint(rec.key.length), rec.key);
    if (rec.value == null) parts.push(varint(-1)); else parts.push(varint(rec.value.length), rec.value);
    parts.push(varint(0)); // no headers
    const rb = Buffer.concat(parts);
    body.push(varint(rb.length), rb);
  });
  const recs = Buffer.concat(body);
  const b = Buffer.alloc(BATCH_HEADER_SIZE + recs.length);
  const baseTs = opts.baseTimestamp ?? Date.now();
  b.writeBigInt64BE(0n, OFF_BASE_OFFSET);
  b.writeInt32BE(b.length - 12, OFF_BATCH_LENGTH);
  b.writeInt32BE(-1, OFF_LEADER_EPOCH);
  b.writeInt8(2, OFF_MAGIC);
  b.writeInt16BE(opts.attributes ?? 0, OFF_ATTRIBUTES);
  b.writeInt32BE(records.length - 1, OFF_LAST_OFFSET_DELTA);
  b.writeBigInt64BE(BigInt(baseTs), OFF_BASE_TIMESTAMP);
  b.writeBigInt64BE(BigInt(baseTs + maxDelta), OFF_MAX_TIMESTAMP);
  b.writeBigInt64BE(BigInt(opts.producerId ?? -1), OFF_PRODUCER_ID);
  b.writeInt16BE(opts.producerEpoch ?? -1, OFF_PRODUCER_EPOCH);
  b.writeInt32BE(opts.baseSequence ?? -1, OFF_BASE_SEQUENCE);
  b.writeInt32BE(records.length, OFF_RECORD_COUNT);
  recs.copy(b, BATCH_HEADER_SIZE);
  b.writeUInt32BE(crc32c(b, OFF_ATTRIBUTES), OFF_CRC);
  return b;
}

/** Decodes the records of an uncompressed batch (tests and tools only). */
export function decodeRecords(batch: Buffer): PlainRecord[] {
  const base = readInt64(batch, OFF_BASE_OFFSET);
  const baseTs = readInt64(batch, OFF_BASE_TIMESTAMP);
  if ((batch.readInt16BE(OFF_ATTRIBUTES) & COMPRESSION_MASK) !== 0) throw new Error('compressed batch');
  return readRecords(batch, BATCH_HEADER_SIZE, batch.readInt32BE(OFF_RECORD_COUNT), base, baseTs);
}
