// Produce with schemas, without a network: the reference syntax shared by recipes, records and
// --schema (src/core/schemas/ref.ts), JSON/JSONL records that name a schema, and encodeForProduce
// (validate the whole set, encode only when all match) with the real codecs over an in-memory source.
import * as assert from 'node:assert/strict';
import { decodeValue, encodeForProduce, formatSchemaRef, parseSchemaRef, readGlueHeader, SchemaSession, type SchemaRecord, type SchemaRef, type SchemaSource } from '../../../src/core/schemas/index';
import { parseJsonMessages } from '../../../src/core/recipes/index';

const ORDER = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }, { name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD'] } }] });
const GLUE_ID = '0b7e5c43-2f1a-4c55-9d1e-7a3c2b9e8f10';

class MemoryGlue implements SchemaSource {
  readonly kind = 'glue' as const;
  lookups = 0;
  private readonly rec: SchemaRecord = { registry: 'glue', registryName: 'shop', name: 'Order', version: 4, format: 'AVRO', id: GLUE_ID, definition: ORDER };
  byId(id: string): Promise<SchemaRecord> {
    return id === GLUE_ID ? Promise.resolve(this.rec) : Promise.reject(new Error('EntityNotFoundException'));
  }
  byName(name: string, version: number | 'latest', registryName?: string): Promise<SchemaRecord> {
    this.lookups++;
    if (name !== 'Order' || (registryName ?? 'shop') !== 'shop' || (version !== 'latest' && version !== 4)) return Promise.reject(new Error('EntityNotFoundException: Schema is not found'));
    return Promise.resolve(this.rec);
  }
}

const ref = (text: string): SchemaRef => {
  const r = parseSchemaRef(text);
  assert.ok(!('problem' in r), JSON.stringify(r));
  return r;
};

describe('produce with schemas (src/core/schemas/ref.ts, produce.ts; records in json-messages.ts)', () => {
  it('reads every reference form and writes it back the same', () => {
    const cases: [string, SchemaRef, string][] = [
      ['glue:shop/Order@4', { registry: 'glue', registryName: 'shop', schemaName: 'Order', version: 4 }, 'glue:shop/Order@4'],
      ['glue:Order', { registry: 'glue', schemaName: 'Order', version: 'latest' }, 'glue:Order@latest'],
      [' confluent:orders-value@latest#com.x.Refund ', { registry: 'confluent', schemaName: 'orders-value', version: 'latest', messageType: 'com.x.Refund' }, 'confluent:orders-value@latest#com.x.Refund'],
      ['confluent:team@corp/orders@2', { registry: 'confluent', schemaName: 'team@corp/orders', version: 2 }, 'confluent:team@corp/orders@2'],
    ];
    for (const [text, want, back] of cases) {
      assert.deepEqual(parseSchemaRef(text), want, text);
      assert.equal(formatSchemaRef(want), back);
    }
    for (const bad of ['', 'Order', 'avro:Order', 'glue:', 'glue:a/b/c', 'glue:with space', 'confluent:x@0']) assert.ok('problem' in parseSchemaRef(bad), bad);
  });

  it('a record\'s "schema" (or the file\'s default) keeps its value as data; a bad one is reported on its line', () => {
    const text = '{"key":"a","schema":"glue:shop/Order@4","value":{"id":1,"currency":"EUR"}}\n{"value":"123"}\n\n{"schema":"mongo:x","value":1}\n';
    const p = parseJsonMessages(text, 'jsonl');
    assert.deepEqual(p.errors.map((e) => e.message), ['line 4: record 3: `schema`: "mongo:x" names no registry: start with glue: or confluent:, e.g. glue:REGISTRY/SCHEMA@latest, glue:SCHEMA@2 or confluent:SUBJECT@latest (add #MessageType to pick a Protobuf message)']);
    assert.deepEqual(p.messages[0].schema, { registry: 'glue', registryName: 'shop', schemaName: 'Order', version: 4 });
    assert.deepEqual(p.messages[0].data, { id: 1, currency: 'EUR' });
    assert.equal(p.messages[1].schema, undefined);
    // with a default: the string value stays a string (not the number its text would read as)
    const d = parseJsonMessages('[{"value":"123"}, {"value":123, "schema":"confluent:n@1"}]', 'json', { schema: ref('glue:Order') });
    assert.deepEqual(d.messages.map((m) => [m.schema?.schemaName, m.data]), [['Order', '123'], ['n', 123]]);
    assert.deepEqual(parseJsonMessages('{"value":1,"schema":7}', 'jsonl').errors.map((e) => e.detail), ['record 1: `schema`: name it as text, e.g. "glue:REGISTRY/SCHEMA@latest" or "confluent:SUBJECT@latest"']);
  });

  it('validates the whole set first: every invalid value by its place and path, nothing encoded', async () => {
    const source = new MemoryGlue();
    const session = new SchemaSession({ glue: source });
    const r = ref('glue:shop/Order@latest');
    const out = await encodeForProduce([
      { ref: r, value: { id: 1, currency: 'EUR' }, where: 'o.jsonl:1' },
      { ref: r, value: { id: 'two', currency: 'EUR' }, where: 'o.jsonl:2' },
      { ref: r, value: null, where: 'o.jsonl:3' },
      { ref: r, value: { id: 4, currency: 'YEN' }, where: 'o.jsonl:5' },
    ], session);
    assert.equal(out.ok, false);
    assert.ok(!out.ok);
    assert.deepEqual(out.problems.map((p) => [p.index, p.path, p.message]), [
      [1, '/id', 'o.jsonl:2: /id: expected long, got "two" (in Order version 4)'],
      [3, '/currency', 'o.jsonl:5: /currency: expected Currency, got "YEN" (in Order version 4)'],
    ]);
    assert.equal(source.lookups, 1, 'the schema is fetched once for the set');
  });

  it('encodes a valid set in the registry\'s wire format (a tombstone stays null); an unknown schema is one problem', async () => {
    const session = new SchemaSession({ glue: new MemoryGlue() });
    const out = await encodeForProduce([
      { ref: ref('glue:shop/Order@4'), value: { id: 7, currency: 'USD' }, where: 'a' },
      { ref: ref('glue:shop/Order@4'), value: null, where: 'b' },
    ], session);
    assert.ok(out.ok);
    assert.equal(out.values[1], null);
    const bytes = out.values[0]!;
    assert.deepEqual(readGlueHeader(bytes), { kind: 'glue', compression: 'none', schemaVersionId: GLUE_ID, payloadOffset: 18 });
    const back = await decodeValue(bytes, session);
    assert.deepEqual([back.decoded, back.schema?.version], [{ id: 7, currency: 'USD' }, 4]);

    const missing = await encodeForProduce([1, 2, 3].map((n) => ({ ref: ref('glue:shop/Nope@1'), value: { id: n }, where: `x:${n}` })), session);
    assert.ok(!missing.ok);
    assert.equal(missing.problems.length, 1);
    assert.equal(missing.problems[0].path, undefined);
    assert.match(missing.problems[0].message, /^x:1: schema glue:shop\/Nope@1: AWS Glue Schema Registry has no schema Nope version 1/);
    const noConfluent = await encodeForProduce([{ ref: ref('confluent:s@1'), value: {}, where: 'y:1' }], session);
    assert.ok(!noConfluent.ok);
    assert.match(noConfluent.problems[0].message, /Confluent Schema Registry is not set up for this connection/);
  });
});
