// The decode/encode API over real codecs (avsc, ajv, protobufjs) with an in-memory registry.
import * as assert from 'assert';
import * as avro from 'avsc';
import * as protobuf from 'protobufjs';
import { decodeValue, encodeValue, encodeValues, SchemaSession, SchemaValidationError, writeConfluentMessage, writeGlueMessage, type SchemaRecord, type SchemaSource } from '../../../src/core/schemas';

const GLUE_AVRO = '3f1b2c4d-0000-4000-8000-000000000001';
const GLUE_JSON = '3f1b2c4d-0000-4000-8000-000000000002';
const GLUE_PROTO = '3f1b2c4d-0000-4000-8000-000000000003';
const UNKNOWN = '3f1b2c4d-0000-4000-8000-0000000000ff';

const AVRO_SCHEMA = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int' }] } } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};
const JSON_SCHEMA = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['id'], properties: { id: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } }, additionalProperties: false };
const PROTO = `syntax = "proto3";
package shop;
message Zeta { string z = 1; }
message Alpha {
  int32 id = 1;
  message Inner { string name = 1; repeated int64 counts = 2; }
  Inner inner = 2;
  Kind kind = 3;
  enum Kind { A = 0; B = 1; }
  map<string, int32> extras = 4;
}
`;

function records(): Record<string, SchemaRecord> {
  const base = { registryName: 'test-registry', version: 1 } as const;
  return {
    [`glue:${GLUE_AVRO}`]: { ...base, registry: 'glue', name: 'orders', format: 'AVRO', id: GLUE_AVRO, definition: JSON.stringify(AVRO_SCHEMA) },
    [`glue:${GLUE_JSON}`]: { ...base, registry: 'glue', name: 'events', format: 'JSON', id: GLUE_JSON, definition: JSON.stringify(JSON_SCHEMA) },
    [`glue:${GLUE_PROTO}`]: { ...base, registry: 'glue', name: 'shop', format: 'PROTOBUF', id: GLUE_PROTO, definition: PROTO },
    'confluent:21': { ...base, registry: 'confluent', name: 'shop-value', format: 'PROTOBUF', id: '21', definition: PROTO },
    'confluent:22': { ...base, registry: 'confluent', name: 'orders-value', version: 3, format: 'AVRO', id: '22', definition: JSON.stringify(AVRO_SCHEMA) },
  };
}

class MemorySource implements SchemaSource {
  calls = 0;
  constructor(
    readonly kind: 'glue' | 'confluent',
    private readonly all = records(),
  ) {}
  byId(id: string) {
    this.calls++;
    const r = this.all[`${this.kind}:${id}`];
    return r ? Promise.resolve(r) : Promise.reject(new Error(`EntityNotFoundException: no ${id}`));
  }
  byName(name: string) {
    this.calls++;
    const r = Object.values(this.all).find((x) => x.registry === this.kind && x.name === name);
    return r ? Promise.resolve(r) : Promise.reject(new Error(`no ${name}`));
  }
}

function session() {
  const glue = new MemorySource('glue');
  const confluent = new MemorySource('confluent');
  return { glue, confluent, s: new SchemaSession({ glue, confluent }) };
}

