// Hand-written request encoders and response decoders for the APIs the sandbox advertises,
// following the public Kafka message schemas field by field. Decoders throw if bytes are left
// over, so a structural mismatch (a missing or extra field) fails loudly.
import { Reader, Writer } from '../../src/sandbox/protocol/primitives';

export function done<T>(r: Reader, value: T): T {
  if (r.remaining !== 0) throw new Error(`${r.remaining} undecoded bytes left in the response`);
  return value;
}

// ---- ApiVersions (18)
export function encApiVersions(v: number) {
  return (w: Writer) => {
    if (v >= 3) w.compactString('raw-test').compactString('1.0').taggedFields();
  };
}
export function decApiVersions(v: number, r: Reader) {
  const errorCode = r.int16();
  const item = (r: Reader) => ({ apiKey: r.int16(), min: r.int16(), max: r.int16() });
  const apis = v >= 3 ? r.compactArray((r) => { const x = item(r); r.taggedFields(); return x; }) : r.array(item);
  const throttle = v >= 1 ? r.int32() : 0;
  if (v >= 3) r.taggedFields();
  return done(r, { errorCode, apis, throttle });
}

// ---- Metadata (3)
export function encMetadata(v: number, topics: string[] | null, allowAutoCreate = false) {
  return (w: Writer) => {
    w.nullableArray(topics, (w, t) => w.string(t));
    if (v >= 4) w.bool(allowAutoCreate);
    if (v >= 8) w.bool(false).bool(false);
  };
}
export function decMetadata(v: number, r: Reader) {
  const throttle = v >= 3 ? r.int32() : 0;
  const brokers = r.array((r) => ({ id: r.int32(), host: r.string(), port: r.int32(), rack: v >= 1 ? r.nullableString() : null }));
  const clusterId = v >= 2 ? r.nullableString() : null;
  const controllerId = v >= 1 ? r.int32() : -1;
  const topics = r.array((r) => {
    const t = {
      errorCode: r.int16(),
      name: r.string(),
      internal: v >= 1 ? r.bool() : false,
      partitions: r.array((r) => ({
        errorCode: r.int16(),
        index: r.int32(),
        leader: r.int32(),
        leaderEpoch: v >= 7 ? r.int32() : -1,
        replicas: r.int32Array(),
        isr: r.int32Array(),
        offline: v >= 5 ? r.int32Array() : [],
      })),
      authorizedOps: 0,
    };
    if (v >= 8) t.authorizedOps = r.int32();
    return t;
  });
  if (v >= 8) r.int32();
  return done(r, { throttle, brokers, clusterId, controllerId, topics });
}

// ---- Produce (0)
export function encProduce(v: number, acks: number, topic: string, partition: number, records: Buffer | null) {
  return (w: Writer) => {
    if (v >= 3) w.nullableString(null);
    w.int16(acks).int32(5000);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([partition], (w, p) => w.int32(p).nullableBytes(records));
    });
  };
}
export function decProduce(v: number, r: Reader) {
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({
      index: r.int32(),
      errorCode: r.int16(),
      baseOffset: r.int64(),
      logAppendTime: v >= 2 ? r.int64() : -1,
      logStartOffset: v >= 5 ? r.int64() : -1,
    })),
  }));
  const throttle = v >= 1 ? r.int32() : 0;
  return done(r, { topics, throttle });
}

// ---- Fetch (1)
export interface FetchReq { topic: string; partition: number; offset: number; partitionMaxBytes?: number }
export function encFetch(v: number, parts: FetchReq[], opts: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; sessionId?: number; sessionEpoch?: number } = {}) {
  return (w: Writer) => {
    w.int32(-1).int32(opts.maxWaitMs ?? 0).int32(opts.minBytes ?? 1);
    if (v >= 3) w.int32(opts.maxBytes ?? 50 * 1024 * 1024);
    if (v >= 4) w.int8(0);
    if (v >= 7) w.int32(opts.sessionId ?? 0).int32(opts.sessionEpoch ?? -1);
    const byTopic = new Map<string, FetchReq[]>();
    for (const p of parts) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
    w.array([...byTopic], (w, [topic, ps]) => {
      w.string(topic);
      w.array(ps, (w, p) => {
        w.int32(p.partition);
        if (v >= 9) w.int32(-1);
        w.int64(p.offset);
        if (v >= 5) w.int64(-1);
        w.int32(p.partitionMaxBytes ?? 1024 * 1024);
      });
    });
    if (v >= 7) w.int32(0);
    if (v >= 11) w.string('');
  };
}
export function decFetch(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  const errorCode = v >= 7 ? r.int16() : 0;
  const sessionId = v >= 7 ? r.int32() : 0;
  const topics = r.array((r) => ({
    topic: r.string(),
    partitions: r.array((r) => ({
      partition: r.int32(),
      errorCode: r.int16(),
      highWatermark: r.int64(),
      lastStableOffset: v >= 4 ? r.int64() : -1,
      logStartOffset: v >= 5 ? r.int64() : -1,
      aborted: v >= 4 ? r.nullableArray((r) => ({ producerId: r.int64(), firstOffset: r.int64() })) : null,
      preferredReadReplica: v >= 11 ? r.int32() : -1,
      records: r.nullableBytes(),
    })),
  }));
  return done(r, { throttle, errorCode, sessionId, topics });
}

