import * as assert from 'assert';
import {
  collisionWarning, configDiffSide, configDocument, isInternalTopic, page, parseConfigAssignments, partitionCountProblem,
  partitionHealth, planConfigEdit, replicationFactorProblem, topicCollisions, topicFilter, topicNameProblem, type ConfigEntry,
} from '../../../src/core/topics';
import { activeGroupProblem, lagTrend, partitionLag, planOffsetReset, resetPreview, type PartitionPosition } from '../../../src/core/offset-reset';

describe('core/topics: names as Kafka validates them', () => {
  it('accepts legal names, up to 249 characters', () => {
    for (const n of ['orders', 'a.b_c-D9', 'x'.repeat(249), '...', '_']) assert.strictEqual(topicNameProblem(n), undefined, n);
  });
  it('refuses empty, "." and "..", over 249 characters and other characters, saying which', () => {
    assert.match(topicNameProblem('')!, /Enter a topic name/);
    assert.match(topicNameProblem('.')!, /not a legal topic name/);
    assert.match(topicNameProblem('..')!, /not a legal topic name/);
    assert.match(topicNameProblem('x'.repeat(250))!, /at most 249 characters \(this one has 250\)/);
    assert.match(topicNameProblem('my topic/é')!, /not " " "\/" "é"/);
  });
  it('finds "." / "_" collisions with existing topics, not the name itself', () => {
    assert.deepStrictEqual(topicCollisions('a.b', ['a_b', 'a.b', 'ab', 'a-b']), ['a_b']);
    assert.deepStrictEqual(topicCollisions('a_b.c', ['a.b_c', 'a_b_c']), ['a.b_c', 'a_b_c']);
    assert.deepStrictEqual(topicCollisions('plain', ['plain', 'p.lain']), []);
    assert.match(collisionWarning('a.b', ['a_b'])!, /collides with "a_b"/);
    assert.strictEqual(collisionWarning('a.b', []), undefined);
  });
  it('treats "__" topics as internal', () => {
    assert.ok(isInternalTopic('__consumer_offsets'));
    assert.ok(isInternalTopic('__amazon_msk_canary'));
    assert.ok(!isInternalTopic('_private'));
  });
  it('parses initial configs and checks partitions and replication factor', () => {
    assert.deepStrictEqual(parseConfigAssignments('retention.ms=1000, cleanup.policy=compact\nx.y=a=b').entries, { 'retention.ms': '1000', 'cleanup.policy': 'compact', 'x.y': 'a=b' });
    assert.match(parseConfigAssignments('retention.ms').problem!, /not name=value/);
    assert.strictEqual(partitionCountProblem('3'), undefined);
    assert.match(partitionCountProblem('0')!, /at least 1/);
    assert.match(partitionCountProblem('2', 4)!, /at least 4/);
    assert.match(partitionCountProblem('x')!, /whole number/);
    assert.strictEqual(replicationFactorProblem('3', 3), undefined);
    assert.match(replicationFactorProblem('4', 3)!, /at most the broker count \(3\)/);
  });
});

