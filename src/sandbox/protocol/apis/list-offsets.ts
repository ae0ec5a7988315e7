// ListOffsets (key 2), v0-5: timestamp -1 = latest (high watermark), -2 = earliest (log start),
// otherwise the first offset whose timestamp is >= the given one (offset -1 when none).
// v0 answers Kafka's legacy way (UnifiedLog.legacyFetchOffsetsBefore): up to max_num_offsets
// segment start offsets, newest first, of segments last written at or before the timestamp, with
// the log end offset first when the log is not empty. The sandbox log is one segment starting at
// the log start offset, last written at its largest record timestamp.
// v4 adds current_leader_epoch (checked as Kafka does: older → FENCED_LEADER_EPOCH, newer →
// UNKNOWN_LEADER_EPOCH, -1 skips the check) and the leader epoch of the offset found; v5 only
// allows OFFSET_NOT_AVAILABLE, which a sandbox leader never needs (its ISR is always complete).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import type { PartitionState } from '../../cluster';
import { OFF_LEADER_EPOCH } from '../record-batch';

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

/** The leader epoch the batch holding `offset` was written in (the current one past the end). */
function epochAt(p: PartitionState, offset: number): number {
  const i = p.log.indexOf(offset);
  return i < 0 ? p.leaderEpoch : p.log.batches[i].readInt32BE(OFF_LEADER_EPOCH);
}

/** The offsets v0 reports: [(offset, last written)] per segment, plus (log end, now) if the log is not empty. */
function legacyOffsets(p: PartitionState, timestamp: number, maxNumOffsets: number): number[] {
  const log = p.log;
  const points: [number, number][] = [[log.logStartOffset, log.batches.length > 0 ? log.maxTimestamp : 0]];
  if (log.batches.length > 0) points.push([log.highWatermark, Date.now()]);
  let start: number;
  if (timestamp === LATEST_TIMESTAMP) start = points.length - 1;
  else if (timestamp === EARLIEST_TIMESTAMP) start = 0;
  else for (start = points.length - 1; start >= 0 && points[start][1] > timestamp; start--);
  const out: number[] = [];
  for (let i = start; i >= 0 && out.length < maxNumOffsets; i--) out.push(points[i][0]);
  return out;
}

function legacyAnswer(ctx: RequestContext, topics: { name: string; partitions: { index: number; timestamp: number; maxNumOffsets: number }[] }[]): Writer {
  const w = new Writer();
  w.array(topics, (w, t) => {
    w.string(t.name);
    const topic = ctx.cluster.topics.get(t.name);
    w.array(t.partitions, (w, q) => {
      w.int32(q.index);
      const answer = (error: number, offsets: number[] = []) => w.int16(error).array(offsets, (w, o) => w.int64(o));
      if (ctx.forcedError !== undefined) return answer(ctx.forcedError);
      const p = topic?.partitions[q.index];
      if (!p) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      if (p.leader !== ctx.broker.id) return answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
      return answer(ErrorCode.NONE, legacyOffsets(p, q.timestamp, q.maxNumOffsets));
    });
  });
  return w;
}

export const listOffsetsHandler: ApiHandler = {
  apiKey: ApiKey.ListOffsets,
  name: 'ListOffsets',
  minVersion: 0,
  maxVersion: 5,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    r.int32(); // replica_id
    if (v >= 2) r.int8(); // isolation_level: no transactions, so both levels see the high watermark
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const index = r.int32();
        const currentLeaderEpoch = v >= 4 ? r.int32() : -1;
        return { index, currentLeaderEpoch, timestamp: r.int64(), maxNumOffsets: v === 0 ? r.int32() : 1 };
      }),
    }));
    if (v === 0) return legacyAnswer(ctx, topics);
    const w = new Writer();
    if (v >= 2) w.int32(0); // throttle_time_ms
    w.array(topics, (w, t) => {
      w.string(t.name);
      const topic = ctx.cluster.topics.get(t.name);
      w.array(t.partitions, (w, q) => {
        w.int32(q.index);
        const answer = (error: number, timestamp = -1, offset = -1, leaderEpoch = -1) => {
          w.int16(error).int64(timestamp).int64(offset);
          if (v >= 4) w.int32(leaderEpoch);
        };
        if (ctx.forcedError !== undefined) return answer(ctx.forcedError);
        const p = topic?.partitions[q.index];
        if (!p) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (p.leader !== ctx.broker.id) return answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        if (q.currentLeaderEpoch >= 0 && q.currentLeaderEpoch < p.leaderEpoch) return answer(ErrorCode.FENCED_LEADER_EPOCH);
        if (q.currentLeaderEpoch > p.leaderEpoch) return answer(ErrorCode.UNKNOWN_LEADER_EPOCH);
        if (q.timestamp === LATEST_TIMESTAMP) return answer(0, -1, p.log.highWatermark, p.leaderEpoch);
        if (q.timestamp === EARLIEST_TIMESTAMP) return answer(0, -1, p.log.logStartOffset, epochAt(p, p.log.logStartOffset));
        if (q.timestamp < 0) return answer(ErrorCode.INVALID_REQUEST);
        const found = p.log.offsetForTimestamp(q.timestamp);
        return found ? answer(0, found.timestamp, found.offset, epochAt(p, found.offset)) : answer(0, -1, -1);
      });
    });
    return w;
  },
};
