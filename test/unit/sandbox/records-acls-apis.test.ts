// Byte-level tests of DeleteRecords (21), DescribeAcls (29), CreateAcls (30) and DeleteAcls (31),
// every advertised version (flexible from v2): requests encoded by hand from the public message
// schemas, responses decoded field by field with no bytes left over.
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { brokerClient, RawClient } from '../../helpers/kafka-raw';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { buildBatch } from '../../../src/sandbox/protocol/record-batch';
import type { Reader, Writer } from '../../../src/sandbox/protocol/primitives';
import * as K from '../../helpers/kafka-codec';
import { matches, PatternType, ResourceType, AclOperation, PermissionType, type AclBinding, type AclFilter } from '../../../src/sandbox/protocol/apis/acls-common';

const CREATE_ACLS = 30;
const DESCRIBE_ACLS = 29;
const DELETE_ACLS = 31;

// Version-aware field codecs (compact forms from v2).
const str = (w: Writer, s: string, flex: boolean) => (flex ? w.compactString(s) : w.string(s));
const nstr = (w: Writer, s: string | null, flex: boolean) => (flex ? w.compactNullableString(s) : w.nullableString(s));
function arr<T>(w: Writer, items: T[], flex: boolean, f: (w: Writer, v: T) => void) {
  return flex ? w.compactArray(items, f) : w.array(items, f);
}
const rstr = (r: Reader, flex: boolean) => (flex ? r.compactString() : r.string());
const rnstr = (r: Reader, flex: boolean) => (flex ? r.compactNullableString() : r.nullableString());
function rarr<T>(r: Reader, flex: boolean, f: (r: Reader) => T): T[] {
  return flex ? r.compactArray(f) : r.array(f);
}
const tags = (w: Writer, flex: boolean) => (flex ? w.taggedFields() : w);
const rtags = (r: Reader, flex: boolean) => (flex ? r.taggedFields() : undefined);
function done<T>(r: Reader, value: T): T {
  assert.equal(r.remaining, 0, 'bytes left after the response');
  return value;
}

function encDeleteRecords(v: number, topic: string, parts: { index: number; offset: number }[]) {
  const flex = v >= 2;
  return (w: Writer) => {
    arr(w, [topic], flex, (w, t) => {
      str(w, t, flex);
      arr(w, parts, flex, (w, p) => tags(w.int32(p.index).int64(p.offset), flex));
      tags(w, flex);
    });
    w.int32(5000);
    tags(w, flex);
  };
}
function decDeleteRecords(v: number, r: Reader) {
  const flex = v >= 2;
  const throttle = r.int32();
  const topics = rarr(r, flex, (r) => {
    const name = rstr(r, flex);
    const partitions = rarr(r, flex, (r) => {
      const p = { index: r.int32(), lowWatermark: r.int64(), errorCode: r.int16() };
      rtags(r, flex);
      return p;
    });
    rtags(r, flex);
    return { name, partitions };
  });
  rtags(r, flex);
  return done(r, { throttle, topics });
}

