// "Copy as Recipe": a viewer message written as a .msk block must parse with the recipe parser and
// expand back to the same message, `{{` in keys, headers and values included.
import * as assert from 'node:assert/strict';
import { messageAsRecipe } from '../../../../src/core/viewer/recipe';
import { expandBlock, parseRecipe } from '../../../../src/core/recipes/index';
import type { ViewerMessage } from '../../../../src/core/viewer/filter';
import { viewerSchema } from '../../../../src/core/viewer/rows';
import { reencodeRecipe } from '../../../helpers/recipe-reencode';
import { compileSchema, decodeValue, SchemaSession, writeGlueMessage, type SchemaRecord } from '../../../../src/core/schemas/index';

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

  it('writes a decoded Glue-Avro value as JSON with its `schema:`, and that block produces the same bytes again', async () => {
    const definition = JSON.stringify({ type: 'record', name: 'Pay', fields: [{ name: 'id', type: 'long' }, { name: 'note', type: ['null', 'string'], default: null }] });
    const record: SchemaRecord = { registry: 'glue', registryName: 'pay-registry', name: 'Pay', version: 2, format: 'AVRO', id: '5d1c7e2a-0c4b-4f7e-9a61-3b2f1d0e9c88', definition };
    const session = new SchemaSession({ glue: {
      kind: 'glue',
      byId: (id) => (id === record.id ? Promise.resolve(record) : Promise.reject(new Error('EntityNotFoundException'))),
      byName: (name, version, registry) => (name === 'Pay' && version === 2 && registry === 'pay-registry' ? Promise.resolve(record) : Promise.reject(new Error('EntityNotFoundException'))),
    } });
    const bytes = writeGlueMessage(record.id, (await compileSchema('AVRO', definition)).encode({ id: 12, note: 'hi {{there}}' }).payload);
    const m: ViewerMessage = { partition: 0, offset: 3, timestamp: 1, key: Buffer.from('p-12'), value: bytes, headers: [], schema: viewerSchema(await decodeValue(bytes, session)) };
    const text = messageAsRecipe(m, 'payments');
    assert.match(text, /^schema: glue:pay-registry\/Pay@2$/m);
    assert.deepEqual(await reencodeRecipe(text, session), bytes);
  });

  it('marks a text value that only looks like JSON as text', () => {
    const { text, out } = roundTrip(msg('{not json at all'));
    assert.match(text, /^format: text$/m);
    assert.equal(String(out.value), '{not json at all');
  });
});
