// Avro bytes and fixed (plain, as decimals, in unions, maps and arrays) produced from the JSON that
// peek and the viewer show: over generated schemas, decode → JSON text → encode gives the bytes that
// were decoded, by both decoding paths (the one-pass JSON writer and avsc + avroJsonConverter). A
// wrong form is an issue at its path that says which form is expected.
import * as assert from 'node:assert/strict';
import * as avro from 'avsc';
import { avroJsonWriter, compileAvro } from '../../../src/core/schemas/avro';
import { decodeValue, encodeForProduce, parseSchemaRef, SchemaSession, writeGlueMessage, type SchemaRecord, type SchemaRef, type SchemaSource } from '../../../src/core/schemas/index';
import { prng } from '../../helpers/prng';
import { messageAsRecipe } from '../../../src/core/viewer/recipe';
import { viewerSchema } from '../../../src/core/viewer/rows';
import { reencodeRecipe } from '../../helpers/recipe-reencode';
import { avroValue } from '../../helpers/avro-values';

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

/** A random schema around bytes and fixed; unwrapped unions never hold both a text and a bytes branch (their JSON is the same). */
function schemaOf(rnd: Rnd, names: { n: number }, depth = 0): unknown {
  const named = (base: string) => `${base}${names.n++}`;
  const fixed = () => ({ type: 'fixed', name: named('F'), size: Math.floor(rnd() * 9) });
  const leaf = (): unknown =>
    pick(rnd, [
      () => 'bytes',
      () => fixed(),
      () => ({ type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 }),
      () => ({ type: 'fixed', name: named('Dec'), size: 8, logicalType: 'decimal', precision: 18, scale: 4 }),
      () => pick(rnd, ['int', 'long', 'string', 'double', 'float', 'boolean']),
    ])();
  if (depth >= 3) return leaf();
  const inner = () => schemaOf(rnd, names, depth + 1);
  return pick(rnd, [
    leaf,
    leaf,
    () => ({ type: 'array', items: inner() }),
    () => ({ type: 'map', values: inner() }),
    () => ({ type: 'record', name: named('R'), fields: Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, i) => ({ name: `f${i}`, type: inner() })) }),
    () => ['null', 'bytes'],
    () => ['null', fixed()],
    () => ['null', 'int', 'bytes'],
    () => ['null', 'double', 'bytes'],
    // one bucket twice: avsc wraps these, {"branch": value}
    () => [fixed(), 'bytes'],
    () => ['null', fixed(), fixed(), { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 1 }],
    () => ['null', { type: 'map', values: 'bytes' }, { type: 'array', items: fixed() }],
    () => ['null', { type: 'record', name: named('U'), fields: [{ name: 'b', type: 'bytes' }, { name: 'n', type: ['null', 'bytes'] }] }],
  ])();
}

/** A seeded value; map keys are never integer-like (a JSON object puts those first). */
const valueOf = (t: avro.Type, rnd: Rnd): unknown => avroValue(t, rnd, {
  int: () => Math.floor(rnd() * 2 ** 32) - 2 ** 31,
  long: () => Math.floor(rnd() * 2 ** 50) - 2 ** 49,
  float: () => pick(rnd, [Math.fround(rnd() * 1000), NaN, Infinity, -Infinity]),
  double: () => pick(rnd, [rnd() * 1e6, -0.5, NaN, -Infinity]),
  string: () => pick(rnd, ['', 'text', 'AAAA', 'café']),
  bytesLength: () => Math.floor(rnd() * 12),
  mapKey: () => `k${Math.floor(rnd() * 99)}x`,
  maxDepth: 4,
  maxItems: 3,
});

