// The Avro JSON writer (peek's jsonl path) against the slow path it stands in for: avsc's own
// decoding, the JSON-ready conversion and JSON.stringify. Same text for every value it takes, and
// for damaged payloads (10,500 mutations) it either gives that same text or refuses, never another.
import * as assert from 'assert';
import * as avro from 'avsc';
import { avroJsonWriter, compileAvro, JsonArena, writeNumber } from '../../../src/core/schemas/avro';
import { prng } from '../../helpers/prng';
import { avroValue } from '../../helpers/avro-values';

const SHIPMENT = {
  type: 'record', name: 'Shipment', namespace: 'bench',
  fields: [
    { name: 'id', type: 'long' }, { name: 'order', type: 'string' }, { name: 'weight', type: 'double' }, { name: 'express', type: 'boolean' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'items', type: { type: 'array', items: { type: 'record', name: 'Item', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int' }, { name: 'price', type: 'float' }] } } },
  ],
};

const KITCHEN = {
  type: 'record', name: 'Kitchen', namespace: 'com.example',
  fields: [
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B_2', 'c'] } },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 4 } },
    { name: 'blob', type: 'bytes' },
    { name: 'counts', type: { type: 'map', values: 'int' } },
    { name: 'grid', type: { type: 'array', items: { type: 'array', items: 'double' } } },
    // ambiguous branches: avsc wraps these in {"branch name": value}
    { name: 'num', type: ['null', 'int', 'long'] },
    { name: 'either', type: [{ type: 'record', name: 'Left', fields: [{ name: 'l', type: 'string' }] }, { type: 'record', name: 'Right', fields: [{ name: 'r', type: { type: 'map', values: 'string' } }] }] },
    { name: 'plain', type: ['null', 'string', { type: 'record', name: 'Inner', fields: [{ name: 'x', type: 'float' }] }] },
    { name: 'list', type: ['null', { type: 'record', name: 'Node', fields: [{ name: 'value', type: 'int' }, { name: 'next', type: ['null', 'Node'] }] }] },
    { name: 'empty', type: { type: 'record', name: 'Nothing', fields: [] } },
  ],
};

const SCHEMAS: Record<string, unknown> = { shipment: SHIPMENT, kitchen: KITCHEN, string: 'string', map: { type: 'map', values: { type: 'array', items: 'long' } }, union: ['null', 'long', 'string'] };

const compiled = new Map<avro.Type, ReturnType<typeof compileAvro>>();

/** The slow path's text (avsc after the bounds walk, the JSON-ready conversion, JSON.stringify), or ERR when it throws. */
function slow(type: avro.Type, buf: Buffer): string {
  let c = compiled.get(type);
  if (!c) compiled.set(type, (c = compileAvro(JSON.stringify(type.schema()))));
  try {
    return JSON.stringify(c.decode(buf).value);
  } catch {
    return 'ERR';
  }
}

function fast(write: (b: Buffer) => Buffer, buf: Buffer): string {
  try {
    return write(buf).toString('utf8');
  } catch {
    return 'ERR';
  }
}

const WORDS = ['', 'a', 'plain text', 'quote " and \\ backslash', 'tab\tnew\nline\u0001', 'caf\u00e9', '\u2028\u2029', '\ud83d\ude00 emoji', '12', '0', '__proto__', 'constructor', '-1', '4294967295'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, -1e-7, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity, 3.4e38];

/** A value of the type, from the seeded generator. */
function valueOf(t: avro.Type, rnd: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  return avroValue(t, rnd, {
    int: () => pick([0, 1, -1, 63, -64, 64, 2 ** 31 - 1, -(2 ** 31), Math.floor(rnd() * 1e6)]),
    long: () => pick([0, -1, 2 ** 32, -(2 ** 40), 9007199254740990, -9007199254740990, Math.floor(rnd() * 1e12)]),
    float: () => Math.fround(pick(NUMBERS)),
    double: () => pick(NUMBERS),
    string: () => pick(WORDS) + (rnd() < 0.3 ? String(Math.floor(rnd() * 100)) : ''),
    bytesLength: () => Math.floor(rnd() * 6),
    mapKey: () => pick(WORDS),
    maxDepth: 3,
    maxItems: 4,
    nullPastDepth: true,
  });
}

describe('schemas: the Avro JSON writer', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name}: the same text as avsc + JSON.stringify for 300 values, and never another for 2,100 damaged payloads`, () => {
      const type = avro.Type.forSchema(schema as avro.Schema);
      const write = avroJsonWriter(type);
      assert.ok(write, 'the writer covers this schema');
      const c = compileAvro(JSON.stringify(schema));
      const decodeJson = (b: Buffer) => c.decodeJson!(b).toString('utf8');
      const rnd = prng(name.length * 7919);
      for (let i = 0; i < 300; i++) {
        const value = valueOf(type, rnd);
        const buf = type.toBuffer(value);
        const want = slow(type, buf);
        assert.notEqual(want, 'ERR', `avsc reads back its own ${JSON.stringify(value)}`);
        const f = fast(write, buf);
        // the writer leaves integers from 2^52 up to avsc's own float arithmetic
        if (f === 'ERR') assert.match(want, /\d{16}/, `value ${i} refused: ${buf.toString('hex')}`);
        else assert.equal(f, want, `value ${i}: ${buf.toString('hex')}`);
        assert.equal(decodeJson(buf), want);
        {
          for (let m = 0; m < 7; m++) {
            const bad = Buffer.from(buf);
            const op = Math.floor(rnd() * 4);
            let damaged: Buffer = bad;
            if (op === 0 && bad.length) bad[Math.floor(rnd() * bad.length)] = Math.floor(rnd() * 256);
            else if (op === 1) damaged = bad.subarray(0, Math.floor(rnd() * bad.length));
            else if (op === 2) damaged = Buffer.concat([bad, Buffer.from([Math.floor(rnd() * 256)])]);
            else if (bad.length) bad[Math.floor(rnd() * bad.length)] ^= 1 << Math.floor(rnd() * 8);
            const s = slow(type, damaged);
            const f = fast(write, damaged);
            if (f !== 'ERR') assert.equal(f, s, `damaged ${damaged.toString('hex')} of ${buf.toString('hex')}`);
            // what peek uses: the writer, else the slow path with its reason
            let viaApi: string;
            try {
              viaApi = decodeJson(damaged);
            } catch {
              viaApi = 'ERR';
            }
            assert.equal(viaApi, s);
          }
        }
      }
    });
  }

  it('each value\'s bytes stay as written while later values fill the writer\'s buffers (over 2 MB)', () => {
    const type = avro.Type.forSchema(SHIPMENT as avro.Schema);
    const write = avroJsonWriter(type)!;
    const rnd = prng(42);
    const kept: [Buffer, string][] = [];
    let total = 0;
    while (total < 2.5 * 1024 * 1024) {
      const buf = type.toBuffer(valueOf(type, rnd));
      const want = slow(type, buf);
      if (/\d{16}/.test(want)) continue; // left to avsc (above)
      const out = write(buf);
      // a refused payload in between leaves nothing behind
      assert.throws(() => write(buf.subarray(0, buf.length - 1)));
      kept.push([out, want]);
      total += out.length;
    }
    for (const [out, want] of kept) assert.equal(out.toString('utf8'), want);
  });

  it('numbers: the digits String() writes, for 200,000 doubles and floats (few decimals, random bits, edges)', () => {
    const rnd = prng(7);
    const out = new JsonArena();
    const bits = new DataView(new ArrayBuffer(8));
    const check = (n: number) => {
      writeNumber(out, n);
      const got = out.take().toString('latin1');
      const want = Number.isFinite(n) ? String(n) : `"${String(n)}"`;
      if (got !== want) assert.fail(`${want} written as ${got}`);
    };
    for (const n of [0, -0, 0.1, 0.2, 0.3, 0.1 + 0.2, 1e-6, 1e-7, 9.99e-7, 123456789.5, 999999999.999999, 1e9 + 0.5, -0.5, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2, NaN, -Infinity, 1.005, 2.675, 1.45, 8.345]) check(n);
    for (let i = 0; i < 50_000; i++) {
      const k = Math.floor(rnd() * 8);
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12);
      check(Math.round(x * 10 ** k) / 10 ** k); // a few decimals, as prices and weights have
      check(Math.fround(x)); // a float field's value
      check(x);
      bits.setUint32(0, Math.floor(rnd() * 2 ** 32));
      bits.setUint32(4, Math.floor(rnd() * 2 ** 32));
      check(bits.getFloat64(0)); // any bits at all
    }
  });

  it('maps: a repeated key keeps its last value and integer-like keys come first, as the object avsc builds', () => {
    const type = avro.Type.forSchema({ type: 'map', values: 'int' });
    const write = avroJsonWriter(type)!;
    // one block of 4 entries: "b"→1, "2"→2, "b"→3, "__proto__"→4, then the end
    const str = (s: string) => Buffer.concat([Buffer.from([s.length * 2]), Buffer.from(s)]);
    const buf = Buffer.concat([Buffer.from([8]), str('b'), Buffer.from([2]), str('2'), Buffer.from([4]), str('b'), Buffer.from([6]), str('__proto__'), Buffer.from([8]), Buffer.from([0])]);
    assert.equal(write(buf).toString(), slow(type, buf));
    assert.equal(write(buf).toString(), '{"2":2,"b":3}');
  });

  it('refuses what avsc refuses: a long past its safe range, trailing bytes, a bad enum index, an endless varint', () => {
    const long = avro.Type.forSchema('long');
    // zigzag(2^53 - 1) as a varint
    const unsafe = Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]);
    assert.equal(slow(long, unsafe), 'ERR');
    assert.throws(() => avroJsonWriter(long)!(unsafe));
    assert.throws(() => avroJsonWriter(long)!(Buffer.from([2, 0])));
    const en = avro.Type.forSchema({ type: 'enum', name: 'E', symbols: ['X'] });
    assert.throws(() => avroJsonWriter(en)!(Buffer.from([2])));
    assert.throws(() => avroJsonWriter(long)!(Buffer.alloc(12, 0xff)));
    assert.throws(() => compileAvro('"long"').decodeJson!(unsafe), /precision/);
  });

  it('leaves schemas it does not cover to the slow path', () => {
    assert.equal(avroJsonWriter(avro.Type.forSchema({ type: 'record', name: 'P', fields: [{ name: '__proto__', type: 'int' }] })), undefined);
    const c = compileAvro(JSON.stringify({ type: 'record', name: 'P', fields: [{ name: '__proto__', type: 'int' }] }));
    assert.equal(c.decodeJson!(Buffer.from([2])).toString(), JSON.stringify(c.decode(Buffer.from([2])).value));
  });
});
