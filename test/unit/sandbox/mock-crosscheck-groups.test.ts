// Cross-check of the consumer-group APIs against librdkafka's mock cluster (a second, independent
// broker implementation): the same hand-built requests go to both; each response must decode with
// the schema's field layout (no bytes left over) and carry the same error codes for the same
// situation. Values (member ids, generations) may differ. Versions: those both advertise
// (mock, librdkafka 2.0.2: FindCoordinator 0-2, JoinGroup 0-5, SyncGroup 0-3, Heartbeat 0-3,
// LeaveGroup 0-1, OffsetCommit 0-7, OffsetFetch 0-5; checked in the first test).
//
// Known mock deviations (librdkafka 2.0.2), documented where they are tolerated:
// - JoinGroup v4+ never answers MEMBER_ID_REQUIRED (KIP-394): a first join with an empty member
//   id is admitted directly. Kafka and the sandbox answer 79 and expect a rejoin with the given id.
// - Error answers write null (-1) into fields the schema makes non-nullable: JoinGroup
//   protocol_name/leader/member_id, SyncGroup assignment. Those answers are decoded with a reader
//   that reads such nulls as empty (mock only); the sandbox is held to the schema.
// - A JoinGroup with a member id the group does not know admits it instead of UNKNOWN_MEMBER_ID,
//   and OffsetCommit/OffsetFetch do not check the coordinator: not compared.
// - The mock's first join of a group waits ~3 s (its group.initial.rebalance.delay.ms), so every
//   join happens once, concurrently, in before().
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { brokerClient, RawClient } from '../../helpers/kafka-raw';
import * as K from '../../helpers/kafka-codec';
import { requireKcat, startMockCluster, type MockCluster } from '../../helpers/kcat';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { Reader, type Writer } from '../../../src/sandbox/protocol/primitives';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const TOPIC = 'xg';
const META = Buffer.from('subscription-metadata');
const PROTOCOLS = [{ name: 'range', metadata: META }];

/** Reads a null (-1) string or bytes where the schema forbids it as empty, and counts them. */
class NullTolerantReader extends Reader {
  nulls = 0;
  override string(): string {
    const s = this.nullableString();
    if (s === null) this.nulls++;
    return s ?? '';
  }
  override bytes(): Buffer {
    const b = this.nullableBytes();
    if (b === null) this.nulls++;
    return b ?? Buffer.alloc(0);
  }
}

interface Peer {
  name: 'mock' | 'sandbox';
  boot: RawClient;
  clients: Map<number, RawClient>;
  brokers: Map<number, string>;
  coordinators: Map<string, number>;
  /** Stable one-member groups joined in before(): group id → member. */
  members: Map<string, { memberId: string; generationId: number }>;
  /** JoinGroup answers per version: the first answer, and the final one (after MEMBER_ID_REQUIRED). */
  joins: Map<number, { first: ReturnType<typeof K.decJoinGroup>; final: ReturnType<typeof K.decJoinGroup> }>;
  extra: RawClient[];
}

