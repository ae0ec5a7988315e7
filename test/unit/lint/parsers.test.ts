import * as assert from 'node:assert/strict';
import { parseConfigs } from '../../../src/core/lint/index';
import { parseProperties } from '../../../src/core/lint/parsers/properties';
import { kafkajsConfigs } from '../../../src/core/lint/parsers/kafkajs';
import { splitPath } from '../../../src/core/lint/keys';
import { LineIndex } from '../../../src/core/lint/text';

describe('properties parser (java.util.Properties semantics)', () => {
  it('reads =, : and whitespace separators, and skips # and ! comments', () => {
    const p = parseProperties('# c\n! c\na=1\nb : 2\nc 3\n  d=4\ne\n');
    assert.deepEqual(p.map((e) => [e.key, e.value]), [['a', '1'], ['b', '2'], ['c', '3'], ['d', '4'], ['e', '']]);
  });

  it('joins continuation lines, dropping the next line\'s leading whitespace, and maps offsets back', () => {
    const text = 'acks = \\\n    1\nkey=a\\\n   b\\\n   c\n';
    const [acks, key] = parseProperties(text);
    assert.equal(acks.value, '1');
    const idx = new LineIndex(text);
    assert.deepEqual(idx.position(acks.valueStart), { line: 1, character: 4 });
    assert.equal(key.value, 'abc');
    assert.deepEqual(idx.position(key.valueEnd), { line: 4, character: 4 });
  });

  it('unescapes keys and values: \\uXXXX, \\t, escaped separators', () => {
    const [e] = parseProperties('ac\\u006bs\\=x\\ y=a\\tb\\u0041\n');
    assert.equal(e.key, 'acks=x y');
    assert.equal(e.value, 'a\tbA');
  });

  it('does not continue comment lines, and treats an even number of trailing backslashes as literal', () => {
    const p = parseProperties('# comment \\\nacks=all\npath=c:\\\\\nnext=1\n');
    assert.deepEqual(p.map((e) => [e.key, e.value]), [['acks', 'all'], ['path', 'c:\\'], ['next', '1']]);
  });

  it('handles \\r\\n and lone \\r line ends', () => {
    assert.deepEqual(parseProperties('a=1\r\nb=2\rc=3').map((e) => e.value), ['1', '2', '3']);
  });
});

describe('Spring paths', () => {
  it('splits bracketed keys as one segment', () => {
    assert.deepEqual(splitPath('spring.kafka.producer.properties[enable.idempotence]'), ['spring', 'kafka', 'producer', 'properties', 'enable.idempotence']);
    assert.deepEqual(splitPath('[max.request.size]'), ['max.request.size']);
  });

  it('merges global properties into the producer config, producer-specific ones winning', () => {
    const [c] = parseConfigs('spring.kafka.properties.enable.idempotence=false\nspring.kafka.producer.properties.enable.idempotence=true\nspring.kafka.producer.acks=all\n', 'properties');
    assert.equal(c.dialect, 'spring');
    const best = c.settings.filter((s) => s.key === 'enable.idempotence').sort((a, b) => b.precedence - a.precedence)[0];
    assert.equal(best.value, 'true');
  });
});

describe('YAML and JSON parsers', () => {
  it('anchors a nested producer section at its `producer` key', () => {
    const [c] = parseConfigs('app:\n  kafka:\n    producer:\n      linger.ms: 5\n', 'yaml');
    assert.deepEqual(c.anchor.start, { line: 2, character: 4 });
    assert.equal(c.role, 'producer');
  });

  it('reads each YAML document on its own', () => {
    const cs = parseConfigs('acks: 1\n---\ngroup.id: x\n', 'yaml');
    assert.deepEqual(cs.map((c) => c.role), ['producer', 'client']);
  });

  it('yields nothing for invalid JSON', () => {
    assert.deepEqual(parseConfigs('{"acks": 1,, }', 'json'), []);
  });

  it('reads JSON with comments and trailing commas', () => {
    const [c] = parseConfigs('{ // c\n "acks": "1", /* x */ "linger.ms": 1, }', 'json');
    assert.equal(c.settings.find((s) => s.key === 'acks')?.value, '1');
  });
});

