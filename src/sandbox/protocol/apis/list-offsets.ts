// ListOffsets (key 2), v1-3: timestamp -1 = latest (high watermark), -2 = earliest (log start),
// otherwise the first offset whose timestamp is >= the given one (offset -1 when none).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export const listOffsetsHandler: ApiHandler = {
  apiKey: ApiKey.ListOffsets,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 3,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    r.int32(); // replica_id
    if (v >= 2) r.int8(); // isolation_level: no transactions, so both levels see the high watermark
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), timestamp: r.int64() })),
    }));
    const w = new Writer();
    if (v >= 2) w.int32(0); // throttle_time_ms
    w.array(topics, (w, t) => {
      w.string(t.name);
      const topic = ctx.cluster.topics.get(t.name);
      w.array(t.partitions, (w, q) => {
        w.int32(q.index);
        const answer = (error: number, timestamp = -1, offset = -1) => w.int16(error).int64(timestamp).int64(offset);
        if (ctx.forcedError !== undefined) return answer(ctx.forcedError);
        const p = topic?.partitions[q.index];
        if (!p) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (p.leader !== ctx.broker.id) return answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        if (q.timestamp === LATEST_TIMESTAMP) return answer(0, -1, p.log.highWatermark);
        if (q.timestamp === EARLIEST_TIMESTAMP) return answer(0, -1, p.log.logStartOffset);
        if (q.timestamp < 0) return answer(ErrorCode.INVALID_REQUEST);
        const found = p.log.offsetForTimestamp(q.timestamp);
        return found ? answer(0, found.timestamp, found.offset) : answer(0, -1, -1);
      });
    });
    return w;
  },
};