describe('schemas: Avro bytes and fixed produced from their JSON (src/core/schemas/avro.ts avroFromJson)', () => {
  it('decode → JSON → encode gives the same bytes, by both decoding paths, over 200 generated schemas', () => {
    const rnd = prng(1010);
    let values = 0;
    for (let i = 0; i < 200; i++) {
      const names = { n: 0 };
      const schema = { type: 'record', name: `Top${i}`, namespace: 'gen', fields: Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, f) => ({ name: `f${f}`, type: schemaOf(rnd, names) })) };
      const text = JSON.stringify(schema);
      const type = avro.Type.forSchema(schema as avro.Schema);
      assert.ok(avroJsonWriter(type), `the one-pass writer covers ${text}`);
      const c = compileAvro(text);
      for (let j = 0; j < 10; j++) {
        const buf = type.toBuffer(valueOf(type, rnd));
        const fast = c.decodeJson!(buf).toString('utf8');
        const slow = JSON.stringify(c.decode(buf).value);
        assert.equal(fast, slow, `both paths write the same JSON for ${text}`);
        const data = JSON.parse(fast) as unknown;
        assert.deepEqual(c.validate(data), [], `${fast} in ${text}`);
        assert.equal(c.encode(data).payload.toString('hex'), buf.toString('hex'), `${fast} in ${text}`);
        values++;
      }
    }
    assert.equal(values, 2000);
  });

  it('a wrong form names its path and the form expected; the value is not encoded', () => {
    const c = compileAvro(JSON.stringify({
      type: 'record', name: 'Blob', fields: [
        { name: 'raw', type: 'bytes' },
        { name: 'hash', type: { type: 'fixed', name: 'Hash', namespace: 'x', size: 4 } },
        { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 } },
        { name: 'maybe', type: ['null', 'bytes'] },
        { name: 'parts', type: { type: 'map', values: { type: 'array', items: 'bytes' } } },
        { name: 'either', type: ['null', 'x.Hash', 'bytes'] },
      ],
    }));
    const issues = c.validate({ raw: 'not base64!', hash: 'AAAAAAA=', price: 12.34, maybe: 'QUJD', parts: { a: ['AA==', 7] }, either: { 'x.Hash': 'AAA=' } });
    assert.deepEqual(issues, [
      { path: '/raw', message: 'expected bytes as base64 text, the form peek shows (e.g. "3q2+7w=="), got "not base64!"' },
      { path: '/hash', message: 'expected fixed x.Hash (4 bytes) as base64 text, got 5 bytes ("AAAAAAA=")' },
      { path: '/price', message: 'expected bytes as base64 text, the form peek shows (e.g. "3q2+7w=="), got 12.34' },
      { path: '/parts/a/1', message: 'expected bytes as base64 text, the form peek shows (e.g. "3q2+7w=="), got 7' },
      { path: '/either/x.Hash', message: 'expected fixed x.Hash (4 bytes) as base64 text, got 2 bytes ("AAA=")' },
    ]);
    assert.throws(() => c.encode({ raw: 'AA', hash: 'AAAAAA==', price: 'AA==', maybe: null, parts: {}, either: null }), /^Error: \/raw: expected bytes as base64 text/);
  });

  it('an unwrapped union of text and bytes: a JSON string goes to the string (or a symbol to the enum) branch', () => {
    const c = compileAvro(JSON.stringify(['string', 'bytes']));
    assert.equal(c.encode('QUJD').payload.toString('hex'), avro.Type.forSchema(['string', 'bytes']).toBuffer('QUJD').toString('hex'));
    const e = compileAvro(JSON.stringify([{ type: 'enum', name: 'E', symbols: ['QUJD'] }, 'bytes']));
    const t = avro.Type.forSchema([{ type: 'enum', name: 'E', symbols: ['QUJD'] }, 'bytes']);
    assert.equal(e.encode('QUJD').payload.toString('hex'), t.toBuffer('QUJD').toString('hex'));
    assert.equal(e.encode('QUJE').payload.toString('hex'), t.toBuffer(Buffer.from('ABD')).toString('hex'));
  });

  it('a Glue message decoded as peek shows it, produced again, is the same message', async () => {
    const definition = JSON.stringify({ type: 'record', name: 'Doc', fields: [{ name: 'id', type: 'string' }, { name: 'body', type: 'bytes' }, { name: 'sum', type: { type: 'fixed', name: 'Sum', size: 8 } }, { name: 'thumb', type: ['null', 'bytes'] }] });
    const rec: SchemaRecord = { registry: 'glue', registryName: 'docs', name: 'Doc', version: 1, format: 'AVRO', id: '1d1e5c43-2f1a-4c55-9d1e-7a3c2b9e8f10', definition };
    const source: SchemaSource = { kind: 'glue', byId: () => Promise.resolve(rec), byName: () => Promise.resolve(rec) };
    const session = new SchemaSession({ glue: source });
    const ref = parseSchemaRef('glue:docs/Doc@1') as SchemaRef;
    const value = { id: 'd-1', body: Buffer.from([0, 1, 2, 250, 255]), sum: Buffer.from('0123456789abcdef', 'hex'), thumb: Buffer.from('\x89PNG') };
    const first = await encodeForProduce([{ ref, value: { ...value, body: value.body.toString('base64'), sum: value.sum.toString('base64'), thumb: value.thumb.toString('base64') }, where: 'a' }], session);
    assert.ok(first.ok, JSON.stringify(first));
    const original = first.values[0]!;
    assert.deepEqual({ ...(avro.Type.forSchema(JSON.parse(definition) as avro.Schema).fromBuffer(original.subarray(18)) as object) }, value);
    const decoded = await decodeValue(original, session);
    assert.equal(decoded.error, undefined);
    const peeked = await decodeValue(original, session, { json: true });
    assert.equal(peeked.json?.toString('utf8'), JSON.stringify(decoded.decoded), 'the viewer and the JSONL peek show the same JSON');
    const again = await encodeForProduce([{ ref, value: JSON.parse(peeked.json.toString('utf8')), where: 'b' }], session);
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(again.values[0]!.toString('hex'), original.toString('hex'));
  });

  it('"Copy as Recipe" of a decoded message with bytes, fixed, a decimal and unions produces the same bytes again', async () => {
    const definition = JSON.stringify({ type: 'record', name: 'Att', fields: [
      { name: 'raw', type: 'bytes' }, { name: 'sum', type: { type: 'fixed', name: 'S', size: 3 } },
      { name: 'amount', type: { type: 'fixed', name: 'Amt', size: 6, logicalType: 'decimal', precision: 12, scale: 2 } },
      { name: 'either', type: ['null', 'S', 'bytes'] }, { name: 'opt', type: ['null', 'bytes'] }, { name: 'bag', type: { type: 'map', values: 'bytes' } },
    ] });
    const rec: SchemaRecord = { registry: 'glue', registryName: 'att', name: 'Att', version: 3, format: 'AVRO', id: '2e1e5c43-2f1a-4c55-9d1e-7a3c2b9e8f10', definition };
    const session = new SchemaSession({ glue: { kind: 'glue', byId: () => Promise.resolve(rec), byName: () => Promise.resolve(rec) } });
    const payload = avro.Type.forSchema(JSON.parse(definition) as avro.Schema).toBuffer({ raw: Buffer.from('{{not a template}}'), sum: Buffer.from([1, 2, 3]), amount: Buffer.from([0, 0, 0, 0, 0x30, 0x39]), either: { bytes: Buffer.from([0xff]) }, opt: Buffer.alloc(0), bag: { k: Buffer.from([0x3e, 0x3f]) } });
    const bytes = writeGlueMessage(rec.id, payload);
    const text = messageAsRecipe({ partition: 0, offset: 1, timestamp: 1, key: null, value: bytes, headers: [], schema: viewerSchema(await decodeValue(bytes, session)) }, 'att');
    assert.match(text, /^schema: glue:att\/Att@3$/m);
    assert.deepEqual(await reencodeRecipe(text, session), bytes);
  });
});
