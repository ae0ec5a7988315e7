// CreateTopics (key 19), v0-4. v1+ has validate_only and error messages; v2+ throttle time;
// -1 for num_partitions / replication_factor means the broker default. Clients only send it from
// v4, but brokers accept it in any version (kafkajs sends -1 with v3).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { KafkaError } from '../../cluster';
import { outcome } from './admin-common';

export const createTopicsHandler: ApiHandler = {
  apiKey: ApiKey.CreateTopics,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.int32(),
      replicationFactor: r.int16(),
      assignments: r.array((r) => ({ index: r.int32(), brokers: r.int32Array() })),
      configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
    }));
    r.int32(); // timeout_ms
    const validateOnly = v >= 1 ? r.bool() : false;
    const counts = new Map<string, number>();
    for (const t of topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const results = topics.map((t) => {
      if ((counts.get(t.name) ?? 0) > 1) return { name: t.name, error: ErrorCode.INVALID_REQUEST, message: `Create topics request contains duplicate topic ${t.name}` };
      const [error, message] = outcome(ctx, () => {
        let assignments: number[][] | undefined;
        if (t.assignments.length > 0) {
          const sorted = [...t.assignments].sort((a, b) => a.index - b.index);
          if (sorted.some((a, i) => a.index !== i)) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partition indexes in the assignment must be 0..n-1');
          assignments = sorted.map((a) => a.brokers);
        }
        ctx.cluster.createTopic(t.name, {
          partitions: t.partitions,
          replicationFactor: t.replicationFactor,
          assignments,
          configs: new Map(t.configs.map((c) => [c.name, c.value])),
          validateOnly,
        });
      });
      return { name: t.name, error, message };
    });
    const w = new Writer();
    if (v >= 2) w.int32(0);
    w.array(results, (w, t) => {
      w.string(t.name).int16(t.error);
      if (v >= 1) w.nullableString(t.message);
    });
    return w;
  },
};
