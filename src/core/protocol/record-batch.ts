// RecordBatch v2 (magic 2), from the public protocol specification (KIP-98): one codec for the
// sandbox (which stores batches exactly as received, only patching the base offset and the partition
// leader epoch, outside the CRC-covered range) and the client (peek reads, produce writes).
import { Codec, compress, decompress } from '../codecs';
import { crc32c } from './crc32c';
import { wasmKernels } from './wasm';
import { ProtocolError, Reader } from './primitives';

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

/** A record header: Kafka header keys are strings, values bytes (or null). */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** One record of a v2 batch, without its headers. */
export interface PlainRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** Builds the caller's record object from a decoded record (key, value and header values are views into the payload). */
export type RecordFactory<T> = (offset: number, timestamp: number, key: Buffer | null, value: Buffer | null, headers: RecordHeader[] | null) => T;

// The record loop is the hot path of peek (100,000 records a second and more), so it reads varints
// straight off the bytes with one cursor instead of a Reader call per byte. It is synchronous and
// never re-entered, so the cursor lives in the module.
let pos = 0;

function varintAt(buf: Buffer, end: number): number {
  let u = 0;
  let shift = 0;
  for (let i = 0; i < 5; i++) {
    if (pos >= end) throw new ProtocolError(`truncated record at byte ${pos}`);
    const b = buf[pos++];
    u |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return (u >>> 1) ^ -(u & 1);
    shift += 7;
  }
  throw new ProtocolError('varint too long');
}

function varlongAt(buf: Buffer, end: number): number {
  let u = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new ProtocolError(`truncated record at byte ${pos}`);
    const b = buf[pos++];
    u += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    mul *= 128;
  }
  throw new ProtocolError('varlong too long');
}

function bytesAt(buf: Buffer, end: number): Buffer | null {
  const len = varintAt(buf, end);
  if (len < 0) return null;
  if (pos + len > end) throw new ProtocolError(`record field of ${len} bytes overruns its record`);
  const b = buf.subarray(pos, pos + len);
  pos += len;
  return b;
}

/** The length of a bytes field at the cursor (-1 for null), the cursor moved past its bytes. */
function fieldAt(buf: Buffer, end: number): number {
  const len = varintAt(buf, end);
  if (len < 0) return -1;
  if (pos + len > end) throw new ProtocolError(`record field of ${len} bytes overruns its record`);
  pos += len;
  return len;
}

/**
 * What the record loop hands over for each record: positions in `buf` (a batch's record bytes,
 * or a copy of them staged in WebAssembly memory), nothing copied and no object made. keyLen and
 * valueLen are -1 for null. The record's headerCount headers lie in [headersAt, recordEnd), and
 * readHeaders decodes them. Returning false ends the batch there.
 */
export interface RecordVisitor {
  record(buf: Buffer, offset: number, timestamp: number, keyAt: number, keyLen: number, valueAt: number, valueLen: number, headerCount: number, headersAt: number, recordEnd: number): boolean;
}

/**
 * The record loop, the one decoder of record bytes: walks the `count` records that start at
 * `payload[at]` (a batch's record bytes, decompressed if need be) and end by `end`, and calls
 * visitor.record for each whose offset is >= fromOffset. Offsets and timestamps are made absolute
 * from the batch's bases; `fixedTimestamp` (LogAppendTime batches) replaces every record's own.
 */
export function scanRecords(
  payload: Buffer, at: number, end: number, count: number, baseOffset: number, baseTimestamp: number,
  visitor: RecordVisitor, fromOffset = -Infinity, fixedTimestamp?: number,
): void {
  pos = at;
  for (let i = 0; i < count; i++) {
    const len = varintAt(payload, end);
    const recEnd = pos + len;
    if (len < 0 || recEnd > end) throw new ProtocolError(`record ${i} of ${len} bytes overruns its batch`);
    pos++; // record attributes (unused since v2)
    const tsDelta = varlongAt(payload, recEnd);
    const offDelta = varintAt(payload, recEnd);
    const offset = baseOffset + offDelta;
    if (offset < fromOffset) {
      pos = recEnd;
      continue;
    }
    const keyLen = fieldAt(payload, recEnd);
    const keyAt = pos - (keyLen < 0 ? 0 : keyLen);
    const valueLen = fieldAt(payload, recEnd);
    const valueAt = pos - (valueLen < 0 ? 0 : valueLen);
    const n = varintAt(payload, recEnd);
    if (n < 0 || n > recEnd - pos) throw new ProtocolError(`record ${i} claims ${n} headers`);
    const more = visitor.record(payload, offset, fixedTimestamp ?? baseTimestamp + tsDelta, keyAt, keyLen, valueAt, valueLen, n, pos, recEnd);
    pos = recEnd; // the visitor may have moved the cursor (readHeaders)
    if (!more) return;
  }
}