describe('core/topics: configs', () => {
  const current: ConfigEntry[] = [
    { name: 'retention.ms', value: '1000', source: 'dynamic' },
    { name: 'cleanup.policy', value: 'delete', source: 'default' },
    { name: 'max.message.bytes', value: '200000', source: 'dynamic' },
    { name: 'segment.bytes', value: '1073741824', source: 'static' },
  ];
  it('plans an edit on the full dynamic set, with old → new lines', () => {
    const plan = planConfigEdit(current, { set: { 'cleanup.policy': 'compact', 'retention.ms': '1000' }, remove: ['max.message.bytes'] });
    assert.deepStrictEqual(plan.next, { 'retention.ms': '1000', 'cleanup.policy': 'compact' });
    assert.deepStrictEqual(plan.changes, ['max.message.bytes: 200000 → (default)', 'cleanup.policy: delete (default) → compact']);
    // IncrementalAlterConfigs gets only the changes: retention.ms (already 1000) is not sent
    assert.deepStrictEqual(plan.ops, [{ name: 'max.message.bytes', op: 'DELETE' }, { name: 'cleanup.policy', op: 'SET', value: 'compact' }]);
  });
  it('plans one SET for a config both removed and set', () => {
    assert.deepStrictEqual(planConfigEdit(current, { set: { 'max.message.bytes': '300000' }, remove: ['max.message.bytes'] }).ops, [{ name: 'max.message.bytes', op: 'SET', value: '300000' }]);
  });
  it('plans no change when the values are already in place', () => {
    assert.deepStrictEqual(planConfigEdit(current, { set: { 'retention.ms': '1000' }, remove: ['cleanup.policy'] }).changes, []);
    assert.deepStrictEqual(planConfigEdit(current, { set: { 'retention.ms': '1000' }, remove: ['cleanup.policy'] }).ops, []);
  });
  it('writes a document with sources and non-default values marked, and sorted diff sides', () => {
    const doc = configDocument('orders on sandbox', current);
    assert.match(doc, /4 configs; 3 not at their default/);
    assert.match(doc, /^\* max\.message\.bytes += 200000 {2}\[dynamic\]$/m);
    assert.match(doc, /^ {2}cleanup\.policy += delete {2}\[default\]$/m);
    assert.strictEqual(configDiffSide(current).split('\n')[0], 'cleanup.policy = delete');
    assert.match(configDiffSide(current), /^retention\.ms = 1000 {4}# dynamic$/m);
    assert.match(configDiffSide([{ name: 'p', value: 'x', source: 'dynamic', sensitive: true }]), /p = \(sensitive\)/);
  });
});

describe('core/topics: paging, filter and partition health', () => {
  it('pages 500 at a time', () => {
    const items = Array.from({ length: 1234 }, (_, i) => i);
    assert.deepStrictEqual([page(items, 500).shown.length, page(items, 500).remaining], [500, 734]);
    assert.deepStrictEqual([page(items, 1500).shown.length, page(items, 1500).remaining], [1234, 0]);
  });
  it('filters by substring or * pattern, case-insensitively', () => {
    assert.ok(topicFilter('ORD')('orders'));
    assert.ok(!topicFilter('ord')('audit-log'));
    assert.ok(topicFilter('*-log')('audit-log'));
    assert.ok(!topicFilter('a*g')('audit-logs'));
    assert.ok(topicFilter('')('x'));
    assert.ok(topicFilter('a.b')('a.b') && !topicFilter('a.b')('axb'));
  });
  it('marks offline and under-replicated partitions', () => {
    assert.strictEqual(partitionHealth({ leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] }), 'ok');
    assert.strictEqual(partitionHealth({ leader: 1, replicas: [1, 2, 3], isr: [1] }), 'under-replicated');
    assert.strictEqual(partitionHealth({ leader: -1, replicas: [1, 2, 3], isr: [] }), 'offline');
  });
});

describe('core/offset-reset', () => {
  const pos: PartitionPosition[] = [
    { topic: 'orders', partition: 1, committed: 10, low: 5, high: 20, atTimestamp: 12 },
    { topic: 'orders', partition: 0, committed: null, low: 0, high: 30, atTimestamp: -1 },
  ];
  const to = (rows: { to: number }[]) => rows.map((r) => r.to);
  it('plans earliest, latest, offset, shift and timestamp resets, clamped to the log', () => {
    assert.deepStrictEqual(to(planOffsetReset({ kind: 'earliest' }, pos)), [0, 5]);
    assert.deepStrictEqual(to(planOffsetReset({ kind: 'latest' }, pos)), [30, 20]);
    const byOffset = planOffsetReset({ kind: 'offset', offset: 25 }, pos);
    assert.deepStrictEqual(to(byOffset), [25, 20]);
    assert.deepStrictEqual(byOffset.map((r) => r.clamped), [false, true]);
    assert.deepStrictEqual(to(planOffsetReset({ kind: 'shift', by: -7 }, pos)), [0, 5]);
    assert.deepStrictEqual(to(planOffsetReset({ kind: 'shift', by: 3 }, pos)), [3, 13]);
    // a timestamp after every record: the end of the log
    assert.deepStrictEqual(to(planOffsetReset({ kind: 'timestamp', timestamp: 0 }, pos)), [30, 12]);
  });
  it('previews old → new per partition', () => {
    const rows = planOffsetReset({ kind: 'offset', offset: 25 }, pos);
    assert.strictEqual(resetPreview('g', { kind: 'offset', offset: 25 }, rows),
      'Reset the offsets of "g" to offset 25: 2 of 2 partitions change.\norders[0]: (none) → 25\norders[1]: 10 → 20 (clamped to the log)');
  });
  it('refuses groups with members', () => {
    assert.strictEqual(activeGroupProblem('g', 'Empty', 0), undefined);
    assert.match(activeGroupProblem('g', 'Stable', 2)!, /has 2 active members \(state Stable\): stop its consumers first/);
  });
  it('tells the lag trend and a partition lag', () => {
    assert.strictEqual(lagTrend(undefined, 5), undefined);
    assert.strictEqual(lagTrend(3, 5), 'growing');
    assert.strictEqual(lagTrend(5, 3), 'shrinking');
    assert.strictEqual(lagTrend(5, 5), 'steady');
    assert.strictEqual(partitionLag(null, 9), null);
    assert.strictEqual(partitionLag(4, 9), 5);
  });
});
