// msk-tools peek (dist/cli.js) checks every record batch's CRC-32C by default, on each output path
// (jsonl and value decode straight from the fetched bytes, text from message objects): a batch whose
// stored bytes were altered in the sandbox's log is refused with exit 2, before any of its records is
// printed; --no-check-crcs reads it as it is. The batches come from kcat.
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { requireBuiltCli, runCli } from '../../helpers/cli-process';
import { requireKcat, runKcat } from '../../helpers/kcat';

describe('msk-tools peek: CRC-32C checks (CLI process)', function () {
  this.timeout(120_000);
  let broker: RunningBroker;
  const topic = 'crc-check';
  const values = Array.from({ length: 400 }, (_, i) => `value-${i}-${'abcdefgh'.repeat(8)}`);

  before(async function () {
    const kcat = requireKcat(this);
    requireBuiltCli();
    broker = await startBroker({ brokers: 1 });
    const r = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0'], { input: values.join('\n') + '\n' });
    assert.equal(r.code, 0, r.stderr);
  });

  after(async () => {
    await broker?.stop();
  });

  const peek = (...extra: string[]) => runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', topic, '--limit', '1000', ...extra]);

  it('reads the intact batches on every format', async () => {
    for (const format of ['jsonl', 'value', 'text']) {
      const r = await peek('--format', format);
      assert.equal(r.code, 0, r.err);
      assert.ok(r.out.includes(values[399]), format);
    }
    assert.equal((await peek('--format', 'value')).out, values.join('\n') + '\n');
  });

  it('refuses a batch whose bytes changed, on every format; --no-check-crcs reads it', async () => {
    const log = broker.cluster.topics.get(topic)!.partitions[0].log;
    const batch = log.batches[log.batches.length - 1];
    const at = batch.indexOf(Buffer.from(values[399])) + 6; // a byte of the last value: framing intact
    assert.ok(at > 61);
    const was = batch[at];
    batch[at] = 0x5a; // 'Z'
    try {
      for (const format of ['jsonl', 'value', 'text']) {
        const r = await peek('--format', format);
        assert.equal(r.code, 2, `${format}: ${r.err}`);
        assert.match(r.err, /fails its CRC-32C check/, format);
        assert.ok(!r.out.includes('value-399-'), `${format}: a record of the corrupt batch was printed`);
      }
      const r = await peek('--format', 'value', '--no-check-crcs');
      assert.equal(r.code, 0, r.err);
      assert.ok(r.out.includes('value-Z99-'));
    } finally {
      batch[at] = was;
    }
  });
});
