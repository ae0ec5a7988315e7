// kafkajs 2.2.4's admin against the sandbox's DeleteRecords and ACL APIs: what a user of the
// explorer's "delete records" and ACL commands does, through a real client.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes, type Admin } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';

describe('sandbox DeleteRecords and ACLs with kafkajs admin', function () {
  this.timeout(30000);
  let broker: RunningBroker;
  let kafka: Kafka;
  let admin: Admin;

  before(async () => {
    broker = await startBroker({ brokers: 3 });
    kafka = new Kafka({ brokers: broker.bootstrap.split(','), clientId: 'records-acls-it', logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 50 } });
    admin = kafka.admin();
    await admin.connect();
  });
  after(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });

  /** kafkajs finds partition leaders in its metadata cache, which createTopics does not fill. */
  async function createTopic(topic: string, numPartitions: number): Promise<void> {
    await admin.createTopics({ topics: [{ topic, numPartitions }] });
    await admin.fetchTopicMetadata({ topics: [topic] });
  }

  async function produce(topic: string, partition: number, n: number, batches = 1, prefix = 'm'): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (let b = 0; b < batches; b++) {
        await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ partition, value: `${prefix}${b}-${i}` })) });
      }
    } finally {
      await producer.disconnect();
    }
  }

  async function consumeAll(topic: string, expect: number): Promise<string[]> {
    const consumer = kafka.consumer({ groupId: `g-${topic}-${Date.now()}` });
    await consumer.connect();
    const seen: string[] = [];
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`read ${seen.length} of ${expect}`)), 15000);
        void consumer.run({
          eachMessage: ({ message }) => {
            seen.push(message.value!.toString());
            if (seen.length >= expect) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  it('deleteTopicRecords moves the earliest offset; consumers start after it', async () => {
    await createTopic('dr-topic', 2);
    await produce('dr-topic', 0, 5, 2); // offsets 0-9 in two batches
    await produce('dr-topic', 1, 3, 1, 'p1-');
    await admin.deleteTopicRecords({ topic: 'dr-topic', partitions: [{ partition: 0, offset: '7' }] });
    const offsets = await admin.fetchTopicOffsets('dr-topic');
    const p0 = offsets.find((o) => o.partition === 0)!;
    const p1 = offsets.find((o) => o.partition === 1)!;
    assert.deepEqual([p0.low, p0.high], ['7', '10']);
    assert.deepEqual([p1.low, p1.high], ['0', '3']);
    // The first batch (offsets 0-4) lay wholly below 7 and was freed.
    assert.equal(broker.cluster.partition('dr-topic', 0)!.log.batches.length, 1);
    const read = await consumeAll('dr-topic', 3 + 3);
    assert.deepEqual(read.filter((v) => v.startsWith('m1-')).sort(), ['m1-2', 'm1-3', 'm1-4']);
    assert.deepEqual(read.filter((v) => v.startsWith('p1-')).sort(), ['p1-0-0', 'p1-0-1', 'p1-0-2']);
    assert.equal(read.length, 6, read.join(','));
  });

  it('deleteTopicRecords with offset -1 empties a partition up to its high watermark', async () => {
    await createTopic('dr-all', 1);
    await produce('dr-all', 0, 4);
    await admin.deleteTopicRecords({ topic: 'dr-all', partitions: [{ partition: 0, offset: '-1' }] });
    const [o] = await admin.fetchTopicOffsets('dr-all');
    assert.deepEqual([o.low, o.high], ['4', '4']);
  });

  it('deleteTopicRecords past the high watermark fails with OFFSET_OUT_OF_RANGE', async () => {
    await createTopic('dr-oor', 1);
    await produce('dr-oor', 0, 2);
    await assert.rejects(admin.deleteTopicRecords({ topic: 'dr-oor', partitions: [{ partition: 0, offset: '50' }] }), (err: Error & { cause?: { partitions?: { error?: { type?: string } }[] } }) => {
      // kafkajs wraps the broker's per-partition answer in a non-retriable error.
      assert.deepEqual(err.cause?.partitions?.map((p) => p.error?.type), ['OFFSET_OUT_OF_RANGE']);
      return true;
    });
    const [o] = await admin.fetchTopicOffsets('dr-oor');
    assert.equal(o.low, '0');
  });

  it('createAcls / describeAcls / deleteAcls store, filter and remove bindings', async () => {
    const acl = (resourceName: string, principal: string, patternType = ResourcePatternTypes.LITERAL, operation = AclOperationTypes.READ) => ({
      resourceType: AclResourceTypes.TOPIC,
      resourceName,
      resourcePatternType: patternType,
      principal,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    });
    await admin.createAcls({
      acl: [
        acl('orders', 'User:alice'),
        acl('orders-', 'User:bob', ResourcePatternTypes.PREFIXED),
        acl('*', 'User:carol'),
        acl('payments', 'User:alice', ResourcePatternTypes.LITERAL, AclOperationTypes.WRITE),
        { ...acl('billing', 'User:alice'), resourceType: AclResourceTypes.GROUP },
      ],
    });
    // Creating the same binding twice keeps one, as Kafka does.
    await admin.createAcls({ acl: [acl('orders', 'User:alice')] });

    const all = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    assert.equal(all.resources.flatMap((r) => r.acls).length, 5);

    // MATCH for topic "orders-eu": the prefixed binding and the literal wildcard, not "orders".
    const match = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'orders-eu',
      resourcePatternType: ResourcePatternTypes.MATCH,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    assert.deepEqual(
      match.resources.map((r) => [r.resourceName, r.resourcePatternType, r.acls.map((a) => a.principal)]).sort(),
      [['*', ResourcePatternTypes.LITERAL, ['User:carol']], ['orders-', ResourcePatternTypes.PREFIXED, ['User:bob']]],
    );

    // Principal and operation filters.
    const alice = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: 'User:alice',
      operation: AclOperationTypes.WRITE,
      permissionType: AclPermissionTypes.ALLOW,
    });
    assert.deepEqual(alice.resources.map((r) => r.resourceName), ['payments']);

    const deleted = await admin.deleteAcls({
      filters: [{ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, principal: 'User:alice', operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY }],
    });
    assert.equal(deleted.filterResponses.length, 1);
    assert.deepEqual(deleted.filterResponses[0].matchingAcls.map((a) => a.resourceName).sort(), ['billing', 'orders', 'payments']);
    const left = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    assert.deepEqual(left.resources.flatMap((r) => r.acls.map((a) => a.principal)).sort(), ['User:bob', 'User:carol']);
  });

  it('createAcls refuses a CLUSTER binding not named kafka-cluster', async () => {
    await assert.rejects(
      admin.createAcls({
        acl: [{ resourceType: AclResourceTypes.CLUSTER, resourceName: 'my-cluster', resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:x', host: '*', operation: AclOperationTypes.ALTER, permissionType: AclPermissionTypes.ALLOW }],
      }),
      (err: Error & { type?: string }) => {
        assert.equal(err.type, 'INVALID_REQUEST');
        return true;
      },
    );
  });
});

describe('sandbox ACLs and DeleteRecords across a restart with --data-dir', function () {
  this.timeout(30000);

  it('keeps ACL bindings and the log start offset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'msk-acl-data-'));
    const binding = { resourceType: AclResourceTypes.GROUP, resourceName: 'billing-', resourcePatternType: ResourcePatternTypes.PREFIXED, principal: 'User:alice', host: '*', operation: AclOperationTypes.READ, permissionType: AclPermissionTypes.ALLOW };
    try {
      const first = await startBroker({ brokers: 1, dataDir });
      const k1 = new Kafka({ brokers: first.bootstrap.split(','), logLevel: logLevel.NOTHING });
      const a1 = k1.admin();
      await a1.connect();
      await a1.createAcls({ acl: [binding] });
      await a1.createTopics({ topics: [{ topic: 'kept', numPartitions: 1 }] });
      await a1.fetchTopicMetadata({ topics: ['kept'] });
      const p = k1.producer();
      await p.connect();
      await p.send({ topic: 'kept', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
      await p.disconnect();
      await a1.deleteTopicRecords({ topic: 'kept', partitions: [{ partition: 0, offset: '2' }] });
      await a1.disconnect();
      await first.stop();

      const second = await startBroker({ brokers: 1, dataDir });
      const a2 = new Kafka({ brokers: second.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
      await a2.connect();
      try {
        const acls = await a2.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
        assert.deepEqual(acls.resources.map((r) => [r.resourceName, r.resourcePatternType, r.acls.map((x) => x.principal)]), [['billing-', ResourcePatternTypes.PREFIXED, ['User:alice']]]);
        const [o] = await a2.fetchTopicOffsets('kept');
        assert.deepEqual([o.low, o.high], ['2', '3']);
      } finally {
        await a2.disconnect();
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
