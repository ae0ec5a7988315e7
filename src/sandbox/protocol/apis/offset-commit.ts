// OffsetCommit (key 8), v0-7. v0 has no generation nor member id and, as in a ZooKeeper-mode Kafka
// 3.x broker, stores its offsets apart from the coordinator's (../../groups/zk-offsets.ts), on any
// broker. v1 adds generation_id, member_id and a per-partition commit_timestamp (ignored).
// v2-4 carry retention_time_ms (ignored: offsets are kept for the
// sandbox's lifetime), v3 adds throttle_time_ms to the answer, v5 drops the retention time,
// v6 adds committed_leader_epoch per partition, v7 adds group_instance_id.
// A generation of -1 commits outside group management (admin tools, assign()-only consumers).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import type { OffsetCommitEntry } from '../../groups/coordinator';
import { coordinatesHere, groupCoordinator } from '../../groups/service';
import { zkOffsets } from '../../groups/zk-offsets';

/** Kafka's offset.metadata.max.bytes default, which also bounds v0 (ZooKeeper) commits. */
const MAX_METADATA_BYTES = 4096;

interface TopicAnswer {
  name: string;
  partitions: { index: number; errorCode: number }[];
}

function encode(v: number, topics: TopicAnswer[]): Writer {
  const w = new Writer(128);
  if (v >= 3) w.int32(0); // throttle_time_ms
  w.array(topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => w.int32(p.index).int16(p.errorCode));
  });
  return w;
}

export const offsetCommitHandler: ApiHandler = {
  apiKey: ApiKey.OffsetCommit,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 7,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const groupId = r.string();
    const generationId = v >= 1 ? r.int32() : -1;
    const memberId = v >= 1 ? r.string() : '';
    if (v >= 7) r.nullableString(); // group_instance_id
    if (v >= 2 && v <= 4) r.int64(); // retention_time_ms
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const index = r.int32();
        const offset = r.int64();
        const leaderEpoch = v >= 6 ? r.int32() : -1;
        if (v === 1) r.int64(); // commit_timestamp
        const metadata = r.nullableString();
        return { index, offset, leaderEpoch, metadata };
      }),
    }));

    const everyone = (code: number): Writer =>
      encode(v, topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ index: p.index, errorCode: code })) })));
    if (ctx.forcedError !== undefined) return everyone(ctx.forcedError);
    if (v === 0) {
      const store = zkOffsets(ctx.cluster);
      return encode(v, topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          if (ctx.cluster.partition(t.name, p.index) === undefined) return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          if (p.metadata !== null && Buffer.byteLength(p.metadata) > MAX_METADATA_BYTES) return { index: p.index, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE };
          store.set(groupId, t.name, p.index, p.offset);
          return { index: p.index, errorCode: ErrorCode.NONE };
        }),
      })));
    }
    if (!coordinatesHere(ctx, groupId)) return everyone(ErrorCode.NOT_COORDINATOR);

    // Partitions that do not exist are refused one by one; the rest go to the coordinator.
    const entries: OffsetCommitEntry[] = [];
    const answers: TopicAnswer[] = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const known = ctx.cluster.partition(t.name, p.index) !== undefined;
        if (known) entries.push({ topic: t.name, partition: p.index, offset: p.offset, leaderEpoch: p.leaderEpoch, metadata: p.metadata });
        return { index: p.index, errorCode: known ? -1 : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      }),
    }));
    const codes = groupCoordinator(ctx.cluster).commitOffsets({ groupId, generationId, memberId, offsets: entries });
    let next = 0;
    for (const t of answers) for (const p of t.partitions) if (p.errorCode === -1) p.errorCode = codes[next++];
    return encode(v, answers);
  },
};
