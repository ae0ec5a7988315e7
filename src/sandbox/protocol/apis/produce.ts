// Produce (key 0), v0-7. Only record batches v2 (magic 2) are stored; older message formats are
// refused with UNSUPPORTED_FOR_MESSAGE_FORMAT. v0-2 are advertised anyway, as Kafka before 4.0
// does, because librdkafka 2.0.2 enables gzip/snappy/lz4 only when Produce v0 is in the range.
// acks=0 gets no response at all.
// Batches are validated (framing, magic 2, CRC-32C, size vs max.message.bytes, idempotent
// sequence) and stored untouched apart from the base offset; compressed batches pass through.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import { NO_RESPONSE, type ApiHandler, type HandlerResult, type RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { splitBatches } from '../record-batch';
import { checkSequence, recordAppend } from '../../producers';

interface PartitionResult { index: number; error: number; baseOffset: number; logStartOffset: number }

export const produceHandler: ApiHandler = {
  apiKey: ApiKey.Produce,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 7,
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
        if (p.leader !== ctx.broker.id) return res(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        if (pd.records === null || pd.records.length === 0) return res(ErrorCode.CORRUPT_MESSAGE);
        const split = splitBatches(pd.records);
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
      });
    });
    if (v >= 1) w.int32(0); // throttle_time_ms
    return w;
  },
};
