// Our producer (src/kafka/produce.ts over the wire client) against two broker implementations
// that are not ours alone: the sandbox and librdkafka's mock cluster. Whatever it writes is read
// back by kcat (librdkafka) with CRC checks on, so a wrong batch, CRC, codec frame or offset fails.
import { strict as assert } from 'node:assert';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { ApiKey } from '../../../src/core/protocol/api-keys';
import { OFF_ATTRIBUTES, OFF_PRODUCER_ID, readInt64 } from '../../../src/core/protocol/record-batch';
import { produce, oversizeMessages, topicMaxMessageBytes, OversizeMessagesError, type CompressionName, type OutgoingMessage } from '../../../src/kafka/produce';
import { requireKcat, runKcat, startMockCluster, type MockCluster } from '../../helpers/kcat';
import { plainJsonlMessages } from '../../../src/core/recipes/jsonl-bytes';

const CODECS: CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const CODEC_BITS: Record<CompressionName, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

interface KcatRow { partition: number; offset: number; key: string; value: string; headers: string }

/** Every message of the topic as kcat sees it, CRCs checked. */
async function kcatRead(kcat: string, bootstrap: string, topic: string, expect: number): Promise<KcatRow[]> {
  const r = await runKcat(kcat, ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-c', String(expect), '-X', 'check.crcs=true', '-f', '%p\t%o\t%k\t%s\t%h\n'], { timeoutMs: 60000 });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /crc|corrupt|error/i);
  return r.stdout.split('\n').filter(Boolean).map((l) => {
    const [p, o, key, value, headers] = l.split('\t');
    return { partition: Number(p), offset: Number(o), key, value, headers };
  });
}

function messages(n: number, tag: string): OutgoingMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    // every 5th message has no key (sticky partitioning), the rest a key (murmur2)
    key: i % 5 === 0 ? null : `key-${i % 37}`,
    value: `${tag}-value-${i}-${'abcdefghij'.repeat(i % 20)}`,
    headers: i % 3 === 0 ? { 'h-one': `one-${i}`, 'h-two': Buffer.from('two') } : undefined,
  }));
}

/** kcat's %h: "k=v,k=v"; our headers in the same shape. */
const headerText = (m: OutgoingMessage) => (m.headers ? Object.entries(m.headers).map(([k, v]) => `${k}=${v.toString()}`).join(',') : '');

async function checkRoundTrip(kcat: string, bootstrap: string, topic: string, msgs: OutgoingMessage[], outcome: Awaited<ReturnType<typeof produce>>): Promise<void> {
  assert.equal(outcome.cancelled, false);
  assert.equal(outcome.results.length, msgs.length);
  const rows = await kcatRead(kcat, bootstrap, topic, msgs.length);
  assert.equal(rows.length, msgs.length);
  const at = new Map(rows.map((r) => [`${r.partition}/${r.offset}`, r]));
  for (const res of outcome.results) {
    const row = at.get(`${res.partition}/${res.offset}`);
    assert.ok(row, `message #${res.index} reported at ${res.partition}/${res.offset}, where kcat finds nothing`);
    const m = msgs[res.index];
    assert.equal(row.value, m.value);
    assert.equal(row.key, m.key ?? '');
    assert.equal(row.headers, headerText(m));
  }
  // a key always lands on one partition
  const keyPartitions = new Map<string, Set<number>>();
  for (const r of rows) if (r.key) keyPartitions.set(r.key, (keyPartitions.get(r.key) ?? new Set()).add(r.partition));
  for (const [k, ps] of keyPartitions) assert.equal(ps.size, 1, `key ${k} spread over ${[...ps].join(',')}`);
}

