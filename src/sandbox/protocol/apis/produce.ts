// Produce (key 0), v0-8 (v8 adds record_errors and error_message per partition: always empty
// here). Only record batches v2 (magic 2) are stored; older message formats are refused with
// UNSUPPORTED_FOR_MESSAGE_FORMAT. v0-2 are advertised anyway, as Kafka before 4.0
// does, because librdkafka 2.0.2 enables gzip/snappy/lz4 only when Produce v0 is in the range.
// acks=0 gets no response at all.
// Batches are validated (framing, magic 2, CRC-32C, size vs max.message.bytes, idempotent
// sequence) and stored untouched apart from the base offset; compressed batches pass through.
// As in Kafka 3.x: a zstd batch needs v7+ (v3-6 answer UNSUPPORTED_COMPRESSION_TYPE per partition,
// ProduceRequest.validateRecords; v0-2 are not checked there, so neither here), and an lz4 batch
// whose frame header Kafka's reader refuses (dependent blocks, bad descriptor checksum…) fails the
// way the broker's LogValidator does: the KafkaException surfaces as UNKNOWN_SERVER_ERROR.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import { NO_RESPONSE, type ApiHandler, type HandlerResult, type RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { BATCH_HEADER_SIZE, COMPRESSION_MASK, splitBatches } from '../record-batch';
import { kafkaLz4FrameProblem } from '../../../core/codecs';
import { checkSequence, recordAppend } from '../../producers';

const CODEC_LZ4 = 3;
const CODEC_ZSTD = 4;

interface PartitionResult { index: number; error: number; baseOffset: number; logStartOffset: number }

export const produceHandler: ApiHandler = {
  apiKey: ApiKey.Produce,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 8,
  handle(ctx: RequestContext, r: Reader): HandlerResult {
    const v = ctx.apiVersion;
    if (v >= 3) r.nullableString(); // transactional_id: transactions are not supported, batches are appended as is
    const acks = r.int16();
    r.int32(); // timeout_ms
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), records: r.nullableBytes() })),
    }));
    const { cluster } = ctx;
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((pd): PartitionResult => {
        const res = (error: number, baseOffset = -1, logStartOffset = -1): PartitionResult => ({ index: pd.index, error, baseOffset, logStartOffset });
        if (ctx.forcedError !== undefined) return res(ctx.forcedError);
        if (acks !== 0 && acks !== 1 && acks !== -1) return res(ErrorCode.INVALID_REQUIRED_ACKS);
        const topic = cluster.topics.get(t.name);
        const p = topic?.partitions[pd.index];
        if (!topic || !p) return res(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (pd.records === null || pd.records.length === 0) return res(ErrorCode.CORRUPT_MESSAGE);
        const split = splitBatches(pd.records);
        if (split.ok && v >= 3 && v < 7 && split.batches.some((b) => (b.attributes & COMPRESSION_MASK) === CODEC_ZSTD)) {
          ctx.log(`produce to ${t.name}-${pd.index} rejected: Produce requests with version ${v} are not allowed to use ZStandard compression (v7+ is)`);
          return res(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
        }
        if (p.leader !== ctx.broker.id) return res(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        if (!split.ok) {
          ctx.log(`produce to ${t.name}-${pd.index} rejected: ${split.detail}`);
          return res(split.reason === 'magic' ? ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT : ErrorCode.CORRUPT_MESSAGE);
        }
        const max = cluster.maxMessageBytes(topic);
        for (const b of split.batches) {
          if (b.bytes.length > max) {
            ctx.log(`produce to ${t.name}-${pd.index} rejected: batch of ${b.bytes.length} bytes exceeds max.message.bytes ${max}`);
            return res(ErrorCode.MESSAGE_TOO_LARGE);
          }
        }
        for (const b of split.batches) {
          if ((b.attributes & COMPRESSION_MASK) !== CODEC_LZ4) continue;
          const problem = kafkaLz4FrameProblem(b.bytes.subarray(BATCH_HEADER_SIZE));
          if (problem) {
            ctx.log(`produce to ${t.name}-${pd.index} rejected: lz4 batch refused as Kafka's broker refuses it: ${problem} (write frames with independent blocks, FLG 0x60)`);
            return res(ErrorCode.UNKNOWN_SERVER_ERROR);
          }
        }
        let first = -1;
        for (const b of split.batches) {
          const check = checkSequence(p, b);
          if (check.kind === 'error') {
            ctx.log(`produce to ${t.name}-${pd.index} rejected: ${check.message}`);
            return res(check.code);
          }
          let base: number;
          if (check.kind === 'duplicate') {
            base = check.baseOffset;
          } else {
            base = p.log.append(b, p.leaderEpoch);
            recordAppend(p, b, base);
          }
          if (first < 0) first = base;
        }
        return res(ErrorCode.NONE, first, p.log.logStartOffset);
      }),
    }));
    if (acks === 0) return NO_RESPONSE;
    const w = new Writer();
    w.array(results, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => {
        w.int32(p.index).int16(p.error).int64(p.baseOffset);
        if (v >= 2) w.int64(-1); // log_append_time_ms: -1 (CreateTime)
        if (v >= 5) w.int64(p.logStartOffset);
        if (v >= 8) w.array([], () => {}).nullableString(null); // record_errors, error_message
      });
    });
    if (v >= 1) w.int32(0); // throttle_time_ms
    return w;
  },
};
