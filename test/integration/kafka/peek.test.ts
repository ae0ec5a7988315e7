// Peek (src/kafka/peek.ts over the wire client) reading what kcat (librdkafka) wrote under every
// codec, from the sandbox and from librdkafka's mock cluster; where it starts (beginning, last N,
// offset, time), partitions, limit and follow; that it joins no group and commits nothing; and
// that it works through the TLS, SCRAM and IAM listeners.
import { strict as assert } from 'node:assert';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { startSandbox, SANDBOX_USER, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { ApiKey, apiName } from '../../../src/core/protocol/api-keys';
import { peek, type PeekedMessage, type PeekOptions } from '../../../src/kafka/peek';
import { produce } from '../../../src/kafka/produce';
import type { ConnectionSpec } from '../../../src/kafka/connection';
import { requireKcat, runKcat, startMockCluster, type MockCluster } from '../../helpers/kcat';

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

async function peekAll(spec: ConnectionSpec, opts: PeekOptions): Promise<{ msgs: PeekedMessage[]; stoppedBy: string; count: number }> {
  const msgs: PeekedMessage[] = [];
  const r = await peek(spec, opts, (b) => { msgs.push(...b); });
  assert.equal(r.count, msgs.length);
  return { msgs, stoppedBy: r.stoppedBy, count: r.count };
}

const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));

