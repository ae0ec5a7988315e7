// Byte-level tests of the consumer-group APIs, every advertised version: requests are encoded by
// hand from the public message schemas (test/helpers/kafka-codec.ts), responses decoded field by
// field (no bytes may be left over).
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { RawClient } from '../../helpers/kafka-raw';
import * as K from '../../helpers/kafka-codec';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { defaultHandlers } from '../../../src/sandbox/protocol/handlers';
import { coordinatorIdFor } from '../../../src/sandbox/groups/service';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const META = Buffer.from([0, 1, 0, 0, 0, 1, 0, 5, 0x74, 0x6f, 0x70, 0x69, 0x63, 0xff, 0xff, 0xff, 0xff]);
const PROTOCOLS = [{ name: 'range', metadata: META }, { name: 'roundrobin', metadata: Buffer.from('rr-meta') }];

describe('sandbox group APIs (byte level)', function () {
  this.timeout(10000);
  let broker: RunningBroker;
  const clients = new Map<number, RawClient>();
  const extra: RawClient[] = [];

  /** A shared raw connection to broker `id`. */
  async function to(id: number): Promise<RawClient> {
    let c = clients.get(id);
    if (!c || c.closed) {
      c = await fresh(id);
      clients.set(id, c);
    }
    return c;
  }
  /** A new connection (for a second member: JoinGroup answers hold back a connection). */
  async function fresh(id: number): Promise<RawClient> {
    const b = broker.brokers.find((x) => x.id === id)!;
    const c = await RawClient.connect(`${b.host}:${b.port}`);
    extra.push(c);
    return c;
  }
  const coordOf = (group: string) => coordinatorIdFor(broker.cluster, group);
  const notCoordOf = (group: string) => broker.brokers.map((b) => b.id).find((id) => id !== coordOf(group))!;
  const coord = (group: string) => to(coordOf(group));

  async function join(c: RawClient, v: number, req: K.JoinGroupReq) {
    return K.decJoinGroup(v, (await c.request(ApiKey.JoinGroup, v, K.encJoinGroup(v, req))).body);
  }
  /** A one-member group, joined with JoinGroup v`v` (v4+: through MEMBER_ID_REQUIRED). */
  async function joinAlone(group: string, v = 5, extraReq: Partial<K.JoinGroupReq> = {}) {
    const c = await coord(group);
    let d = await join(c, v, { groupId: group, protocols: PROTOCOLS, ...extraReq });
    if (v >= 4) {
      assert.equal(d.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
      d = await join(c, v, { groupId: group, protocols: PROTOCOLS, ...extraReq, memberId: d.memberId });
    }
    assert.equal(d.errorCode, 0);
    return d;
  }
  /** A stable one-member group with `assignment`. */
  async function stableAlone(group: string, assignment = Buffer.from('assignment-bytes')) {
    const j = await joinAlone(group);
    const c = await coord(group);
    const s = K.decSyncGroup(3, (await c.request(ApiKey.SyncGroup, 3, K.encSyncGroup(3, group, j.generationId, j.memberId, [{ memberId: j.memberId, assignment }]))).body);
    assert.equal(s.errorCode, 0);
    return { memberId: j.memberId, generationId: j.generationId };
  }
  async function commit(v: number, group: string, req: Partial<Parameters<typeof K.encOffsetCommit>[1]> & { topics: Parameters<typeof K.encOffsetCommit>[1]['topics'] }, brokerId = coordOf(group)) {
    const c = await to(brokerId);
    return K.decOffsetCommit(v, (await c.request(ApiKey.OffsetCommit, v, K.encOffsetCommit(v, { groupId: group, ...req }))).body);
  }
  async function fetchOffsets(v: number, group: string, topics: { name: string; partitions: number[] }[] | null, brokerId = coordOf(group)) {
    const c = await to(brokerId);
    return K.decOffsetFetch(v, (await c.request(ApiKey.OffsetFetch, v, K.encOffsetFetch(v, group, topics))).body);
  }

  before(async () => {
    broker = await startBroker({ brokers: 3, port: 0 });
    broker.cluster.createTopic('gt', { partitions: 3 });
  });
  after(async () => {
    for (const c of extra) c.close();
    await broker.stop();
  });

  it('the handlers advertise the ranges these tests cover', () => {
    const byKey = new Map(defaultHandlers().map((h) => [h.apiKey, [h.minVersion, h.maxVersion]]));
    assert.deepEqual(byKey.get(ApiKey.FindCoordinator), [0, 2]);
    assert.deepEqual(byKey.get(ApiKey.JoinGroup), [0, 5]);
    assert.deepEqual(byKey.get(ApiKey.SyncGroup), [0, 3]);
    assert.deepEqual(byKey.get(ApiKey.Heartbeat), [0, 3]);
    assert.deepEqual(byKey.get(ApiKey.LeaveGroup), [0, 3]);
    assert.deepEqual(byKey.get(ApiKey.OffsetCommit), [0, 7]);
    assert.deepEqual(byKey.get(ApiKey.OffsetFetch), [0, 5]);
    assert.deepEqual(byKey.get(ApiKey.ListGroups), [0, 2]);
    assert.deepEqual(byKey.get(ApiKey.DescribeGroups), [0, 4]);
    assert.deepEqual(byKey.get(ApiKey.DeleteGroups), [0, 1]);
  });

  describe('FindCoordinator', () => {
    for (const v of range(0, 2)) {
      it(`v${v} names the same coordinator from every broker, with its address`, async () => {
        const group = `fc-${v}`;
        const want = broker.brokers.find((b) => b.id === coordOf(group))!;
        for (const b of broker.brokers) {
          const c = await to(b.id);
          const d = K.decFindCoordinator(v, (await c.request(ApiKey.FindCoordinator, v, K.encFindCoordinator(v, group))).body);
          assert.equal(d.errorCode, 0);
          assert.equal(d.errorMessage, null);
          assert.equal(d.throttle, 0);
          assert.deepEqual([d.nodeId, d.host, d.port], [want.id, want.host, want.port]);
        }
      });
      it(`v${v} refuses an empty group id with INVALID_GROUP_ID and no node`, async () => {
        const c = await to(1);
        const d = K.decFindCoordinator(v, (await c.request(ApiKey.FindCoordinator, v, K.encFindCoordinator(v, ''))).body);
        assert.equal(d.errorCode, ErrorCode.INVALID_GROUP_ID);
        assert.deepEqual([d.nodeId, d.host, d.port], [-1, '', -1]);
        if (v >= 1) assert.match(d.errorMessage ?? '', /empty/);
      });
    }
    for (const v of range(1, 2)) {
      it(`v${v} answers a transaction key (key_type 1) with COORDINATOR_NOT_AVAILABLE and a message`, async () => {
        const c = await to(2);
        const d = K.decFindCoordinator(v, (await c.request(ApiKey.FindCoordinator, v, K.encFindCoordinator(v, 'txn-1', 1))).body);
        assert.equal(d.errorCode, ErrorCode.COORDINATOR_NOT_AVAILABLE);
        assert.match(d.errorMessage ?? '', /transactions/);
        assert.equal(d.nodeId, -1);
      });
    }
  });

  describe('JoinGroup', () => {
    for (const v of range(0, 5)) {
      it(`v${v}: a lone member becomes leader of generation 1 and gets its own metadata back`, async () => {
        const group = `jg-${v}`;
        const c = await coord(group);
        const first = await join(c, v, { groupId: group, protocols: PROTOCOLS, groupInstanceId: 'inst-1' });
        let d = first;
        if (v >= 4) {
          // v4+: the first join answers MEMBER_ID_REQUIRED with the id to rejoin with.
          assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
          assert.ok(first.memberId.startsWith('raw-test-'), first.memberId);
          assert.equal(first.generationId, -1);
          assert.deepEqual([first.leader, first.protocolName, first.members.length], ['', '', 0]);
          d = await join(c, v, { groupId: group, protocols: PROTOCOLS, groupInstanceId: 'inst-1', memberId: first.memberId });
          assert.equal(d.memberId, first.memberId);
        }
        assert.equal(d.errorCode, 0);
        assert.equal(d.throttle, 0);
        assert.equal(d.generationId, 1);
        assert.equal(d.protocolName, 'range');
        assert.equal(d.leader, d.memberId);
        assert.ok(d.memberId.startsWith('raw-test-'), d.memberId);
        assert.equal(d.members.length, 1);
        assert.equal(d.members[0].memberId, d.memberId);
        assert.deepEqual(d.members[0].metadata, META);
        assert.equal(d.members[0].groupInstanceId, v >= 5 ? 'inst-1' : null);
      });
    }
    it('errors: NOT_COORDINATOR on another broker, UNKNOWN_MEMBER_ID for a made-up id, INCONSISTENT_GROUP_PROTOCOL, INVALID_SESSION_TIMEOUT', async () => {
      const group = 'jg-err';
      for (const v of range(0, 5)) {
        const wrong = await to(notCoordOf(group));
        const d = await join(wrong, v, { groupId: group, protocols: PROTOCOLS });
        assert.equal(d.errorCode, ErrorCode.NOT_COORDINATOR, `v${v}`);
        assert.equal(d.generationId, -1);
      }
      await joinAlone(group);
      const c = await coord(group);
      assert.equal((await join(c, 3, { groupId: group, memberId: 'nobody', protocols: PROTOCOLS })).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
      assert.equal((await join(c, 3, { groupId: group, protocolType: 'connect', protocols: PROTOCOLS })).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      assert.equal((await join(await coord('jg-err-2'), 3, { groupId: 'jg-err-2', sessionTimeoutMs: 10, protocols: PROTOCOLS })).errorCode, 26 /* INVALID_SESSION_TIMEOUT */);
    });
    it('two members: both get generation 2, only the leader gets the member list; assignments round-trip through SyncGroup', async () => {
      const group = 'jg-two';
      const id = coordOf(group);
      const a = await fresh(id);
      const b = await fresh(id);
      const ja = await join(a, 2, { groupId: group, rebalanceTimeoutMs: 5000, protocols: PROTOCOLS });
      assert.equal(ja.generationId, 1);
      // B joins: the group waits for A to rejoin (B's answer is held back meanwhile).
      const jbP = join(b, 2, { groupId: group, rebalanceTimeoutMs: 5000, protocols: [{ name: 'range', metadata: Buffer.from('b-meta') }] });
      // Wait (bounded) until B's join has reached the coordinator: the group is rebalancing.
      for (let i = 0; ; i++) {
        const dg = K.decDescribeGroups(0, (await a.request(ApiKey.DescribeGroups, 0, K.encDescribeGroups(0, [group]))).body);
        if (dg.groups[0].state === 'PreparingRebalance') break;
        assert.ok(i < 100, `group state ${dg.groups[0].state}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const hb = K.decHeartbeat(3, (await a.request(ApiKey.Heartbeat, 3, K.encHeartbeat(3, group, 1, ja.memberId))).body);
      assert.equal(hb.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
      const ja2 = await join(a, 2, { groupId: group, memberId: ja.memberId, rebalanceTimeoutMs: 5000, protocols: PROTOCOLS });
      const jb = await jbP;
      assert.equal(ja2.errorCode, 0);
      assert.equal(jb.errorCode, 0);
      assert.deepEqual([ja2.generationId, jb.generationId], [2, 2]);
      assert.equal(ja2.leader, ja.memberId);
      assert.equal(jb.leader, ja.memberId);
      assert.equal(jb.members.length, 0);
      const byId = new Map(ja2.members.map((m) => [m.memberId, m.metadata.toString('latin1')]));
      assert.deepEqual(byId, new Map([[ja.memberId, META.toString('latin1')], [jb.memberId, 'b-meta']]));

      // The follower syncs (usually first, then its answer waits for the leader's assignments).
      const sbP = b.request(ApiKey.SyncGroup, 1, K.encSyncGroup(1, group, 2, jb.memberId));
      const assignments = [{ memberId: ja.memberId, assignment: Buffer.from([1, 2, 3]) }, { memberId: jb.memberId, assignment: Buffer.from([9, 8, 7, 6]) }];
      const sa = K.decSyncGroup(1, (await a.request(ApiKey.SyncGroup, 1, K.encSyncGroup(1, group, 2, ja.memberId, assignments))).body);
      const sb = K.decSyncGroup(1, (await sbP).body);
      assert.equal(sa.errorCode, 0);
      assert.equal(sb.errorCode, 0);
      assert.deepEqual(sa.assignment, Buffer.from([1, 2, 3]));
      assert.deepEqual(sb.assignment, Buffer.from([9, 8, 7, 6]));
    });
  });

  describe('SyncGroup', () => {
    for (const v of range(0, 3)) {
      it(`v${v}: the leader's assignment comes back; a repeated sync in Stable answers it again`, async () => {
        const group = `sg-${v}`;
        const j = await joinAlone(group, 5, { groupInstanceId: 'inst-s' });
        const c = await coord(group);
        const assignment = Buffer.from(`assignment for v${v}`);
        const d = K.decSyncGroup(v, (await c.request(ApiKey.SyncGroup, v, K.encSyncGroup(v, group, j.generationId, j.memberId, [{ memberId: j.memberId, assignment }], 'inst-s'))).body);
        assert.equal(d.errorCode, 0);
        assert.equal(d.throttle, 0);
        assert.deepEqual(d.assignment, assignment);
        const again = K.decSyncGroup(v, (await c.request(ApiKey.SyncGroup, v, K.encSyncGroup(v, group, j.generationId, j.memberId))).body);
        assert.equal(again.errorCode, 0);
        assert.deepEqual(again.assignment, assignment);
      });
      it(`v${v} errors: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, NOT_COORDINATOR (empty assignment each time)`, async () => {
        const group = `sg-err-${v}`;
        const j = await joinAlone(group);
        const c = await coord(group);
        const cases: [RawClient, number, string, number][] = [
          [c, j.generationId + 1, j.memberId, ErrorCode.ILLEGAL_GENERATION],
          [c, j.generationId, 'nobody', ErrorCode.UNKNOWN_MEMBER_ID],
          [await to(notCoordOf(group)), j.generationId, j.memberId, ErrorCode.NOT_COORDINATOR],
        ];
        for (const [client, gen, member, code] of cases) {
          const d = K.decSyncGroup(v, (await client.request(ApiKey.SyncGroup, v, K.encSyncGroup(v, group, gen, member, [{ memberId: member, assignment: Buffer.from('x') }]))).body);
          assert.equal(d.errorCode, code);
          assert.equal(d.assignment.length, 0);
        }
      });
    }
  });

  describe('Heartbeat', () => {
    for (const v of range(0, 3)) {
      it(`v${v}: NONE for the member, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, NOT_COORDINATOR`, async () => {
        const group = `hb-${v}`;
        const m = await stableAlone(group);
        const c = await coord(group);
        const hb = async (client: RawClient, gen: number, member: string) => {
          const d = K.decHeartbeat(v, (await client.request(ApiKey.Heartbeat, v, K.encHeartbeat(v, group, gen, member, 'inst-h'))).body);
          assert.equal(d.throttle, 0);
          return d.errorCode;
        };
        assert.equal(await hb(c, m.generationId, m.memberId), 0);
        assert.equal(await hb(c, m.generationId + 5, m.memberId), ErrorCode.ILLEGAL_GENERATION);
        assert.equal(await hb(c, m.generationId, 'nobody'), ErrorCode.UNKNOWN_MEMBER_ID);
        assert.equal(await hb(await to(notCoordOf(group)), m.generationId, m.memberId), ErrorCode.NOT_COORDINATOR);
      });
    }
  });

  describe('LeaveGroup', () => {
    for (const v of range(0, 2)) {
      it(`v${v}: the member leaves (group Empty); leaving again is UNKNOWN_MEMBER_ID; NOT_COORDINATOR elsewhere`, async () => {
        const group = `lg-${v}`;
        const m = await stableAlone(group);
        const leave = async (client: RawClient, member: string) => {
          const d = K.decLeaveGroup(v, (await client.request(ApiKey.LeaveGroup, v, K.encLeaveGroup(v, group, [{ memberId: member }]))).body);
          assert.equal(d.throttle, 0);
          assert.deepEqual(d.members, []);
          return d.errorCode;
        };
        assert.equal(await leave(await to(notCoordOf(group)), m.memberId), ErrorCode.NOT_COORDINATOR);
        assert.equal(await leave(await coord(group), m.memberId), 0);
        const c = await coord(group);
        const dg = K.decDescribeGroups(0, (await c.request(ApiKey.DescribeGroups, 0, K.encDescribeGroups(0, [group]))).body);
        assert.equal(dg.groups[0].state, 'Empty');
        assert.equal(dg.groups[0].members.length, 0);
        assert.equal(await leave(c, m.memberId), ErrorCode.UNKNOWN_MEMBER_ID);
      });
    }
    it('v3: several members at once, with an error per member', async () => {
      const group = 'lg-3';
      const m = await stableAlone(group);
      const c = await coord(group);
      const d = K.decLeaveGroup(3, (await c.request(ApiKey.LeaveGroup, 3, K.encLeaveGroup(3, group, [{ memberId: m.memberId, groupInstanceId: 'inst-l' }, { memberId: 'nobody' }]))).body);
      assert.equal(d.errorCode, 0);
      assert.equal(d.throttle, 0);
      assert.deepEqual(d.members, [
        { memberId: m.memberId, groupInstanceId: 'inst-l', errorCode: 0 },
        { memberId: 'nobody', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
      ]);
      const wrong = await to(notCoordOf(group));
      const w = K.decLeaveGroup(3, (await wrong.request(ApiKey.LeaveGroup, 3, K.encLeaveGroup(3, group, [{ memberId: m.memberId }]))).body);
      assert.equal(w.errorCode, ErrorCode.NOT_COORDINATOR);
      assert.deepEqual(w.members, []);
    });
  });

  describe('OffsetCommit and OffsetFetch', () => {
    it('v0 keeps its offsets apart, as ZooKeeper-mode Kafka 3.x does: any broker, not seen by v1+ nor the other way round', async () => {
      const group = 'oc-zk';
      const other = notCoordOf(group);
      const d = await commit(0, group, { topics: [{ name: 'gt', partitions: [{ index: 0, offset: 11, metadata: 'ignored' }, { index: 1, offset: 12 }] }, { name: 'no-such-topic', partitions: [{ index: 0, offset: 1 }] }] }, other);
      assert.deepEqual(d.topics, [
        { name: 'gt', partitions: [{ index: 0, errorCode: 0 }, { index: 1, errorCode: 0 }] },
        { name: 'no-such-topic', partitions: [{ index: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
      ]);
      const big = await commit(0, group, { topics: [{ name: 'gt', partitions: [{ index: 2, offset: 1, metadata: 'x'.repeat(4097) }] }] }, other);
      assert.equal(big.topics[0].partitions[0].errorCode, ErrorCode.OFFSET_METADATA_TOO_LARGE);
      // OffsetFetch v0 on yet another broker reads them; no metadata; nothing stored → -1 with UNKNOWN_TOPIC_OR_PARTITION
      const f0 = await fetchOffsets(0, group, [{ name: 'gt', partitions: [0, 1, 2] }], coordOf(group));
      assert.deepEqual(f0.topics[0].partitions, [
        { index: 0, offset: 11, leaderEpoch: -1, metadata: '', errorCode: 0 },
        { index: 1, offset: 12, leaderEpoch: -1, metadata: '', errorCode: 0 },
        { index: 2, offset: -1, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
      ]);
      // the coordinator's offsets (v1+) do not see v0 commits…
      const f1 = await fetchOffsets(1, group, [{ name: 'gt', partitions: [0] }]);
      assert.deepEqual(f1.topics[0].partitions[0], { index: 0, offset: -1, leaderEpoch: -1, metadata: '', errorCode: 0 });
      // …and v0 does not see theirs
      await commit(7, group, { topics: [{ name: 'gt', partitions: [{ index: 2, offset: 99 }] }] });
      const again = await fetchOffsets(0, group, [{ name: 'gt', partitions: [2] }], other);
      assert.equal(again.topics[0].partitions[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    });

    for (const v of range(1, 7)) {
      it(`OffsetCommit v${v}: a commit outside group management is stored and read back (OffsetFetch v5)`, async () => {
        const group = `oc-${v}`;
        const d = await commit(v, group, {
          retentionTimeMs: 60000,
          groupInstanceId: null,
          topics: [{ name: 'gt', partitions: [{ index: 0, offset: 100 + v, leaderEpoch: 3, metadata: `meta-${v}` }, { index: 2, offset: 7, metadata: null }] }],
        });
        assert.equal(d.throttle, 0);
        assert.deepEqual(d.topics, [{ name: 'gt', partitions: [{ index: 0, errorCode: 0 }, { index: 2, errorCode: 0 }] }]);
        const f = await fetchOffsets(5, group, [{ name: 'gt', partitions: [0, 1, 2] }]);
        assert.equal(f.errorCode, 0);
        assert.deepEqual(f.topics[0].partitions, [
          { index: 0, offset: 100 + v, leaderEpoch: v >= 6 ? 3 : -1, metadata: `meta-${v}`, errorCode: 0 },
          { index: 1, offset: -1, leaderEpoch: -1, metadata: '', errorCode: 0 },
          { index: 2, offset: 7, leaderEpoch: -1, metadata: '', errorCode: 0 },
        ]);
      });
      it(`OffsetCommit v${v} errors: member commits check generation and member id; unknown partitions; NOT_COORDINATOR`, async () => {
        const group = `oc-err-${v}`;
        // A new group and a generation >= 0: ILLEGAL_GENERATION.
        const fresh = await commit(v, `${group}-new`, { generationId: 1, memberId: 'm', topics: [{ name: 'gt', partitions: [{ index: 0, offset: 1 }] }] });
        assert.equal(fresh.topics[0].partitions[0].errorCode, ErrorCode.ILLEGAL_GENERATION);
        const m = await stableAlone(group);
        const ok = await commit(v, group, { generationId: m.generationId, memberId: m.memberId, topics: [{ name: 'gt', partitions: [{ index: 1, offset: 42 }] }, { name: 'no-such-topic', partitions: [{ index: 0, offset: 1 }] }] });
        assert.deepEqual(ok.topics, [
          { name: 'gt', partitions: [{ index: 1, errorCode: 0 }] },
          { name: 'no-such-topic', partitions: [{ index: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
        ]);
        const badGen = await commit(v, group, { generationId: m.generationId + 1, memberId: m.memberId, topics: [{ name: 'gt', partitions: [{ index: 1, offset: 43 }] }] });
        assert.equal(badGen.topics[0].partitions[0].errorCode, ErrorCode.ILLEGAL_GENERATION);
        const badMember = await commit(v, group, { generationId: m.generationId, memberId: 'nobody', topics: [{ name: 'gt', partitions: [{ index: 1, offset: 43 }] }] });
        assert.equal(badMember.topics[0].partitions[0].errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
        const wrong = await commit(v, group, { generationId: m.generationId, memberId: m.memberId, topics: [{ name: 'gt', partitions: [{ index: 1, offset: 44 }, { index: 2, offset: 44 }] }] }, notCoordOf(group));
        assert.deepEqual(wrong.topics[0].partitions.map((p) => p.errorCode), [ErrorCode.NOT_COORDINATOR, ErrorCode.NOT_COORDINATOR]);
        const f = await fetchOffsets(3, group, [{ name: 'gt', partitions: [1] }]);
        assert.equal(f.topics[0].partitions[0].offset, 42, 'only the accepted commit is stored');
      });
    }

    for (const v of range(1, 5)) {
      it(`OffsetFetch v${v}: committed offsets, metadata and (v5) leader epoch; -1 where nothing is committed`, async () => {
        const group = `of-${v}`;
        const c = await commit(7, group, { topics: [{ name: 'gt', partitions: [{ index: 0, offset: 5, leaderEpoch: 9, metadata: 'm0' }, { index: 1, offset: 6, metadata: null }] }] });
        assert.ok(c.topics[0].partitions.every((p) => p.errorCode === 0));
        const f = await fetchOffsets(v, group, [{ name: 'gt', partitions: [1, 0, 2] }, { name: 'other', partitions: [0] }]);
        assert.equal(f.throttle, 0);
        assert.equal(f.errorCode, 0);
        assert.deepEqual(f.topics, [
          {
            name: 'gt',
            partitions: [
              { index: 1, offset: 6, leaderEpoch: -1, metadata: '', errorCode: 0 },
              { index: 0, offset: 5, leaderEpoch: v >= 5 ? 9 : -1, metadata: 'm0', errorCode: 0 },
              { index: 2, offset: -1, leaderEpoch: -1, metadata: '', errorCode: 0 },
            ],
          },
          { name: 'other', partitions: [{ index: 0, offset: -1, leaderEpoch: -1, metadata: '', errorCode: 0 }] },
        ]);
      });
      it(`OffsetFetch v${v}: NOT_COORDINATOR on another broker (${v >= 2 ? 'top-level' : 'per partition'})`, async () => {
        const group = `of-${v}`;
        const f = await fetchOffsets(v, group, [{ name: 'gt', partitions: [0, 1] }], notCoordOf(group));
        if (v >= 2) {
          assert.equal(f.errorCode, ErrorCode.NOT_COORDINATOR);
          assert.deepEqual(f.topics, []);
        } else {
          assert.deepEqual(f.topics[0].partitions.map((p) => [p.index, p.offset, p.errorCode]), [[0, -1, ErrorCode.NOT_COORDINATOR], [1, -1, ErrorCode.NOT_COORDINATOR]]);
        }
      });
    }
    for (const v of range(2, 5)) {
      it(`OffsetFetch v${v} with null topics lists everything the group committed`, async () => {
        const group = `of-all-${v}`;
        await commit(7, group, { topics: [{ name: 'gt', partitions: [{ index: 2, offset: 20 }, { index: 0, offset: 10 }] }] });
        const f = await fetchOffsets(v, group, null);
        assert.equal(f.errorCode, 0);
        assert.deepEqual(f.topics.map((t) => [t.name, t.partitions.map((p) => [p.index, p.offset])]), [['gt', [[0, 10], [2, 20]]]]);
        const none = await fetchOffsets(v, `${group}-unknown`, null);
        assert.deepEqual([none.errorCode, none.topics], [0, []]);
      });
    }
  });

  describe('ListGroups', () => {
    for (const v of range(0, 2)) {
      it(`v${v}: each broker lists the groups it coordinates, with their protocol type`, async () => {
        await stableAlone(`list-${v}`);
        await commit(7, `list-${v}-simple`, { topics: [{ name: 'gt', partitions: [{ index: 0, offset: 1 }] }] });
        const seen = new Map<string, string>();
        for (const b of broker.brokers) {
          const c = await to(b.id);
          const d = K.decListGroups(v, (await c.request(ApiKey.ListGroups, v, K.encListGroups(v))).body);
          assert.equal(d.errorCode, 0);
          assert.equal(d.throttle, 0);
          for (const g of d.groups) {
            assert.equal(coordOf(g.groupId), b.id, `${g.groupId} listed by broker ${b.id}`);
            assert.ok(!seen.has(g.groupId));
            seen.set(g.groupId, g.protocolType);
          }
        }
        assert.equal(seen.get(`list-${v}`), 'consumer');
        assert.equal(seen.get(`list-${v}-simple`), '');
      });
    }
  });

  describe('DescribeGroups', () => {
    for (const v of range(0, 4)) {
      it(`v${v}: a stable group with its member, metadata and assignment; an unknown group is Dead`, async () => {
        const group = `dg-${v}`;
        const j = await joinAlone(group, 5, { groupInstanceId: 'inst-d' });
        const c = await coord(group);
        const assignment = Buffer.from([0, 1, 2, 3, 4]);
        await c.request(ApiKey.SyncGroup, 0, K.encSyncGroup(0, group, j.generationId, j.memberId, [{ memberId: j.memberId, assignment }]));
        const d = K.decDescribeGroups(v, (await c.request(ApiKey.DescribeGroups, v, K.encDescribeGroups(v, [group, `${group}-unknown`], true))).body);
        assert.equal(d.throttle, 0);
        assert.equal(d.groups.length, 2);
        const [g, dead] = d.groups;
        assert.deepEqual([g.errorCode, g.groupId, g.state, g.protocolType, g.protocolData], [0, group, 'Stable', 'consumer', 'range']);
        assert.equal(g.members.length, 1);
        const m = g.members[0];
        assert.equal(m.memberId, j.memberId);
        assert.equal(m.groupInstanceId, v >= 4 ? 'inst-d' : null);
        assert.equal(m.clientId, 'raw-test');
        assert.equal(m.clientHost, '/127.0.0.1');
        assert.deepEqual(m.metadata, META);
        assert.deepEqual(m.assignment, assignment);
        assert.equal(g.authorizedOperations, v >= 3 ? -2147483648 : 0);
        // The unknown group: hashed to some broker, so it may also be NOT_COORDINATOR here.
        if (coordOf(dead.groupId) === coordOf(group)) {
          assert.deepEqual([dead.errorCode, dead.state, dead.members.length], [0, 'Dead', 0]);
        } else {
          assert.equal(dead.errorCode, ErrorCode.NOT_COORDINATOR);
        }
      });
      it(`v${v}: NOT_COORDINATOR on another broker; a rebalancing group shows no metadata yet`, async () => {
        const group = `dg-${v}`;
        const wrong = await to(notCoordOf(group));
        const d = K.decDescribeGroups(v, (await wrong.request(ApiKey.DescribeGroups, v, K.encDescribeGroups(v, [group]))).body);
        assert.deepEqual([d.groups[0].errorCode, d.groups[0].groupId, d.groups[0].members.length], [ErrorCode.NOT_COORDINATOR, group, 0]);
        const pending = `dg-pending-${v}`;
        await joinAlone(pending);
        const c = await coord(pending);
        const p = K.decDescribeGroups(v, (await c.request(ApiKey.DescribeGroups, v, K.encDescribeGroups(v, [pending]))).body);
        assert.equal(p.groups[0].state, 'CompletingRebalance');
        assert.equal(p.groups[0].protocolData, '');
        assert.equal(p.groups[0].members.length, 1);
        assert.deepEqual([p.groups[0].members[0].metadata.length, p.groups[0].members[0].assignment.length], [0, 0]);
      });
    }
  });

  describe('DeleteGroups', () => {
    for (const v of range(0, 1)) {
      it(`v${v}: deletes an empty group and its offsets; GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, NOT_COORDINATOR`, async () => {
        const empty = `del-${v}`;
        const busy = `del-busy-${v}`;
        await commit(7, empty, { topics: [{ name: 'gt', partitions: [{ index: 0, offset: 33 }] }] });
        await stableAlone(busy);
        const ask = async (brokerId: number, ids: string[]) => {
          const c = await to(brokerId);
          const d = K.decDeleteGroups(v, (await c.request(ApiKey.DeleteGroups, v, K.encDeleteGroups(v, ids))).body);
          assert.equal(d.throttle, 0);
          return d.results;
        };
        assert.deepEqual(await ask(notCoordOf(empty), [empty]), [{ groupId: empty, errorCode: ErrorCode.NOT_COORDINATOR }]);
        const missing = `del-missing-${v}`;
        assert.deepEqual(await ask(coordOf(missing), [missing]), [{ groupId: missing, errorCode: ErrorCode.GROUP_ID_NOT_FOUND }]);
        assert.deepEqual(await ask(coordOf(busy), [busy]), [{ groupId: busy, errorCode: ErrorCode.NON_EMPTY_GROUP }]);
        assert.deepEqual(await ask(coordOf(empty), [empty]), [{ groupId: empty, errorCode: 0 }]);
        const f = await fetchOffsets(5, empty, [{ name: 'gt', partitions: [0] }]);
        assert.equal(f.topics[0].partitions[0].offset, -1, 'offsets went with the group');
        assert.deepEqual(await ask(coordOf(empty), [empty]), [{ groupId: empty, errorCode: ErrorCode.GROUP_ID_NOT_FOUND }]);
      });
    }
  });
});
