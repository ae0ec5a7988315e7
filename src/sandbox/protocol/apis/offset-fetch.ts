// OffsetFetch (key 9), v0-5. v0 reads the offsets OffsetCommit v0 stored (ZooKeeper's, in a
// ZooKeeper-mode Kafka 3.x broker; ../../groups/zk-offsets.ts), on any broker: a partition without
// one answers offset -1 with UNKNOWN_TOPIC_OR_PARTITION, as Kafka does. v1 is v0 read from the
// coordinator. v2 allows null topics ("everything the group committed") and adds a
// top-level error_code; v3 adds throttle_time_ms; v5 adds committed_leader_epoch per partition.
// A partition without a committed offset answers offset -1 and no error, as Kafka does.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { coordinatesHere, groupCoordinator } from '../../groups/service';
import { zkOffsets } from '../../groups/zk-offsets';

interface PartitionAnswer {
  index: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

function encode(v: number, topics: { name: string; partitions: PartitionAnswer[] }[], errorCode: number): Writer {
  const w = new Writer(256);
  if (v >= 3) w.int32(0); // throttle_time_ms
  w.array(topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => {
      w.int32(p.index).int64(p.offset);
      if (v >= 5) w.int32(p.leaderEpoch);
      w.nullableString(p.metadata).int16(p.errorCode);
    });
  });
  if (v >= 2) w.int16(errorCode);
  return w;
}

export const offsetFetchHandler: ApiHandler = {
  apiKey: ApiKey.OffsetFetch,
  name: 'OffsetFetch',
  minVersion: 0,
  maxVersion: 5,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const groupId = r.string();
    const readTopic = (r: Reader) => ({ name: r.string(), partitions: r.int32Array() });
    const requested = v >= 2 ? r.nullableArray(readTopic) : r.array(readTopic);

    if (v === 0) {
      const store = zkOffsets(ctx.cluster);
      return encode(v, (requested ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitions.map((index) => {
          const offset = ctx.forcedError === undefined && ctx.cluster.partition(t.name, index) ? store.get(groupId, t.name, index) : undefined;
          const errorCode = ctx.forcedError ?? (offset === undefined ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.NONE);
          return { index, offset: offset ?? -1, leaderEpoch: -1, metadata: '', errorCode };
        }),
      })), ErrorCode.NONE);
    }

    const groupError = ctx.forcedError ?? (coordinatesHere(ctx, groupId) ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR);
    if (groupError !== ErrorCode.NONE) {
      // v1 has no top-level error, so the error goes on every partition there.
      const topics = (requested ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitions.map((index) => ({ index, offset: -1, leaderEpoch: -1, metadata: '', errorCode: v >= 2 ? 0 : groupError })),
      }));
      return encode(v, v >= 2 ? [] : topics, groupError);
    }

    const coordinator = groupCoordinator(ctx.cluster);
    const asked =
      requested ?? [...coordinator.committedTopics(groupId)].map(([name, byPartition]) => ({ name, partitions: [...byPartition.keys()].sort((a, b) => a - b) }));
    const topics = asked.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((index) => {
        const c = coordinator.committed(groupId, t.name, index);
        return { index, offset: c?.offset ?? -1, leaderEpoch: c?.leaderEpoch ?? -1, metadata: c?.metadata ?? '', errorCode: ErrorCode.NONE };
      }),
    }));
    return encode(v, topics, ErrorCode.NONE);
  },
  errorResponse(version: number, code: number): Writer | null {
    // v0-1 have no top-level error field: the connection closes instead.
    return version >= 2 ? encode(version, [], code) : null;
  },
};