describe('peek (our wire reader) against kcat-written topics', function () {
  this.timeout(120000);
  let kcat: string;
  let broker: RunningBroker;
  let mock: MockCluster;
  const seenApis = new Set<number>();
  const T0 = 1_700_000_000_000;

  before(async function () {
    kcat = requireKcat(this);
    [broker, mock] = await Promise.all([startBroker({ brokers: 3 }), startMockCluster(kcat, 3)]);
    const get = broker.handlers.get.bind(broker.handlers);
    broker.handlers.get = (k: number) => {
      seenApis.add(k);
      return get(k);
    };
    // 60 messages over 3 partitions (i % 3), one second apart
    await produce({ name: 'sb', bootstrap: broker.bootstrap }, Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: `m${i}`, partition: i % 3, timestamp: T0 + i * 1000 })), { topic: 'peek-starts' });
  });
  after(async () => {
    await Promise.all([broker?.stop(), mock?.stop()]);
  });

  for (const peer of ['sandbox', 'mock'] as const) {
    for (const codec of CODECS) {
      it(`${peer}, ${codec}: reads every message kcat wrote, with its key, value, headers, offset and timestamp`, async () => {
        const bootstrap = peer === 'sandbox' ? broker.bootstrap : mock.bootstrap;
        const topic = `peek-${codec}`;
        const n = peer === 'sandbox' ? 3000 : 1500;
        const lines = Array.from({ length: n }, (_, i) => `key-${i % 41}:${codec}-${i}-${'payload'.repeat(i % 30)}`);
        const p = await runKcat(kcat, ['-P', '-b', bootstrap, '-t', topic, '-z', codec, '-K', ':', '-H', 'trace=abc-123', '-H', 'empty='], { input: lines.join('\n') + '\n', timeoutMs: 60000 });
        assert.equal(p.code, 0, p.stderr);
        const c = await runKcat(kcat, ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-c', String(n), '-X', 'check.crcs=true', '-f', '%p\t%o\t%T\t%k\t%s\n']);
        assert.equal(c.code, 0, c.stderr);
        const theirs = c.stdout.trim().split('\n');
        assert.equal(theirs.length, n);
        const { msgs, stoppedBy } = await peekAll({ name: peer, bootstrap }, { topic, start: { kind: 'beginning' }, limit: 100000 });
        assert.equal(stoppedBy, 'end');
        assert.equal(msgs.length, n);
        const ours = new Set(msgs.map((m) => `${m.partition}\t${m.offset}\t${m.timestamp}\t${text(m.key)}\t${text(m.value)}`));
        for (const line of theirs) assert.ok(ours.has(line), `kcat read ${line.slice(0, 80)}, peek did not`);
        for (const m of msgs) {
          assert.deepEqual(m.headers.map((h) => [h.key, text(h.value)]), [['trace', 'abc-123'], ['empty', '']]);
          assert.equal(m.topic, topic);
          assert.equal(m.timestampType, 'create');
        }
        // each partition in offset order
        for (let i = 1; i < msgs.length; i++) if (msgs[i].partition === msgs[i - 1].partition) assert.ok(msgs[i].offset > msgs[i - 1].offset);
      });
    }
  }

  it('joins no group and commits nothing: ListGroups is unchanged, and only ApiVersions, Metadata, ListOffsets and Fetch reach the broker', async () => {
    const kafka = new Kafka({ brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      // a real group with a committed offset, so that "unchanged" is not "empty"
      await admin.setOffsets({ groupId: 'existing-group', topic: 'peek-starts', partitions: [{ partition: 0, offset: '3' }] });
      const before = (await admin.listGroups()).groups;
      seenApis.clear();
      const { msgs } = await peekAll({ name: 'sb', bootstrap: broker.bootstrap }, { topic: 'peek-starts', start: { kind: 'beginning' }, limit: 1000 });
      assert.equal(msgs.length, 60);
      const usedKeys = new Set(seenApis);
      const used = [...usedKeys].map((k) => apiName(k)).sort();
      assert.ok(!usedKeys.has(ApiKey.OffsetCommit) && !usedKeys.has(ApiKey.JoinGroup) && !usedKeys.has(ApiKey.FindCoordinator));
      assert.deepEqual(used, ['ApiVersions', 'Fetch', 'ListOffsets', 'Metadata'].sort(), `peek used ${used.join(', ')}`);
      assert.deepEqual((await admin.listGroups()).groups, before);
      const committed = await admin.fetchOffsets({ groupId: 'existing-group', topics: ['peek-starts'] });
      assert.deepEqual(committed[0].partitions.find((p) => p.partition === 0)?.offset, '3');
    } finally {
      await admin.disconnect();
    }
  });

  describe('where it starts, partitions and limit', () => {
    const spec = () => ({ name: 'sb', bootstrap: broker.bootstrap });
    const idx = (ms: PeekedMessage[]) => ms.map((m) => Number(text(m.value)!.slice(1))).sort((a, b) => a - b);

    it('beginning: everything, stopped by the end; a limit stops early', async () => {
      const all = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'beginning' }, limit: 1000 });
      assert.deepEqual(idx(all.msgs), Array.from({ length: 60 }, (_, i) => i));
      assert.equal(all.stoppedBy, 'end');
      const ten = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'beginning' }, limit: 10 });
      assert.equal(ten.msgs.length, 10);
      assert.equal(ten.stoppedBy, 'limit');
      const dflt = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'beginning' } });
      assert.equal(dflt.msgs.length, 60, 'the default limit (100) is above 60');
    });

    it('end: the last N of the chosen partitions together, by time', async () => {
      const last = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'end', last: 5 } });
      assert.deepEqual(idx(last.msgs), [55, 56, 57, 58, 59]);
      assert.deepEqual(last.msgs.map((m) => m.timestamp), [55, 56, 57, 58, 59].map((i) => T0 + i * 1000), 'in time order');
      const p1 = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'end', last: 5 }, partitions: [1] });
      assert.deepEqual(p1.msgs.map((m) => [m.partition, m.offset]), [15, 16, 17, 18, 19].map((o) => [1, o]));
      const none = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'end', last: 0 } });
      assert.equal(none.msgs.length, 0);
    });

    it('offset: from that offset of each chosen partition (clamped to the log)', async () => {
      const r = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'offset', offset: 17 }, partitions: [2] });
      assert.deepEqual(r.msgs.map((m) => [m.partition, m.offset, text(m.value)]), [[2, 17, 'm53'], [2, 18, 'm56'], [2, 19, 'm59']]);
      const past = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'offset', offset: 1000 } });
      assert.equal(past.msgs.length, 0);
    });

    it('timestamp: ListOffsets by time gives the first message at or after it in each partition', async () => {
      const r = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'timestamp', ms: T0 + 30_000 }, limit: 1000 });
      assert.deepEqual(idx(r.msgs), Array.from({ length: 30 }, (_, i) => 30 + i));
      const between = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'timestamp', ms: T0 + 44_500 }, partitions: [0], limit: 1000 });
      assert.deepEqual(idx(between.msgs), [45, 48, 51, 54, 57]);
      const future = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'timestamp', ms: T0 + 999_000 } });
      assert.equal(future.msgs.length, 0);
    });

    it('partitions: only those; an unknown partition or topic is an error that says what exists', async () => {
      const r = await peekAll(spec(), { topic: 'peek-starts', start: { kind: 'beginning' }, partitions: [0, 2] });
      assert.deepEqual([...new Set(r.msgs.map((m) => m.partition))].sort(), [0, 2]);
      assert.equal(r.msgs.length, 40);
      await assert.rejects(peek(spec(), { topic: 'peek-starts', start: { kind: 'beginning' }, partitions: [5] }, () => {}), /has no partition 5 \(it has 3: 0-2\)/);
      await assert.rejects(peek(spec(), { topic: 'no-such-topic-here', start: { kind: 'beginning' } }, () => {}), /Topic "no-such-topic-here" does not exist/);
    });

    it('follow: new messages arrive until the limit; an abort ends it', async () => {
      const topic = 'peek-follow';
      await produce(spec(), [{ value: 'old' }], { topic });
      const got: string[] = [];
      const reading = peek(spec(), { topic, start: { kind: 'end', last: 0 }, follow: true, limit: 3 }, (b) => { got.push(...b.map((m) => text(m.value)!)); });
      await new Promise((r) => setTimeout(r, 700));
      const p = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', topic], { input: 'new1\nnew2\nnew3\n' });
      assert.equal(p.code, 0, p.stderr);
      const res = await reading;
      assert.equal(res.stoppedBy, 'limit');
      assert.deepEqual(got.sort(), ['new1', 'new2', 'new3']);

      const ac = new AbortController();
      const seen: string[] = [];
      const tail = peek(spec(), { topic, start: { kind: 'beginning' }, follow: true, signal: ac.signal }, (b) => { seen.push(...b.map((m) => text(m.value)!)); });
      await new Promise((r) => setTimeout(r, 700));
      await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', topic], { input: 'new4\n' });
      const deadline = Date.now() + 5000;
      while (!seen.includes('new4') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      ac.abort();
      const r2 = await tail;
      assert.equal(r2.stoppedBy, 'abort');
      assert.deepEqual(seen.sort(), ['new1', 'new2', 'new3', 'new4', 'old']);
    });
  });
});

