import * as assert from 'node:assert/strict';
import { parse } from '@babel/parser';
import { lintText, type FileKind } from '../../../src/core/lint/index';
import { kafkajsConfigs } from '../../../src/core/lint/parsers/kafkajs';
import { yamlTrees } from '../../../src/core/lint/parsers/yaml';
import { listFixtures, readFixture } from './helpers';
import { prng } from '../../helpers/prng';

const ALPHABET: Record<FileKind, string> = {
  properties: 'acks=1\\:! #\n\r\tu0enable.idempotence=true',
  yaml: 'acks: 1\n- [{}],"\'&*!|>#%@`?producer: spring.kafka',
  json: '{}[]":,0-1e+truefalsenull\\/ \n*producer acks',
  kafkajs: "import kafkajs producer({idempotent:true,acks:0}) send messages []'\"`${}=>;\n/*// new Q.#!?<>",
};

const EXT: Record<FileKind, string> = { properties: 'p.properties', yaml: 'p.yaml', json: 'p.json', kafkajs: 'p.ts' };

function kindOf(file: string): FileKind {
  if (file.endsWith('.properties')) return 'properties';
  if (/\.ya?ml$/.test(file)) return 'yaml';
  if (file.endsWith('.json')) return 'json';
  return 'kafkajs';
}

function mutate(text: string, rnd: () => number, alphabet: string): string {
  let s = text;
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rnd() * (s.length + 1));
    switch (Math.floor(rnd() * 6)) {
      case 0: // insert random characters
        s = s.slice(0, at) + Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('') + s.slice(at);
        break;
      case 1: // delete a span
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 8));
        break;
      case 2: // duplicate a span
        s = s.slice(0, at) + s.slice(at, at + Math.floor(rnd() * 20)) + s.slice(at);
        break;
      case 3: { // delete or duplicate a line
        const lines = s.split('\n');
        const l = Math.floor(rnd() * lines.length);
        if (rnd() < 0.5) lines.splice(l, 1);
        else lines.splice(l, 0, lines[l]);
        s = lines.join('\n');
        break;
      }
      case 4: // a random unicode or control character
        s = s.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 0xffff)) + s.slice(at);
        break;
      default: // truncate
        s = s.slice(0, at);
    }
  }
  return s;
}

