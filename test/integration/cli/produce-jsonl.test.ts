// `msk-tools produce --file F.jsonl` on plain records ({"key"?, "value"} strings), which the CLI
// sends as views of the file's bytes (src/core/recipes/jsonl-bytes.ts): kcat (CRCs on) reads back
// every key and value byte for byte, --count cycles through the records, and an oversize record is
// still reported by its file and line (blank lines and CRLF counted) with nothing sent.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { requireBuiltCli, runCli } from '../../helpers/cli-process';
import { requireKcat, runKcat } from '../../helpers/kcat';

describe('msk-tools produce --file F.jsonl of plain records (CLI process)', function () {
  this.timeout(120000);
  let kcat: string;
  let broker: RunningBroker;
  let dir: string;
  const env = () => ({ ...process.env, MSK_TOOLS_RUNTIME_DIR: join(dir, 'no-sandbox') });

  before(async function () {
    requireBuiltCli();
    kcat = requireKcat(this);
    broker = await startBroker({ brokers: 1 });
    dir = mkdtempSync(join(tmpdir(), 'msk-cli-jsonl-'));
  });
  after(async () => {
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keys and values (UTF-8, null) reach kcat byte for byte; --count cycles through the records', async () => {
    const f = join(dir, 'plain.jsonl');
    const records = [
      '{"key":"k1","value":"héllo wörld 😀"}',
      '',
      '{ "value" : "no key" }\r',
      '{"key":"tomb","value":null}',
      '\t{"key":null, "value":"null key"}  ',
    ];
    writeFileSync(f, records.join('\n') + '\n');
    const r = await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-plain', '--file', f, '--count', '9'], { env: env() });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim().split('\n').filter((l) => /^cli-plain partition \d offset \d+$/.test(l)).length, 9, r.out);
    const c = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', 'cli-plain', '-o', 'beginning', '-e', '-c', '9', '-X', 'check.crcs=true', '-f', '%K|%k|%S|%s\n']);
    assert.equal(c.code, 0, c.stderr);
    const four = ['2|k1|18|héllo wörld 😀', '-1||6|no key', '4|tomb|-1|', '-1||8|null key'];
    const expected = Array.from({ length: 9 }, (_, i) => four[i % 4]).sort();
    assert.deepEqual(c.stdout.trim().split('\n').sort(), expected);
  });

  it('an oversize plain record is named by file and line and nothing is sent', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'cli-plain-small', numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1000' }] }] });
    await admin.disconnect();
    const f = join(dir, 'plain-big.jsonl');
    writeFileSync(f, `{"value":"a"}\r\n\r\n{"key":"k","value":"b"}\r\n{"value":"${'é'.repeat(600)}"}\r\n{"value":"c"}\r\n`);
    const r = await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-plain-small', '--file', f], { env: env() });
    assert.equal(r.code, 2);
    assert.match(r.err, /plain-big\.jsonl:4: \d+ bytes/);
    assert.match(r.err, /Nothing was sent/);
    assert.equal(broker.cluster.topics.get('cli-plain-small')!.partitions[0].log.batches.length, 0);
  });
});
