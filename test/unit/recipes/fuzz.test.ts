// 10,000 random and mutated recipes (a seeded PRNG, so a failure repeats): parseRecipe never throws nor
// reports its own failure, every range lies inside the text, and expanding a block without errors
// either gives messages (JSON values that JSON.parse reads) or throws RecipeExpansionError only.
import * as assert from 'node:assert/strict';
import { faker } from '@faker-js/faker/locale/en';
import { completionContext, expandBlock, foldingRanges, parseRecipe, RecipeExpansionError, sampleMessage, splitLines, templateAt, type Range } from '../../../src/core/recipes/index';
import { checkJson, minifyJson } from '../../../src/core/recipes/json-check';
import { prng } from '../../helpers/prng';

const SEEDS = [
  `### Order created\ntopic: orders\nkey: {{uuid}}\nheader trace-id: {{hex 16}}\ncount: 3\n# a comment\n\n{\n  "id": "{{uuid}}",\n  "n": {{seq}},\n  "amount": {{float 1 100 2}},\n  "ok": {{bool}},\n  "name": "{{faker.person.firstName}}",\n  "lit": "\\{{not}}"\n}\n`,
  `topic: logs\npartition: 0\ntimestamp: 2026-01-31T12:00:00Z\nformat: text\n\nhello {{seq}} at {{now}} ({{now.ms}}) {{pick a "b c" d}}\nsecond line {{string 4}}\n`,
  `### a\r\ntopic: t\r\n\r\n[{{int 1 6}}, {{pick 1 2}}, "{{faker.commerce.productName}}", {{faker.number.int}}]\r\n### b\r\ntopic: u\r\nkey: k-{{seq}}\r\n`,
  `// head comment\n### tombstone\ntopic: users\nkey: user-{{int 1 9}}\n\n###\ntopic: x\n{"a": {"b": [1, 2, {"c": "{{string}}"}]}}\n`,
];

const TOKENS = ['{{', '}}', '\\{{', '###', '#', '//', '\n', '\r\n', '\r', ' ', '\t', ':', '"', '\\', '{', '}', '[', ']', ',',
  'topic:', 'topic: orders', 'key:', 'header ', 'header x-id:', 'partition:', 'count:', 'count: 2', 'timestamp:', 'format:', 'format: json', 'format: text', 'schema:', 'schema: glue:reg/Order@latest', 'schema: confluent:s-value@2#M', '@', '@latest', '#x',
  '{{uuid}}', '{{now}}', '{{now.ms}}', '{{seq}}', '{{int 1 100}}', '{{int', '{{float 0 1 3}}', '{{string 5}}', '{{hex 4}}', '{{pick a b}}', '{{bool}}',
  '{{faker.person.firstName}}', '{{faker.number.int 10}}', '{{faker.nope.nope}}', '{{faker.person}}', '{{nope}}', '{{ }}', '"{{uuid}}"',
  'é', '😀', '\u2028', '\u0000', '\uFEFF', '\ud800', 'true', 'null', '-1', '0', '1e5', '999999999999999999', 'x', 'abc'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function randomText(r: () => number): string {
  let s = '';
  const n = Math.floor(r() * 40);
  for (let i = 0; i < n; i++) s += r() < 0.8 ? pick(r, TOKENS) : String.fromCharCode(Math.floor(r() * 0x3000));
  return s;
}

function mutate(r: () => number, text: string): string {
  let s = text;
  const rounds = 1 + Math.floor(r() * 6);
  for (let k = 0; k < rounds; k++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0: s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 4)); break;
      case 1: s = s.slice(0, at) + pick(r, TOKENS) + s.slice(at); break;
      case 2: s = s.slice(0, at); break;
      case 3: {
        const lines = s.split('\n');
        const i = Math.floor(r() * lines.length);
        lines.splice(Math.floor(r() * lines.length), 0, lines[i]);
        s = lines.join('\n');
        break;
      }
      case 4: {
        const lines = s.split('\n');
        const i = Math.floor(r() * lines.length);
        const j = Math.floor(r() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join('\n');
        break;
      }
      case 5: s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x80)) + s.slice(at); break;
      default: s = s.slice(0, at) + pick(r, SEEDS).slice(0, Math.floor(r() * 80)) + s.slice(at); break;
    }
  }
  return s;
}