describe('produce (our wire producer) read back by kcat', function () {
  this.timeout(120000);
  let kcat: string;
  let broker: RunningBroker;
  let mock: MockCluster;
  const seenApis = new Set<number>();

  before(async function () {
    kcat = requireKcat(this);
    [broker, mock] = await Promise.all([startBroker({ brokers: 3 }), startMockCluster(kcat, 3)]);
    const get = broker.handlers.get.bind(broker.handlers);
    broker.handlers.get = (k: number) => {
      seenApis.add(k);
      return get(k);
    };
  });
  after(async () => {
    await Promise.all([broker?.stop(), mock?.stop()]);
  });

  describe('against the sandbox (idempotent, acks=all)', () => {
    for (const codec of CODECS) {
      it(`${codec}: 3000 messages with keys, null keys and headers; kcat reads each at the partition and offset we reported`, async () => {
        const topic = `produce-${codec}`;
        const msgs = messages(3000, codec);
        const outcome = await produce({ name: 'sb', bootstrap: broker.bootstrap }, msgs, { topic, compression: codec });
        await checkRoundTrip(kcat, broker.bootstrap, topic, msgs, outcome);
        const batches = broker.cluster.topics.get(topic)!.partitions.flatMap((p) => p.log.batches);
        assert.ok(batches.length > 0);
        for (const b of batches) {
          assert.equal(b.readInt16BE(OFF_ATTRIBUTES) & 7, CODEC_BITS[codec], 'the batch carries its codec');
          assert.ok(readInt64(b, OFF_PRODUCER_ID) >= 0, 'an idempotent producer id');
        }
      });
    }

    it('places keyed messages on the partitions of Java\'s murmur2 partitioner, as librdkafka\'s murmur2_random does', async () => {
      const keys = Array.from({ length: 200 }, (_, i) => `order-${i * 7919}`);
      const p = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'murmur-kcat', '-K', ':', '-X', 'partitioner=murmur2_random'], { input: keys.map((k) => `${k}:x`).join('\n') + '\n' });
      assert.equal(p.code, 0, p.stderr);
      const theirs = new Map((await kcatRead(kcat, broker.bootstrap, 'murmur-kcat', keys.length)).map((r) => [r.key, r.partition]));
      const ours = await produce({ name: 'sb', bootstrap: broker.bootstrap }, keys.map((k) => ({ key: k, value: 'x' })), { topic: 'murmur-ours' });
      assert.equal(new Set(ours.results.map((r) => r.partition)).size, 3, 'the keys spread over all partitions');
      for (const r of ours.results) assert.equal(r.partition, theirs.get(keys[r.index]), `key ${keys[r.index]}`);
    });

    it('explicit partitions and timestamps are kept; onProgress reaches the total', async () => {
      const msgs: OutgoingMessage[] = Array.from({ length: 30 }, (_, i) => ({ value: `p${i % 3}-${i}`, partition: i % 3, timestamp: 1_700_000_000_000 + i }));
      const progress: number[] = [];
      const out = await produce({ name: 'sb', bootstrap: broker.bootstrap }, msgs, { topic: 'produce-explicit', onProgress: (sent) => progress.push(sent) });
      assert.equal(progress.at(-1), 30);
      const r = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', 'produce-explicit', '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%p\t%o\t%T\t%s\n']);
      const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
      assert.equal(rows.length, 30);
      for (const [p, o, ts, v] of rows) {
        const i = Number(v.split('-')[1]);
        assert.equal(Number(p), i % 3);
        assert.equal(Number(ts), 1_700_000_000_000 + i);
        assert.deepEqual(out.results[i], { index: i, partition: Number(p), offset: Number(o) });
      }
    });

    it('24 MB in 1 MB batches: batch buffers used again once answered never change a batch still queued on the socket', async () => {
      const topic = 'produce-many-batches';
      const n = 24000;
      // distinct 1 KB values as ranges of one JSONL file's bytes (as the CLI's fast path gives them), a key on every 4th
      const msgs: OutgoingMessage[] = Array.from({ length: n }, (_, i) => ({ key: i % 4 === 0 ? `k${i % 11}` : null, value: `v${String(i).padStart(5, '0')}-${'0123456789abcdef'.repeat(64)}`.slice(0, 1000) }));
      const packed = plainJsonlMessages(Buffer.from(msgs.map((m) => JSON.stringify(m)).join('\n')))!;
      assert.equal(packed.count, n);
      const outcome = await produce({ name: 'sb', bootstrap: broker.bootstrap }, packed, { topic });
      const batches = broker.cluster.topics.get(topic)!.partitions.flatMap((p) => p.log.batches);
      assert.ok(batches.length > 3 * 6, `${batches.length} batches: more than the buffers kept, so some are used again`);
      await checkRoundTrip(kcat, broker.bootstrap, topic, msgs, outcome);
    });

    it('packed JSONL records go where the same messages as objects go: keys by murmur2, null and absent keys sticky, the same oversize positions and sizes', async () => {
      const spec = { name: 'sb', bootstrap: broker.bootstrap };
      const lines = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? { value: `v${i}` } : i % 3 === 1 ? { key: `key-${i * 31}`, value: `v${i}` } : { key: null, value: i % 2 ? null : `v${i}` }));
      const packed = plainJsonlMessages(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'))!;
      assert.equal(packed.count, 300);
      const asObjects: OutgoingMessage[] = lines.map((l) => ({ ...l }));
      const [a, b] = [await produce(spec, asObjects, { topic: 'packed-objects' }), await produce(spec, packed, { topic: 'packed-ranges' })];
      assert.equal(b.results.length, 300);
      for (let i = 0; i < 300; i++) if (lines[i].key) assert.equal(b.results[i].partition, a.results[i].partition, `key of line ${i}`);
      await checkRoundTrip(kcat, broker.bootstrap, 'packed-ranges', asObjects.map((m) => ({ ...m, value: m.value ?? '' })), b); // kcat prints a null value as nothing
      // the size check: the same indices and sizes either way
      const big = [{ value: 'a' }, { key: 'k', value: 'x'.repeat(1500) }, { value: 'y'.repeat(900) }, { key: 'k'.repeat(600), value: 'z'.repeat(600) }];
      const bigPacked = plainJsonlMessages(Buffer.from(big.map((l) => JSON.stringify(l)).join('\n')))!;
      const sizes = await oversizeMessages(big, 1000);
      assert.deepEqual(sizes.map((o) => o.index), [1, 3]);
      await assert.rejects(produce(spec, bigPacked, { topic: 'packed-small', maxMessageBytes: 1000 }), (e: unknown) => {
        assert.ok(e instanceof OversizeMessagesError);
        assert.deepEqual(e.oversize, sizes);
        return true;
      });
    });

    it('refuses an oversize message before anything is sent, naming every oversize position', async () => {
      const topic = 'produce-small-limit';
      const kafka = new Kafka({ brokers: broker.bootstrap.split(','), logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }] });
      await admin.disconnect();
      const spec = { name: 'sb', bootstrap: broker.bootstrap };
      assert.equal(await topicMaxMessageBytes(spec, topic), 2000);
      const msgs: OutgoingMessage[] = [{ value: 'a' }, { value: 'b' }, { value: 'x'.repeat(2500) }, { value: 'c' }, { key: 'k'.repeat(1000), value: 'y'.repeat(1000) }];
      assert.deepEqual((await oversizeMessages(msgs, 2000)).map((o) => o.index), [2, 4]);
      seenApis.clear();
      await assert.rejects(produce(spec, msgs, { topic }), (e: unknown) => {
        assert.ok(e instanceof OversizeMessagesError);
        assert.deepEqual(e.oversize.map((o) => o.index), [2, 4]);
        assert.ok(e.oversize.every((o) => o.size > 2000));
        assert.equal(e.maxMessageBytes, 2000);
        assert.match(e.message, /#2 .*#4 .*Nothing was sent/);
        return true;
      });
      assert.ok(!seenApis.has(ApiKey.Produce), 'no Produce request reached the broker');
      assert.ok(!seenApis.has(ApiKey.InitProducerId), 'not even a producer id was asked for');
      assert.equal(broker.cluster.topics.get(topic)!.partitions[0].log.batches.length, 0);
      // the rest goes through when the caller leaves the oversize ones out
      const rest = await produce(spec, msgs.filter((_, i) => i !== 2 && i !== 4), { topic });
      assert.deepEqual(rest.results.map((r) => r.offset), [0, 1, 2]);
    });

    it('a connection made ahead (connectForProduce) creates no topic and asks for no producer id; produce then uses it, creating a missing topic', async () => {
      const { connectForProduce } = await import('../../../src/kafka/wire/engines');
      const spec = { name: 'sb', bootstrap: broker.bootstrap };
      seenApis.clear();
      const missing = await connectForProduce(spec, 'ahead-missing');
      assert.equal(missing.layout, undefined);
      assert.equal(broker.cluster.topics.has('ahead-missing'), false, 'no topic created ahead');
      assert.ok(!seenApis.has(ApiKey.InitProducerId) && !seenApis.has(ApiKey.Produce));
      missing.client.close();
      await produce(spec, [{ value: 'first' }], { topic: 'ahead-existing' });
      const existing = await connectForProduce(spec, 'ahead-existing');
      assert.equal(existing.layout?.leaders.size, 3);
      assert.equal(existing.maxBytes, 1048588);
      const out = await produce(spec, [{ value: 'ahead' }], { topic: 'ahead-existing' }, Promise.resolve(existing));
      assert.deepEqual(out.results.map((r) => r.offset), [broker.cluster.topics.get('ahead-existing')!.partitions[out.results[0].partition].log.batches.length - 1]);
      const created = await produce(spec, [{ value: 'made' }], { topic: 'ahead-created' }, connectForProduce(spec, 'ahead-created'));
      assert.equal(created.results.length, 1);
      assert.equal(broker.cluster.topics.has('ahead-created'), true, 'produce creates the missing topic, as without a connection ahead');
    });

    it('a message for a partition the topic does not have is refused before anything is sent', async () => {
      seenApis.clear();
      await assert.rejects(produce({ name: 'sb', bootstrap: broker.bootstrap }, [{ value: 'a' }, { value: 'b', partition: 7 }], { topic: 'produce-explicit' }), /#1 asks for partition 7.*0-2.*Nothing was sent/);
      assert.ok(!seenApis.has(ApiKey.Produce));
    });

    it('cancelling stops sending and reports what was written', async () => {
      const ac = new AbortController();
      // one partition, 12 MB: a dozen 1 MiB batches, at most 5 in flight, so an abort leaves some unsent
      const msgs = Array.from({ length: 60000 }, (_, i) => ({ value: `${i}-${'z'.repeat(200)}`, partition: 0 }));
      const out = await produce({ name: 'sb', bootstrap: broker.bootstrap }, msgs, { topic: 'produce-cancel', signal: ac.signal, onProgress: (sent) => { if (sent > 0) ac.abort(); } });
      assert.equal(out.cancelled, true);
      assert.ok(out.results.length > 0 && out.results.length < msgs.length, `${out.results.length} written`);
      const rows = await kcatRead(kcat, broker.bootstrap, 'produce-cancel', out.results.length);
      assert.equal(rows.length, out.results.length, 'kcat finds exactly what was reported');
    });
  });

  describe('against librdkafka\'s mock cluster (non-idempotent: it reports no controller)', () => {
    for (const codec of CODECS) {
      it(`${codec}: 1500 messages read back by kcat at the reported partitions and offsets`, async () => {
        const topic = `mock-produce-${codec}`;
        const msgs = messages(1500, `mock-${codec}`);
        const outcome = await produce({ name: 'mock', bootstrap: mock.bootstrap }, msgs, { topic, compression: codec, idempotent: false });
        await checkRoundTrip(kcat, mock.bootstrap, topic, msgs, outcome);
      });
    }
  });
});