function encCreateAcls(v: number, bindings: AclBinding[]) {
  const flex = v >= 2;
  return (w: Writer) => {
    arr(w, bindings, flex, (w, b) => {
      w.int8(b.resourceType);
      str(w, b.resourceName, flex);
      if (v >= 1) w.int8(b.patternType);
      str(w, b.principal, flex);
      str(w, b.host, flex);
      w.int8(b.operation).int8(b.permissionType);
      tags(w, flex);
    });
    tags(w, flex);
  };
}
function decCreateAcls(v: number, r: Reader) {
  const flex = v >= 2;
  const throttle = r.int32();
  const results = rarr(r, flex, (r) => {
    const x = { errorCode: r.int16(), errorMessage: rnstr(r, flex) };
    rtags(r, flex);
    return x;
  });
  rtags(r, flex);
  return done(r, { throttle, results });
}
function writeFilter(w: Writer, v: number, f: AclFilter) {
  const flex = v >= 2;
  w.int8(f.resourceType);
  nstr(w, f.resourceName, flex);
  if (v >= 1) w.int8(f.patternType);
  nstr(w, f.principal, flex);
  nstr(w, f.host, flex);
  w.int8(f.operation).int8(f.permissionType);
}
function encDescribeAcls(v: number, f: AclFilter) {
  return (w: Writer) => {
    writeFilter(w, v, f);
    tags(w, v >= 2);
  };
}
function decDescribeAcls(v: number, r: Reader) {
  const flex = v >= 2;
  const throttle = r.int32();
  const errorCode = r.int16();
  const errorMessage = rnstr(r, flex);
  const resources = rarr(r, flex, (r) => {
    const resourceType = r.int8();
    const resourceName = rstr(r, flex);
    const patternType = v >= 1 ? r.int8() : PatternType.LITERAL;
    const acls = rarr(r, flex, (r) => {
      const a = { principal: rstr(r, flex), host: rstr(r, flex), operation: r.int8(), permissionType: r.int8() };
      rtags(r, flex);
      return a;
    });
    rtags(r, flex);
    return { resourceType, resourceName, patternType, acls };
  });
  rtags(r, flex);
  return done(r, { throttle, errorCode, errorMessage, resources });
}
function encDeleteAcls(v: number, filters: AclFilter[]) {
  const flex = v >= 2;
  return (w: Writer) => {
    arr(w, filters, flex, (w, f) => {
      writeFilter(w, v, f);
      tags(w, flex);
    });
    tags(w, flex);
  };
}
function decDeleteAcls(v: number, r: Reader) {
  const flex = v >= 2;
  const throttle = r.int32();
  const results = rarr(r, flex, (r) => {
    const errorCode = r.int16();
    const errorMessage = rnstr(r, flex);
    const matching = rarr(r, flex, (r) => {
      const m = {
        errorCode: r.int16(),
        errorMessage: rnstr(r, flex),
        resourceType: r.int8(),
        resourceName: rstr(r, flex),
        patternType: v >= 1 ? r.int8() : PatternType.LITERAL,
        principal: rstr(r, flex),
        host: rstr(r, flex),
        operation: r.int8(),
        permissionType: r.int8(),
      };
      rtags(r, flex);
      return m;
    });
    rtags(r, flex);
    return { errorCode, errorMessage, matching };
  });
  rtags(r, flex);
  return done(r, { throttle, results });
}

const binding = (resourceName: string, principal: string, patternType: number = PatternType.LITERAL, resourceType: number = ResourceType.TOPIC): AclBinding => ({
  resourceType,
  resourceName,
  patternType,
  principal,
  host: '*',
  operation: AclOperation.READ,
  permissionType: PermissionType.ALLOW,
});
const anyFilter = (over: Partial<AclFilter> = {}): AclFilter => ({
  resourceType: ResourceType.ANY,
  resourceName: null,
  patternType: PatternType.ANY,
  principal: null,
  host: null,
  operation: AclOperation.ANY,
  permissionType: PermissionType.ANY,
  ...over,
});

