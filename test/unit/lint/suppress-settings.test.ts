import * as assert from 'node:assert/strict';
import { LintConfigError, lintText, mergeOptions, parseLintConfig } from '../../../src/core/lint/index';

const producer = 'key.serializer=x\nacks=1\nmax.request.size=2000000\n';

describe('suppression comments', () => {
  it('disables the next line for the named rules only', () => {
    const text = 'key.serializer=x\nenable.idempotence=true\n# msk-lint-disable-next-line MSK002\nacks=1\n';
    assert.deepEqual(lintText(text, 'a.properties').map((f) => f.ruleId), ['MSK004']);
  });

  it('disables every rule when no id is given, and whole files with disable-file', () => {
    assert.deepEqual(lintText('# msk-lint-disable-file\n' + producer, 'a.properties'), []);
    assert.deepEqual(lintText('# msk-lint-disable-file MSK001, MSK003\n' + producer, 'a.properties').map((f) => f.ruleId), ['MSK002']);
  });

  it('works with // comments in code', () => {
    const text = "import { Kafka } from 'kafkajs';\n// msk-lint-disable-next-line\nconst p = k.producer();\n";
    assert.deepEqual(lintText(text, 'a.ts'), []);
  });
});

describe('severities and limits', () => {
  it('turns rules off and changes their severity', () => {
    const got = lintText(producer, 'a.properties', { rules: { MSK001: 'off', MSK002: 'warning', MSK003: 'info' } });
    assert.deepEqual(got.map((f) => `${f.ruleId}:${f.severity}`), ['MSK002:warning', 'MSK003:info']);
  });

  it('takes the max message size from options, capped at 8 MiB for serverless', () => {
    assert.equal(lintText(producer, 'a.properties', { maxMessageBytes: 4_000_000 }).filter((f) => f.ruleId === 'MSK003').length, 0);
    const big = 'key.serializer=x\nmax.request.size=9000000\n';
    assert.equal(lintText(big, 'a.properties', { maxMessageBytes: 10_000_000 }).filter((f) => f.ruleId === 'MSK003').length, 0);
    assert.equal(lintText(big, 'a.properties', { maxMessageBytes: 10_000_000, serverless: true }).filter((f) => f.ruleId === 'MSK003').length, 1);
  });

  it('reads .msk-lint.json and names the file in errors', () => {
    assert.deepEqual(parseLintConfig('{"maxMessageBytes": 2000000, "rules": {"MSK006": "off", "acks-not-all": "warning"}}', '.msk-lint.json'), {
      maxMessageBytes: 2000000,
      rules: { MSK006: 'off', MSK002: 'warning' },
    });
    assert.throws(() => parseLintConfig('{"rules": {"MSK999": "off"}}', 'x.json'), (e: Error) => e instanceof LintConfigError && e.message.startsWith('x.json'));
    assert.throws(() => parseLintConfig('{"maxMessageBytes": -1}', 'x.json'), LintConfigError);
    assert.throws(() => parseLintConfig('nope', 'x.json'), LintConfigError);
    assert.deepEqual(mergeOptions({ maxMessageBytes: 1, rules: { MSK001: 'off' } }, { rules: { MSK002: 'info' } }), { maxMessageBytes: 1, rules: { MSK001: 'off', MSK002: 'info' } });
  });
});