function randomText(rnd: () => number, alphabet: string): string {
  const len = Math.floor(rnd() * 200);
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

const PER_PARSER = 10_000;

describe('lint fuzz: no exception escapes lintText', function () {
  this.timeout(120_000);
  const fixtures = listFixtures().map((f) => ({ kind: kindOf(f), text: readFixture(f) }));

  for (const kind of ['properties', 'yaml', 'json', 'kafkajs'] as FileKind[]) {
    it(`${kind}: ${PER_PARSER} random and mutated inputs`, () => {
      const rnd = prng(0xc0ffee + kind.length);
      const seeds = fixtures.filter((f) => f.kind === kind).map((f) => f.text);
      for (let i = 0; i < PER_PARSER; i++) {
        let input = i % 2 === 0 && seeds.length > 0 ? mutate(seeds[i % seeds.length], rnd, ALPHABET[kind]) : randomText(rnd, ALPHABET[kind]);
        if (kind === 'kafkajs' && i % 4 === 1) input = "import { Kafka } from 'kafkajs';\n" + input;
        let findings;
        try {
          findings = lintText(input, EXT[kind], {}, kind);
        } catch (e) {
          assert.fail(`input #${i} threw ${(e as Error).stack}\n--- input ---\n${JSON.stringify(input)}`);
        }
        for (const f of findings) {
          assert.ok(f.range.start.line >= 0 && f.range.start.character >= 0, `bad range in #${i}`);
          for (const e of f.fix?.edits ?? []) assert.equal(typeof e.newText, 'string');
        }
      }
    });
  }
});

describe('YAML fast reader agrees with the full parser', function () {
  this.timeout(120_000);
  type Trees = NonNullable<ReturnType<typeof yamlTrees>>;
  const comparable = (trees: Trees) =>
    JSON.stringify(trees.filter((d) => d.entries.length > 0).map((d) => ({
      entries: d.entries.map((e) => ({ ...e, subRange: undefined, section: e.section && `${e.section.segments.join('.')}@${e.section.keyStart}` })),
      maps: d.maps.map((m) => ({ ...m, openEnd: undefined })),
      spring: d.springSection,
    })));

  it('on every input the fast reader accepts (fixtures and 10,000 mutations)', () => {
    const seeds = listFixtures().filter((f) => /\.ya?ml$/.test(f)).map(readFixture);
    seeds.push('spring:\n  kafka:\n    bootstrap-servers:\n      - a:9098\n      - b:9098\n    producer:\n      acks: "1"   # quoted\n      retries: \'0\'\n      properties:\n        "[enable.idempotence]": false\n---\nacks: -1\nlinger.ms: 5\n');
    const rnd = prng(7);
    let accepted = 0;
    for (let i = 0; i < PER_PARSER; i++) {
      const input = i < seeds.length ? seeds[i] : mutate(seeds[i % seeds.length], rnd, ALPHABET.yaml + ' \n:-');
      const fast = yamlTrees(input, 'fast');
      if (!fast) continue;
      accepted++;
      assert.equal(comparable(fast), comparable(yamlTrees(input, 'full')!), `input #${i}:\n${JSON.stringify(input)}`);
    }
    assert.ok(accepted > PER_PARSER / 10, `the fast reader took only ${accepted} inputs`);
  });
});

describe('kafkajs call-site reader agrees with the whole-file parse', function () {
  this.timeout(120_000);
  type Configs = ReturnType<typeof kafkajsConfigs>;
  // `new Kafka` without arguments gives the whole-file parse an empty client config: no finding can come of it
  const comparable = (cs: Configs) =>
    cs
      .filter((c) => !(c.kafkajs?.call === 'client' && c.settings.length === 0))
      .map((c) => JSON.stringify({
        role: c.role, call: c.kafkajs?.call, complete: c.kafkajs?.complete, anchor: c.anchor, sasl: c.kafkajs?.saslObject,
        settings: c.settings.map((s) => ({ ...s, subRange: s.subRange?.(0, 1) })),
      }))
      .sort();

  it('on fixtures and 10,000 mutations that babel parses', () => {
    const seeds = listFixtures().filter((f) => kindOf(f) === 'kafkajs').map((f) => ({ f, text: readFixture(f) }));
    // receivers of .producer(): names the file assigns a `new` of another class to, and those it does not
    seeds.push({
      f: 'receivers.ts',
      text: "import { Kafka } from 'kafkajs';\nconst bus = new Bus();\nlet k = new Kafka({ brokers: ['b:9092'] });\nclass S {\n  q: Q = new Q();\n  #p = new Kafka({});\n  constructor(private kafka: Kafka) { this.other = new Other(); }\n  a() { return this.kafka.producer({ idempotent: false }); }\n  b() { return this.q.producer({ idempotent: false }); }\n  c() { return bus.producer(); }\n  d() { return new Bus().producer({ acks: 0 }); }\n  e() { return k.producer(); }\n  f() { return getKafka().producer(); }\n  g() { return this.other.producer({}); }\n}\n",
    });
    const rnd = prng(11);
    let compared = 0;
    for (let i = 0; i < PER_PARSER; i++) {
      const seed = seeds[i % seeds.length];
      const text = i < seeds.length ? seed.text : mutate(seed.text, rnd, ALPHABET.kafkajs);
      const ts = /\.[cm]?ts$/.test(seed.f);
      try {
        parse(text, { sourceType: 'module', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, allowImportExportEverywhere: true, allowUndeclaredExports: true, plugins: ts ? ['typescript', 'decorators-legacy'] : ['decorators-legacy'] });
      } catch {
        continue; // invalid code: the whole-file parse recovers, the call-site reader reads what it can
      }
      compared++;
      assert.deepEqual(comparable(kafkajsConfigs(text, seed.f, 'auto')), comparable(kafkajsConfigs(text, seed.f, 'full')), `input #${i} (${seed.f}):\n${text}`);
    }
    assert.ok(compared > 1000, `only ${compared} inputs compared`);
  });

  it('on every way of assigning a `new` to the name a producer() is called on', () => {
    const bindings = [
      'const N = new C();', 'let N: T = new C();', 'let N: Map<string, T> = new C();', 'let N: ns.T = new C();', 'var a = 1, N = new C();',
      'N = new C();', 'this.N = new C();', 'obj.inner.N = new C();', 'f().N = new C();', 'class X { N = new C(); }',
      'class X { private readonly N: T = new C(); }', 'class X { @dec() N = new C(); }', 'function f(N = new C()) {}',
      'const { N = new C() } = opts;', 'const { a: N = new C() } = opts;', 'N = (new C());', 'N = new C() as T;', 'N! = new C();',
      'N /* c */ = new C();', 'N = /* c */ new C();', 'if (x) N = new C();', 'x = N = new C();', 'label: N = new C();',
      'N += new C();', 'N ||= new C();', 'const x = c ? N = new C() : 0;', 'const g = () => N = new C();', 'function h() { return N = new C(); }',
      'const N = new C<T>();', 'const N = <T>new C();', 'const N = new C().with();', 'const N = await new C();', 'N == new C();',
    ];
    const ctors = ['Queue', 'Kafka', 'kafkajs.Kafka', 'a.b.Bus'];
    const receivers = ['N.producer({ idempotent: false })', 'this.N.producer()', 'deps.N.producer({})', 'other.producer()', 'new C().producer({})'];
    let compared = 0;
    let skipped = 0;
    for (const b of bindings) {
      for (const ctor of ctors) {
        for (const r of receivers) {
          for (const order of [0, 1]) {
            const binding = b.replace(/\bC\b/g, ctor);
            const call = r.replace(/\bC\b/g, ctor);
            const body = order === 0 ? `${binding}\nexport const p = ${call};` : `export const p = ${call};\n${binding}`;
            const text = `import { Kafka } from 'kafkajs';\n${body}\n`;
            try {
              parse(text, { sourceType: 'module', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, plugins: ['typescript', 'decorators-legacy'] });
            } catch {
              continue;
            }
            compared++;
            const full = kafkajsConfigs(text, 'r.ts', 'full');
            if (!full.some((c) => c.kafkajs?.call === 'producer')) skipped++;
            assert.deepEqual(comparable(kafkajsConfigs(text, 'r.ts', 'auto')), comparable(full), text);
          }
        }
      }
    }
    assert.ok(compared > 1000, `only ${compared} inputs compared`);
    assert.ok(skipped > 50, `only ${skipped} producers judged plainly not Kafka`);
  });
});