describe('schemas: decodeValue', () => {
  it('decodes Glue Avro, plain and zlib-compressed, with the schema named beside the value', async () => {
    const { s } = session();
    const type = avro.Type.forSchema(AVRO_SCHEMA as avro.Schema);
    const value = { id: 7, lines: [{ sku: 'A-1', qty: 2 }], note: 'gift' };
    for (const c of ['none', 'zlib'] as const) {
      const out = await decodeValue(writeGlueMessage(GLUE_AVRO, type.toBuffer(value), c), s);
      assert.deepStrictEqual(out.decoded, value);
      assert.deepStrictEqual(out.schema, { registry: 'glue', registryName: 'test-registry', name: 'orders', version: 1, format: 'AVRO', id: GLUE_AVRO });
      assert.equal(out.error, undefined);
    }
  });

  it('returns an unknown id as the reason, never throwing, and asks the registry once per id', async () => {
    const { s, glue } = session();
    const msg = writeGlueMessage(UNKNOWN, Buffer.from([1, 2]));
    for (let i = 0; i < 5; i++) {
      const out = await decodeValue(msg, s);
      assert.equal(out.wire, 'glue');
      assert.equal(out.schemaId, UNKNOWN);
      assert.equal(out.decoded, undefined);
      assert.match(out.error ?? '', new RegExp(`Glue Schema Registry has no schema version ${UNKNOWN}.*EntityNotFoundException`));
    }
    assert.equal(glue.calls, 1);
    await s.forget();
    await decodeValue(msg, s);
    assert.equal(glue.calls, 2, 'forget() lets the next message ask again');
  });

  it('returns a payload that does not match its schema as the reason, with the schema named', async () => {
    const { s } = session();
    const out = await decodeValue(writeGlueMessage(GLUE_AVRO, Buffer.from([0x02, 0x05])), s);
    assert.equal(out.decoded, undefined);
    assert.equal(out.schema?.name, 'orders');
    assert.match(out.error ?? '', /does not match orders version 1 \(AVRO\)/);
    // a block count of 2^31 Line records in 4 bytes: without the bounds walk avsc would try to build them
    const huge = await decodeValue(writeGlueMessage(GLUE_AVRO, Buffer.from([0x02, 0xfe, 0xff, 0xff, 0xff, 0x0f])), s);
    assert.match(huge.error ?? '', /runs past the end|more than 1000000/);
    const json = await decodeValue(writeGlueMessage(GLUE_JSON, Buffer.from('{"id":"x"}')), s);
    assert.match(json.error ?? '', /\/id must be integer/);
  });

  it('says so when a connection has no registry of the kind on the wire', async () => {
    const s = new SchemaSession({});
    const out = await decodeValue(writeConfluentMessage(22, Buffer.from([2])), s);
    assert.match(out.error ?? '', /Confluent Schema Registry is not set up for this connection/);
  });

  it('leaves plain values alone, unless the topic is set to a registry', async () => {
    const { s } = session();
    assert.deepStrictEqual(await decodeValue(Buffer.from('{"a":1}'), s), {});
    assert.deepStrictEqual(await decodeValue(null, s), {});
    const out = await decodeValue(Buffer.from('{"a":1}'), s, { expect: { registry: 'glue' } });
    assert.match(out.error ?? '', /set to Glue Schema Registry, but this value has no Glue header/);
    const other = await decodeValue(writeConfluentMessage(22, Buffer.from([2])), s, { expect: { registry: 'glue' } });
    assert.match(other.error ?? '', /has a Confluent Schema Registry header/);
  });

  it('reads Confluent Protobuf by its message index path, nested messages included', async () => {
    const { s } = session();
    const root = protobuf.parse(PROTO, { keepCase: true }).root;
    const Inner = root.lookupType('shop.Alpha.Inner');
    const Alpha = root.lookupType('shop.Alpha');
    const inner = await decodeValue(writeConfluentMessage(21, Inner.encode({ name: 'n', counts: [1, 2] }).finish(), [1, 0]), s);
    assert.deepStrictEqual(inner.decoded, { name: 'n', counts: ['1', '2'] });
    assert.equal(inner.schema?.messageType, 'shop.Alpha.Inner');
    const alpha = await decodeValue(writeConfluentMessage(21, Alpha.encode(Alpha.fromObject({ id: 5, kind: 'B' })).finish(), [1]), s);
    assert.equal(alpha.schema?.messageType, 'shop.Alpha');
    assert.deepStrictEqual(alpha.decoded, { id: 5, inner: null, kind: 'B', extras: {} });
  });

  it('reads Confluent Protobuf written without message indexes as the first message, and notes it', async () => {
    const { s } = session();
    const Zeta = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('shop.Zeta');
    const out = await decodeValue(writeConfluentMessage(21, Zeta.encode({ z: 'no index' }).finish()), s);
    assert.deepStrictEqual(out.decoded, { z: 'no index' });
    assert.match(out.note ?? '', /no Protobuf message indexes/);
  });

  it('reads Glue Protobuf by its single index into the message types sorted by full name', async () => {
    const { s } = session();
    // sorted: shop.Alpha (0), shop.Alpha.Inner (1), shop.Zeta (2)
    const Zeta = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('shop.Zeta');
    const out = await decodeValue(writeGlueMessage(GLUE_PROTO, Buffer.concat([Buffer.from([2]), Zeta.encode({ z: 'zz' }).finish()]), 'zlib'), s);
    assert.equal(out.schema?.messageType, 'shop.Zeta');
    assert.deepStrictEqual(out.decoded, { z: 'zz' });
    const bad = await decodeValue(writeGlueMessage(GLUE_PROTO, Buffer.from([9, 0])), s);
    assert.match(bad.error ?? '', /message index 9 names no message type: the schema has 3/);
  });

  it('never throws on random bytes behind valid headers (2,000 inputs)', async () => {
    const { s } = session();
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const heads = [Buffer.concat([Buffer.from([3, 0]), Buffer.from(GLUE_AVRO.replace(/-/g, ''), 'hex')]), Buffer.concat([Buffer.from([3, 5]), Buffer.from(GLUE_PROTO.replace(/-/g, ''), 'hex')]), Buffer.from([0, 0, 0, 0, 21]), Buffer.from([0, 0, 0, 0, 22])];
    let errors = 0;
    for (let i = 0; i < 2000; i++) {
      const body = Buffer.from(Array.from({ length: Math.floor(rand() * 24) }, () => Math.floor(rand() * 256)));
      const out = await decodeValue(Buffer.concat([heads[i % heads.length], body]), s);
      assert.ok(out.wire);
      assert.ok((out.decoded !== undefined) !== (out.error !== undefined), JSON.stringify(out));
      if (out.error) errors++;
    }
    assert.ok(errors > 500, `${errors} of 2000 random payloads failed to decode`);
  });
});

