import assert from 'node:assert/strict';
import { ErrorCode } from '../../../../src/sandbox/protocol/errors';
import { GroupCoordinator, JoinRequest, JoinResult, selectProtocol, SyncResult } from '../../../../src/sandbox/groups/coordinator';

/** A coordinator on a hand-driven clock, with predictable member ids. */
function setup() {
  let t = 1_000_000;
  let n = 0;
  const c = new GroupCoordinator({ now: () => t, newMemberId: (clientId) => `${clientId}-${++n}` });
  const advance = (ms: number): void => {
    t += ms;
    c.tick();
  };
  return { c, advance };
}

const meta = (s: string): Buffer => Buffer.from(s);

function joinReq(over: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: meta('m') }],
    requireKnownMemberId: false,
    ...over,
  };
}

/** Starts a join and returns a handle on its (maybe deferred) answer. */
function join(c: GroupCoordinator, over: Partial<JoinRequest> = {}) {
  const box: { res?: JoinResult } = {};
  c.join(joinReq(over), (r) => (box.res = r));
  return box;
}

function sync(c: GroupCoordinator, memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = []) {
  const box: { res?: SyncResult } = {};
  c.sync({ groupId: 'g', generationId, memberId, assignments }, (r) => (box.res = r));
  return box;
}

/** True while a deferred answer has not arrived (a call, so TypeScript does not narrow box.res). */
function waiting(box: { res?: unknown }): boolean {
  return box.res === undefined;
}

/** One member, joined and synced: returns its id and generation. */
function stableSingle(c: GroupCoordinator, over: Partial<JoinRequest> = {}) {
  const j = join(c, over);
  assert.equal(j.res?.errorCode, 0);
  const id = j.res.memberId;
  const s = sync(c, id, j.res.generationId, [{ memberId: id, assignment: meta('all') }]);
  assert.equal(s.res?.errorCode, 0);
  return { id, gen: j.res.generationId };
}

