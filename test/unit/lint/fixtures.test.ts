import * as assert from 'node:assert/strict';
import { lintText, rules } from '../../../src/core/lint/index';
import { expected, listFixtures, readFixture } from './helpers';

describe('lint fixtures', () => {
  const manifest = expected();

  it('every fixture file has expectations, and every expectation a file', () => {
    assert.deepEqual(Object.keys(manifest).sort(), listFixtures());
  });

  for (const [file, want] of Object.entries(manifest)) {
    it(`${file} → ${want.length ? want.join(' ') : 'clean'}`, () => {
      const got = lintText(readFixture(file), file).map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`);
      assert.deepEqual(got.sort(), [...want].sort());
    });
  }

  it('has at least 4 positive and 4 negative fixtures per rule, across formats', () => {
    for (const rule of rules) {
      const id = rule.meta.id;
      const pos = Object.entries(manifest).filter(([, w]) => w.some((x) => x.startsWith(id + '@')));
      const neg = Object.entries(manifest).filter(([, w]) => !w.some((x) => x.startsWith(id + '@')));
      assert.ok(pos.length >= 4, `${id}: ${pos.length} positive fixtures`);
      assert.ok(neg.length >= 4, `${id}: ${neg.length} negative fixtures`);
      const formats = new Set(pos.map(([f]) => f.split('/')[0]));
      assert.ok(formats.size >= 2, `${id}: positives in ${[...formats].join(', ')}`);
    }
  });

  it('never flags consumer-only, admin-only, broker or unrelated files for producer rules', () => {
    const producerRules = ['MSK001', 'MSK002', 'MSK003', 'MSK004', 'MSK007'];
    for (const file of ['properties/consumer.properties', 'properties/admin-iam.properties', 'properties/server.properties', 'spring/application-consumer.properties', 'spring/application-consumer.yml', 'json/consumer.json', 'json/package.json', 'json/tsconfig.json', 'yaml/deployment.yaml', 'yaml/topic-config.yaml', 'kafkajs/no-kafkajs.ts']) {
      const found = lintText(readFixture(file), file).filter((f) => producerRules.includes(f.ruleId));
      assert.deepEqual(found, [], file);
    }
  });
});
