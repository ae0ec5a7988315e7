// Down-conversion of stored record batches (magic 2) to the old message formats that Fetch v0-3
// carry: magic 0 for v0-1, magic 1 for v2-3, as Kafka 3.x does (KafkaApis.maybeConvertFetchedData,
// RecordsUtil.downConvert). Like Kafka: control batches are skipped, headers are dropped, records
// before the fetch offset are dropped, and zstd batches cannot be converted (the partition answers
// UNSUPPORTED_COMPRESSION_TYPE). Unlike Kafka, converted messages are written uncompressed (Kafka
// recompresses them with the batch's codec); every client reads uncompressed message sets.
import { batchRecords, COMPRESSION_MASK, CONTROL_FLAG, OFF_ATTRIBUTES, type PlainRecord } from './record-batch';

export { batchRecords } from './record-batch';

const CODEC_ZSTD = 4;

const CRC_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  CRC_TABLE[n] = c;
}

/** CRC-32 (IEEE), the checksum of messages v0/v1. */
export function crc32(buf: Uint8Array): number {
  let crc = ~0;
  for (let i = 0; i < buf.length; i++) crc = CRC_TABLE[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** One uncompressed message v0 or v1 (LegacyRecord) with its offset and size prefix. */
export function legacyMessage(magic: 0 | 1, rec: PlainRecord): Buffer {
  const keyLen = rec.key ? rec.key.length : 0;
  const valueLen = rec.value ? rec.value.length : 0;
  const bodyLen = 4 + 1 + 1 + (magic === 1 ? 8 : 0) + 4 + keyLen + 4 + valueLen; // crc … value
  const b = Buffer.alloc(12 + bodyLen);
  b.writeBigInt64BE(BigInt(rec.offset), 0);
  b.writeInt32BE(bodyLen, 8);
  let at = 16;
  b.writeInt8(magic, at++);
  b.writeInt8(0, at++); // attributes: no compression, CreateTime
  if (magic === 1) {
    b.writeBigInt64BE(BigInt(rec.timestamp), at);
    at += 8;
  }
  b.writeInt32BE(rec.key ? keyLen : -1, at);
  at += 4;
  if (rec.key) at += rec.key.copy(b, at);
  b.writeInt32BE(rec.value ? valueLen : -1, at);
  at += 4;
  if (rec.value) rec.value.copy(b, at);
  b.writeUInt32BE(crc32(b.subarray(16)), 12);
  return b;
}

export type DownConverted = { ok: true; messages: Buffer } | { ok: false; reason: 'zstd' } | { ok: false; reason: 'corrupt'; detail: string };

/**
 * Converts stored batches to a message set of the given magic, from fetchOffset on, of at most
 * maxBytes (whole messages; at least one, so a large message still makes progress): old messages
 * take more room than records in a batch, so the set can outgrow what the batches took.
 */
export function downConvert(batches: Buffer[], magic: 0 | 1, fetchOffset: number, maxBytes = Infinity): DownConverted {
  const parts: Buffer[] = [];
  let size = 0;
  for (const batch of batches) {
    const attributes = batch.readInt16BE(OFF_ATTRIBUTES);
    if (attributes & CONTROL_FLAG) continue;
    if ((attributes & COMPRESSION_MASK) === CODEC_ZSTD) return { ok: false, reason: 'zstd' };
    let records: PlainRecord[];
    try {
      records = batchRecords(batch);
    } catch (err) {
      // Kafka validates compressed records when they are produced; the sandbox stores batches as
      // sent, so a batch whose CRC holds but whose records do not decode is only found here.
      return { ok: false, reason: 'corrupt', detail: err instanceof Error ? err.message : String(err) };
    }
    for (const rec of records) {
      if (rec.offset < fetchOffset) continue;
      const m = legacyMessage(magic, rec);
      if (parts.length > 0 && size + m.length > maxBytes) return { ok: true, messages: Buffer.concat(parts) };
      parts.push(m);
      size += m.length;
    }
  }
  return { ok: true, messages: Buffer.concat(parts) };
}
