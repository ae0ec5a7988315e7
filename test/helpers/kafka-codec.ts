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
      recordErrors: v >= 8 ? r.array((r) => ({ batchIndex: r.int32(), message: r.nullableString() })) : [],
      errorMessage: v >= 8 ? r.nullableString() : null,
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
export function encListOffsets(v: number, topic: string, partitions: { index: number; timestamp: number; currentLeaderEpoch?: number }[]) {
  return (w: Writer) => {
    w.int32(-1);
    if (v >= 2) w.int8(0);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array(partitions, (w, p) => {
        w.int32(p.index);
        if (v >= 4) w.int32(p.currentLeaderEpoch ?? -1);
        w.int64(p.timestamp);
        if (v === 0) w.int32(1);
      });
    });
  };
}
export function decListOffsets(v: number, r: Reader) {
  const throttle = v >= 2 ? r.int32() : 0;
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => {
      const p = { index: r.int32(), errorCode: r.int16(), timestamp: r.int64(), offset: r.int64() };
      return v >= 4 ? { ...p, leaderEpoch: r.int32() } : p;
    }),
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

// ---- FindCoordinator (10)
export function encFindCoordinator(v: number, key: string, keyType = 0) {
  return (w: Writer) => {
    w.string(key);
    if (v >= 1) w.int8(keyType);
  };
}
export function decFindCoordinator(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  const errorCode = r.int16();
  const errorMessage = v >= 1 ? r.nullableString() : null;
  const nodeId = r.int32();
  const host = r.string();
  const port = r.int32();
  return done(r, { throttle, errorCode, errorMessage, nodeId, host, port });
}

// ---- JoinGroup (11)
export interface JoinGroupReq {
  groupId: string;
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  memberId?: string;
  groupInstanceId?: string | null;
  protocolType?: string;
  protocols: { name: string; metadata: Buffer }[];
}
export function encJoinGroup(v: number, req: JoinGroupReq) {
  return (w: Writer) => {
    w.string(req.groupId).int32(req.sessionTimeoutMs ?? 10000);
    if (v >= 1) w.int32(req.rebalanceTimeoutMs ?? 10000);
    w.string(req.memberId ?? '');
    if (v >= 5) w.nullableString(req.groupInstanceId ?? null);
    w.string(req.protocolType ?? 'consumer');
    w.array(req.protocols, (w, p) => w.string(p.name).bytes(p.metadata));
  };
}
export function decJoinGroup(v: number, r: Reader) {
  const throttle = v >= 2 ? r.int32() : 0;
  const errorCode = r.int16();
  const generationId = r.int32();
  const protocolName = r.string();
  const leader = r.string();
  const memberId = r.string();
  const members = r.array((r) => ({
    memberId: r.string(),
    groupInstanceId: v >= 5 ? r.nullableString() : null,
    metadata: Buffer.from(r.bytes()),
  }));
  return done(r, { throttle, errorCode, generationId, protocolName, leader, memberId, members });
}

// ---- Heartbeat (12)
export function encHeartbeat(v: number, groupId: string, generationId: number, memberId: string, groupInstanceId: string | null = null) {
  return (w: Writer) => {
    w.string(groupId).int32(generationId).string(memberId);
    if (v >= 3) w.nullableString(groupInstanceId);
  };
}
export function decHeartbeat(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  return done(r, { throttle, errorCode: r.int16() });
}

// ---- LeaveGroup (13)
export function encLeaveGroup(v: number, groupId: string, members: { memberId: string; groupInstanceId?: string | null }[]) {
  return (w: Writer) => {
    w.string(groupId);
    if (v >= 3) w.array(members, (w, m) => w.string(m.memberId).nullableString(m.groupInstanceId ?? null));
    else w.string(members[0].memberId);
  };
}
export function decLeaveGroup(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  const errorCode = r.int16();
  const members = v >= 3 ? r.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString(), errorCode: r.int16() })) : [];
  return done(r, { throttle, errorCode, members });
}

// ---- SyncGroup (14)
export function encSyncGroup(v: number, groupId: string, generationId: number, memberId: string, assignments: { memberId: string; assignment: Buffer }[] = [], groupInstanceId: string | null = null) {
  return (w: Writer) => {
    w.string(groupId).int32(generationId).string(memberId);
    if (v >= 3) w.nullableString(groupInstanceId);
    w.array(assignments, (w, a) => w.string(a.memberId).bytes(a.assignment));
  };
}
export function decSyncGroup(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  const errorCode = r.int16();
  const assignment = Buffer.from(r.bytes());
  return done(r, { throttle, errorCode, assignment });
}

// ---- DescribeGroups (15)
export function encDescribeGroups(v: number, groupIds: string[], includeAuthorizedOperations = false) {
  return (w: Writer) => {
    w.stringArray(groupIds);
    if (v >= 3) w.bool(includeAuthorizedOperations);
  };
}
export function decDescribeGroups(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  const groups = r.array((r) => {
    const g = {
      errorCode: r.int16(),
      groupId: r.string(),
      state: r.string(),
      protocolType: r.string(),
      protocolData: r.string(),
      members: r.array((r) => ({
        memberId: r.string(),
        groupInstanceId: v >= 4 ? r.nullableString() : null,
        clientId: r.string(),
        clientHost: r.string(),
        metadata: Buffer.from(r.bytes()),
        assignment: Buffer.from(r.bytes()),
      })),
      authorizedOperations: 0,
    };
    if (v >= 3) g.authorizedOperations = r.int32();
    return g;
  });
  return done(r, { throttle, groups });
}

