// The viewer's handling of schema-registry values (pure side): decodeValue's result kept on the
// message, rows and detail showing the decoded JSON with the schema's label, the field and text
// filters reading decoded fields, and a failure showing the raw bytes with the reason. Real avsc
// codec and real Glue wire format; the registry is an in-memory SchemaSource.
import * as assert from 'assert';
import { randomUUID } from 'node:crypto';
import { compileSchema, decodeValue, SchemaSession, writeGlueMessage, type SchemaRecord, type SchemaSource } from '../../../../src/core/schemas/index';
import { MessageStore } from '../../../../src/core/viewer/store';
import { toDetail, toRow, viewerSchema } from '../../../../src/core/viewer/rows';
import type { ViewerMessage } from '../../../../src/core/viewer/filter';

const SCHEMA = JSON.stringify({ type: 'record', name: 'Pay', fields: [{ name: 'id', type: 'int' }, { name: 'amount', type: 'double' }] });

describe('viewer rows and filters for schema-registry values', () => {
  it('decodes once into the message, shows JSON with a badge, filters on decoded fields, and keeps raw bytes with the reason on failure', async () => {
    const id = randomUUID();
    const record: SchemaRecord = { registry: 'glue', registryName: 'reg', name: 'Pay', version: 3, format: 'AVRO', id, definition: SCHEMA };
    let lookups = 0;
    const source: SchemaSource = {
      kind: 'glue',
      byId: (x) => {
        lookups++;
        return x === id ? Promise.resolve(record) : Promise.reject(new Error('EntityNotFoundException'));
      },
      byName: () => Promise.reject(new Error('not used')),
    };
    const session = new SchemaSession({ glue: source });
    const codec = await compileSchema('AVRO', SCHEMA);
    const unknown = randomUUID();
    const values = [
      ...Array.from({ length: 6 }, (_, i) => writeGlueMessage(id, codec.encode({ id: i, amount: i * 50 }).payload, i % 2 ? 'zlib' : 'none')),
      writeGlueMessage(unknown, Buffer.from([1, 2])),
      Buffer.from('{"amount": 999}'),
    ];
    const msgs: ViewerMessage[] = [];
    for (const [i, value] of values.entries()) {
      const m: ViewerMessage = { partition: 0, offset: i, timestamp: 1000 + i, key: null, value, headers: [] };
      const s = viewerSchema(await decodeValue(value, session));
      if (s) m.schema = s;
      msgs.push(m);
    }
    assert.strictEqual(lookups, 2, 'one lookup per schema id');
    const store = new MessageStore('pay', { maxMessages: 100, maxBytes: 1e9 });
    store.add(msgs);
    const row = toRow(3, store.shownAt(3)!, 'auto', 'auto');
    assert.deepStrictEqual(JSON.parse(row[5]), { id: 3, amount: 150 });
    assert.strictEqual(row[8], 'Pay v3 · AVRO · Glue reg');
    assert.strictEqual(row[9], 0);
    const d = toDetail(3, store.shownAt(3)!, 'pay', 'auto', 'auto');
    assert.strictEqual(d.value.encoding, 'json');
    assert.deepStrictEqual(d.schema, { label: 'Pay v3 · AVRO · Glue reg', schemaId: id, error: undefined, note: undefined });
    // hex shows the wire bytes, not the decoded value
    assert.ok(toDetail(3, store.shownAt(3)!, 'pay', 'auto', 'hex').value.text.startsWith('0305'));

    const bad = toDetail(6, store.shownAt(6)!, 'pay', 'auto', 'auto');
    assert.match(bad.schema!.error!, new RegExp(`has no schema version ${unknown}`));
    assert.strictEqual(bad.value.text, `0300${unknown.replace(/-/g, '')}0102`);
    assert.strictEqual(toRow(6, store.shownAt(6)!, 'auto', 'auto')[9], 1);
    assert.strictEqual(toRow(7, store.shownAt(7)!, 'auto', 'auto')[8], undefined);

    store.startFilter({ expression: 'value.amount > 100' });
    while (!store.stepFilter(50, () => performance.now()));
    assert.deepStrictEqual([...store.shownRange()].map((m) => m.offset), [3, 4, 5, 7]);
    store.startFilter({ text: '"id":2,' });
    while (!store.stepFilter(50, () => performance.now()));
    assert.deepStrictEqual([...store.shownRange()].map((m) => m.offset), [2]);
  });
});
