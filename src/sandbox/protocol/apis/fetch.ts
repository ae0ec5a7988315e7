// Fetch (key 1), v0-11. No fetch sessions (session_id 0 in every answer: each request is a full
// fetch). Long-polls up to max_wait_ms until min_bytes are available; honours max_bytes and
// partition_max_bytes but always returns at least one whole batch so large batches make progress.
// isolation_level is accepted and ignored (no transactions, so LSO = high watermark).
// v0-3 (no max_bytes before v3) get the stored batches down-converted to messages v0 (Fetch v0-1)
// or v1 (v2-3), as Kafka 3.x does; see ../down-convert.ts. Below v10, a topic whose
// compression.type is zstd answers UNSUPPORTED_COMPRESSION_TYPE, as Kafka's maybeConvertFetchedData.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import type { PartitionState } from '../../cluster';
import { downConvert } from '../down-convert';

interface FetchPartition { partition: number; fetchOffset: number; partitionMaxBytes: number }
interface FetchTopic { topic: string; partitions: FetchPartition[] }

interface PartitionAnswer {
  partition: number;
  error: number;
  highWatermark: number;
  logStartOffset: number;
  batches: Buffer[];
  bytes: number;
}

/** The most a single fetch may wait, whatever the client asks (keeps shutdown prompt). */
const MAX_WAIT_CAP_MS = 30000;

/** The message format a fetch version reads: 2 (record batches) from v4, 1 for v2-3, 0 for v0-1. */
function readableMagic(v: number): 0 | 1 | 2 {
  return v >= 4 ? 2 : v >= 2 ? 1 : 0;
}

function collect(ctx: RequestContext, topics: FetchTopic[], maxBytes: number): { answers: { topic: string; partitions: PartitionAnswer[] }[]; bytes: number; watch: PartitionState[]; hasError: boolean } {
  let total = 0;
  let hasError = false;
  const watch: PartitionState[] = [];
  const answers = topics.map((t) => {
    const topic = ctx.cluster.topics.get(t.topic);
    return {
      topic: t.topic,
      partitions: t.partitions.map((fp): PartitionAnswer => {
        const fail = (error: number): PartitionAnswer => {
          hasError = true;
          return { partition: fp.partition, error, highWatermark: -1, logStartOffset: -1, batches: [], bytes: 0 };
        };
        if (ctx.forcedError !== undefined) return fail(ctx.forcedError);
        const p = topic?.partitions[fp.partition];
        if (!p) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (p.leader !== ctx.broker.id) return fail(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        const v = ctx.apiVersion;
        if (v < 10 && topic && ctx.cluster.topicConfig(topic, 'compression.type') === 'zstd') return fail(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
        const magic = readableMagic(v);
        if (magic < 2 && topic && ctx.cluster.topicConfig(topic, 'message.downconversion.enable') === 'false') return fail(ErrorCode.UNSUPPORTED_VERSION);
        const log = p.log;
        if (fp.fetchOffset < log.logStartOffset || fp.fetchOffset > log.highWatermark) {
          hasError = true;
          return { partition: fp.partition, error: ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, batches: [], bytes: 0 };
        }
        watch.push(p);
        const budget = Math.min(fp.partitionMaxBytes, Math.max(0, maxBytes - total));
        let { batches, bytes } = log.read(fp.fetchOffset, budget, total === 0);
        if (magic !== 2 && batches.length > 0) {
          const converted = downConvert(batches, magic, fp.fetchOffset, budget);
          if (!converted.ok && converted.reason === 'zstd') return fail(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE); // as Kafka: zstd is not down-converted
          if (!converted.ok) {
            ctx.log(`fetch v${v} of ${t.topic}-${fp.partition}: a stored batch does not decode (${converted.detail}); answering CORRUPT_MESSAGE`);
            return fail(ErrorCode.CORRUPT_MESSAGE);
          }
          batches = [converted.messages];
          bytes = converted.messages.length;
        }
        total += bytes;
        return { partition: fp.partition, error: 0, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, batches, bytes };
      }),
    };
  });
  return { answers, bytes: total, watch, hasError };
}

export const fetchHandler: ApiHandler = {
  apiKey: ApiKey.Fetch,
  name: 'Fetch',
  minVersion: 0,
  maxVersion: 11,
  async handle(ctx: RequestContext, r: Reader): Promise<Writer> {
    const v = ctx.apiVersion;
    r.int32(); // replica_id
    const maxWaitMs = r.int32();
    const minBytes = r.int32();
    const maxBytes = v >= 3 ? r.int32() : 0x7fffffff; // before v3 the response has no size limit
    if (v >= 4) r.int8(); // isolation_level
    let sessionId = 0;
    let sessionEpoch = -1;
    if (v >= 7) {
      sessionId = r.int32();
      sessionEpoch = r.int32();
    }
    const topics: FetchTopic[] = r.array((r) => ({
      topic: r.string(),
      partitions: r.array((r) => {
        const partition = r.int32();
        if (v >= 9) r.int32(); // current_leader_epoch
        const fetchOffset = r.int64();
        if (v >= 5) r.int64(); // log_start_offset (followers only)
        const partitionMaxBytes = r.int32();
        return { partition, fetchOffset, partitionMaxBytes };
      }),
    }));
    if (v >= 7) r.array((r) => ({ topic: r.string(), partitions: r.int32Array() })); // forgotten_topics_data
    if (v >= 11) r.string(); // rack_id

    const w = new Writer();
    // Incremental fetch sessions are not offered; a client that tries one is told so.
    if (v >= 7 && sessionId !== 0 && sessionEpoch !== -1) {
      w.int32(0).int16(ErrorCode.FETCH_SESSION_ID_NOT_FOUND).int32(0).array([], () => {});
      return w;
    }

    let res = collect(ctx, topics, maxBytes);
    const deadline = Date.now() + Math.min(Math.max(0, maxWaitMs), MAX_WAIT_CAP_MS);
    while (res.bytes < minBytes && !res.hasError && res.watch.length > 0 && Date.now() < deadline) {
      const waits = res.watch.map((p) => p.log.waitForData(deadline - Date.now()));
      await Promise.race(waits.map((x) => x.promise));
      for (const x of waits) x.cancel();
      res = collect(ctx, topics, maxBytes);
    }

    if (v >= 1) w.int32(0); // throttle_time_ms
    if (v >= 7) w.int16(ctx.forcedError ?? ErrorCode.NONE).int32(0); // error_code, session_id
    w.array(res.answers, (w, t) => {
      w.string(t.topic);
      w.array(t.partitions, (w, p) => {
        w.int32(p.partition).int16(p.error).int64(p.highWatermark);
        if (v >= 4) w.int64(p.highWatermark); // last_stable_offset
        if (v >= 5) w.int64(p.logStartOffset);
        if (v >= 4) w.int32(0); // aborted_transactions: empty
        if (v >= 11) w.int32(-1); // preferred_read_replica
        w.int32(p.bytes);
        for (const b of p.batches) w.rawRef(b);
      });
    });
    return w;
  },
  errorResponse(version: number, code: number): Writer | null {
    // Before v7 there is no top-level error code to carry INVALID_REQUEST: close instead.
    if (version < 7) return null;
    return new Writer().int32(0).int16(code).int32(0).int32(0);
  },
};