/** The `count` headers of a record, at buf[at, end) (as RecordVisitor.record gives them); values are views. */
export function readHeaders(buf: Buffer, at: number, count: number, end: number): RecordHeader[] {
  pos = at;
  const hs = new Array<RecordHeader>(count);
  for (let h = 0; h < count; h++) {
    const k = bytesAt(buf, end);
    if (k === null) throw new ProtocolError(`a record at byte ${at} has a null header key`);
    hs[h] = { key: k.toString('utf8'), value: bytesAt(buf, end) };
  }
  return hs;
}

/** Turns visited records into make(...) objects (keys, values and header values as views). */
class FactoryVisitor<T> implements RecordVisitor {
  constructor(private readonly make: RecordFactory<T>, private readonly out: T[], private readonly headers: boolean) {}

  record(buf: Buffer, offset: number, timestamp: number, keyAt: number, keyLen: number, valueAt: number, valueLen: number, headerCount: number, headersAt: number, recordEnd: number): boolean {
    this.out.push(this.make(
      offset, timestamp,
      keyLen < 0 ? null : buf.subarray(keyAt, keyAt + keyLen),
      valueLen < 0 ? null : buf.subarray(valueAt, valueAt + valueLen),
      this.headers ? readHeaders(buf, headersAt, headerCount, recordEnd) : null,
    ));
    return true;
  }
}

/**
 * Decodes the `count` records that start at `payload[at]` (a batch's record bytes, decompressed if
 * need be) and ends at `end`, appending make(...) for each record whose offset is >= fromOffset.
 * Offsets and timestamps are made absolute from the batch's bases; `fixedTimestamp` (LogAppendTime
 * batches) replaces every record's own. Headers are decoded only when `headers` is set.
 */
export function visitRecords<T>(
  payload: Buffer, at: number, end: number, count: number, baseOffset: number, baseTimestamp: number,
  headers: boolean, make: RecordFactory<T>, out: T[], fromOffset = -Infinity, fixedTimestamp?: number,
): T[] {
  scanRecords(payload, at, end, count, baseOffset, baseTimestamp, new FactoryVisitor(make, out, headers), fromOffset, fixedTimestamp);
  return out;
}

const copyPlain: RecordFactory<PlainRecord> = (offset, timestamp, key, value) => ({
  offset, timestamp, key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value),
});

/**
 * The `count` records that start at `payload[at]` (a batch's record bytes, decompressed if need
 * be), with offsets and timestamps made absolute from the batch's bases; headers are skipped, and
 * keys and values are copies (the sandbox keeps them past the request).
 */
export function readRecords(payload: Buffer, at: number, count: number, baseOffset: number, baseTimestamp: number): PlainRecord[] {
  return visitRecords(payload, at, payload.length, count, baseOffset, baseTimestamp, false, copyPlain, []);
}

