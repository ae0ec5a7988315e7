// The explorer's data-plane client (src/kafka/admin.ts) with real kafkajs against the sandbox
// broker: what the tree reads, the deadline every read answers within, reuse after a failure, and
// the admin writes. Effects are checked with a separate kafkajs admin.
import * as assert from 'assert';
import type { Admin } from 'kafkajs';
import type { RunningSandbox } from '../../../src/sandbox/index';
import { createKafka } from '../../../src/kafka/connection';
import { ClusterAdmin, TimeoutError } from '../../../src/kafka/admin';
import { planOffsetReset } from '../../../src/core/offset-reset';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { startSandboxAdmin, type SandboxAdmin } from '../../helpers/sandbox-admin';

describe('kafka/admin: the explorer\'s client against the sandbox', function () {
  this.timeout(60_000);
  let env: SandboxAdmin | undefined;
  let sb: RunningSandbox;
  let check: Admin;
  let client: ClusterAdmin;

  before(async () => {
    env = await startSandboxAdmin();
    ({ sb, check, client } = env);
  });

  after(() => env?.stop());

  it('reads brokers with their racks and the controller, sorted topics and groups', async () => {
    const o = await client.overview();
    const described = await check.describeCluster();
    assert.deepStrictEqual(o.brokers.map((b) => b.id), [1, 2, 3]);
    assert.deepStrictEqual(o.brokers.map((b) => b.rack), ['use1-az1', 'use1-az2', 'use1-az3']);
    assert.deepStrictEqual(o.brokers.filter((b) => b.controller).map((b) => b.id), [described.controller]);
    assert.deepStrictEqual(o.topics.map((t) => t.name), ['audit-log', 'compressed', 'events-with-headers', 'orders', 'orders-glue-avro', 'payments-confluent-protobuf', 'sensor-readings']);
    assert.deepStrictEqual(o.groups, [{ groupId: 'billing-service', protocolType: 'consumer' }]);
  });

  it('reads offsets, configs with their sources, and a group\'s lag', async () => {
    const offsets = await client.partitionOffsets('orders');
    const real = await check.fetchTopicOffsets('orders');
    assert.deepStrictEqual(offsets.map((o) => [o.low, o.high]), real.sort((a, b) => a.partition - b.partition).map((o) => [Number(o.low), Number(o.high)]));
    await check.createTopics({ topics: [{ topic: 'with-config', configEntries: [{ name: 'retention.ms', value: '1234' }] }] });
    const configs = await client.topicConfigs('with-config');
    assert.deepStrictEqual(configs.find((c) => c.name === 'retention.ms'), { name: 'retention.ms', value: '1234', source: 'dynamic', readOnly: false, sensitive: false });
    assert.strictEqual(configs.find((c) => c.name === 'cleanup.policy')!.source, 'default');
    const g = await client.groupDetails('billing-service', ['orders', 'audit-log']);
    assert.strictEqual(g.state, 'Empty');
    assert.deepStrictEqual(g.partitions.map((p) => p.topic), ['orders', 'orders', 'orders']);
    const committed = (await check.fetchOffsets({ groupId: 'billing-service', topics: ['orders'] }))[0].partitions;
    const lag = committed.reduce((s, c) => s + Number(real.find((o) => o.partition === c.partition)!.high) - Number(c.offset), 0);
    assert.strictEqual(g.totalLag, lag);
  });

  it('finds the offsets at a timestamp for a timestamp reset', async () => {
    const first = await client.positions('billing-service', [{ topic: 'audit-log' }], 0);
    assert.deepStrictEqual(first.map((p) => [p.committed, p.low, p.atTimestamp]), [[null, 0, 0]]);
    // after every record: the end of the log, which a reset then takes
    const late = await client.positions('billing-service', [{ topic: 'audit-log' }], Date.now() + 86_400_000);
    const end = Number((await check.fetchTopicOffsets('audit-log'))[0].high);
    assert.deepStrictEqual(planOffsetReset({ kind: 'timestamp', timestamp: 0 }, late).map((r) => r.to), [end]);
    await assert.rejects(client.positions('billing-service', [{ topic: 'audit-log', partitions: [7] }]), /audit-log has no partition 7/);
  });

  it('fails a read that takes longer than its deadline, and the same client answers once the cluster does', async () => {
    const short = new ClusterAdmin(createKafka({ name: 't', bootstrap: sb.bootstrap }), 1000);
    try {
      await short.overview(); // connected
      sb.broker.faults.delay(5000, { apiKey: ApiKey.Metadata });
      await assert.rejects(short.overview(), (err: unknown) => err instanceof TimeoutError && /did not answer within 1 s/.test(err.message));
      sb.broker.faults.clear();
      // answers come in order on a connection: the delayed ones drain first, then a retry succeeds
      let answered: Awaited<ReturnType<ClusterAdmin['overview']>> | undefined;
      for (let i = 0; i < 20 && !answered; i++) answered = await short.overview().catch(() => undefined);
      assert.strictEqual(answered?.brokers.length, 3);
    } finally {
      sb.broker.faults.clear();
      await short.close();
    }
    await assert.rejects(short.overview(), /the connection was closed/);
  });

  it('keeps answering after a topic it read is deleted by someone else', async () => {
    await check.createTopics({ topics: [{ topic: 'doomed', numPartitions: 2 }] });
    assert.strictEqual((await client.partitionOffsets('doomed')).length, 2); // the client now asks for it in every metadata request
    await check.deleteTopics({ topics: ['doomed'] });
    assert.ok(!(await client.overview()).topics.some((t) => t.name === 'doomed'));
    assert.strictEqual((await client.partitionOffsets('orders')).length, 3);
    await assert.rejects(client.partitionOffsets('doomed'), /does not host this topic-partition/);
  });

  it('commits a planned reset, changes configs as a full set, and names the partition DeleteRecords refused', async () => {
    const rows = planOffsetReset({ kind: 'earliest' }, await client.positions('billing-service', [{ topic: 'orders', partitions: [0, 2] }]));
    assert.deepStrictEqual(rows.map((r) => [r.partition, r.to]), [[0, 0], [2, 0]]);
    await client.commitOffsets('billing-service', rows);
    const after = (await check.fetchOffsets({ groupId: 'billing-service', topics: ['orders'] }))[0].partitions.sort((a, b) => a.partition - b.partition);
    assert.deepStrictEqual(after.map((p) => p.offset), ['0', '10', '0']);

    await client.replaceTopicConfigs('with-config', { 'cleanup.policy': 'compact' });
    const entries = (await check.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: 'with-config' }] })).resources[0].configEntries;
    assert.strictEqual(entries.find((e) => e.configName === 'cleanup.policy')!.configValue, 'compact');
    assert.strictEqual(entries.find((e) => e.configName === 'retention.ms')!.isDefault, true, 'AlterConfigs replaces the whole set');
    await assert.rejects(client.deleteRecords('with-config', [{ partition: 0, offset: 0 }]), /^Error: with-config: partition 0: /);
  });
});
