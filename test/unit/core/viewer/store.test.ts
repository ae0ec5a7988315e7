import * as assert from 'assert';
import { MessageStore, messageBytes } from '../../../../src/core/viewer/store';
import type { ViewerMessage } from '../../../../src/core/viewer/filter';

function msg(i: number, over: Partial<ViewerMessage> = {}): ViewerMessage {
  return {
    partition: i % 3, offset: Math.floor(i / 3), timestamp: 1_700_000_000_000 + i * 1000,
    key: Buffer.from(`order-${i}`), value: Buffer.from(JSON.stringify({ id: i, amount: i * 10, note: i % 2 ? 'odd' : 'even' })),
    headers: [{ key: 'source', value: Buffer.from(i % 4 === 0 ? 'web' : 'batch') }], ...over,
  };
}
const many = (n: number) => Array.from({ length: n }, (_, i) => msg(i));
const offsetsOf = (s: MessageStore) => [...s.shownRange()].map((m) => `${m.partition}/${m.offset}`);

describe('viewer message store and its filters', () => {
  it('keeps messages in arrival order and shows them all without a filter', () => {
    const s = new MessageStore('orders', { maxMessages: 100, maxBytes: 1e9 });
    assert.deepStrictEqual(s.add(many(10)), { added: 10, full: false });
    assert.strictEqual(s.filteredCount, 10);
    assert.strictEqual(s.shownAt(4)!.key!.toString(), 'order-4');
    assert.deepStrictEqual(s.partitions, [0, 1, 2]);
    assert.deepStrictEqual(s.timeBounds, { min: 1_700_000_000_000, max: 1_700_000_009_000 });
  });

  it('stops at the message cap and at the byte cap, and says it is full', () => {
    const byCount = new MessageStore('t', { maxMessages: 7, maxBytes: 1e9 });
    assert.deepStrictEqual(byCount.add(many(10)), { added: 7, full: true });
    assert.deepStrictEqual(byCount.add(many(1)), { added: 0, full: true });
    const one = messageBytes(msg(0));
    const byBytes = new MessageStore('t', { maxMessages: 1000, maxBytes: one * 3 + 1 });
    const r = byBytes.add(many(10));
    assert.strictEqual(r.full, true);
    assert.ok(r.added >= 2 && r.added <= 3, `added ${r.added}`);
    assert.ok(byBytes.bytes <= one * 3 + 1);
  });

  it('filters by text in key, value and headers, plain or as a regex, case-insensitive by default', () => {
    const s = new MessageStore('t', { maxMessages: 100, maxBytes: 1e9 });
    s.add(many(12));
    assert.deepStrictEqual(s.setFilter({ text: 'ORDER-1' }), []);
    assert.deepStrictEqual([...s.shownRange()].map((m) => m.key!.toString()), ['order-1', 'order-10', 'order-11']);
    s.setFilter({ text: 'ORDER-1', caseSensitive: true });
    assert.strictEqual(s.filteredCount, 0);
    s.setFilter({ text: '^web$', regex: true });
    assert.deepStrictEqual([...s.shownRange()].map((m) => m.key!.toString()), ['order-0', 'order-4', 'order-8']);
    s.setFilter({ text: 'a.b' }); // a plain search escapes regex characters
    assert.strictEqual(s.filteredCount, 0);
  });

  it('filters by partitions, a time range and a field expression together', () => {
    const s = new MessageStore('t', { maxMessages: 100, maxBytes: 1e9 });
    s.add(many(30));
    s.setFilter({ partitions: [1], expression: 'value.amount > 100', from: 1_700_000_000_000 + 13_000, to: 1_700_000_000_000 + 25_000 });
    assert.deepStrictEqual(offsetsOf(s), ['1/4', '1/5', '1/6', '1/7', '1/8']);
    // the timeline counts everything but the time range
    assert.strictEqual([...s.baseTimestamps()].length, 6);
  });

  it('tests messages that arrive after the filter was set', () => {
    const s = new MessageStore('t', { maxMessages: 100, maxBytes: 1e9 });
    s.setFilter({ expression: 'value.note == "odd"' });
    s.add(many(6));
    assert.deepStrictEqual([...s.shownRange()].map((m) => m.offset * 3 + m.partition), [1, 3, 5]);
  });

  it('keeps the old filter and reports the problem when a new one is bad', () => {
    const s = new MessageStore('t', { maxMessages: 100, maxBytes: 1e9 });
    s.add(many(6));
    s.setFilter({ partitions: [0] });
    const problems = s.setFilter({ text: '(', regex: true, expression: 'value.a >' });
    assert.deepStrictEqual(problems.map((p) => p.field), ['text', 'expression']);
    assert.strictEqual(s.filteredCount, 2);
  });

  it('handles null keys and values (tombstones) and non-UTF-8 bytes', () => {
    const s = new MessageStore('t', { maxMessages: 100, maxBytes: 1e9 });
    s.add([msg(0, { key: null, value: null, headers: [] }), msg(1, { value: Buffer.from([0xff, 0xfe, 0x00]) })]);
    s.setFilter({ expression: 'value == null' });
    assert.strictEqual(s.filteredCount, 1);
    s.setFilter({ text: 'order-1' });
    assert.strictEqual(s.filteredCount, 1);
  });

  it('knows the next offset of each partition, for resuming', () => {
    const s = new MessageStore('t', { maxMessages: 100, maxBytes: 1e9 });
    s.add(many(8));
    assert.deepStrictEqual([...s.nextOffsets()].sort(), [[0, 3], [1, 3], [2, 2]]);
  });

  it('filters 20,000 messages in slices, covering messages added during the pass', () => {
    const s = new MessageStore('t', { maxMessages: 100_000, maxBytes: 1e10 });
    const all = many(20_000);
    s.add(all.slice(0, 15_000));
    assert.deepStrictEqual(s.startFilter({ expression: 'value.amount > 100000' }), []);
    let clock = 0;
    let steps = 0;
    // each step gets 1 tick of budget and every call of the clock takes one: a step does one slice
    while (!s.stepFilter(1, () => clock++)) {
      steps++;
      if (steps === 3) s.add(all.slice(15_000));
    }
    assert.ok(steps > 10, `${steps} steps`);
    assert.strictEqual(s.filtering, false);
    assert.strictEqual(s.filteredCount, 20_000 - 10_001);
    assert.strictEqual(s.shownAt(0)!.key!.toString(), 'order-10001');
  });
});