describe('sandbox broker vs librdkafka mock cluster: group APIs (wire structure)', function () {
  this.timeout(30000);
  let sandbox: RunningBroker;
  let mock: MockCluster;
  const peers: Peer[] = [];

  async function coordinator(p: Peer, group: string): Promise<number> {
    let id = p.coordinators.get(group);
    if (id === undefined) {
      const d = K.decFindCoordinator(0, (await p.boot.request(ApiKey.FindCoordinator, 0, K.encFindCoordinator(0, group))).body);
      assert.equal(d.errorCode, 0, `${p.name}: FindCoordinator ${group}`);
      id = d.nodeId;
      p.coordinators.set(group, id);
    }
    return id;
  }
  async function notCoordinator(p: Peer, group: string): Promise<number> {
    const id = await coordinator(p, group);
    return [...p.brokers.keys()].find((b) => b !== id)!;
  }

  type Dec<T> = (v: number, r: Reader) => T;
  /**
   * Sends the same request to both peers (to the group's coordinator, or another broker) and decodes
   * both answers. `tolerateMockNulls`: decode the mock's answer with NullTolerantReader.
   */
  async function both<T>(apiKey: number, v: number, group: string, enc: (w: Writer) => void, dec: Dec<T>, opts: { to?: 'coordinator' | 'other'; tolerateMockNulls?: boolean } = {}): Promise<{ mock: T; sandbox: T }> {
    const out: Partial<Record<Peer['name'], T>> = {};
    for (const p of peers) {
      const id = opts.to === 'other' ? await notCoordinator(p, group) : await coordinator(p, group);
      const res = await (await brokerClient(p, id)).request(apiKey, v, enc);
      try {
        const r = p.name === 'mock' && opts.tolerateMockNulls ? new NullTolerantReader(res.frame, res.body.offset) : res.body;
        out[p.name] = dec(v, r);
      } catch (err) {
        throw new Error(`${p.name}: api ${apiKey} v${v}: ${(err as Error).message}`, { cause: err });
      }
    }
    return { mock: out.mock!, sandbox: out.sandbox! };
  }

  /** Joins (JoinGroup v`v`, through MEMBER_ID_REQUIRED where answered) on a connection of its own. */
  async function joinOnce(p: Peer, v: number, group: string) {
    const c = await RawClient.connect(p.brokers.get(await coordinator(p, group))!);
    p.extra.push(c);
    const req: K.JoinGroupReq = { groupId: group, sessionTimeoutMs: 30000, rebalanceTimeoutMs: 10000, groupInstanceId: null, protocols: PROTOCOLS };
    const first = K.decJoinGroup(v, (await c.request(ApiKey.JoinGroup, v, K.encJoinGroup(v, req), { timeoutMs: 15000 })).body);
    let final = first;
    if (first.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
      final = K.decJoinGroup(v, (await c.request(ApiKey.JoinGroup, v, K.encJoinGroup(v, { ...req, memberId: first.memberId }), { timeoutMs: 15000 })).body);
    }
    return { first, final };
  }
  async function joinAndSync(p: Peer, group: string) {
    const { final } = await joinOnce(p, 3, group);
    assert.equal(final.errorCode, 0, `${p.name}: join ${group}`);
    const c = await brokerClient(p, await coordinator(p, group));
    const s = K.decSyncGroup(3, (await c.request(ApiKey.SyncGroup, 3, K.encSyncGroup(3, group, final.generationId, final.memberId, [{ memberId: final.memberId, assignment: Buffer.from('a') }]))).body);
    assert.equal(s.errorCode, 0, `${p.name}: sync ${group}`);
    p.members.set(group, { memberId: final.memberId, generationId: final.generationId });
  }
  const member = (p: 'mock' | 'sandbox', group: string) => peers.find((x) => x.name === p)!.members.get(group)!;

  const STABLE = [...range(0, 3).map((v) => `xg-hb-${v}`), ...range(0, 1).map((v) => `xg-leave-${v}`), ...range(2, 7).map((v) => `xg-oc-${v}`), 'xg-sync'];

  before(async function () {
    const kcat = requireKcat(this);
    mock = await startMockCluster(kcat, 3);
    sandbox = await startBroker({ brokers: 3 });
    sandbox.cluster.createTopic(TOPIC, { partitions: 4 });
    for (const [name, bootstrap] of [['mock', mock.bootstrap], ['sandbox', sandbox.bootstrap]] as const) {
      const boot = await RawClient.connect(bootstrap);
      let md = K.decMetadata(1, (await boot.request(ApiKey.Metadata, 1, K.encMetadata(1, [TOPIC]))).body);
      if (md.topics[0].partitions.length === 0) md = K.decMetadata(1, (await boot.request(ApiKey.Metadata, 1, K.encMetadata(1, [TOPIC]))).body);
      assert.equal(md.topics[0].partitions.length, 4, `${name}: topic ${TOPIC}`);
      peers.push({ name, boot, clients: new Map(), brokers: new Map(md.brokers.map((b) => [b.id, `${b.host}:${b.port}`])), coordinators: new Map(), members: new Map(), joins: new Map(), extra: [] });
    }
    // Every join at once, on both peers (the mock holds each first join for ~3 s).
    await Promise.all(
      peers.flatMap((p) => [
        ...range(0, 5).map(async (v) => p.joins.set(v, await joinOnce(p, v, `xg-join-${v}`))),
        ...STABLE.map((g) => joinAndSync(p, g)),
      ]),
    );
  });
  after(async () => {
    for (const p of peers) for (const c of [p.boot, ...p.clients.values(), ...p.extra]) c.close();
    await sandbox?.stop();
    await mock?.stop();
  });

  it('both advertise the group API versions compared here', async () => {
    const want: [number, number, number][] = [
      [ApiKey.FindCoordinator, 0, 2], [ApiKey.JoinGroup, 0, 5], [ApiKey.SyncGroup, 0, 3], [ApiKey.Heartbeat, 0, 3],
      [ApiKey.LeaveGroup, 0, 1], [ApiKey.OffsetCommit, 2, 7], [ApiKey.OffsetFetch, 1, 5],
    ];
    for (const p of peers) {
      const d = K.decApiVersions(2, (await p.boot.request(ApiKey.ApiVersions, 2, K.encApiVersions(2))).body);
      const byKey = new Map(d.apis.map((a) => [a.apiKey, a]));
      for (const [key, lo, hi] of want) {
        const a = byKey.get(key);
        assert.ok(a && a.min <= lo && a.max >= hi, `${p.name} advertises api ${key} ${lo}-${hi} (has ${a?.min}-${a?.max})`);
      }
    }
  });

  for (const v of range(0, 2)) {
    it(`FindCoordinator v${v}: same layout; the node named is one of the peer's brokers, at its address`, async () => {
      for (const p of peers) {
        const d = K.decFindCoordinator(v, (await p.boot.request(ApiKey.FindCoordinator, v, K.encFindCoordinator(v, `xg-fc-${v}`))).body);
        assert.equal(d.errorCode, 0, p.name);
        assert.equal(d.errorMessage, null);
        assert.equal(p.brokers.get(d.nodeId), `${d.host}:${d.port}`, p.name);
      }
    });
  }

  for (const v of range(0, 5)) {
    it(`JoinGroup v${v}: same layout; a lone member leads, its metadata comes back${v >= 4 ? ' (mock: no MEMBER_ID_REQUIRED)' : ''}`, () => {
      for (const p of peers) {
        const { first, final } = p.joins.get(v)!;
        if (v >= 4 && p.name === 'sandbox') assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
        else if (v >= 4) assert.ok(first.errorCode === 0 || first.errorCode === ErrorCode.MEMBER_ID_REQUIRED, `mock: ${first.errorCode}`);
        else assert.equal(first.errorCode, 0, p.name);
        assert.equal(final.errorCode, 0, p.name);
        assert.ok(final.generationId >= 1, p.name);
        assert.equal(final.protocolName, 'range', p.name);
        assert.equal(final.leader, final.memberId, p.name);
        assert.equal(final.members.length, 1, p.name);
        assert.equal(final.members[0].memberId, final.memberId);
        assert.deepEqual(final.members[0].metadata, META);
        assert.equal(final.members[0].groupInstanceId, null);
      }
    });
  }
  it('JoinGroup: same error on a broker that is not the coordinator (NOT_COORDINATOR)', async () => {
    for (const v of range(0, 5)) {
      const d = await both(ApiKey.JoinGroup, v, 'xg-join-0', K.encJoinGroup(v, { groupId: 'xg-join-0', protocols: PROTOCOLS }), K.decJoinGroup, { to: 'other', tolerateMockNulls: true });
      assert.equal(d.mock.errorCode, ErrorCode.NOT_COORDINATOR, `mock v${v}`);
      assert.equal(d.sandbox.errorCode, ErrorCode.NOT_COORDINATOR, `sandbox v${v}`);
      assert.deepEqual([d.sandbox.generationId, d.sandbox.members.length], [d.mock.generationId, d.mock.members.length]);
    }
  });

  for (const v of range(0, 3)) {
    it(`SyncGroup v${v}: same error codes for a wrong generation, an unknown member, the wrong broker`, async () => {
      const g = 'xg-sync';
      const cases: [string, (p: 'mock' | 'sandbox') => { gen: number; id: string }, 'coordinator' | 'other', number][] = [
        ['wrong generation', (p) => ({ gen: member(p, g).generationId + 5, id: member(p, g).memberId }), 'coordinator', ErrorCode.ILLEGAL_GENERATION],
        ['unknown member', (p) => ({ gen: member(p, g).generationId, id: 'nobody' }), 'coordinator', ErrorCode.UNKNOWN_MEMBER_ID],
        ['wrong broker', (p) => ({ gen: member(p, g).generationId, id: member(p, g).memberId }), 'other', ErrorCode.NOT_COORDINATOR],
      ];
      for (const [what, args, to, code] of cases) {
        const out: number[] = [];
        for (const p of ['mock', 'sandbox'] as const) {
          const peer = peers.find((x) => x.name === p)!;
          const { gen, id } = args(p);
          const c = await brokerClient(peer, to === 'other' ? await notCoordinator(peer, g) : await coordinator(peer, g));
          const res = await c.request(ApiKey.SyncGroup, v, K.encSyncGroup(v, g, gen, id, [{ memberId: id, assignment: Buffer.from('x') }]));
          const d = K.decSyncGroup(v, p === 'mock' ? new NullTolerantReader(res.frame, res.body.offset) : res.body);
          assert.equal(d.assignment.length, 0, `${p} ${what}`);
          out.push(d.errorCode);
        }
        assert.deepEqual(out, [code, code], what);
      }
    });
  }
  it('SyncGroup v0-3: the leader gets its own assignment back (fresh generation per version)', async () => {
    // One join per version would cost the mock ~3 s each; the version-specific layout of a
    // successful answer is covered by joining xg-join-{0..3} members and syncing them here.
    for (const v of range(0, 3)) {
      for (const p of peers) {
        const j = p.joins.get(v)!.final;
        const c = await brokerClient(p, await coordinator(p, `xg-join-${v}`));
        const assignment = Buffer.from(`assignment v${v}`);
        const d = K.decSyncGroup(v, (await c.request(ApiKey.SyncGroup, v, K.encSyncGroup(v, `xg-join-${v}`, j.generationId, j.memberId, [{ memberId: j.memberId, assignment }]))).body);
        assert.equal(d.errorCode, 0, `${p.name} v${v}`);
        assert.deepEqual(d.assignment, assignment, `${p.name} v${v}`);
      }
    }
  });

  for (const v of range(0, 3)) {
    it(`Heartbeat v${v}: same error codes (NONE, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, NOT_COORDINATOR)`, async () => {
      const g = `xg-hb-${v}`;
      const hb = async (p: Peer, gen: number, id: string, to: 'coordinator' | 'other') => {
        const c = await brokerClient(p, to === 'other' ? await notCoordinator(p, g) : await coordinator(p, g));
        return K.decHeartbeat(v, (await c.request(ApiKey.Heartbeat, v, K.encHeartbeat(v, g, gen, id))).body).errorCode;
      };
      for (const [gen, id, to, code] of [
        [0, '', 'coordinator', ErrorCode.NONE],
        [5, '', 'coordinator', ErrorCode.ILLEGAL_GENERATION],
        [0, 'nobody', 'coordinator', ErrorCode.UNKNOWN_MEMBER_ID],
        [0, '', 'other', ErrorCode.NOT_COORDINATOR],
      ] as const) {
        const codes: number[] = [];
        for (const p of peers) {
          const m = p.members.get(g)!;
          codes.push(await hb(p, m.generationId + gen, id || m.memberId, to));
        }
        assert.deepEqual(codes, [code, code]);
      }
    });
  }

  for (const v of range(0, 1)) {
    it(`LeaveGroup v${v}: same error codes (NOT_COORDINATOR, NONE, then UNKNOWN_MEMBER_ID for the member that left)`, async () => {
      const g = `xg-leave-${v}`;
      for (const [to, code] of [['other', ErrorCode.NOT_COORDINATOR], ['coordinator', ErrorCode.NONE], ['coordinator', ErrorCode.UNKNOWN_MEMBER_ID]] as const) {
        const codes: number[] = [];
        for (const p of peers) {
          const c = await brokerClient(p, to === 'other' ? await notCoordinator(p, g) : await coordinator(p, g));
          const d = K.decLeaveGroup(v, (await c.request(ApiKey.LeaveGroup, v, K.encLeaveGroup(v, g, [{ memberId: p.members.get(g)!.memberId }]))).body);
          codes.push(d.errorCode);
        }
        assert.deepEqual(codes, [code, code], to);
      }
      // And the member's heartbeat is refused alike.
      const codes: number[] = [];
      for (const p of peers) {
        const m = p.members.get(g)!;
        const c = await brokerClient(p, await coordinator(p, g));
        codes.push(K.decHeartbeat(1, (await c.request(ApiKey.Heartbeat, 1, K.encHeartbeat(1, g, m.generationId, m.memberId))).body).errorCode);
      }
      assert.deepEqual(codes, [ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.UNKNOWN_MEMBER_ID]);
    });
  }

  for (const v of range(2, 7)) {
    it(`OffsetCommit v${v}: same layout and codes for a member's commit, a wrong generation, an unknown member; read back alike`, async () => {
      const g = `xg-oc-${v}`;
      for (const [what, gen, unknown, code] of [
        ['member commit', 0, false, ErrorCode.NONE],
        ['wrong generation', 5, false, ErrorCode.ILLEGAL_GENERATION],
        ['unknown member', 0, true, ErrorCode.UNKNOWN_MEMBER_ID],
      ] as const) {
        const codes: number[][] = [];
        for (const p of peers) {
          const m = p.members.get(g)!;
          const c = await brokerClient(p, await coordinator(p, g));
          // The accepted commit carries two partitions; the refused ones try to overwrite partition 0.
          const partitions = code === ErrorCode.NONE ? [{ index: 0, offset: 10 + v, leaderEpoch: -1, metadata: 'md' }, { index: 3, offset: 20 + v, metadata: null }] : [{ index: 0, offset: 99, metadata: 'x' }];
          const req = { groupId: g, generationId: m.generationId + gen, memberId: unknown ? 'nobody' : m.memberId, retentionTimeMs: -1, topics: [{ name: TOPIC, partitions }] };
          const d = K.decOffsetCommit(v, (await c.request(ApiKey.OffsetCommit, v, K.encOffsetCommit(v, req))).body);
          assert.equal(d.topics[0].name, TOPIC);
          codes.push(d.topics[0].partitions.map((x) => x.errorCode));
        }
        assert.deepEqual(codes[1], codes[0], what);
        assert.ok(codes[0].every((c) => c === code), `${what}: ${codes[0].join(',')}`);
      }
      const { mock: m, sandbox: s } = await both(ApiKey.OffsetFetch, 5, g, K.encOffsetFetch(5, g, [{ name: TOPIC, partitions: [0, 3] }]), K.decOffsetFetch);
      for (const d of [m, s]) {
        assert.equal(d.errorCode, 0);
        assert.deepEqual(d.topics[0].partitions.map((x) => [x.index, x.offset, x.errorCode]), [[0, 10 + v, 0], [3, 20 + v, 0]]);
        assert.equal(d.topics[0].partitions[0].metadata, 'md');
      }
    });
  }

  for (const v of range(1, 5)) {
    it(`OffsetFetch v${v}: same layout; committed offset, -1 where nothing was committed`, async () => {
      const g = `xg-of-${v}`;
      const c = await both(ApiKey.OffsetCommit, 7, g, K.encOffsetCommit(7, { groupId: g, topics: [{ name: TOPIC, partitions: [{ index: 1, offset: 77 }] }] }), K.decOffsetCommit);
      assert.deepEqual([c.mock.topics[0].partitions[0].errorCode, c.sandbox.topics[0].partitions[0].errorCode], [0, 0]);
      const { mock: m, sandbox: s } = await both(ApiKey.OffsetFetch, v, g, K.encOffsetFetch(v, g, [{ name: TOPIC, partitions: [1, 2] }]), K.decOffsetFetch);
      for (const d of [m, s]) {
        assert.equal(d.errorCode, 0);
        assert.equal(d.throttle, 0);
        assert.deepEqual(d.topics.map((t) => [t.name, t.partitions.map((x) => [x.index, x.offset, x.leaderEpoch, x.errorCode])]), [[TOPIC, [[1, 77, -1, 0], [2, -1, -1, 0]]]]);
      }
    });
  }
});
