// The IncrementalAlterConfigs client (src/kafka/incremental-alter.ts) against the sandbox broker:
// only the named configs change, errors name the config and what to do, a broker without key 44
// gets a clear error, the deadline holds, and the socket is pluggable. Effects are checked in the
// sandbox's state and with real kafkajs.
import * as assert from 'assert';
import * as net from 'node:net';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { incrementalAlterTopicConfigs, type BrokerAddress } from '../../../src/kafka/incremental-alter';
import { ClusterAdmin } from '../../../src/kafka/admin';
import { createKafka } from '../../../src/kafka/connection';
import type { ApiHandler } from '../../../src/sandbox/protocol/handler';

describe('kafka/incremental-alter: IncrementalAlterConfigs against the sandbox', function () {
  this.timeout(30_000);
  let broker: RunningBroker;
  let brokers: BrokerAddress[];
  const overrides = (topic: string) => Object.fromEntries(broker.cluster.topics.get(topic)!.configs);

  before(async () => {
    broker = await startBroker({ brokers: 3, port: 0 });
    brokers = broker.brokers.map((b) => ({ host: b.host, port: b.port }));
  });
  after(() => broker.stop());
  beforeEach(() => {
    if (broker.cluster.topics.has('t')) broker.cluster.deleteTopic('t');
    broker.cluster.createTopic('t', { partitions: 1, replicationFactor: 3, configs: new Map([['retention.ms', '3600000'], ['max.message.bytes', '200000']]) });
  });

  it('SETs and DELETEs only the given configs; an untouched override stays', async () => {
    await incrementalAlterTopicConfigs(brokers, 't', [{ name: 'retention.ms', op: 'DELETE' }, { name: 'cleanup.policy', op: 'SET', value: 'compact' }]);
    assert.deepStrictEqual(overrides('t'), { 'max.message.bytes': '200000', 'cleanup.policy': 'compact' });
  });

  it('validateOnly changes nothing', async () => {
    await incrementalAlterTopicConfigs(brokers, 't', [{ name: 'retention.ms', op: 'SET', value: '5' }], {}, true);
    assert.strictEqual(overrides('t')['retention.ms'], '3600000');
  });

  it('a refused value: the error names the config, says what to do, and nothing changes', async () => {
    await assert.rejects(
      incrementalAlterTopicConfigs(brokers, 't', [{ name: 'segment.ms', op: 'SET', value: '1000' }, { name: 'retention.ms', op: 'SET', value: 'soon' }]),
      (err: Error & { code?: number }) => {
        assert.strictEqual(err.code, 40);
        assert.match(err.message, /^the cluster refused retention\.ms of "t" \(INVALID_CONFIG: retention\.ms must be an integer, got "soon"\): correct the value and try again; nothing was changed$/);
        return true;
      });
    assert.deepStrictEqual(overrides('t'), { 'retention.ms': '3600000', 'max.message.bytes': '200000' });
  });

  it('an unknown topic: says it is gone and to refresh', async () => {
    await assert.rejects(incrementalAlterTopicConfigs(brokers, 'gone', [{ name: 'retention.ms', op: 'SET', value: '1' }]),
      /^ConfigChangeError: topic "gone" does not exist \(UNKNOWN_TOPIC_OR_PARTITION\): .*refresh the explorer$/);
  });

  it('a broker without IncrementalAlterConfigs: a clear error, and no AlterConfigs fallback', async () => {
    const old = await startBroker({ brokers: 1, port: 0 });
    try {
      old.handlers.unregister(44);
      old.cluster.createTopic('t', { partitions: 1, replicationFactor: 1, configs: new Map([['retention.ms', '1']]) });
      await assert.rejects(incrementalAlterTopicConfigs([{ host: old.brokers[0].host, port: old.brokers[0].port }], 't', [{ name: 'retention.ms', op: 'DELETE' }]),
        /do not support IncrementalAlterConfigs \(Kafka 2\.3 or newer\), so the configs of "t" were not changed: upgrade the cluster's Kafka version, or change them with kafka-configs\.sh --alter/);
      assert.strictEqual(old.cluster.topics.get('t')!.configs.get('retention.ms'), '1');
    } finally {
      await old.stop();
    }
  });

  it('tries the next broker when one does not accept connections', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await incrementalAlterTopicConfigs([{ host: '127.0.0.1', port }, ...brokers], 't', [{ name: 'retention.ms', op: 'SET', value: '7' }]);
    assert.strictEqual(overrides('t')['retention.ms'], '7');
    await assert.rejects(incrementalAlterTopicConfigs([{ host: '127.0.0.1', port }], 't', [{ name: 'retention.ms', op: 'SET', value: '8' }]),
      /could not connect to a broker to change the configs of "t" \(127\.0\.0\.1:\d+: .*ECONNREFUSED.*\): check that the cluster is reachable/);
  });

  it('opens its socket through the given transport', async () => {
    const opened: BrokerAddress[] = [];
    await incrementalAlterTopicConfigs(brokers.slice(1), 't', [{ name: 'retention.ms', op: 'SET', value: '9' }], {
      connect: (b) => {
        opened.push(b);
        return net.connect(b.port, b.host);
      },
    });
    assert.deepStrictEqual(opened, [brokers[1]]);
    assert.strictEqual(overrides('t')['retention.ms'], '9');
  });

  it('speaks TLS when given TLS options (an SSL listener, as MSK\'s 9094)', async () => {
    const secure = await startBroker({ brokers: 1, listeners: [{ name: 'tls', security: 'SSL' }], tls: true });
    try {
      secure.cluster.createTopic('t', { partitions: 1, replicationFactor: 1, configs: new Map([['retention.ms', '1'], ['max.message.bytes', '200000']]) });
      const b = secure.listeners.tls.brokers[0];
      await incrementalAlterTopicConfigs([{ host: b.host, port: b.port }], 't', [{ name: 'retention.ms', op: 'DELETE' }], { tls: { ca: [secure.tls!.caPem] } });
      assert.deepStrictEqual(Object.fromEntries(secure.cluster.topics.get('t')!.configs), { 'max.message.bytes': '200000' });
      // plaintext on the TLS port does not get an answer that looks like success
      await assert.rejects(incrementalAlterTopicConfigs([{ host: b.host, port: b.port }], 't', [{ name: 'retention.ms', op: 'SET', value: '2' }], { deadlineMs: 2000 }));
    } finally {
      await secure.stop();
    }
  });

  it('fails after the deadline when the broker does not answer', async () => {
    const silent: ApiHandler = { apiKey: 44, name: 'IncrementalAlterConfigs', minVersion: 0, maxVersion: 0, handle: () => new Promise(() => undefined) };
    const stuck = await startBroker({ brokers: 1, port: 0, handlers: [silent] });
    try {
      stuck.cluster.createTopic('t', { partitions: 1, replicationFactor: 1 });
      await assert.rejects(incrementalAlterTopicConfigs([{ host: stuck.brokers[0].host, port: stuck.brokers[0].port }], 't', [{ name: 'retention.ms', op: 'SET', value: '1' }], { deadlineMs: 500 }),
        /changing the configs of "t": the cluster did not answer within 1 s; check them before trying again/);
    } finally {
      await stuck.stop();
    }
  });

  it('ClusterAdmin.alterTopicConfigs: finds the brokers through kafkajs and changes only the given configs', async () => {
    const client = new ClusterAdmin(createKafka({ name: 't', bootstrap: broker.bootstrap }));
    try {
      await client.alterTopicConfigs('t', [{ name: 'cleanup.policy', op: 'SET', value: 'compact' }]);
      const entries = await client.topicConfigs('t');
      const dynamic = Object.fromEntries(entries.filter((e) => e.source === 'dynamic').map((e) => [e.name, e.value]));
      assert.deepStrictEqual(dynamic, { 'retention.ms': '3600000', 'max.message.bytes': '200000', 'cleanup.policy': 'compact' });
    } finally {
      await client.close();
    }
  });
});