describe('schemas: encodeValue and encodeValues', () => {
  it('encodes Glue Avro that avsc and our decoder read back, compressed on request', async () => {
    const { s } = session();
    const value = { id: 9, lines: [], note: null };
    const out = await encodeValue(value, { registry: 'glue', schemaName: 'orders', version: 'latest', compress: true }, s);
    assert.equal(out[1], 5);
    assert.deepStrictEqual((await decodeValue(out, s)).decoded, value);
  });

  it('reports every invalid record by its position with the schema\'s own path, and encodes nothing of the set', async () => {
    const { s } = session();
    const res = await encodeValues([{ id: 1, lines: [], note: null }, { id: 2, lines: [{ sku: 'x', qty: 'two' }], note: null }, { id: 3, lines: [], note: 5 }], { registry: 'confluent', schemaName: 'orders-value', version: 'latest' }, s);
    assert.equal(res.ok, false);
    if (res.ok) return;
    assert.deepStrictEqual(res.issues.map((i) => [i.index, i.path]), [[1, '/lines/0/qty'], [2, '/note']]);
    assert.equal(res.schema.version, 3);
  });

  it('JSON Schema: validates on encode with ajv\'s instancePath and writes UTF-8 JSON', async () => {
    const { s } = session();
    await assert.rejects(encodeValue({ id: 1, tags: ['a', 2], extra: true }, { registry: 'glue', schemaName: 'events', version: 1 }, s), (e: SchemaValidationError) => {
      assert.ok(e instanceof SchemaValidationError);
      assert.deepStrictEqual(e.issues.map((i) => i.path).sort(), ['/extra', '/tags/1']);
      return true;
    });
    const ok = await encodeValue({ id: 1, tags: ['a'] }, { registry: 'glue', schemaName: 'events', version: 1 }, s);
    assert.equal(ok.subarray(18).toString(), '{"id":1,"tags":["a"]}');
  });

  it('Protobuf: validates field types with paths, and writes the message indexes of the named type', async () => {
    const { s } = session();
    const ref = { registry: 'confluent', schemaName: 'shop-value', version: 'latest', messageType: 'Alpha.Inner' } as const;
    const res = await encodeValues([{ name: 1 }, { counts: ['12', 'x'] }, { nope: 1 }], ref, s);
    assert.ok(!res.ok);
    if (res.ok) return;
    assert.deepStrictEqual(res.issues.map((i) => [i.index, i.path]), [[0, '/name'], [1, '/counts/1'], [2, '/nope']]);
    const buf = await encodeValue({ name: 'n', counts: ['9007199254740993'] }, ref, s);
    assert.deepStrictEqual(buf.subarray(0, 8), Buffer.from([0, 0, 0, 0, 21, 4, 2, 0]), 'indexes [1, 0]');
    assert.deepStrictEqual((await decodeValue(buf, s)).decoded, { name: 'n', counts: ['9007199254740993'] });
    const alpha = await encodeValue({ id: 1, kind: 'B', extras: { a: 1 } }, { registry: 'glue', schemaName: 'shop', version: 1, messageType: 'shop.Alpha' }, s);
    assert.equal(alpha[18], 0, 'Glue index 0: shop.Alpha');
    assert.deepStrictEqual((await decodeValue(alpha, s)).decoded, { id: 1, inner: null, kind: 'B', extras: { a: 1 } });
    await assert.rejects(encodeValue({}, { ...ref, messageType: 'Missing' }, s), /no message type Missing/);
  });
});
