// The client side of the requests our wire client speaks (src/kafka/wire): request bodies and
// response decoders for ApiVersions, Metadata, ListOffsets, Fetch, Produce, InitProducerId,
// DescribeConfigs and the SASL pair, non-flexible versions only (field lists from Kafka's message
// schemas, clients/src/main/resources/common/message/*.json). The version ranges here are what the
// client speaks; it uses the highest one the broker also speaks.
import { ApiKey } from './api-keys';
import { ProtocolError, type Reader, type Writer } from './primitives';

export interface VersionRange {
  min: number;
  max: number;
}

/** What the client speaks, per API (all below the flexible versions). */
export const CLIENT_VERSIONS: Record<number, VersionRange> = {
  [ApiKey.ApiVersions]: { min: 0, max: 0 },
  [ApiKey.Metadata]: { min: 0, max: 8 },
  // v4+ adds only leader epochs (unused here), and librdkafka's mock writes its leader_epoch as an
  // int64 where the schema has an int32: v3 reads every broker alike.
  [ApiKey.ListOffsets]: { min: 1, max: 3 },
  [ApiKey.Fetch]: { min: 4, max: 11 },
  [ApiKey.Produce]: { min: 3, max: 8 },
  [ApiKey.InitProducerId]: { min: 0, max: 1 },
  [ApiKey.DescribeConfigs]: { min: 0, max: 3 },
  [ApiKey.SaslHandshake]: { min: 1, max: 1 },
  [ApiKey.SaslAuthenticate]: { min: 0, max: 1 },
};

// ApiVersions v0

export function decodeApiVersions(r: Reader): { errorCode: number; apis: Map<number, VersionRange> } {
  const errorCode = r.int16();
  const apis = new Map<number, VersionRange>();
  const n = r.int32();
  for (let i = 0; i < n; i++) {
    const key = r.int16();
    apis.set(key, { min: r.int16(), max: r.int16() });
  }
  return { errorCode, apis };
}

// Metadata v0-8

