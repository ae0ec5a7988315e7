// dataDir: topics, configs, partitions, batches and producer state survive a clean stop and restart.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  describe('saved state that cannot be trusted', () => {
    let root: string;
    let state: string;
    /** A data dir with one topic of 2 partitions holding records, saved by a clean stop. */
    const saveSome = async () => {
      const b = await startBroker({ brokers: 1, dataDir: state });
      b.cluster.createTopic('kept', { partitions: 2 });
      const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'persist-bad', logLevel: logLevel.NOTHING });
      const p = kafka.producer();
      await p.connect();
      await p.send({ topic: 'kept', messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 1 }] });
      await p.disconnect();
      await b.stop();
    };
    const metaPath = () => join(state, 'meta.json');
    type Meta = { topics: { partitions: { file: string }[] }[] };
    const editMeta = (edit: (m: Meta) => void) => {
      const m = JSON.parse(readFileSync(metaPath(), 'utf8')) as Meta;
      edit(m);
      writeFileSync(metaPath(), JSON.stringify(m));
    };
    /** Every file under the data dir with its bytes, to show a failed start changed nothing. */
    const snapshot = () => {
      const out: Record<string, string> = {};
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if (e.isDirectory()) walk(p);
          else out[p] = e.isSymbolicLink() ? 'link' : readFileSync(p).toString('base64');
        }
      };
      walk(state);
      return out;
    };
    const refuses = async (pattern: RegExp) => {
      const before = snapshot();
      await assert.rejects(startBroker({ brokers: 1, dataDir: state }), (err: Error) => {
        assert.equal(err.name, 'SavedStateError');
        assert.match(err.message, pattern);
        assert.match(err.message, /left untouched: move the folder away/);
        return true;
      });
      assert.deepEqual(snapshot(), before, 'the data directory is left as it was');
    };

    beforeEach(async () => {
      root = mkdtempSync(join(tmpdir(), 'sandbox-bad-'));
      state = join(root, 'state');
      await saveSome();
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('refuses a log file named in meta.json that lies outside the data directory', async () => {
      // a perfectly valid log, but outside: a broker that follows the name would load it
      writeFileSync(join(root, 'outside.log'), readFileSync(join(state, 'logs', 'kept-0.log')));
      editMeta((m) => { m.topics[0].partitions[0].file = '../../outside.log'; });
      await refuses(new RegExp(`${metaPath().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} names log file "../../outside.log" for partition 0 of topic "kept", which is outside`));
      editMeta((m) => { m.topics[0].partitions[0].file = join(root, 'outside.log'); });
      await refuses(/which is outside/);
    });

    it('refuses a log file whose symbolic link leads outside the data directory', async () => {
      writeFileSync(join(root, 'outside.log'), readFileSync(join(state, 'logs', 'kept-0.log')));
      symlinkSync(join(root, 'outside.log'), join(state, 'logs', 'sneaky.log'));
      editMeta((m) => { m.topics[0].partitions[0].file = 'sneaky.log'; });
      await refuses(/sneaky\.log leads outside/);
    });

    it('reports a meta.json that is not JSON by its path, and leaves it untouched', async () => {
      writeFileSync(metaPath(), '{"format":1,"topics":[');
      await refuses(new RegExp(`${metaPath().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`));
    });

    it('reports a meta.json of the wrong shape by its path', async () => {
      writeFileSync(metaPath(), JSON.stringify({ format: 1, topics: 'none' }));
      await refuses(/meta\.json does not have the shape this sandbox writes/);
    });

    it('reports a corrupt or truncated log file by its path, and leaves it untouched', async () => {
      const log = join(state, 'logs', 'kept-1.log');
      const bytes = readFileSync(log);
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 1] ^= 0xff; // inside the CRC-covered records
      writeFileSync(log, flipped);
      await refuses(/kept-1\.log is corrupt: the batch at byte 0 fails its CRC-32C check/);
      writeFileSync(log, bytes.subarray(0, bytes.length - 3));
      await refuses(/kept-1\.log is corrupt: truncated batch at byte 0/);
    });

    it('reports a missing log file by its path', async () => {
      rmSync(join(state, 'logs', 'kept-1.log'));
      await refuses(/kept-1\.log is missing \(meta\.json lists it for partition 1 of topic "kept"\)/);
    });
  });
});
