// Old request versions against the sandbox, spoken by a real client: librdkafka (kcat) told not to
// ask ApiVersions and to assume an old broker (broker.version.fallback), so it sends Metadata v0,
// ListOffsets v0 and Fetch v0-2 (messages v0/v1, which the sandbox down-converts as Kafka 3.x does).
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { requireKcat, runKcat } from '../../helpers/kcat';

describe('sandbox broker with clients that speak old versions (kcat, broker.version.fallback)', function () {
  this.timeout(60000);
  let broker: RunningBroker;
  let kcat: string;
  const legacy = (fallback: string) => ['-X', 'api.version.request=false', '-X', `broker.version.fallback=${fallback}`];

  before(async function () {
    kcat = requireKcat(this);
    broker = await startBroker({ brokers: 3 });
  });
  after(async () => {
    await broker?.stop();
  });

  it('Metadata v0 (fallback 0.8.2): -L lists the brokers and topics, and the connection is not closed', async () => {
    broker.cluster.createTopic('legacy-meta', { partitions: 2 });
    const r = await runKcat(kcat, ['-L', '-b', broker.bootstrap, ...legacy('0.8.2')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 brokers:/);
    assert.match(r.stdout, /topic "legacy-meta" with 2 partitions/);
    assert.doesNotMatch(r.stderr, /Disconnected|timed out|fail/i);
  });

  for (const [fallback, fetchVersion, magic] of [['0.8.2', 0, 0], ['0.9.0', 1, 0], ['0.10.0', 2, 1]] as const) {
    it(`fallback ${fallback} (Fetch v${fetchVersion}, messages v${magic}, ListOffsets v0): reads back plain and compressed batches (message CRCs: see the unit tests, librdkafka does not check v0/v1 ones)`, async () => {
      const topic = `legacy-${fetchVersion}`;
      const lines: string[] = [];
      for (const codec of ['none', 'gzip', 'snappy', 'lz4']) {
        const batch = Array.from({ length: 50 }, (_, i) => `${codec}-${i}`);
        lines.push(...batch);
        const p = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-z', codec], { input: batch.join('\n') + '\n' });
        assert.equal(p.code, 0, p.stderr);
      }
      const c = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', ...legacy(fallback), '-f', '%o %T %s\\n']);
      assert.equal(c.code, 0, c.stderr);
      assert.doesNotMatch(c.stderr, /error|fail/i);
      const got = c.stdout.trim().split('\n').map((l) => l.split(' '));
      assert.deepEqual(got.map((g) => g[2]), lines);
      assert.deepEqual(got.map((g) => Number(g[0])), lines.map((_, i) => i));
      // messages v1 carry the producer's timestamps; v0 have none (librdkafka prints 0)
      if (magic === 1) assert.ok(got.every((g) => Number(g[1]) > Date.now() - 600_000), got[0].join(' '));
      else assert.ok(got.every((g) => g[1] === '0'), got[0].join(' '));
      // -o end with ListOffsets v0 finds the end
      const end = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', '-5', '-e', ...legacy(fallback), '-f', '%o\\n']);
      assert.equal(end.code, 0, end.stderr);
      assert.deepEqual(end.stdout.trim().split('\n').map(Number), [195, 196, 197, 198, 199]);
    });
  }

  it('a Produce of old message formats (fallback 0.9.0: Produce v1, messages v0) is refused with a clear error', async () => {
    const r = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'legacy-produce', '-p', '0', ...legacy('0.9.0')], { input: 'x\n' });
    assert.match(r.stderr, /Message format on broker does not support request/);
    assert.equal(broker.cluster.partition('legacy-produce', 0)?.log.highWatermark ?? 0, 0);
  });
});
