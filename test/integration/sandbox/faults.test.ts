// Fault injection with a real client: connections dropped in the middle of an idempotent produce
// must end with every record stored exactly once.
import { strict as assert } from 'node:assert';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { readTopic } from '../../helpers/sandbox-read';

describe('sandbox broker fault injection with kafkajs', function () {
  this.timeout(60000);
  let broker: RunningBroker;
  let kafka: Kafka;

  before(async () => {
    broker = await startBroker({ brokers: 3 });
    kafka = new Kafka({ brokers: broker.bootstrap.split(','), clientId: 'faults-it', logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 20, maxRetryTime: 200 } });
  });
  afterEach(() => broker.faults.clear());
  after(async () => {
    await broker?.stop();
  });

  it('idempotent producer (maxInFlightRequests 1): 10,000 messages, connections dropped after appends, none lost or duplicated', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'idem-faults', numPartitions: 3 }] });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // Every 7th produce request from now on is appended, then its connection is closed before the
    // answer leaves: the client must retry the same batch, which must not be appended twice.
    broker.faults.dropAfter(6, { apiKey: ApiKey.Produce, when: 'after', times: 1 });
    broker.faults.dropAfter(20, { apiKey: ApiKey.Produce, when: 'after', times: 1 });
    broker.faults.dropAfter(35, { apiKey: ApiKey.Produce, when: 'before', times: 1 });
    try {
      for (let i = 0; i < 100; i++) {
        await producer.send({ topic: 'idem-faults', acks: -1, messages: Array.from({ length: 100 }, (_, j) => ({ key: `k${j % 10}`, value: `m${i * 100 + j}` })) });
      }
    } finally {
      await producer.disconnect();
    }
    assert.equal(broker.faults.pending, 0, 'every injected drop fired');
    const records = await readTopic(broker.bootstrap, 'idem-faults');
    const values = records.map((r) => r.value);
    assert.equal(new Set(values).size, 10000, 'no message lost');
    assert.equal(values.length, 10000, 'no message duplicated');
  });

  it('injected error codes reach the client, which retries and succeeds', async () => {
    broker.faults.failWith(ApiKey.Produce, ErrorCode.NOT_LEADER_OR_FOLLOWER, { times: 2 });
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    try {
      const res = await producer.send({ topic: 'retry-me', messages: [{ value: 'x' }] });
      assert.equal(res[0].errorCode, 0);
    } finally {
      await producer.disconnect();
    }
    assert.equal(broker.faults.pending, 0);
    assert.equal((await readTopic(broker.bootstrap, 'retry-me')).length, 1);
  });
});