describe('sandbox group coordinator', function () {
  describe('JoinGroup', function () {
    it('hands out a member id with MEMBER_ID_REQUIRED when the client asks for it (v4+)', function () {
      const { c } = setup();
      const first = join(c, { requireKnownMemberId: true });
      assert.equal(first.res?.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
      assert.equal(first.res?.memberId, 'client-1');
      const second = join(c, { requireKnownMemberId: true, memberId: 'client-1' });
      assert.equal(second.res?.errorCode, 0);
      assert.equal(second.res?.generationId, 1);
      assert.equal(second.res?.leader, 'client-1');
      assert.equal(second.res?.protocolName, 'range');
      assert.deepEqual(second.res?.members.map((m) => m.memberId), ['client-1']);
    });

    it('answers a lone first member at once (no initial rebalance delay)', function () {
      const { c } = setup();
      const j = join(c);
      assert.equal(j.res?.errorCode, 0);
      assert.equal(j.res?.generationId, 1);
      assert.equal(c.describe('g').state, 'CompletingRebalance');
    });

    it('rejects an unknown member id, a bad session timeout, an empty group id', function () {
      const { c } = setup();
      assert.equal(join(c, { memberId: 'ghost' }).res?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
      assert.equal(c.hasGroup('g'), false, 'a refused join must not leave a group behind');
      assert.equal(join(c, { sessionTimeoutMs: 10 }).res?.errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
      assert.equal(join(c, { groupId: '' }).res?.errorCode, ErrorCode.INVALID_GROUP_ID);
    });

    it('refuses a protocol type or protocol set the group cannot share (INCONSISTENT_GROUP_PROTOCOL)', function () {
      const { c } = setup();
      stableSingle(c);
      assert.equal(join(c, { protocolType: 'connect' }).res?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      assert.equal(join(c, { protocols: [{ name: 'sticky', metadata: meta('x') }] }).res?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      assert.equal(join(c, { protocols: [] }).res?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      assert.equal(c.describe('g').state, 'Stable', 'refused joins must not disturb the group');
    });

    it('picks the protocol most members prefer among those all support', function () {
      const p = (...names: string[]) => ({ protocols: names.map((name) => ({ name, metadata: meta(name) })) });
      assert.equal(selectProtocol([p('a', 'b'), p('b', 'a'), p('b', 'a', 'c')]), 'b');
      assert.equal(selectProtocol([p('a', 'b'), p('b', 'a')]), 'a');
      assert.equal(selectProtocol([p('a', 'c'), p('b', 'c')]), 'c');
      assert.equal(selectProtocol([p('a'), p('b')]), null);
    });
  });

  describe('rebalance', function () {
    it('a second member starts a rebalance; the join barrier waits for the first to rejoin', function () {
      const { c } = setup();
      const a = stableSingle(c, { clientId: 'a' });
      const b = join(c, { clientId: 'b', protocols: [{ name: 'range', metadata: meta('mb') }] });
      assert.ok(waiting(b), 'the newcomer waits for the barrier');
      assert.equal(c.describe('g').state, 'PreparingRebalance');
      assert.equal(c.heartbeat('g', a.id, a.gen), ErrorCode.REBALANCE_IN_PROGRESS);

      const a2 = join(c, { clientId: 'a', memberId: a.id });
      assert.equal(a2.res?.errorCode, 0);
      assert.equal(b.res?.errorCode, 0);
      assert.equal(a2.res?.generationId, a.gen + 1);
      assert.equal(b.res?.generationId, a.gen + 1);
      assert.equal(a2.res?.leader, a.id, 'the first member stays leader');
      assert.deepEqual(a2.res?.members.map((m) => [m.memberId, m.metadata.toString()]), [
        [a.id, 'm'],
        [b.res?.memberId, 'mb'],
      ]);
      assert.deepEqual(b.res?.members, [], 'followers get no member list');
    });

    it('the sync barrier releases followers when the leader sends assignments', function () {
      const { c } = setup();
      const a = join(c, { clientId: 'a' });
      const b = join(c, { clientId: 'b' });
      const aId = a.res!.memberId;
      // a got generation 1 alone before b arrived; it rejoins, as a client told to rebalance does.
      const a2 = join(c, { clientId: 'a', memberId: aId });
      const gen = a2.res!.generationId;
      const bId = b.res!.memberId;
      const sb = sync(c, bId, gen);
      assert.ok(waiting(sb), 'follower waits for the leader');
      const sa = sync(c, aId, gen, [
        { memberId: aId, assignment: meta('p0') },
        { memberId: bId, assignment: meta('p1') },
      ]);
      assert.equal(sa.res?.assignment.toString(), 'p0');
      assert.equal(sb.res?.assignment.toString(), 'p1');
      const d = c.describe('g');
      assert.equal(d.state, 'Stable');
      assert.equal(d.protocolData, 'range');
      assert.deepEqual(d.members.map((m) => m.assignment.toString()), ['p0', 'p1']);
      assert.equal(d.members[0].clientHost, '/127.0.0.1');
      // A late follower sync in Stable gets its assignment straight away.
      assert.equal(sync(c, bId, gen).res?.assignment.toString(), 'p1');
    });

    it('SyncGroup checks member, generation and state', function () {
      const { c } = setup();
      const a = stableSingle(c);
      assert.equal(sync(c, 'ghost', a.gen).res?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
      assert.equal(sync(c, a.id, a.gen + 5).res?.errorCode, ErrorCode.ILLEGAL_GENERATION);
      join(c, { clientId: 'b' });
      assert.equal(sync(c, a.id, a.gen).res?.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    });

    it('a leave gives the remaining member everything after it rejoins', function () {
      const { c } = setup();
      const a = join(c, { clientId: 'a' });
      const b = join(c, { clientId: 'b' });
      join(c, { clientId: 'a', memberId: a.res!.memberId });
      const gen = b.res!.generationId;
      assert.deepEqual(c.leave('g', [a.res!.memberId]), [0]);
      assert.equal(c.describe('g').state, 'PreparingRebalance');
      assert.equal(c.heartbeat('g', b.res!.memberId, gen), ErrorCode.REBALANCE_IN_PROGRESS);
      const b2 = join(c, { clientId: 'b', memberId: b.res!.memberId });
      assert.equal(b2.res?.generationId, gen + 1);
      assert.equal(b2.res?.leader, b.res!.memberId, 'the survivor becomes leader');
      assert.deepEqual(c.leave('g', ['ghost']), [ErrorCode.UNKNOWN_MEMBER_ID]);
    });

    it('the last member leaving makes the group Empty and bumps the generation', function () {
      const { c } = setup();
      const a = stableSingle(c);
      c.leave('g', [a.id]);
      const d = c.describe('g');
      assert.equal(d.state, 'Empty');
      assert.equal(d.members.length, 0);
      assert.equal(c.heartbeat('g', a.id, a.gen), ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('a rejoin with unchanged metadata in Stable does not rebalance (followers)', function () {
      const { c } = setup();
      const a = join(c, { clientId: 'a' });
      const b = join(c, { clientId: 'b' });
      join(c, { clientId: 'a', memberId: a.res!.memberId });
      const gen = b.res!.generationId;
      sync(c, a.res!.memberId, gen, []);
      const again = join(c, { clientId: 'b', memberId: b.res!.memberId });
      assert.equal(again.res?.generationId, gen);
      assert.equal(c.describe('g').state, 'Stable');
    });
  });

  describe('timeouts', function () {
    it('a member that stops heartbeating is removed after its session timeout', function () {
      const { c, advance } = setup();
      const a = join(c, { clientId: 'a' });
      const b = join(c, { clientId: 'b' });
      join(c, { clientId: 'a', memberId: a.res!.memberId });
      const gen = b.res!.generationId;
      sync(c, a.res!.memberId, gen, []);
      sync(c, b.res!.memberId, gen);
      advance(6_000);
      assert.equal(c.heartbeat('g', a.res!.memberId, gen), 0);
      advance(6_000); // b silent for 12 s > 10 s
      assert.deepEqual(c.describe('g').members.map((m) => m.clientId), ['a']);
      assert.equal(c.describe('g').state, 'PreparingRebalance');
      assert.equal(c.heartbeat('g', b.res!.memberId, gen), ErrorCode.UNKNOWN_MEMBER_ID);
      assert.ok(c.nextDeadline() !== undefined);
    });

    it('the rebalance timeout drops members that never rejoin and releases the rest', function () {
      const { c, advance } = setup();
      const a = stableSingle(c, { clientId: 'a', sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 });
      const b = join(c, { clientId: 'b', sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 });
      assert.ok(waiting(b));
      advance(19_000);
      assert.ok(waiting(b));
      advance(2_000);
      assert.equal(b.res?.errorCode, 0);
      assert.equal(b.res?.generationId, a.gen + 1);
      assert.equal(b.res?.leader, b.res?.memberId);
      assert.deepEqual(c.describe('g').members.map((m) => m.clientId), ['b']);
    });

    it('a member that never syncs is dropped after the rebalance timeout, and waiting syncs are told to rejoin', function () {
      const { c, advance } = setup();
      const a = join(c, { clientId: 'a', rebalanceTimeoutMs: 20_000 });
      const b = join(c, { clientId: 'b', rebalanceTimeoutMs: 20_000 });
      join(c, { clientId: 'a', memberId: a.res!.memberId, rebalanceTimeoutMs: 20_000 });
      const sb = sync(c, b.res!.memberId, b.res!.generationId);
      for (let i = 0; i < 3; i++) {
        advance(7_000);
        c.heartbeat('g', b.res!.memberId, b.res!.generationId);
      }
      assert.equal(sb.res?.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
      assert.deepEqual(c.describe('g').members.map((m) => m.clientId), ['b']);
    });

    it("rebalance timeout 0: a member that has not sent SyncGroup when the join completes is always dropped (Kafka's 0 ms DelayedSync), even if no timer has run", function () {
      // No advance(), no tick(): the SyncGroup arrives at the very instant the join completed.
      for (const members of [1, 2]) {
        const { c } = setup();
        const joins = Array.from({ length: members }, (_, i) => join(c, { clientId: `z${i}`, rebalanceTimeoutMs: 0 }));
        // the first join completes at once with rebalance timeout 0; later ones rebalance
        const last = joins[joins.length - 1];
        if (members === 2) join(c, { clientId: 'z0', memberId: joins[0].res!.memberId, rebalanceTimeoutMs: 0 });
        assert.equal(last.res?.errorCode, 0);
        const s = sync(c, last.res.memberId, last.res.generationId, [{ memberId: last.res.memberId, assignment: meta('x') }]);
        assert.equal(s.res?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
        assert.equal(c.heartbeat('g', last.res.memberId, last.res.generationId), ErrorCode.UNKNOWN_MEMBER_ID);
        assert.deepEqual(c.describe('g').members, []);
      }
    });

    it('the sync deadline is exact: with a rebalance timeout of 1 ms a SyncGroup in the same instant keeps the member, one at +1 ms does not', function () {
      const { c, advance } = setup();
      const a = join(c, { clientId: 'a', rebalanceTimeoutMs: 1, sessionTimeoutMs: 10_000 });
      assert.equal(sync(c, a.res!.memberId, a.res!.generationId, [{ memberId: a.res!.memberId, assignment: meta('A') }]).res?.errorCode, 0);
      // Stable and synced: the session timeout now governs
      advance(9_000);
      assert.equal(c.heartbeat('g', a.res!.memberId, a.res!.generationId), 0);
      advance(10_000);
      assert.equal(c.heartbeat('g', a.res!.memberId, a.res!.generationId), ErrorCode.UNKNOWN_MEMBER_ID, 'the session timeout still applies');
      const { c: c2, advance: advance2 } = setup();
      const b = join(c2, { clientId: 'b', rebalanceTimeoutMs: 1 });
      advance2(1);
      assert.equal(sync(c2, b.res!.memberId, b.res!.generationId).res?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('a follower that never syncs is dropped at the rebalance timeout even after the leader synced (Stable), as Kafka does', function () {
      const { c, advance } = setup();
      const opts = { rebalanceTimeoutMs: 3_000, sessionTimeoutMs: 10_000 };
      const a = join(c, { clientId: 'a', ...opts });
      const b = join(c, { clientId: 'b', ...opts });
      const leader = join(c, { clientId: 'a', memberId: a.res!.memberId, ...opts }).res!;
      assert.equal(leader.leader, leader.memberId);
      const sa = sync(c, leader.memberId, leader.generationId, [{ memberId: leader.memberId, assignment: meta('A') }]);
      assert.equal(sa.res?.errorCode, 0);
      assert.equal(c.describe('g').state, 'Stable');
      advance(2_999);
      assert.equal(c.describe('g').members.length, 2);
      advance(1);
      assert.deepEqual(c.describe('g').members.map((m) => m.clientId), ['a']);
      assert.equal(c.describe('g').state, 'PreparingRebalance');
      assert.equal(c.heartbeat('g', leader.memberId, leader.generationId), ErrorCode.REBALANCE_IN_PROGRESS);
      assert.equal(sync(c, b.res!.memberId, b.res!.generationId).res?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('once every member has synced, only the session timeout expires members (not the rebalance timeout)', function () {
      const { c, advance } = setup();
      const opts = { rebalanceTimeoutMs: 1_000, sessionTimeoutMs: 10_000 };
      const a = join(c, { clientId: 'a', ...opts });
      const b = join(c, { clientId: 'b', ...opts });
      const a2 = join(c, { clientId: 'a', memberId: a.res!.memberId, ...opts }).res!;
      sync(c, a2.memberId, a2.generationId, []);
      assert.equal(sync(c, b.res!.memberId, b.res!.generationId).res?.errorCode, 0);
      advance(5_000);
      assert.equal(c.describe('g').members.length, 2);
      assert.equal(c.describe('g').state, 'Stable');
    });

    it("a new member waiting for its first join is dropped after 5 minutes (Kafka's NewMemberJoinTimeoutMs), even within a longer rebalance timeout", function () {
      const { c, advance } = setup();
      const opts = { sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 600_000 };
      const a = stableSingle(c, { clientId: 'a', ...opts });
      const b = join(c, { clientId: 'b', ...opts });
      // a keeps heartbeating but never rejoins, so the join barrier would last the full 10 minutes
      let elapsed = 0;
      const step = (ms: number) => {
        advance(ms);
        elapsed += ms;
        assert.equal(c.heartbeat('g', a.id, a.gen), ErrorCode.REBALANCE_IN_PROGRESS);
      };
      while (elapsed + 13_000 < 300_000) step(13_000);
      step(300_000 - 1 - elapsed);
      assert.ok(waiting(b), 'still waiting 1 ms before 5 minutes');
      advance(1);
      assert.equal(b.res?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
      assert.deepEqual(c.describe('g').members.map((m) => m.clientId), ['a']);
    });

    it('lapses member ids handed out with MEMBER_ID_REQUIRED that never come back', function () {
      const { c, advance } = setup();
      const a = stableSingle(c, { clientId: 'a', sessionTimeoutMs: 30_000 });
      const p = join(c, { requireKnownMemberId: true, clientId: 'p' });
      assert.equal(p.res?.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
      advance(11_000);
      assert.equal(join(c, { memberId: p.res.memberId, clientId: 'p' }).res?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
      assert.equal(c.heartbeat('g', a.id, a.gen), 0);
    });

    it('drives tick() through a scheduler when one is given', function () {
      let t = 0;
      const timers: { at: number; fn: () => void }[] = [];
      const c = new GroupCoordinator({
        now: () => t,
        scheduler: {
          setTimeout: (fn, ms) => {
            const h = { at: t + ms, fn };
            timers.push(h);
            return h;
          },
          clearTimeout: (h) => timers.splice(timers.indexOf(h as (typeof timers)[number]), 1),
        },
      });
      join(c, { sessionTimeoutMs: 10_000 });
      assert.equal(timers.length, 1);
      assert.equal(timers[0].at, 10_000, 'the earliest deadline: the session of a member that never syncs');
      t = timers[0].at;
      timers.shift()!.fn();
      assert.equal(c.describe('g').state, 'Empty');
      assert.equal(timers.length, 0, 'nothing left to expire, so no timer');
      c.close();
    });
  });

  describe('offsets', function () {
    it('stores commits outside group management (generation -1) and reports them', function () {
      const { c } = setup();
      const codes = c.commitOffsets({
        groupId: 'g',
        generationId: -1,
        memberId: '',
        offsets: [
          { topic: 't', partition: 0, offset: 5, leaderEpoch: -1, metadata: 'm' },
          { topic: 't', partition: 1, offset: 7, leaderEpoch: 3, metadata: null },
        ],
      });
      assert.deepEqual(codes, [0, 0]);
      assert.equal(c.committed('g', 't', 0)?.offset, 5);
      assert.equal(c.committed('g', 't', 0)?.metadata, 'm');
      assert.equal(c.committed('g', 't', 1)?.leaderEpoch, 3);
      assert.equal(c.committed('g', 't', 2), undefined);
      assert.deepEqual([...c.committedTopics('g').keys()], ['t']);
      assert.deepEqual(c.listGroups(), [{ groupId: 'g', protocolType: '', state: 'Empty' }]);
    });

    it('checks member, generation and rebalance state of group commits', function () {
      const { c } = setup();
      const o = [{ topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: '' }];
      assert.deepEqual(c.commitOffsets({ groupId: 'nope', generationId: 3, memberId: 'x', offsets: o }), [ErrorCode.ILLEGAL_GENERATION]);
      const a = join(c);
      const id = a.res!.memberId;
      const gen = a.res!.generationId;
      assert.deepEqual(c.commitOffsets({ groupId: 'g', generationId: gen, memberId: id, offsets: o }), [ErrorCode.REBALANCE_IN_PROGRESS]);
      sync(c, id, gen, []);
      assert.deepEqual(c.commitOffsets({ groupId: 'g', generationId: gen, memberId: id, offsets: o }), [0]);
      assert.deepEqual(c.commitOffsets({ groupId: 'g', generationId: gen + 1, memberId: id, offsets: o }), [ErrorCode.ILLEGAL_GENERATION]);
      assert.deepEqual(c.commitOffsets({ groupId: 'g', generationId: gen, memberId: 'ghost', offsets: o }), [ErrorCode.UNKNOWN_MEMBER_ID]);
      assert.deepEqual(c.commitOffsets({ groupId: 'g', generationId: -1, memberId: '', offsets: o }), [ErrorCode.UNKNOWN_MEMBER_ID]);
      const big = [{ ...o[0], metadata: 'x'.repeat(5000) }];
      assert.deepEqual(c.commitOffsets({ groupId: 'g', generationId: gen, memberId: id, offsets: big }), [ErrorCode.OFFSET_METADATA_TOO_LARGE]);
      // Members may still commit for their generation while a rebalance is being prepared.
      join(c, { clientId: 'b' });
      assert.deepEqual(c.commitOffsets({ groupId: 'g', generationId: gen, memberId: id, offsets: o }), [0]);
    });

    it('saves and restores committed offsets; forgets a deleted topic', function () {
      const { c } = setup();
      c.commitOffsets({ groupId: 'g', generationId: -1, memberId: '', offsets: [{ topic: 't', partition: 0, offset: 9, leaderEpoch: -1, metadata: null }] });
      const saved = JSON.parse(JSON.stringify(c.saveOffsets())) as ReturnType<typeof c.saveOffsets>;
      const { c: c2 } = setup();
      c2.loadOffsets(saved);
      assert.equal(c2.committed('g', 't', 0)?.offset, 9);
      c2.forgetTopic('t');
      assert.equal(c2.committed('g', 't', 0), undefined);
    });
  });

  describe('admin', function () {
    it('DeleteGroups: GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, then success', function () {
      const { c } = setup();
      assert.equal(c.deleteGroup('g'), ErrorCode.GROUP_ID_NOT_FOUND);
      const a = stableSingle(c);
      assert.equal(c.deleteGroup('g'), ErrorCode.NON_EMPTY_GROUP);
      c.commitOffsets({ groupId: 'g', generationId: a.gen, memberId: a.id, offsets: [{ topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: '' }] });
      c.leave('g', [a.id]);
      assert.equal(c.deleteGroup('g'), 0);
      assert.equal(c.hasGroup('g'), false);
      assert.equal(c.committed('g', 't', 0), undefined);
    });

    it('describes an unknown group as Dead, and hides metadata until the group is Stable', function () {
      const { c } = setup();
      assert.equal(c.describe('nope').state, 'Dead');
      join(c);
      const d = c.describe('g');
      assert.equal(d.state, 'CompletingRebalance');
      assert.equal(d.protocolType, 'consumer');
      assert.equal(d.protocolData, '');
      assert.equal(d.members[0].metadata.length, 0);
    });
  });
});
