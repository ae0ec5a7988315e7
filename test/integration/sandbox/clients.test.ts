// Real clients against the sandbox broker: kcat (librdkafka 2.0.2) and kafkajs 2.2.4.
import { strict as assert } from 'node:assert';
import { Kafka, logLevel, Partitioners, CompressionTypes } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { requireKcat, runKcat } from '../../helpers/kcat';
import { readTopic } from '../../helpers/sandbox-read';

describe('sandbox broker with real clients', function () {
  this.timeout(30000);
  let broker: RunningBroker;
  let kcat: string;
  let kafka: Kafka;

  before(async function () {
    kcat = requireKcat(this);
    broker = await startBroker({ brokers: 3 });
    kafka = new Kafka({ brokers: broker.bootstrap.split(','), clientId: 'sandbox-it', logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 } });
  });
  after(async () => {
    await broker?.stop();
  });

  describe('kcat', () => {
    it('-L lists three brokers, the controller and auto-created topics', async () => {
      await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'kcat-meta'], { input: 'hello\n' });
      const r = await runKcat(kcat, ['-L', '-b', broker.bootstrap, '-t', 'kcat-meta']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /3 brokers:/);
      assert.match(r.stdout, /broker 1 at 127\.0\.0\.1:\d+ \(controller\)/);
      assert.match(r.stdout, /topic "kcat-meta" with 3 partitions/);
      assert.match(r.stdout, /partition 0, leader \d, replicas: \d,\d,\d, isrs: \d,\d,\d/);
    });

    for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
      it(`-P -z ${codec} then -C -X check.crcs=true reads every message back`, async () => {
        const topic = `kcat-${codec}`;
        const lines = Array.from({ length: 2000 }, (_, i) => `${codec}-message-${i}`);
        const p = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', topic, '-z', codec, '-K', ':'], { input: lines.map((l, i) => `k${i % 7}:${l}`).join('\n') + '\n' });
        assert.equal(p.code, 0, p.stderr);
        assert.doesNotMatch(p.stderr, /fail|error/i);
        const c = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%k=%s\n']);
        assert.equal(c.code, 0, c.stderr);
        assert.doesNotMatch(c.stderr, /crc|corrupt/i);
        const got = c.stdout.trim().split('\n');
        assert.equal(got.length, 2000);
        assert.deepEqual(new Set(got.map((l) => l.split('=')[1])), new Set(lines));
        // the batches are stored untouched, compression included (librdkafka sends a batch
        // uncompressed when compressing would not make it smaller)
        const attrs = broker.cluster.topics.get(topic)!.partitions.flatMap((pt) => pt.log.batches.map((b) => b.readInt16BE(21) & 7));
        const expected = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }[codec];
        assert.ok(attrs.includes(expected!) && attrs.every((a) => a === expected || a === 0), `codecs stored: ${[...new Set(attrs)].join(',')}`);
      });
    }

    it('-Q answers offsets by timestamp; kafkajs reads what kcat wrote (raw fetch)', async () => {
      const p = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'kcat-to-js', '-p', '0'], { input: 'a\nb\nc\n' });
      assert.equal(p.code, 0, p.stderr);
      const q = await runKcat(kcat, ['-Q', '-b', broker.bootstrap, '-t', 'kcat-to-js:0:-1']);
      assert.match(q.stdout, /kcat-to-js \[0\] offset 3/);
      const recs = await readTopic(broker.bootstrap, 'kcat-to-js');
      assert.deepEqual(recs.map((r) => r.value), ['a', 'b', 'c']);
      const admin = kafka.admin();
      await admin.connect();
      try {
        const offs = await admin.fetchTopicOffsets('kcat-to-js');
        assert.equal(offs.find((o) => o.partition === 0)!.high, '3');
      } finally {
        await admin.disconnect();
      }
    });
  });

  describe('kafkajs', () => {
    it('admin: create/describe/alter/grow/offsets/delete', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        assert.equal(await admin.createTopics({ topics: [{ topic: 'js-admin', numPartitions: 4, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] }), true);
        assert.equal(await admin.createTopics({ topics: [{ topic: 'js-admin', numPartitions: 4 }] }), false); // already exists
        await assert.rejects(admin.createTopics({ topics: [{ topic: 'js-rf', numPartitions: 1, replicationFactor: 4 }] }), (err: Error & { errors?: { type: string }[] }) => err.errors?.[0]?.type === 'INVALID_REPLICATION_FACTOR');
        const md = await admin.fetchTopicMetadata({ topics: ['js-admin'] });
        assert.equal(md.topics[0].partitions.length, 4);
        assert.deepEqual(new Set(md.topics[0].partitions.map((p) => p.leader)), new Set([1, 2, 3]));
        await admin.createPartitions({ topicPartitions: [{ topic: 'js-admin', count: 6 }] });
        await assert.rejects(admin.createPartitions({ topicPartitions: [{ topic: 'js-admin', count: 2 }] }));
        const cfg = await admin.describeConfigs({ resources: [{ type: 2, name: 'js-admin' }], includeSynonyms: false });
        const entries = new Map(cfg.resources[0].configEntries.map((e) => [e.configName, e]));
        assert.equal(entries.get('retention.ms')!.configValue, '3600000');
        assert.equal(entries.get('retention.ms')!.isDefault, false);
        assert.equal(entries.get('max.message.bytes')!.configValue, '1048588');
        assert.equal(entries.get('cleanup.policy')!.configValue, 'delete');
        await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'js-admin', configEntries: [{ name: 'max.message.bytes', value: '2000000' }] }] });
        const after = await admin.describeConfigs({ resources: [{ type: 2, name: 'js-admin', configNames: ['max.message.bytes', 'retention.ms'] }], includeSynonyms: false });
        const a = new Map(after.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
        assert.equal(a.get('max.message.bytes'), '2000000');
        assert.equal(a.get('retention.ms'), '604800000'); // AlterConfigs replaces the whole set
        const brokerCfg = await admin.describeConfigs({ resources: [{ type: 4, name: '1' }], includeSynonyms: true });
        assert.ok(brokerCfg.resources[0].configEntries.some((e) => e.configName === 'message.max.bytes'));
        const offsets = await admin.fetchTopicOffsets('js-admin');
        assert.equal(offsets.length, 6);
        assert.ok(offsets.every((o) => o.high === '0' && o.low === '0'));
        await admin.deleteTopics({ topics: ['js-admin'] });
        assert.ok(!(await admin.listTopics()).includes('js-admin'));
      } finally {
        await admin.disconnect();
      }
    });

    for (const idempotent of [false, true]) {
      it(`${idempotent ? 'idempotent' : 'plain'} producer: kcat reads back exactly what kafkajs wrote`, async () => {
        const topic = `js-produce-${idempotent ? 'idem' : 'plain'}`;
        const producer = kafka.producer({ idempotent, maxInFlightRequests: idempotent ? 1 : undefined, allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner });
        await producer.connect();
        const t0 = Date.now();
        try {
          for (let i = 0; i < 10; i++) {
            await producer.send({ topic, acks: -1, compression: i % 2 ? CompressionTypes.GZIP : CompressionTypes.None, messages: Array.from({ length: 50 }, (_, j) => ({ key: `k${j}`, value: `m-${i * 50 + j}`, headers: { h: 'x' } })) });
          }
        } finally {
          await producer.disconnect();
        }
        const c = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%s|%h\n']);
        assert.equal(c.code, 0, c.stderr);
        const got = c.stdout.trim().split('\n');
        assert.equal(got.length, 500);
        assert.equal(new Set(got).size, 500);
        assert.ok(got.every((l) => l.endsWith('|h=x')));
        const admin = kafka.admin();
        await admin.connect();
        try {
          const byTs = await admin.fetchTopicOffsetsByTimestamp(topic, t0 - 1);
          assert.ok(byTs.every((o) => o.offset === '0'));
          const future = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() + 60000);
          const latest = await admin.fetchTopicOffsets(topic);
          for (const o of future) assert.equal(o.offset, latest.find((l) => l.partition === o.partition)!.offset);
        } finally {
          await admin.disconnect();
        }
      });
    }

    it('a message over max.message.bytes fails with MESSAGE_TOO_LARGE', async () => {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'js-small', numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1000' }] }] });
      await admin.disconnect();
      const producer = kafka.producer({ retry: { retries: 0 } });
      await producer.connect();
      try {
        await assert.rejects(producer.send({ topic: 'js-small', messages: [{ value: Buffer.alloc(2000, 97) }] }), (err: Error & { type?: string }) => /MESSAGE_TOO_LARGE/.test(String(err.type ?? '') + err.message) || /larger than the max/.test(err.message));
        await producer.send({ topic: 'js-small', messages: [{ value: 'fits' }] });
      } finally {
        await producer.disconnect();
      }
    });
  });
});