describe('sandbox DeleteRecords and ACL APIs (byte level)', function () {
  let broker: RunningBroker;
  const clients = new Map<number, RawClient>();
  const brokers = new Map<number, string>();
  const to = (id: number): Promise<RawClient> => brokerClient({ clients, brokers }, id);
  const call = (id: number, key: number, v: number, body: (w: Writer) => void) =>
    to(id).then((c) => c.request(key, v, body, { flexibleHeader: v >= 2, flexibleResponseHeader: v >= 2 }));

  before(async () => {
    broker = await startBroker({ brokers: 3, port: 0 });
    for (const b of broker.brokers) brokers.set(b.id, `${b.host}:${b.port}`);
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    await broker.stop();
  });

  it('ApiVersions advertises DeleteRecords 0-2 and the ACL APIs 0-3', async () => {
    const d = K.decApiVersions(2, (await (await to(1)).request(ApiKey.ApiVersions, 2, K.encApiVersions(2))).body);
    const byKey = new Map(d.apis.map((a) => [a.apiKey, [a.min, a.max]]));
    assert.deepEqual(byKey.get(ApiKey.DeleteRecords), [0, 2]);
    assert.deepEqual(byKey.get(DESCRIBE_ACLS), [0, 3]);
    assert.deepEqual(byKey.get(CREATE_ACLS), [0, 3]);
    assert.deepEqual(byKey.get(DELETE_ACLS), [0, 3]);
  });

  describe('DeleteRecords', () => {
    for (const v of [0, 1, 2]) {
      it(`v${v} moves the log start offset; ListOffsets earliest and Fetch follow it`, async () => {
        const topic = `dr-v${v}`;
        broker.cluster.createTopic(topic, { partitions: 1 });
        const p = broker.cluster.partition(topic, 0)!;
        for (let i = 0; i < 3; i++) p.log.append({ bytes: buildBatch([{ value: Buffer.from(`a${i}`) }, { value: Buffer.from(`b${i}`) }]), lastOffsetDelta: 1, maxTimestamp: 1000 + i } as never);
        assert.equal(p.log.highWatermark, 6);
        const leader = p.leader;
        const res = decDeleteRecords(v, (await call(leader, ApiKey.DeleteRecords, v, encDeleteRecords(v, topic, [{ index: 0, offset: 3 }, { index: 7, offset: 1 }]))).body);
        assert.deepEqual(res.topics, [{ name: topic, partitions: [{ index: 0, lowWatermark: 3, errorCode: 0 }, { index: 7, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] }]);
        // The first batch (offsets 0-1) is freed; the one holding offset 3 stays.
        assert.deepEqual(p.log.baseOffsets, [2, 4]);

        const lo = K.decListOffsets(1, (await (await to(leader)).request(ApiKey.ListOffsets, 1, K.encListOffsets(1, topic, [{ index: 0, timestamp: -2 }]))).body);
        assert.equal(lo.topics[0].partitions[0].offset, 3);
        // A lookup by timestamp never points below the log start offset (offset 2 shares a batch with 3).
        const byTs = K.decListOffsets(1, (await (await to(leader)).request(ApiKey.ListOffsets, 1, K.encListOffsets(1, topic, [{ index: 0, timestamp: 0 }]))).body);
        assert.equal(byTs.topics[0].partitions[0].offset, 3);
        const below = K.decFetch(11, (await (await to(leader)).request(ApiKey.Fetch, 11, K.encFetch(11, [{ topic, partition: 0, offset: 1 }]))).body);
        assert.equal(below.topics[0].partitions[0].errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
        assert.equal(below.topics[0].partitions[0].logStartOffset, 3);
        const at = K.decFetch(11, (await (await to(leader)).request(ApiKey.Fetch, 11, K.encFetch(11, [{ topic, partition: 0, offset: 3 }]))).body);
        assert.equal(at.topics[0].partitions[0].errorCode, 0);
        assert.ok((at.topics[0].partitions[0].records?.length ?? 0) > 0);

        // Lower than the current start: nothing moves, the answer is the current low watermark.
        const again = decDeleteRecords(v, (await call(leader, ApiKey.DeleteRecords, v, encDeleteRecords(v, topic, [{ index: 0, offset: 1 }]))).body);
        assert.equal(again.topics[0].partitions[0].lowWatermark, 3);
        // -1 means the high watermark.
        const all = decDeleteRecords(v, (await call(leader, ApiKey.DeleteRecords, v, encDeleteRecords(v, topic, [{ index: 0, offset: -1 }]))).body);
        assert.equal(all.topics[0].partitions[0].lowWatermark, 6);
        assert.equal(p.log.batches.length, 1, 'the last batch is kept so the high watermark survives a reload');
      });
    }

    it('answers NOT_LEADER_OR_FOLLOWER off the leader, OFFSET_OUT_OF_RANGE past the high watermark, POLICY_VIOLATION on compacted topics', async () => {
      broker.cluster.createTopic('dr-errors', { partitions: 1, configs: new Map() });
      broker.cluster.createTopic('dr-compact', { partitions: 1, configs: new Map([['cleanup.policy', 'compact']]) });
      const leader = broker.cluster.partition('dr-errors', 0)!.leader;
      const other = broker.brokers.find((b) => b.id !== leader)!.id;
      const off = decDeleteRecords(1, (await call(other, ApiKey.DeleteRecords, 1, encDeleteRecords(1, 'dr-errors', [{ index: 0, offset: 0 }]))).body);
      assert.equal(off.topics[0].partitions[0].errorCode, ErrorCode.NOT_LEADER_OR_FOLLOWER);
      const past = decDeleteRecords(1, (await call(leader, ApiKey.DeleteRecords, 1, encDeleteRecords(1, 'dr-errors', [{ index: 0, offset: 5 }, { index: 0, offset: -5 }]))).body);
      assert.deepEqual(past.topics[0].partitions.map((p) => p.errorCode), [ErrorCode.OFFSET_OUT_OF_RANGE, ErrorCode.OFFSET_OUT_OF_RANGE]);
      const cLeader = broker.cluster.partition('dr-compact', 0)!.leader;
      const compact = decDeleteRecords(2, (await call(cLeader, ApiKey.DeleteRecords, 2, encDeleteRecords(2, 'dr-compact', [{ index: 0, offset: 0 }]))).body);
      assert.equal(compact.topics[0].partitions[0].errorCode, ErrorCode.POLICY_VIOLATION);
    });
  });

  describe('ACLs', () => {
    beforeEach(async () => {
      // Start every case from an empty store.
      decDeleteAcls(1, (await call(2, DELETE_ACLS, 1, encDeleteAcls(1, [anyFilter()]))).body);
    });

    for (const v of [0, 1, 2, 3]) {
      it(`v${v}: CreateAcls stores, DescribeAcls lists grouped by resource, DeleteAcls removes what matches`, async () => {
        const prefixed = v >= 1 ? PatternType.PREFIXED : PatternType.LITERAL;
        const created = decCreateAcls(v, (await call(1, CREATE_ACLS, v, encCreateAcls(v, [binding('orders', 'User:alice'), binding('orders', 'User:bob'), binding('pay-', 'User:carol', prefixed), binding('orders', 'User:alice')]))).body);
        assert.deepEqual(created.results, [0, 1, 2, 3].map(() => ({ errorCode: 0, errorMessage: null })));
        const pattern = v >= 1 ? PatternType.ANY : PatternType.LITERAL;
        const listed = decDescribeAcls(v, (await call(3, DESCRIBE_ACLS, v, encDescribeAcls(v, anyFilter({ patternType: pattern })))).body);
        assert.equal(listed.errorCode, 0);
        assert.equal(listed.errorMessage, null);
        assert.deepEqual(
          listed.resources.map((r) => [r.resourceName, r.patternType, r.acls.map((a) => a.principal)]),
          v >= 1
            ? [['orders', PatternType.LITERAL, ['User:alice', 'User:bob']], ['pay-', PatternType.PREFIXED, ['User:carol']]]
            : [['orders', PatternType.LITERAL, ['User:alice', 'User:bob']], ['pay-', PatternType.LITERAL, ['User:carol']]],
        );
        const deleted = decDeleteAcls(v, (await call(1, DELETE_ACLS, v, encDeleteAcls(v, [anyFilter({ patternType: pattern, principal: 'User:alice' }), anyFilter({ patternType: pattern, principal: 'User:nobody' })]))).body);
        assert.deepEqual(deleted.results.map((r) => [r.errorCode, r.matching.map((m) => [m.resourceName, m.principal, m.errorCode])]), [
          [0, [['orders', 'User:alice', 0]]],
          [0, []],
        ]);
        const left = decDescribeAcls(v, (await call(1, DESCRIBE_ACLS, v, encDescribeAcls(v, anyFilter({ patternType: pattern })))).body);
        assert.deepEqual(left.resources.flatMap((r) => r.acls.map((a) => a.principal)), ['User:bob', 'User:carol']);
      });
    }

    it('CreateAcls answers INVALID_REQUEST per creation for bindings Kafka refuses', async () => {
      const bad: AclBinding[] = [
        { ...binding('x', 'User:a'), resourceType: ResourceType.ANY },
        { ...binding('x', 'User:a'), patternType: PatternType.MATCH },
        { ...binding('x', 'User:a'), operation: AclOperation.ANY },
        { ...binding('x', 'User:a'), permissionType: PermissionType.ANY },
        binding('', 'User:a'),
        binding('my-cluster', 'User:a', PatternType.LITERAL, ResourceType.CLUSTER),
        binding('x', 'alice'),
        binding('kafka-cluster', 'User:a', PatternType.LITERAL, ResourceType.CLUSTER),
      ];
      const res = decCreateAcls(1, (await call(1, CREATE_ACLS, 1, encCreateAcls(1, bad))).body);
      assert.deepEqual(res.results.map((r) => r.errorCode), [42, 42, 42, 42, 42, 42, 42, 0]);
      assert.match(res.results[5].errorMessage ?? '', /kafka-cluster/);
      assert.match(res.results[6].errorMessage ?? '', /principalType:principalName/);
    });

    it('DescribeAcls answers INVALID_REQUEST for an UNKNOWN filter value', async () => {
      const res = decDescribeAcls(1, (await call(1, DESCRIBE_ACLS, 1, encDescribeAcls(1, anyFilter({ patternType: PatternType.UNKNOWN })))).body);
      assert.equal(res.errorCode, ErrorCode.INVALID_REQUEST);
      assert.deepEqual(res.resources, []);
    });

    it('a malformed DescribeAcls body gets INVALID_REQUEST, not a closed connection', async () => {
      const c = await to(1);
      const res = await c.request(DESCRIBE_ACLS, 1, (w) => w.int8(1));
      const d = decDescribeAcls(1, res.body);
      assert.equal(d.errorCode, ErrorCode.INVALID_REQUEST);
    });
  });

  describe('filter semantics (Kafka ResourcePatternFilter / AccessControlEntryFilter)', () => {
    const lit = binding('orders', 'User:a');
    const wild = binding('*', 'User:a');
    const pre = binding('ord', 'User:a', PatternType.PREFIXED);
    const cases: [string, Partial<AclFilter>, boolean[]][] = [
      ['ANY with no name matches all', {}, [true, true, true]],
      ['ANY with a name matches that exact name only', { resourceName: 'orders' }, [true, false, false]],
      ['MATCH matches the literal, the wildcard and covering prefixes', { resourceName: 'orders', patternType: PatternType.MATCH }, [true, true, true]],
      ['MATCH for another name keeps only the wildcard', { resourceName: 'payments', patternType: PatternType.MATCH }, [false, true, false]],
      ['LITERAL with no name matches literal bindings', { patternType: PatternType.LITERAL }, [true, true, false]],
      ['LITERAL "*" matches only the wildcard binding', { resourceName: '*', patternType: PatternType.LITERAL }, [false, true, false]],
      ['PREFIXED with its exact name', { resourceName: 'ord', patternType: PatternType.PREFIXED }, [false, false, true]],
      ['PREFIXED with a longer name does not match', { resourceName: 'orders', patternType: PatternType.PREFIXED }, [false, false, false]],
      ['resource type GROUP matches no topic binding', { resourceType: ResourceType.GROUP }, [false, false, false]],
      ['principal, host, operation, permission must be equal when given', { principal: 'User:b' }, [false, false, false]],
      ['operation READ', { operation: AclOperation.READ, permissionType: PermissionType.ALLOW, host: '*' }, [true, true, true]],
      ['permission DENY', { permissionType: PermissionType.DENY }, [false, false, false]],
    ];
    for (const [title, over, expected] of cases) {
      it(title, () => {
        const f = anyFilter(over);
        assert.deepEqual([lit, wild, pre].map((b) => matches(f, b)), expected);
      });
    }
  });
});