describe('kafkajs parser', () => {
  it('ignores files that do not import kafkajs', () => {
    assert.deepEqual(parseConfigs("import x from 'other';\nx.producer();\n", 'kafkajs', 'a.ts'), []);
  });

  it('follows a const object passed by name, and marks spreads as incomplete', () => {
    const text = "import { Kafka } from 'kafkajs';\nconst o = { idempotent: true };\nk.producer(o);\nk.producer({ ...o });\n";
    const [a, b] = parseConfigs(text, 'kafkajs', 'a.ts');
    assert.equal(a.settings[0].key, 'idempotent');
    assert.equal(a.kafkajs?.complete, true);
    assert.equal(b.kafkajs?.complete, false);
  });

  it('recognises require, dynamic import and TypeScript syntax', () => {
    for (const head of ["const { Kafka } = require('kafkajs');", "const { Kafka } = await import('kafkajs');", "import kafkajs = require('kafkajs');"]) {
      const cs = parseConfigs(`${head}\nconst p = (k as any).producer<string>({ idempotent: false } satisfies object);\n`, 'kafkajs', 'a.ts');
      assert.equal(cs.length, 1, head);
    }
  });

  it('only takes send() calls with messages', () => {
    const cs = parseConfigs("import 'kafkajs';\nres.send({ acks: 0 });\np.send({ acks: 0, messages: [] });\n", 'kafkajs', 'a.js');
    assert.equal(cs.length, 1);
  });

  /** Lines of the producer configs read, both ways through the reader. */
  const producerLines = (text: string, file: string) => {
    const ways = (['auto', 'full'] as const).map((mode) => kafkajsConfigs(text, file, mode).filter((c) => c.kafkajs?.call === 'producer').map((c) => c.anchor.start.line + 1));
    assert.deepEqual(ways[0], ways[1], 'the call-site reader and the whole-file parse agree');
    return ways[1];
  };

  it('reads a producer made from any expression that may hold the client: a field, a parameter, a call', () => {
    const text = [
      "import type { Kafka } from 'kafkajs';",
      'export class Publisher {',
      '  constructor(private readonly kafka: Kafka, private readonly deps: { kafka: Kafka }) {}',
      '  a() { return this.kafka.producer({ allowAutoTopicCreation: false }); }',
      '  b() { return this.deps.kafka.producer(); }',
      '}',
      'export const c = getKafka().producer({});',
      'export const d = new Kafka({ brokers }).producer();',
    ].join('\n');
    assert.deepEqual(producerLines(text, 'publisher.ts'), [4, 5, 7, 8]);
  });

  it('reads TypeScript decorators (a NestJS service), in the whole-file parse too', () => {
    const text = "import { Injectable, Inject } from '@nestjs/common';\nimport { Kafka } from 'kafkajs';\n@Injectable()\nexport class S {\n  constructor(@Inject('KAFKA') private readonly kafka: Kafka) {}\n  start() { return this.kafka.producer({ idempotent: false }); }\n  stop() { return this.p?.disconnect(); }\n}\n";
    assert.deepEqual(producerLines(text, 's.ts'), [6]);
  });

  it('skips a producer() of something plainly not a kafkajs client: a `new` of another class', () => {
    const text = [
      "import { Kafka } from 'kafkajs';",
      'const bus = new InMemoryBus();',
      'let kafka = new Kafka({ brokers: [] });',
      'class Relay {',
      '  queue = new Queue();',
      '  constructor() { this.fake = new FakeBroker(); }',
      '  a() { return bus.producer({ idempotent: false }); }',
      '  b() { return this.queue.producer({ idempotent: false }); }',
      '  c() { return this.fake.producer(); }',
      '  d() { return new InMemoryBus().producer({}); }',
      '  e() { return kafka.producer(); }',
      '}',
    ].join('\n');
    assert.deepEqual(producerLines(text, 'relay.js'), [11]);
    // a name also given a Kafka client somewhere may hold one
    assert.deepEqual(producerLines("import { Kafka } from 'kafkajs';\nlet k = new Mock();\nif (prod) k = new Kafka({});\nk.producer();\n", 'x.js'), [4]);
  });
});