/** The header fields of a v2 batch. */
export interface BatchHeader {
  baseOffset: number;
  lastOffsetDelta: number;
  attributes: number;
  codec: Codec;
  /** A control batch (transaction markers): no user records. */
  control: boolean;
  transactional: boolean;
  timestampType: 'create' | 'log-append';
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export const LOG_APPEND_TIME_FLAG = 0x08;

export function readBatchHeader(batch: Buffer): BatchHeader {
  const attributes = batch.readInt16BE(OFF_ATTRIBUTES);
  return {
    baseOffset: readInt64(batch, OFF_BASE_OFFSET),
    lastOffsetDelta: batch.readInt32BE(OFF_LAST_OFFSET_DELTA),
    attributes,
    codec: attributes & COMPRESSION_MASK,
    control: (attributes & CONTROL_FLAG) !== 0,
    transactional: (attributes & TRANSACTIONAL_FLAG) !== 0,
    timestampType: attributes & LOG_APPEND_TIME_FLAG ? 'log-append' : 'create',
    baseTimestamp: readInt64(batch, OFF_BASE_TIMESTAMP),
    maxTimestamp: readInt64(batch, OFF_MAX_TIMESTAMP),
    producerId: readInt64(batch, OFF_PRODUCER_ID),
    producerEpoch: batch.readInt16BE(OFF_PRODUCER_EPOCH),
    baseSequence: batch.readInt32BE(OFF_BASE_SEQUENCE),
    recordCount: batch.readInt32BE(OFF_RECORD_COUNT),
  };
}

/** A batch's record bytes, decompressed. */
export function batchPayload(batch: Buffer, codec = (batch.readInt16BE(OFF_ATTRIBUTES) & COMPRESSION_MASK) as Codec): Buffer {
  const body = batch.subarray(BATCH_HEADER_SIZE);
  return codec === Codec.None ? body : decompress(codec, body);
}

export interface BatchVisitOptions {
  /** Check the batch's CRC-32C first (default true): a mismatch is a ProtocolError. */
  verifyCrc?: boolean;
  /** Skip the records before this offset. */
  fromOffset?: number;
  /**
   * Decode from a copy of the (decompressed) records in WebAssembly memory (./wasm.ts), where the
   * CRC and the JSON scan read them in place. The visitor must copy what it keeps: the next staged
   * batch overwrites them. Ignored where WebAssembly is unavailable.
   */
  stage?: boolean;
}

/** Throws a ProtocolError when a whole v2 batch's CRC-32C does not match its bytes. */
export function checkBatchCrc(batch: Buffer): void {
  const expected = batch.readUInt32BE(OFF_CRC);
  const actual = crc32c(batch, OFF_ATTRIBUTES, batch.length);
  if (expected !== actual) throw new ProtocolError(`record batch at offset ${readInt64(batch, OFF_BASE_OFFSET)} fails its CRC-32C check (it says ${expected}, its bytes give ${actual})`);
}

/**
 * Decodes one whole v2 batch (as Fetch returns it) for a visitor: checks its CRC-32C when asked,
 * decompresses it, skips records before fromOffset. Control batches give no records. Returns the
 * batch header.
 */
export function visitBatch(batch: Buffer, visitor: RecordVisitor, opts: BatchVisitOptions = {}): BatchHeader {
  const h = readBatchHeader(batch);
  if (batch.readInt8(OFF_MAGIC) !== 2) throw new ProtocolError(`record batch magic ${batch.readInt8(OFF_MAGIC)}: only v2 batches are read`);
  const k = opts.stage === true && !h.control ? wasmKernels() : null;
  // uncompressed: staged whole, so that the CRC is computed over the copy the records are read from
  const src = k && h.codec === Codec.None ? k.stage(batch) : batch;
  if (opts.verifyCrc !== false) checkBatchCrc(src);
  if (h.control) return h;
  const fixed = h.timestampType === 'log-append' ? h.maxTimestamp : undefined;
  if (h.codec === Codec.None) {
    scanRecords(src, BATCH_HEADER_SIZE, src.length, h.recordCount, h.baseOffset, h.baseTimestamp, visitor, opts.fromOffset, fixed);
  } else {
    const inflated = batchPayload(batch, h.codec);
    const payload = k ? k.stage(inflated) : inflated;
    scanRecords(payload, 0, payload.length, h.recordCount, h.baseOffset, h.baseTimestamp, visitor, opts.fromOffset, fixed);
  }
  return h;
}

/**
 * Decodes one whole v2 batch (as Fetch returns it) into make(...) objects appended to `out`:
 * checks its CRC-32C when asked, decompresses it, skips records before fromOffset. Control batches
 * give no records. Returns the batch header.
 */
export function readBatch<T>(batch: Buffer, make: RecordFactory<T>, out: T[], opts: { verifyCrc?: boolean; headers?: boolean; fromOffset?: number } = {}): BatchHeader {
  return visitBatch(batch, new FactoryVisitor(make, out, opts.headers !== false), { verifyCrc: opts.verifyCrc, fromOffset: opts.fromOffset });
}

/** The records of a v2 batch, decompressed; headers are skipped and keys and values copied. */
export function batchRecords(batch: Buffer): PlainRecord[] {
  const out: PlainRecord[] = [];
  readBatch(batch, copyPlain, out, { verifyCrc: false, headers: false });
  return out;
}

/**
 * The whole batches at the start of a Fetch response's `records` (views, no copy). A broker may cut
 * the last batch short at the fetch size: that tail is left out and `partial` says so.
 */
export function fetchedBatches(records: Buffer): { batches: Buffer[]; partial: boolean } {
  const batches: Buffer[] = [];
  let at = 0;
  while (records.length - at >= OFF_MAGIC + 1) {
    const size = records.readInt32BE(at + OFF_BATCH_LENGTH) + 12;
    if (at + size > records.length) return { batches, partial: true };
    const magic = records.readInt8(at + OFF_MAGIC);
    if (magic !== 2) throw new ProtocolError(`the broker sent a message set of magic ${magic}: only record batches v2 (Kafka 0.11 and later) are read`);
    if (size < BATCH_HEADER_SIZE) throw new ProtocolError(`record batch length ${size - 12} is too small`);
    batches.push(records.subarray(at, at + size));
    at += size;
  }
  return { batches, partial: at < records.length };
}

/** A record to write. Timestamps are absolute (ms since the epoch). */
export interface RecordToWrite {
  key: Buffer | null;
  value: Buffer | null;
  headers?: readonly { key: Buffer; value: Buffer | null }[] | null;
  timestamp: number;
}

export interface BatchWriteOptions {
  baseOffset?: number;
  /** -1 (default) for a producer that is not idempotent. */
  producerId?: number | bigint;
  producerEpoch?: number;
  baseSequence?: number;
  codec?: Codec;
  /** Extra attribute bits (transactional, control, log-append time), ORed with the codec. */
  attributes?: number;
  /** The batch's base timestamp (default: the first record's). */
  baseTimestamp?: number;
  partitionLeaderEpoch?: number;
  /** Where an uncompressed batch is written: a buffer of at least `size` bytes (default Buffer.allocUnsafe); the batch is its first `size` bytes. */
  alloc?: (size: number) => Buffer;
}

function uvarintSize(u: number): number {
  if (u < 0x80) return 1;
  if (u < 0x4000) return 2;
  if (u < 0x200000) return 3;
  if (u < 0x10000000) return 4;
  let n = 5;
  u = Math.floor(u / 0x800000000);
  while (u > 0) {
    u = Math.floor(u / 128);
    n++;
  }
  return n;
}

function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

function varintSize(v: number): number {
  return uvarintSize(zigzag(v));
}

/** The size of a bytes field of this length (-1: null). */
function lengthFieldSize(len: number): number {
  return len < 0 ? 1 : varintSize(len) + len;
}

function bytesFieldSize(b: Buffer | null): number {
  return lengthFieldSize(b === null ? -1 : b.length);
}

/** The bytes of one record body (after its length varint) at the given deltas. */
function recordBodySize(rec: RecordToWrite, offsetDelta: number, timestampDelta: number): number {
  let n = 1 + varintSize(timestampDelta) + varintSize(offsetDelta) + bytesFieldSize(rec.key) + bytesFieldSize(rec.value);
  const hs = rec.headers;
  n += varintSize(hs ? hs.length : 0);
  if (hs) for (const h of hs) n += varintSize(h.key.length) + h.key.length + bytesFieldSize(h.value);
  return n;
}

/** The size of a batch holding this record alone, uncompressed: what a broker checks against max.message.bytes. */
export function singleRecordBatchSize(rec: RecordToWrite): number {
  const body = recordBodySize(rec, 0, 0);
  return BATCH_HEADER_SIZE + varintSize(body) + body;
}

/** recordSizeInBatch of a record without headers, from its key's and value's lengths (-1: null). */
export function plainRecordSizeInBatch(keyLen: number, valueLen: number, offsetDelta: number, timestampDelta: number): number {
  const body = 2 + varintSize(timestampDelta) + varintSize(offsetDelta) + lengthFieldSize(keyLen) + lengthFieldSize(valueLen);
  return varintSize(body) + body;
}

/** singleRecordBatchSize of a record without headers, from its key's and value's lengths (-1: null). */
export function plainSingleRecordBatchSize(keyLen: number, valueLen: number): number {
  return BATCH_HEADER_SIZE + plainRecordSizeInBatch(keyLen, valueLen, 0, 0);
}

/** The encoded size of a record inside a batch (an upper bound on what it adds to an uncompressed batch). */
export function recordSizeInBatch(rec: RecordToWrite, offsetDelta: number, timestampDelta: number): number {
  const body = recordBodySize(rec, offsetDelta, timestampDelta);
  return varintSize(body) + body;
}

function writeUvarint(buf: Buffer, at: number, u: number): number {
  if (u < 0x80) {
    buf[at] = u;
    return at + 1;
  }
  if (u < 0x4000) {
    buf[at] = (u & 0x7f) | 0x80;
    buf[at + 1] = u >>> 7;
    return at + 2;
  }
  while (u >= 0x80) {
    buf[at++] = (u % 128) | 0x80;
    u = Math.floor(u / 128);
  }
  buf[at++] = u;
  return at;
}

function writeBytesField(buf: Buffer, at: number, b: Buffer | null): number {
  if (b === null) return writeUvarint(buf, at, 1); // zigzag(-1)
  at = writeUvarint(buf, at, b.length * 2);
  return at + b.copy(buf, at);
}

/** Encodes the records themselves (the part a codec compresses) into one buffer. */
function encodeRecords(records: readonly RecordToWrite[], baseTimestamp: number, reserve: number, alloc?: (size: number) => Buffer): Buffer {
  const sizes = new Array<number>(records.length);
  let total = reserve;
  for (let i = 0; i < records.length; i++) {
    const body = recordBodySize(records[i], i, records[i].timestamp - baseTimestamp);
    sizes[i] = body;
    total += varintSize(body) + body;
  }
  const buf = alloc ? alloc(total).subarray(0, total) : Buffer.allocUnsafe(total);
  let at = reserve;
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    at = writeUvarint(buf, at, zigzag(sizes[i]));
    buf[at++] = 0; // attributes
    at = writeUvarint(buf, at, zigzag(rec.timestamp - baseTimestamp));
    at = writeUvarint(buf, at, zigzag(i));
    at = writeBytesField(buf, at, rec.key);
    at = writeBytesField(buf, at, rec.value);
    const hs = rec.headers;
    at = writeUvarint(buf, at, zigzag(hs ? hs.length : 0));
    if (hs) {
      for (const h of hs) {
        at = writeBytesField(buf, at, h.key);
        at = writeBytesField(buf, at, h.value);
      }
    }
  }
  return buf;
}