function checkRange(lines: string[], r: Range, what: string): void {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  assert.ok(ok(r.start) && ok(r.end), `${what}: ${JSON.stringify(r)} is outside the text`);
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: ${JSON.stringify(r)} ends before it starts`);
}

function slice(lines: string[], r: Range): string {
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}

describe('recipe fuzz: 10,000 random and mutated inputs', function () {
  this.timeout(300_000);

  it('parse never throws; ranges are inside the text; expansion throws RecipeExpansionError only', () => {
    const r = prng(0x5eed);
    let expanded = 0;
    let refused = 0;
    let withErrors = 0;
    for (let n = 0; n < 10_000; n++) {
      const text = n % 4 === 0 ? randomText(r) : mutate(r, pick(r, SEEDS));
      const where = `input ${n}: ${JSON.stringify(text)}`;
      const parsed = parseRecipe(text);
      const lines = splitLines(text);
      for (const e of parsed.errors) {
        assert.ok(!e.detail.includes('please report this'), `${where}: ${e.message}`);
        assert.ok(e.detail.length > 10 && e.message.startsWith(`line ${e.range.start.line + 1}: `), `${where}: ${e.message}`);
        checkRange(lines, e.range, `${where}: error ${e.detail}`);
      }
      if (parsed.errors.some((e) => e.severity === 'error')) withErrors++;
      // the editor's helpers take any position of any text
      for (const f of foldingRanges(parsed)) assert.ok(f.start < f.end && f.end < lines.length, `${where}: folding ${JSON.stringify(f)}`);
      const line = Math.floor(r() * lines.length);
      const p = { line, character: Math.floor(r() * (lines[line].length + 1)) };
      const c = completionContext(text, p);
      if (c) assert.ok(c.start <= p.character && c.end >= p.character, `${where}: completion ${JSON.stringify(c)} at ${JSON.stringify(p)}`);
      templateAt(parsed, p);
      let previousEnd = -1;
      for (const b of parsed.blocks) {
        checkRange(lines, b.range, `${where}: block ${b.index}`);
        assert.ok(b.range.start.line > previousEnd, `${where}: block ${b.index} overlaps the one before`);
        previousEnd = b.range.end.line;
        for (const t of b.templates) {
          checkRange(lines, t.range, `${where}: template`);
          const written = slice(lines, t.range);
          assert.ok(written.startsWith('{{') && written.endsWith('}}'), `${where}: template range holds ${JSON.stringify(written)}`);
          assert.equal(slice(lines, t.nameRange), t.helper, `${where}: name range`);
        }
        for (const h of b.headers) assert.equal(slice(lines, h.nameRange), h.name, `${where}: header name range`);
        if (b.topicRange) assert.equal(slice(lines, b.topicRange), b.topic, `${where}: topic range`);
        if (b.key) assert.equal(slice(lines, b.key.range), b.key.text, `${where}: key range`);
        if (b.value) assert.equal(slice(lines, b.value.range), b.value.text, `${where}: value range`);
        if (b.hasErrors) assert.ok(parsed.errors.some((e) => e.blockIndex === b.index && e.severity === 'error'), `${where}: block ${b.index} has errors but none is reported`);
        try {
          const msgs = expandBlock(b, { count: 2, now: 1_767_225_600_000, random: r, faker });
          expanded++;
          assert.equal(msgs.length, 2);
          for (const m of msgs) {
            if (b.valueKind === 'json' && m.value !== null) assert.doesNotThrow(() => JSON.parse(m.value!), `${where}: expanded to ${m.value}`);
          }
          const sample = sampleMessage(b);
          assert.ok(sample, `${where}: no sample message for a block that expands`);
        } catch (err) {
          if (!(err instanceof RecipeExpansionError)) throw new Error(`${where}: ${err instanceof Error ? err.stack : String(err)}`, { cause: err });
          refused++;
          assert.ok(b.hasErrors || b.templates.some((t) => t.helper.startsWith('faker.')), `${where}: a block without errors was refused: ${err.message}`);
        }
      }
    }
    // the inputs reach every path: some expand, some are refused, many have errors
    assert.ok(expanded > 1000, `only ${expanded} blocks expanded`);
    assert.ok(refused > 1000, `only ${refused} blocks refused`);
    assert.ok(withErrors > 1000, `only ${withErrors} inputs with errors`);
  });

  it('checkJson agrees with JSON.parse on 10,000 random JSON-like texts, and minifyJson keeps the value', () => {
    const r = prng(42);
    const parts = ['{', '}', '[', ']', ',', ':', '"a"', '"', '\\', '\\u00e9', '\\x', ' ', '\n', '1', '-', '0', '.5', 'e', '1e-3', 'true', 'fals', 'null', '"b\\"c"', '"\t"', '01', '-0', '"é"'];
    let valid = 0;
    for (let n = 0; n < 10_000; n++) {
      let s = '';
      const k = 1 + Math.floor(r() * 14);
      for (let i = 0; i < k; i++) s += pick(r, parts);
      let parsed: unknown;
      let ok = true;
      try {
        parsed = JSON.parse(s);
      } catch {
        ok = false;
      }
      const problem = checkJson(s);
      assert.equal(problem === undefined, ok, `${JSON.stringify(s)}: checkJson says ${problem?.message ?? 'valid'}, JSON.parse ${ok ? 'reads it' : 'refuses it'}`);
      if (ok) {
        valid++;
        assert.deepEqual(JSON.parse(minifyJson(s)), parsed, `minifyJson changed ${JSON.stringify(s)}`);
      } else {
        assert.ok(problem!.offset >= 0 && problem!.offset <= s.length);
      }
    }
    assert.ok(valid > 300, `only ${valid} valid texts`);
  });
});
