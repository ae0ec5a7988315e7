// DeleteRecords (key 21), v0-2 (v2 flexible): moves each partition's log start offset, so that
// ListOffsets earliest and Fetch no longer reach the records before it. Must reach the leader.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { KafkaError } from '../../cluster';
import { readArray, readString, writeArray, writeString } from './acls-common';

interface PartitionResult { index: number; lowWatermark: number; error: number }

export const deleteRecordsHandler: ApiHandler = {
  apiKey: ApiKey.DeleteRecords,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  handle(ctx: RequestContext, r: Reader): Writer {
    const flexible = ctx.apiVersion >= 2;
    const topics = readArray(r, flexible, (r) => {
      const name = readString(r, flexible);
      const partitions = readArray(r, flexible, (r) => {
        const index = r.int32();
        const offset = r.int64();
        if (flexible) r.taggedFields();
        return { index, offset };
      });
      if (flexible) r.taggedFields();
      return { name, partitions };
    });
    r.int32(); // timeout_ms: every replica is always in sync, so there is nothing to wait for
    if (flexible) r.taggedFields();

    const w = new Writer().int32(0); // throttle_time_ms
    writeArray(w, topics, flexible, (w, t) => {
      writeString(w, t.name, flexible);
      const results = t.partitions.map((q): PartitionResult => {
        const fail = (error: number): PartitionResult => ({ index: q.index, lowWatermark: -1, error });
        if (ctx.forcedError !== undefined) return fail(ctx.forcedError);
        const p = ctx.cluster.partition(t.name, q.index);
        if (!p) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (p.leader !== ctx.broker.id) return fail(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        try {
          return { index: q.index, lowWatermark: ctx.cluster.deleteRecords(t.name, q.index, q.offset), error: ErrorCode.NONE };
        } catch (err) {
          if (err instanceof KafkaError) return fail(err.code);
          throw err;
        }
      });
      writeArray(w, results, flexible, (w, res) => {
        w.int32(res.index).int64(res.lowWatermark).int16(res.error);
        if (flexible) w.taggedFields();
      });
      if (flexible) w.taggedFields();
    });
    if (flexible) w.taggedFields();
    return w;
  },
};