/**
 * A RecordBatch v2 with these records (offset deltas 0…n-1), compressed with opts.codec, its
 * CRC-32C computed: what a producer sends in Produce v3 and later.
 */
export function encodeRecordBatch(records: readonly RecordToWrite[], opts: BatchWriteOptions = {}): Buffer {
  if (records.length === 0) throw new RangeError('a record batch needs at least one record');
  const codec = opts.codec ?? Codec.None;
  const baseTs = opts.baseTimestamp ?? records[0].timestamp;
  let maxTs = baseTs;
  for (const r of records) if (r.timestamp > maxTs) maxTs = r.timestamp;
  let b: Buffer;
  if (codec === Codec.None) {
    b = encodeRecords(records, baseTs, BATCH_HEADER_SIZE, opts.alloc); // header written in front, no copy
  } else {
    const body = compress(codec, encodeRecords(records, baseTs, 0));
    b = Buffer.allocUnsafe(BATCH_HEADER_SIZE + body.length);
    body.copy(b, BATCH_HEADER_SIZE);
  }
  b.writeBigInt64BE(BigInt(opts.baseOffset ?? 0), OFF_BASE_OFFSET);
  b.writeInt32BE(b.length - 12, OFF_BATCH_LENGTH);
  b.writeInt32BE(opts.partitionLeaderEpoch ?? -1, OFF_LEADER_EPOCH);
  b.writeInt8(2, OFF_MAGIC);
  b.writeInt16BE((opts.attributes ?? 0) | codec, OFF_ATTRIBUTES);
  b.writeInt32BE(records.length - 1, OFF_LAST_OFFSET_DELTA);
  b.writeBigInt64BE(BigInt(baseTs), OFF_BASE_TIMESTAMP);
  b.writeBigInt64BE(BigInt(maxTs), OFF_MAX_TIMESTAMP);
  b.writeBigInt64BE(BigInt(opts.producerId ?? -1), OFF_PRODUCER_ID);
  b.writeInt16BE(opts.producerEpoch ?? -1, OFF_PRODUCER_EPOCH);
  b.writeInt32BE(opts.baseSequence ?? -1, OFF_BASE_SEQUENCE);
  b.writeInt32BE(records.length, OFF_RECORD_COUNT);
  b.writeUInt32BE(crc32c(b, OFF_ATTRIBUTES), OFF_CRC);
  return b;
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
 * [key, value] pairs at deltas from baseTimestamp; `attributes` are written as given.
 */
export function buildBatch(
  records: { key?: Buffer | null; value: Buffer | null; timestampDelta?: number }[],
  opts: { baseTimestamp?: number; producerId?: number; producerEpoch?: number; baseSequence?: number; attributes?: number } = {},
): Buffer {
  const baseTimestamp = opts.baseTimestamp ?? Date.now();
  return encodeRecordBatch(
    records.map((r) => ({ key: r.key ?? null, value: r.value, timestamp: baseTimestamp + (r.timestampDelta ?? 0) })),
    { baseTimestamp, producerId: opts.producerId, producerEpoch: opts.producerEpoch, baseSequence: opts.baseSequence, attributes: opts.attributes },
  );
}

/** Decodes the records of an uncompressed batch (tests and tools only). */
export function decodeRecords(batch: Buffer): PlainRecord[] {
  if ((batch.readInt16BE(OFF_ATTRIBUTES) & COMPRESSION_MASK) !== 0) throw new Error('compressed batch');
  return batchRecords(batch);
}
