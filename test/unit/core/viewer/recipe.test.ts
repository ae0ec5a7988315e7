// "Copy as Recipe": a viewer message written as a .msk block must parse with the recipe parser and
// expand back to the same message, `{{` in keys, headers and values included.
import * as assert from 'node:assert/strict';
import { messageAsRecipe } from '../../../../src/core/viewer/recipe';
import { expandBlock, parseRecipe } from '../../../../src/core/recipes/index';
import type { ViewerMessage } from '../../../../src/core/viewer/filter';

const msg = (value: string, key: string | null = 'k-1', headers: [string, string][] = []): ViewerMessage => ({
  partition: 2, offset: 41, timestamp: 1_700_000_000_000,
  key: key === null ? null : Buffer.from(key), value: Buffer.from(value),
  headers: headers.map(([k, v]) => ({ key: k, value: Buffer.from(v) })),
});

function roundTrip(m: ViewerMessage) {
  const text = messageAsRecipe(m, 'orders');
  const parsed = parseRecipe(text);
  assert.deepEqual(parsed.errors, [], text);
  assert.equal(parsed.blocks.length, 1, text);
  const [out] = expandBlock(parsed.blocks[0], { count: 1 });
  return { text, out };
}

describe('viewer: Copy as Recipe', () => {
  it('writes a JSON value pretty, and it expands to the same JSON', () => {
    const { out } = roundTrip(msg('{"id":7,"note":"hi"}', 'order-7', [['trace-id', 'abc']]));
    assert.deepEqual(JSON.parse(String(out.value)), { id: 7, note: 'hi' });
    assert.equal(String(out.key), 'order-7');
  });

  it('escapes {{ in the key, headers and value, so nothing becomes a template', () => {
    const { text, out } = roundTrip(msg('{"greeting":"{{name}}"}', 'k{{1}}', [['h', 'a{{b}}']]));
    assert.match(text, /\\\{\{/);
    assert.deepEqual(JSON.parse(String(out.value)), { greeting: '{{name}}' });
    assert.equal(String(out.key), 'k{{1}}');
    assert.deepEqual(out.headers, { h: 'a{{b}}' });
  });

  it('marks a text value that only looks like JSON as text', () => {
    const { text, out } = roundTrip(msg('{not json at all'));
    assert.match(text, /^format: text$/m);
    assert.equal(String(out.value), '{not json at all');
  });
});