describe('peek through the sandbox\'s TLS, SCRAM and IAM listeners', function () {
  this.timeout(60000);
  let sb: RunningSandbox;
  const topic = 'peek-auth';

  before(async () => {
    sb = await startSandbox({ brokers: 1 });
    await produce({ name: 'plain', bootstrap: sb.listeners.plaintext }, Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `auth-${i}` })), { topic });
  });
  after(async () => {
    await sb?.stop();
  });

  const check = async (spec: ConnectionSpec) => {
    const { msgs } = await peekAll(spec, { topic, start: { kind: 'beginning' }, limit: 1000 });
    assert.deepEqual(msgs.map((m) => text(m.value)).sort(), Array.from({ length: 50 }, (_, i) => `auth-${i}`).sort());
  };

  it('tls (the sandbox CA)', async () => {
    await check({ name: 'tls', bootstrap: sb.listeners.tls, auth: { mode: 'tls', caFile: sb.caFile } });
    await assert.rejects(check({ name: 'tls', bootstrap: sb.listeners.tls, auth: { mode: 'tls' } }), /TLS connection failed/);
  });

  it('sasl_scram (SCRAM-SHA-512 over TLS); a wrong password fails naming SCRAM', async () => {
    await check({ name: 'scram', bootstrap: sb.listeners.sasl_scram, auth: { mode: 'sasl_scram', caFile: sb.caFile, ...SANDBOX_USER } });
    await assert.rejects(
      check({ name: 'scram', bootstrap: sb.listeners.sasl_scram, auth: { mode: 'sasl_scram', caFile: sb.caFile, username: SANDBOX_USER.username, password: 'not-the-password-x' } }),
      (e: Error) => /SCRAM/.test(e.message) && !e.message.includes('not-the-password-x'),
    );
  });

  it('sasl_iam (OAUTHBEARER with a SigV4-signed token)', async () => {
    const { user } = sb.iamCredentials;
    await check({
      name: 'iam', bootstrap: sb.listeners.sasl_iam,
      auth: { mode: 'sasl_iam', caFile: sb.caFile, region: sb.region, credentials: () => Promise.resolve({ accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }) },
    });
  });
});
