// dataDir: topics, configs, partitions, batches and producer state survive a clean stop and restart.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../../../src/sandbox/broker';
import { readTopic } from '../../helpers/sandbox-read';
import { buildBatch, splitBatches } from '../../../src/sandbox/protocol/record-batch';
import { checkSequence } from '../../../src/sandbox/producers';

describe('sandbox broker persistence', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-data-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('restores everything after a clean stop', async () => {
    const first = await startBroker({ brokers: 3, dataDir: dir });
    const kafka = new Kafka({ brokers: first.bootstrap.split(','), clientId: 'persist', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'keep', numPartitions: 5, configEntries: [{ name: 'retention.ms', value: '42000' }] }] });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 5; i++) await producer.send({ topic: 'keep', messages: Array.from({ length: 200 }, (_, j) => ({ key: `${j}`, value: `v${i * 200 + j}` })) });
    await producer.disconnect();
    first.cluster.registerPersistentPart('extra', { save: () => ({ committed: { g: 7 } }), load: () => {} });
    const before = await readTopic(first.bootstrap, 'keep');
    const clusterId = first.cluster.clusterId;
    const producerState = [...first.cluster.topics.get('keep')!.partitions[0].producers];
    await first.stop();

    const second = await startBroker({ brokers: 3, dataDir: dir });
    try {
      assert.equal(second.cluster.clusterId, clusterId);
      const t = second.cluster.topics.get('keep')!;
      assert.equal(t.partitions.length, 5);
      assert.equal(t.configs.get('retention.ms'), '42000');
      const after = await readTopic(second.bootstrap, 'keep');
      assert.equal(after.length, 1000);
      assert.deepEqual(after, before);
      assert.deepEqual([...t.partitions[0].producers], producerState);
      // a retried batch from before the restart is still recognised as a duplicate
      const [pid, st] = producerState[0];
      const last = st.recent[st.recent.length - 1];
      const n = last.lastSeq - last.firstSeq + 1;
      const split = splitBatches(buildBatch(Array.from({ length: n }, () => ({ value: Buffer.from('x') })), { producerId: pid, producerEpoch: st.epoch, baseSequence: last.firstSeq }));
      assert.ok(split.ok);
      if (split.ok) assert.deepEqual(checkSequence(t.partitions[0], split.batches[0]), { kind: 'duplicate', baseOffset: last.baseOffset });
      let loaded: unknown;
      second.cluster.registerPersistentPart('extra', { save: () => loaded, load: (d) => { loaded = d; } });
      assert.deepEqual(loaded, { committed: { g: 7 } });
      // new writes continue after the restored offsets
      const k2 = new Kafka({ brokers: second.bootstrap.split(','), clientId: 'persist2', logLevel: logLevel.NOTHING });
      const p2 = k2.producer();
      await p2.connect();
      const res = await p2.send({ topic: 'keep', messages: [{ value: 'after-restart', partition: 0 }] });
      await p2.disconnect();
      assert.equal(res[0].baseOffset, String(t.partitions[0].log.highWatermark - 1));
      assert.ok(Number(res[0].baseOffset) > 0);
    } finally {
      await second.stop();
    }
  });
});
