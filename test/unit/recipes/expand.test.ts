// Filling in templates: each helper, JSON escaping, seq/now/random from the options, Faker loaded on
// demand, errors as RecipeExpansionError, and the size a broker checks (against our record-batch encoder).
import * as assert from 'node:assert/strict';
import {
  checkFakerHelpers, expandBlock, expandBlockAsync, HELPERS, loadFaker, parseRecipe, recordBatchBytes, RecipeExpansionError, sampleMessage,
  type OutgoingMessageLike,
} from '../../../src/core/recipes/index';
import { encodeRecordBatch } from '../../../src/core/protocol/record-batch';

const block = (src: string, i = 0) => {
  const r = parseRecipe(src);
  assert.deepEqual(r.errors.filter((e) => e.severity === 'error').map((e) => e.message), []);
  return r.blocks[i];
};
const key = (tpl: string, random: () => number = Math.random, opts: { seq?: number; now?: number } = {}) =>
  expandBlock(block(`topic: t\nkey: ${tpl}`), { random, ...opts })[0].key;

describe('recipe expansion (src/core/recipes/expand.ts)', () => {
  describe('each helper', () => {
    it('uuid: a version 4 UUID, different each time', () => {
      const a = key('{{uuid}}');
      assert.match(a!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(a, key('{{uuid}}'));
    });

    it('now and now.ms: the produce time, once per call', () => {
      const now = Date.UTC(2026, 11, 2, 10, 30);
      assert.equal(key('{{now}}', undefined, { now }), '2026-12-02T10:30:00.000Z');
      assert.equal(key('{{now.ms}}', undefined, { now }), String(now));
      const before = Date.now();
      const t = Number(key('{{now.ms}}'));
      assert.ok(t >= before && t <= Date.now());
    });

    it('seq: 1, 2, 3… or from the seq given', () => {
      const b = block('topic: t\ncount: 3\nkey: k{{seq}}');
      assert.deepEqual(expandBlock(b).map((m) => m.key), ['k1', 'k2', 'k3']);
      assert.deepEqual(expandBlock(b, { seq: 10, count: 2 }).map((m) => m.key), ['k10', 'k11']);
    });

    it('int: MIN to MAX, both included; MAX alone from 0; none from 0 to 100', () => {
      assert.equal(key('{{int 1 6}}', () => 0), '1');
      assert.equal(key('{{int 1 6}}', () => 0.9999999), '6');
      assert.equal(key('{{int -5 -5}}', () => 0.5), '-5');
      assert.equal(key('{{int 10}}', () => 0.9999999), '10');
      assert.equal(key('{{int}}', () => 0.9999999), '100');
      const seen = new Set<string>();
      for (let i = 0; i < 500; i++) seen.add(key('{{int 1 3}}')!);
      assert.deepEqual([...seen].sort(), ['1', '2', '3']);
    });

    it('float: MIN to MAX with DECIMALS digits (default 0 to 1, 2 decimals)', () => {
      assert.equal(key('{{float 5 50 2}}', () => 0.5), '27.50');
      assert.equal(key('{{float 0 1 4}}', () => 0.12345), '0.1235');
      assert.equal(key('{{float}}', () => 0.5), '0.50');
      assert.equal(key('{{float 10}}', () => 0.5), '5.00');
    });

    it('string and hex: random characters of the length given', () => {
      assert.match(key('{{string}}')!, /^[A-Za-z0-9]{8}$/);
      assert.match(key('{{string 20}}')!, /^[A-Za-z0-9]{20}$/);
      assert.equal(key('{{string 0}}x'), 'x');
      assert.match(key('{{hex}}')!, /^[0-9a-f]{16}$/);
      assert.match(key('{{hex 5}}')!, /^[0-9a-f]{5}$/);
    });

    it('pick: one of its arguments, quoted ones with spaces and escaped quotes', () => {
      assert.equal(key('{{pick EUR USD GBP}}', () => 0), 'EUR');
      assert.equal(key('{{pick EUR USD GBP}}', () => 0.99), 'GBP');
      assert.equal(key('{{pick "New York" Paris}}', () => 0), 'New York');
      assert.equal(key('{{pick "say \\"hi\\""}}', () => 0), 'say "hi"');
    });

    it('bool: true or false', () => {
      assert.equal(key('{{bool}}', () => 0.1), 'true');
      assert.equal(key('{{bool}}', () => 0.9), 'false');
    });

    it('has a test here for every helper of the table', () => {
      assert.deepEqual(HELPERS.map((h) => h.name), ['uuid', 'now', 'now.ms', 'seq', 'int', 'float', 'string', 'hex', 'pick', 'bool']);
    });
  });

  describe('messages', () => {
    it('fills key, headers and value; keeps partition and timestamp; sends JSON without the whitespace outside its strings', () => {
      const b = block('topic: orders\nkey: c-{{seq}}\nheader trace-id: t-{{seq}}\nheader source: checkout\npartition: 1\ntimestamp: 1767225600000\ncount: 2\n\n{\n  "n": {{seq}},\n  "note": "a  b"\n}');
      assert.deepEqual(expandBlock(b), [
        { key: 'c-1', value: '{"n":1,"note":"a  b"}', headers: { 'trace-id': 't-1', source: 'checkout' }, partition: 1, timestamp: 1767225600000 },
        { key: 'c-2', value: '{"n":2,"note":"a  b"}', headers: { 'trace-id': 't-2', source: 'checkout' }, partition: 1, timestamp: 1767225600000 },
      ] satisfies OutgoingMessageLike[]);
    });

    it('keeps a text value as written, and sends a tombstone (null value) when there is none', () => {
      assert.deepEqual(expandBlock(block('topic: t\n\n  line {{seq}}\n  "two"')), [{ key: null, value: '  line 1\n  "two"' }]);
      assert.deepEqual(expandBlock(block('topic: t\nkey: gone')), [{ key: 'gone', value: null }]);
    });

    it('escapes a template\'s output for the JSON string it stands in', () => {
      const [m] = expandBlock(block('topic: t\n\n{"q": "<{{pick "a\\"b" }}>", "bs": "{{pick \\}}"}'), { random: () => 0 });
      assert.deepEqual(JSON.parse(m.value!), { q: '<a"b>', bs: '\\' });
    });

    it('turns `\\{{` into a literal `{{`', () => {
      const [m] = expandBlock(block('topic: t\nkey: \\{{uuid}}\n\n{"t": "\\{{seq}} {{seq}}"}'));
      assert.deepEqual([m.key, m.value], ['{{uuid}}', '{"t":"{{seq}} 1"}']);
    });

    it('repeats with a seeded random', () => {
      const b = block('topic: t\ncount: 3\n\n{"id": "{{uuid}}", "n": {{int 1 1000}}, "s": "{{string 6}}"}');
      let s = 7;
      const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
      const first = expandBlock(b, { random: rnd, now: 0 });
      s = 7;
      assert.deepEqual(expandBlock(b, { random: rnd, now: 0 }), first);
      for (const m of first) JSON.parse(m.value!);
    });

    it('gives an empty list for count 0', () => {
      assert.deepEqual(expandBlock(block('topic: t'), { count: 0 }), []);
    });
  });

  describe('refusals, as RecipeExpansionError with the line', () => {
    const refused = (fn: () => unknown, pattern: RegExp, line: number) => {
      assert.throws(fn, (e: unknown) => e instanceof RecipeExpansionError && pattern.test(e.message) && e.line === line);
    };

    it('a block with errors, or without a topic', () => {
      const p = parseRecipe('### a\ntopic: t\ncount: x\n');
      refused(() => expandBlock(p.blocks[0]), /^line 1: this block has errors: fix them first$/, 0);
    });

    it('a bad count', () => {
      refused(() => expandBlock(block('topic: t'), { count: 1.5 }), /count must be a whole number/, 0);
    });

    it('a Faker helper without Faker, and an unknown Faker method', () => {
      refused(() => expandBlock(block('topic: t\n\nhi {{faker.person.firstName}}')), /needs Faker: load it first/, 2);
      refused(() => expandBlock(block('topic: t\n\nhi {{faker.person.nope}}'), { faker: { person: {} } }), /Faker's `person` has no method `nope`/, 2);
      refused(() => expandBlock(block('topic: t\n\nhi {{faker.nope.x}}'), { faker: {} }), /Faker has no module `nope`/, 2);
    });

    it('a Faker method that throws', () => {
      const faker = { number: { int: () => { throw new Error('Max 1 should be greater than min 5.'); } } };
      refused(() => expandBlock(block('topic: t\n\n[{{faker.number.int 5 1}}]'), { faker }), /failed in Faker: Max 1 should be greater than min 5/, 2);
    });

    it('a JSON value that is not JSON once a Faker helper is filled in', () => {
      const faker = { number: { int: () => 'NaN-ish' } };
      refused(() => expandBlock(block('topic: t\n\n[{{faker.number.int}}]'), { faker }), /the value is not valid JSON once filled in/, 2);
    });
  });

  describe('Faker, loaded on demand (English)', () => {
    it('fills faker.MODULE.METHOD helpers with arguments, dates as ISO-8601, and checks names against the loaded Faker', async () => {
      const src = 'topic: t\ncount: 3\n\n{"name": "{{faker.person.firstName}}", "n": {{faker.number.int 5}}, "when": "{{faker.date.past}}", "ok": {{faker.datatype.boolean}}}';
      const msgs = await expandBlockAsync(block(src));
      assert.equal(msgs.length, 3);
      for (const m of msgs) {
        const v = JSON.parse(m.value!) as { name: string; n: number; when: string; ok: boolean };
        assert.match(v.name, /^[A-Z][\p{L}'-]+/u);
        assert.ok(Number.isInteger(v.n) && v.n >= 0 && v.n <= 5, String(v.n));
        assert.ok(!Number.isNaN(Date.parse(v.when)) && v.when.endsWith('Z'));
        assert.equal(typeof v.ok, 'boolean');
      }
      const faker = await loadFaker();
      assert.equal(await loadFaker(), faker, 'Faker loads once');
      const bad = parseRecipe('topic: t\nkey: {{faker.person.firstNam}}\n\n{{faker.persn.firstName}}');
      assert.deepEqual(checkFakerHelpers(bad, faker).map((e) => [e.range.start.line, e.range.start.character, e.detail.replace(/ \(it has.*/, '')]), [
        [1, 7, "Faker's `person` has no method `firstNam`"],
        [3, 2, 'Faker has no module `persn`'],
      ]);
      assert.match(checkFakerHelpers(bad, faker)[0].detail, /it has: .*firstName/);
      assert.deepEqual(checkFakerHelpers(parseRecipe(src), faker), []);
    });
  });

  describe('sample messages and their size', () => {
    it('builds a sample with the longest values the arguments allow', () => {
      const m = sampleMessage(block('topic: t\nkey: {{uuid}}\n\n{"s": "{{string 300}}", "n": {{int 1 99999}}, "f": "{{faker.lorem.word}}"}'))!;
      const v = JSON.parse(m.value!) as { s: string; n: number; f: string };
      assert.equal(v.s.length, 300);
      assert.equal(v.n, 99999);
      assert.equal(typeof v.f, 'string');
      assert.equal(sampleMessage(parseRecipe('topic: t\ncount: x').blocks[0]), undefined);
    });

    it('counts the bytes of the record batch a broker compares with max.message.bytes, as our encoder writes it', () => {
      const cases: OutgoingMessageLike[] = [
        { key: null, value: null },
        { key: 'k', value: 'v' },
        { key: 'ключ', value: '{"a":"é😀"}', headers: { 'trace-id': 'abc', empty: '' } },
        { key: null, value: 'x'.repeat(70_000), headers: Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`h${i}`, 'v'.repeat(i * 10)])) },
      ];
      for (const m of cases) {
        const batch = encodeRecordBatch([{
          key: m.key == null ? null : Buffer.from(m.key), value: m.value == null ? null : Buffer.from(m.value), timestamp: 1767225600000,
          headers: Object.entries(m.headers ?? {}).map(([k, v]) => ({ key: Buffer.from(k), value: Buffer.from(v) })),
        }]);
        assert.equal(recordBatchBytes(m), batch.length, JSON.stringify(m).slice(0, 80));
      }
    });
  });
});