// ---- ListGroups (16)
export function encListGroups(_v: number) {
  return (_w: Writer) => {};
}
export function decListGroups(v: number, r: Reader) {
  const throttle = v >= 1 ? r.int32() : 0;
  const errorCode = r.int16();
  const groups = r.array((r) => ({ groupId: r.string(), protocolType: r.string() }));
  return done(r, { throttle, errorCode, groups });
}

// ---- OffsetCommit (8)
export interface OffsetCommitPart { index: number; offset: number; leaderEpoch?: number; metadata?: string | null }
export function encOffsetCommit(v: number, req: { groupId: string; generationId?: number; memberId?: string; groupInstanceId?: string | null; retentionTimeMs?: number; topics: { name: string; partitions: OffsetCommitPart[] }[] }) {
  return (w: Writer) => {
    w.string(req.groupId);
    if (v >= 1) w.int32(req.generationId ?? -1).string(req.memberId ?? '');
    if (v >= 7) w.nullableString(req.groupInstanceId ?? null);
    if (v >= 2 && v <= 4) w.int64(req.retentionTimeMs ?? -1);
    w.array(req.topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => {
        w.int32(p.index).int64(p.offset);
        if (v === 1) w.int64(-1); // commit_timestamp
        if (v >= 6) w.int32(p.leaderEpoch ?? -1);
        w.nullableString(p.metadata === undefined ? '' : p.metadata);
      });
    });
  };
}
export function decOffsetCommit(v: number, r: Reader) {
  const throttle = v >= 3 ? r.int32() : 0;
  const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ index: r.int32(), errorCode: r.int16() })) }));
  return done(r, { throttle, topics });
}

// ---- OffsetFetch (9)
export function encOffsetFetch(v: number, groupId: string, topics: { name: string; partitions: number[] }[] | null) {
  return (w: Writer) => {
    w.string(groupId);
    if (topics === null && v < 2) throw new Error('OffsetFetch: null topics need v2+');
    w.nullableArray(topics, (w, t) => w.string(t.name).int32Array(t.partitions));
  };
}
export function decOffsetFetch(v: number, r: Reader) {
  const throttle = v >= 3 ? r.int32() : 0;
  const topics = r.array((r) => ({
    name: r.string(),
    partitions: r.array((r) => ({
      index: r.int32(),
      offset: r.int64(),
      leaderEpoch: v >= 5 ? r.int32() : -1,
      metadata: r.nullableString(),
      errorCode: r.int16(),
    })),
  }));
  const errorCode = v >= 2 ? r.int16() : 0;
  return done(r, { throttle, topics, errorCode });
}

// ---- DeleteGroups (42)
export function encDeleteGroups(_v: number, groupIds: string[]) {
  return (w: Writer) => { w.stringArray(groupIds); };
}
export function decDeleteGroups(_v: number, r: Reader) {
  const throttle = r.int32();
  const results = r.array((r) => ({ groupId: r.string(), errorCode: r.int16() }));
  return done(r, { throttle, results });
}

// ---- SaslHandshake (17)
export function encSaslHandshake(_v: number, mechanism: string) {
  return (w: Writer) => { w.string(mechanism); };
}
export function decSaslHandshake(_v: number, r: Reader) {
  const errorCode = r.int16();
  const mechanisms = r.array((r) => r.string());
  return done(r, { errorCode, mechanisms });
}

// ---- SaslAuthenticate (36)
export function encSaslAuthenticate(_v: number, authBytes: Buffer) {
  return (w: Writer) => { w.bytes(authBytes); };
}
export function decSaslAuthenticate(v: number, r: Reader) {
  const errorCode = r.int16();
  const errorMessage = r.nullableString();
  const authBytes = Buffer.from(r.bytes());
  const sessionLifetimeMs = v >= 1 ? r.int64() : -1;
  return done(r, { errorCode, errorMessage, authBytes, sessionLifetimeMs });
}

// ---- IncrementalAlterConfigs (44); v1 is flexible (compact forms, tagged fields)
export function encIncrementalAlterConfigs(v: number, resources: { type: number; name: string; configs: [string, number, string | null][] }[], validateOnly = false) {
  const flex = v >= 1;
  return (w: Writer) => {
    const arr = <T>(items: T[], fn: (w: Writer, x: T) => void) => (flex ? w.compactArray(items, fn) : w.array(items, fn));
    const str = (s: string) => (flex ? w.compactString(s) : w.string(s));
    arr(resources, (w, res) => {
      w.int8(res.type);
      str(res.name);
      arr(res.configs, (w, [name, op, value]) => {
        str(name);
        w.int8(op);
        if (flex) w.compactNullableString(value);
        else w.nullableString(value);
        if (flex) w.taggedFields();
      });
      if (flex) w.taggedFields();
    });
    w.bool(validateOnly);
    if (flex) w.taggedFields();
  };
}
export function decIncrementalAlterConfigs(v: number, r: Reader) {
  const flex = v >= 1;
  const throttle = r.int32();
  const item = (r: Reader) => {
    const x = { errorCode: r.int16(), message: flex ? r.compactNullableString() : r.nullableString(), type: r.int8(), name: flex ? r.compactString() : r.string() };
    if (flex) r.taggedFields();
    return x;
  };
  const results = flex ? r.compactArray(item) : r.array(item);
  if (flex) r.taggedFields();
  return done(r, { throttle, results });
}
