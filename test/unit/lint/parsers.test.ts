import * as assert from 'node:assert/strict';
import { parseConfigs } from '../../../src/core/lint/index';
import { parseProperties } from '../../../src/core/lint/parsers/properties';
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
});
