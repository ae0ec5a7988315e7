// Metadata (key 3), v0-8. v0: an empty topic list means every topic (v1+: null does), and the
// answer has no rack, controller_id or is_internal (v1), nor cluster_id (v2). v4+ carries
// allow_auto_topic_creation (before v4 it is implied true); v8+ asks for authorized operations,
// which the sandbox reports as "not provided" (-2^31).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { KafkaError, type TopicState } from '../../cluster';

const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export const metadataHandler: ApiHandler = {
  apiKey: ApiKey.Metadata,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 8,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const listed = v >= 1 ? r.nullableArray((r) => r.string()) : r.array((r) => r.string());
    const names = v === 0 && listed?.length === 0 ? null : listed;
    const allowAutoCreate = v >= 4 ? r.bool() : true;
    if (v >= 8) {
      r.bool(); // include_cluster_authorized_operations
      r.bool(); // include_topic_authorized_operations
    }
    const { cluster } = ctx;
    type Entry = { name: string; error: number; topic?: TopicState };
    let entries: Entry[];
    if (names === null) {
      entries = [...cluster.topics.values()].map((t) => ({ name: t.name, error: ctx.forcedError ?? 0, topic: t }));
    } else {
      entries = names.map((name) => {
        if (ctx.forcedError !== undefined) return { name, error: ctx.forcedError };
        let topic = cluster.topics.get(name);
        if (!topic && allowAutoCreate && cluster.autoCreateTopics) {
          try {
            topic = cluster.createTopic(name);
          } catch (err) {
            if (err instanceof KafkaError) return { name, error: err.code };
            throw err;
          }
        }
        return topic ? { name, error: 0, topic } : { name, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      });
    }
    const w = new Writer(512);
    if (v >= 3) w.int32(0); // throttle_time_ms
    w.array(cluster.brokers, (w, b) => {
      const at = cluster.endpoint(b.id, ctx.conn.listener.name) ?? b; // the listener the client is on
      w.int32(b.id).string(at.host).int32(at.port);
      if (v >= 1) w.nullableString(b.rack);
    });
    if (v >= 2) w.nullableString(cluster.clusterId);
    if (v >= 1) w.int32(cluster.controllerId);
    w.array(entries, (w, e) => {
      w.int16(e.error).string(e.name);
      if (v >= 1) w.bool(e.topic?.internal ?? false);
      const parts = e.error === 0 && e.topic ? e.topic.partitions : [];
      w.array(parts, (w, p) => {
        w.int16(0).int32(p.index).int32(p.leader);
        if (v >= 7) w.int32(p.leaderEpoch);
        w.int32Array(p.replicas).int32Array(p.isr);
        if (v >= 5) w.int32Array([]); // offline_replicas
      });
      if (v >= 8) w.int32(AUTHORIZED_OPERATIONS_OMITTED);
    });
    if (v >= 8) w.int32(AUTHORIZED_OPERATIONS_OMITTED);
    return w;
  },
};