export interface MetadataBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataPartition {
  errorCode: number;
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

export interface MetadataTopic {
  errorCode: number;
  name: string;
  internal: boolean;
  partitions: MetadataPartition[];
}

export interface MetadataResponse {
  brokers: MetadataBroker[];
  controllerId: number;
  topics: MetadataTopic[];
}

/** topics null: every topic (v1 and later). allowAutoCreate applies from v4; v0-3 brokers may auto-create. */
export function encodeMetadata(w: Writer, v: number, topics: string[] | null, allowAutoCreate = false): void {
  if (topics === null && v === 0) w.int32(0);
  else w.nullableArray(topics, (w, t) => w.string(t));
  if (v >= 4) w.bool(allowAutoCreate);
  if (v >= 8) w.bool(false).bool(false);
}

export function decodeMetadata(r: Reader, v: number): MetadataResponse {
  if (v >= 3) r.int32(); // throttle_time_ms
  const brokers = r.array((r) => ({ nodeId: r.int32(), host: r.string(), port: r.int32(), rack: v >= 1 ? r.nullableString() : null }));
  if (v >= 2) r.nullableString(); // cluster_id
  const controllerId = v >= 1 ? r.int32() : -1;
  const topics = r.array((r) => {
    const errorCode = r.int16();
    const name = r.string();
    const internal = v >= 1 ? r.bool() : false;
    const partitions = r.array((r) => {
      const p: MetadataPartition = { errorCode: r.int16(), partition: r.int32(), leader: r.int32(), leaderEpoch: -1, replicas: [], isr: [] };
      if (v >= 7) p.leaderEpoch = r.int32();
      p.replicas = r.int32Array();
      p.isr = r.int32Array();
      if (v >= 5) r.int32Array(); // offline_replicas
      return p;
    });
    if (v >= 8) r.int32(); // topic_authorized_operations
    return { errorCode, name, internal, partitions };
  });
  if (v >= 8) r.int32(); // cluster_authorized_operations
  return { brokers, controllerId, topics };
}

// ListOffsets v1-3 (the decoder also reads v4-5)

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ListOffsetsPartitionRequest {
  partition: number;
  /** LATEST_TIMESTAMP, EARLIEST_TIMESTAMP or a time in ms. */
  timestamp: number;
}

export function encodeListOffsets(w: Writer, v: number, topic: string, partitions: ListOffsetsPartitionRequest[]): void {
  w.int32(-1); // replica_id: a consumer
  if (v >= 2) w.int8(0); // isolation_level: read_uncommitted
  w.array([topic], (w, t) => {
    w.string(t);
    w.array(partitions, (w, p) => {
      w.int32(p.partition);
      if (v >= 4) w.int32(-1); // current_leader_epoch: unknown
      w.int64(p.timestamp);
    });
  });
}

export interface ListOffsetsPartitionResult {
  partition: number;
  errorCode: number;
  timestamp: number;
  offset: number;
}

export function decodeListOffsets(r: Reader, v: number): ListOffsetsPartitionResult[] {
  if (v >= 2) r.int32(); // throttle_time_ms
  const out: ListOffsetsPartitionResult[] = [];
  r.array((r) => {
    r.string();
    r.array((r) => {
      const p = { partition: r.int32(), errorCode: r.int16(), timestamp: r.int64(), offset: r.int64() };
      if (v >= 4) r.int32(); // leader_epoch
      out.push(p);
    });
  });
  return out;
}

// Fetch v4-11

export interface FetchPartitionRequest {
  partition: number;
  offset: number;
  maxBytes: number;
}

export function encodeFetch(w: Writer, v: number, topic: string, partitions: FetchPartitionRequest[], opts: { maxWaitMs: number; minBytes: number; maxBytes: number }): void {
  w.int32(-1).int32(opts.maxWaitMs).int32(opts.minBytes).int32(opts.maxBytes);
  w.int8(0); // isolation_level: read_uncommitted
  if (v >= 7) w.int32(0).int32(-1); // session_id 0, epoch -1: a full fetch, no session kept
  w.array([topic], (w, t) => {
    w.string(t);
    w.array(partitions, (w, p) => {
      w.int32(p.partition);
      if (v >= 9) w.int32(-1); // current_leader_epoch
      w.int64(p.offset);
      if (v >= 5) w.int64(-1); // log_start_offset (followers only)
      w.int32(p.maxBytes);
    });
  });
  if (v >= 7) w.int32(0); // forgotten_topics_data
  if (v >= 11) w.string(''); // rack_id
}

export interface FetchPartitionResult {
  partition: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  /** A view into the response frame. */
  records: Buffer | null;
}

export function decodeFetch(r: Reader, v: number): { errorCode: number; partitions: FetchPartitionResult[] } {
  r.int32(); // throttle_time_ms
  let errorCode = 0;
  if (v >= 7) {
    errorCode = r.int16();
    r.int32(); // session_id
  }
  const partitions: FetchPartitionResult[] = [];
  r.array((r) => {
    r.string();
    r.array((r) => {
      const partition = r.int32();
      const pErr = r.int16();
      const highWatermark = r.int64();
      r.int64(); // last_stable_offset
      const logStartOffset = v >= 5 ? r.int64() : -1;
      r.nullableArray((r) => { r.int64(); r.int64(); }); // aborted_transactions: read_uncommitted shows them
      if (v >= 11) r.int32(); // preferred_read_replica
      partitions.push({ partition, errorCode: pErr, highWatermark, logStartOffset, records: r.nullableBytes() });
    });
  });
  return { errorCode, partitions };
}

// Produce v3-8

export interface ProducePartitionData {
  partition: number;
  records: Buffer;
}

export function encodeProduce(w: Writer, _v: number, topic: string, acks: number, timeoutMs: number, partitions: ProducePartitionData[]): void {
  w.nullableString(null); // transactional_id
  w.int16(acks).int32(timeoutMs);
  w.array([topic], (w, t) => {
    w.string(t);
    w.array(partitions, (w, p) => {
      w.int32(p.partition);
      w.int32(p.records.length).rawRef(p.records);
    });
  });
}

export interface ProducePartitionResult {
  partition: number;
  errorCode: number;
  baseOffset: number;
  errorMessage: string | null;
}

export function decodeProduce(r: Reader, v: number): ProducePartitionResult[] {
  const out: ProducePartitionResult[] = [];
  r.array((r) => {
    r.string();
    r.array((r) => {
      const p: ProducePartitionResult = { partition: r.int32(), errorCode: r.int16(), baseOffset: r.int64(), errorMessage: null };
      r.int64(); // log_append_time_ms
      if (v >= 5) r.int64(); // log_start_offset
      if (v >= 8) {
        r.array((r) => { r.int32(); r.nullableString(); }); // record_errors
        p.errorMessage = r.nullableString();
      }
      out.push(p);
    });
  });
  r.int32(); // throttle_time_ms
  return out;
}

// InitProducerId v0-1 (no transactional id: an idempotent producer)

export function encodeInitProducerId(w: Writer): void {
  w.nullableString(null).int32(60000);
}

export function decodeInitProducerId(r: Reader): { errorCode: number; producerId: bigint; producerEpoch: number } {
  r.int32();
  return { errorCode: r.int16(), producerId: r.int64Big(), producerEpoch: r.int16() };
}

// DescribeConfigs v0-3, one topic

export const RESOURCE_TOPIC = 2;

export function encodeDescribeTopicConfigs(w: Writer, v: number, topic: string, names: string[] | null): void {
  w.array([topic], (w, t) => {
    w.int8(RESOURCE_TOPIC).string(t).nullableArray(names, (w, n) => w.string(n));
  });
  if (v >= 1) w.bool(false); // include_synonyms
  if (v >= 3) w.bool(false); // include_documentation
}

export function decodeDescribeConfigs(r: Reader, v: number): { errorCode: number; errorMessage: string | null; configs: Map<string, string | null> }[] {
  r.int32();
  return r.array((r) => {
    const errorCode = r.int16();
    const errorMessage = r.nullableString();
    r.int8();
    r.string();
    const configs = new Map<string, string | null>();
    r.array((r) => {
      const name = r.string();
      configs.set(name, r.nullableString());
      r.bool(); // read_only
      if (v === 0) r.bool(); // is_default
      else r.int8(); // config_source
      r.bool(); // is_sensitive
      if (v >= 1) r.array((r) => { r.string(); r.nullableString(); r.int8(); });
      if (v >= 3) { r.int8(); r.nullableString(); } // config_type, documentation
    });
    return { errorCode, errorMessage, configs };
  });
}

// SaslHandshake v1, SaslAuthenticate v0-1

export function decodeSaslHandshake(r: Reader): { errorCode: number; mechanisms: string[] } {
  return { errorCode: r.int16(), mechanisms: r.stringArray() };
}

export function decodeSaslAuthenticate(r: Reader, v: number): { errorCode: number; errorMessage: string | null; authBytes: Buffer; sessionLifetimeMs: number } {
  const errorCode = r.int16();
  const errorMessage = r.nullableString();
  const authBytes = r.nullableBytes() ?? Buffer.alloc(0);
  const sessionLifetimeMs = v >= 1 ? r.int64() : 0;
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs };
}

/** The version to use: the highest both sides speak, or an error naming both ranges. */
export function pickVersion(apiKey: number, broker: VersionRange | undefined, apiLabel: string): number {
  const ours = CLIENT_VERSIONS[apiKey];
  if (!broker) throw new ProtocolError(`the broker does not support ${apiLabel}`);
  const v = Math.min(ours.max, broker.max);
  if (v < ours.min || v < broker.min) {
    throw new ProtocolError(`the broker speaks ${apiLabel} v${broker.min}-${broker.max}, this client v${ours.min}-${ours.max}`);
  }
  return v;
}