// ---- ListOffsets (2)
export function encListOffsets(v: number, topic: string, partitions: { index: number; timestamp: number }[]) {
  return (w: Writer) => {
    w.int32(-1);
    if (v >= 2) w.int8(0);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array(partitions, (w, p) => {
        w.int32(p.index).int64(p.timestamp);
        if (v === 0) w.int32(1);
      });
    });
  };
}
export function decListOffsets(v: number, r: Reader) {
  const throttle = v >= 2 ? r.int32() : 0;
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({ index: r.int32(), errorCode: r.int16(), timestamp: r.int64(), offset: r.int64() })),
  }));
  return done(r, { throttle, topics });
}

// ---- CreateTopics (19)
export function encCreateTopics(v: number, topics: { name: string; partitions: number; rf: number; configs?: [string, string | null][]; assignments?: [number, number[]][] }[], validateOnly = false) {
  return (w: Writer) => {
    w.array(topics, (w, t) => {
      w.string(t.name).int32(t.partitions).int16(t.rf);
      w.array(t.assignments ?? [], (w, [i, b]) => w.int32(i).int32Array(b));
      w.array(t.configs ?? [], (w, [k, val]) => w.string(k).nullableString(val));
    });
    w.int32(5000);
    if (v >= 1) w.bool(validateOnly);
  };
}
export function decCreateTopics(v: number, r: Reader) {
  const throttle = v >= 2 ? r.int32() : 0;
  const topics = r.array((r) => ({ name: r.string(), errorCode: r.int16(), message: v >= 1 ? r.nullableString() : null }));
  return done(r, { throttle, topics });
}

// ---- DeleteTopics (20)
export function encDeleteTopics(_v: number, names: string[]) {
  return (w: Writer) => { w.stringArray(names).int32(5000); };
}
export function decDeleteTopics(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  const topics = r.array((r) => ({ name: r.string(), errorCode: r.int16() }));
  return done(r, { throttle, topics });
}

// ---- CreatePartitions (37)
export function encCreatePartitions(_v: number, topics: { name: string; count: number; assignments?: number[][] | null }[], validateOnly = false) {
  return (w: Writer) => {
    w.array(topics, (w, t) => {
      w.string(t.name).int32(t.count);
      w.nullableArray(t.assignments ?? null, (w, a) => w.int32Array(a));
    });
    w.int32(5000).bool(validateOnly);
  };
}
export function decCreatePartitions(_v: number, r: Reader) {
  const throttle = r.int32();
  const results = r.array((r) => ({ name: r.string(), errorCode: r.int16(), message: r.nullableString() }));
  return done(r, { throttle, results });
}

// ---- DescribeConfigs (32)
export function encDescribeConfigs(v: number, resources: { type: number; name: string; keys: string[] | null }[], includeSynonyms = false) {
  return (w: Writer) => {
    w.array(resources, (w, res) => {
      w.int8(res.type).string(res.name);
      w.nullableArray(res.keys, (w, k) => w.string(k));
    });
    if (v >= 1) w.bool(includeSynonyms);
    if (v >= 3) w.bool(false);
  };
}
export function decDescribeConfigs(v: number, r: Reader) {
  const throttle = r.int32();
  const results = r.array((r) => ({
    errorCode: r.int16(),
    message: r.nullableString(),
    type: r.int8(),
    name: r.string(),
    configs: r.array((r) => {
      const name = r.string();
      const value = r.nullableString();
      const readOnly = r.bool();
      const isDefault = v === 0 ? r.bool() : false;
      const source = v >= 1 ? r.int8() : -1;
      const sensitive = r.bool();
      const synonyms = v >= 1 ? r.array((r) => ({ name: r.string(), value: r.nullableString(), source: r.int8() })) : [];
      const configType = v >= 3 ? r.int8() : -1;
      const documentation = v >= 3 ? r.nullableString() : null;
      return { name, value, readOnly, isDefault, source, sensitive, synonyms, configType, documentation };
    }),
  }));
  return done(r, { throttle, results });
}

// ---- AlterConfigs (33)
export function encAlterConfigs(_v: number, resources: { type: number; name: string; configs: [string, string | null][] }[], validateOnly = false) {
  return (w: Writer) => {
    w.array(resources, (w, res) => {
      w.int8(res.type).string(res.name);
      w.array(res.configs, (w, [k, val]) => w.string(k).nullableString(val));
    });
    w.bool(validateOnly);
  };
}
export function decAlterConfigs(_v: number, r: Reader) {
  const throttle = r.int32();
  const results = r.array((r) => ({ errorCode: r.int16(), message: r.nullableString(), type: r.int8(), name: r.string() }));
  return done(r, { throttle, results });
}

// ---- InitProducerId (22)
export function encInitProducerId(_v: number, transactionalId: string | null = null) {
  return (w: Writer) => { w.nullableString(transactionalId).int32(60000); };
}
export function decInitProducerId(_v: number, r: Reader) {
  return done(r, { throttle: r.int32(), errorCode: r.int16(), producerId: r.int64(), epoch: r.int16() });
}
