import * as assert from 'node:assert/strict';
import { applyEdits, lintText, rules } from '../../../src/core/lint/index';
import { expected, readFixture } from './helpers';

/** Applies the first fix of `ruleId` again and again; each round must remove a finding, and the rule must end clean. */
function fixAll(text: string, file: string, ruleId: string): { text: string; rounds: number } {
  let rounds = 0;
  for (;;) {
    const before = lintText(text, file).filter((f) => f.ruleId === ruleId);
    const fixable = before.find((f) => f.fix);
    if (!fixable) {
      assert.deepEqual(before, [], `${file}: ${ruleId} left without a fix`);
      return { text, rounds };
    }
    text = applyEdits(text, fixable.fix!.edits);
    rounds++;
    const after = lintText(text, file).filter((f) => f.ruleId === ruleId);
    assert.ok(after.length < before.length, `${file}: fixing ${ruleId} (${fixable.fix!.title}) did not remove it:\n${text}`);
    assert.ok(rounds < 20);
  }
}

describe('lint quick fixes round-trip', () => {
  const manifest = expected();
  const fixedRules = new Set<string>();
  for (const [file, want] of Object.entries(manifest)) {
    for (const id of new Set(want.map((w) => w.split('@')[0]))) {
      it(`${file}: ${id} fixes clean`, () => {
        const r = fixAll(readFixture(file), file, id);
        if (r.rounds > 0) fixedRules.add(id);
      });
    }
  }

  it('marks auth rewrites (MSK005) as suggestions, and only fixes confined to their rule as preferred', () => {
    const byRule = new Map<string, boolean[]>();
    for (const file of Object.keys(manifest)) {
      for (const f of lintText(readFixture(file), file)) {
        if (f.fix) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f.fix.preferred]);
      }
    }
    assert.ok((byRule.get('MSK005') ?? []).length >= 3, 'MSK005 fixes in the fixtures');
    assert.deepEqual([...new Set(byRule.get('MSK005'))], [false]);
    for (const id of ['MSK001', 'MSK002', 'MSK003', 'MSK004', 'MSK007']) assert.deepEqual([...new Set(byRule.get(id))], [true], id);
    // MSK006: a port that matches the protocol the config names is preferred; port 9092 for a config with no security is a suggestion
    assert.deepEqual([...new Set(byRule.get('MSK006'))].sort(), [false, true]);
  });

  it('every fixable rule was fixed at least once above', () => {
    for (const rule of rules) if (rule.meta.fixable) assert.ok(fixedRules.has(rule.meta.id), rule.meta.id);
  });

  it('inserts enable.idempotence into the nested Spring producer section, in bracket form', () => {
    const text = 'spring:\n  kafka:\n    producer:\n      acks: all\n';
    const f = lintText(text, 'application.yml').find((x) => x.ruleId === 'MSK001')!;
    assert.equal(applyEdits(text, f.fix!.edits), 'spring:\n  kafka:\n    producer:\n      properties:\n        "[enable.idempotence]": true\n      acks: all\n');
  });

  it('adds idempotent: true to an empty kafkajs producer() call', () => {
    const text = "import { Kafka } from 'kafkajs';\nconst p = new Kafka({ brokers: ['localhost:9092'] }).producer();\n";
    const f = lintText(text, 'p.ts').find((x) => x.ruleId === 'MSK001')!;
    assert.match(applyEdits(text, f.fix!.edits), /\.producer\(\{ idempotent: true \}\)/);
  });

  it('adds the setting above the first key of a properties file, keeping CRLF line ends', () => {
    const text = '# header\r\nkey.serializer=x\r\nacks=all\r\n';
    const f = lintText(text, 'p.properties').find((x) => x.ruleId === 'MSK001')!;
    assert.equal(applyEdits(text, f.fix!.edits), '# header\r\nenable.idempotence=true\r\nkey.serializer=x\r\nacks=all\r\n');
  });

  it('replaces kafkajs mechanism aws with the OAUTHBEARER provider and imports the signer', () => {
    const text = readFixture('kafkajs/aws-mechanism.js');
    const f = lintText(text, 'aws-mechanism.js').find((x) => x.ruleId === 'MSK005')!;
    const fixed = applyEdits(text, f.fix!.edits);
    assert.match(fixed, /const \{ generateAuthToken \} = require\('aws-msk-iam-sasl-signer-js'\);/);
    assert.match(fixed, /mechanism: 'oauthbearer'/);
    assert.match(fixed, /region: 'us-east-1'/);
    assert.doesNotMatch(fixed, /secretAccessKey/);
  });
});
