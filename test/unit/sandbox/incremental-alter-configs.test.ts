// IncrementalAlterConfigs (key 44) at the byte level: requests encoded by hand from Kafka's
// IncrementalAlterConfigsRequest.json (test/helpers/kafka-codec.ts), answers decoded field by field.
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { RawClient } from '../../helpers/kafka-raw';
import * as K from '../../helpers/kafka-codec';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';

const SET = 0, DELETE = 1, APPEND = 2, SUBTRACT = 3;
const TOPIC = 2, BROKER = 4;

describe('sandbox IncrementalAlterConfigs (byte level)', function () {
  let broker: RunningBroker;
  let c: RawClient;
  const overrides = (topic: string) => Object.fromEntries(broker.cluster.topics.get(topic)!.configs);
  const send = async (v: number, resources: Parameters<typeof K.encIncrementalAlterConfigs>[1], validateOnly = false) =>
    K.decIncrementalAlterConfigs(v, (await c.request(ApiKey.IncrementalAlterConfigs, v, K.encIncrementalAlterConfigs(v, resources, validateOnly), { flexibleHeader: v >= 1, flexibleResponseHeader: v >= 1 })).body);

  before(async () => {
    broker = await startBroker({ brokers: 3, port: 0 });
    c = await RawClient.connect(broker.bootstrap);
  });
  after(async () => {
    c.close();
    await broker.stop();
  });
  beforeEach(() => {
    for (const t of ['inc', 'other']) if (broker.cluster.topics.has(t)) broker.cluster.deleteTopic(t);
    broker.cluster.createTopic('inc', { partitions: 1, replicationFactor: 3, configs: new Map([['retention.ms', '3600000'], ['max.message.bytes', '200000']]) });
    broker.cluster.createTopic('other', { partitions: 1, replicationFactor: 1 });
  });

  it('is advertised by ApiVersions as 0–1', async () => {
    const d = K.decApiVersions(0, (await c.request(ApiKey.ApiVersions, 0, K.encApiVersions(0))).body);
    assert.deepEqual(d.apis.find((a) => a.apiKey === 44), { apiKey: 44, min: 0, max: 1 });
  });

  it('v0: answers with exactly the schema\'s bytes', async () => {
    const res = await c.request(ApiKey.IncrementalAlterConfigs, 0, K.encIncrementalAlterConfigs(0, [{ type: TOPIC, name: 'inc', configs: [['segment.ms', SET, '1000']] }]));
    const body = res.frame.subarray(4);
    // throttle_time_ms 0, one resource: error 0, null message, type 2, name "inc"
    assert.deepEqual(body, Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xff, 0xff, 2, 0, 3, ...Buffer.from('inc')]));
  });

  for (const v of [0, 1]) {
    it(`v${v}: SET and DELETE change only the named configs; the other overrides stay`, async () => {
      const d = await send(v, [{ type: TOPIC, name: 'inc', configs: [['cleanup.policy', SET, 'compact'], ['retention.ms', DELETE, null]] }]);
      assert.deepEqual(d.results, [{ errorCode: 0, message: null, type: TOPIC, name: 'inc' }]);
      assert.deepEqual(overrides('inc'), { 'max.message.bytes': '200000', 'cleanup.policy': 'compact' });
    });

    it(`v${v}: APPEND and SUBTRACT edit list configs from the override or the default; refused on other types`, async () => {
      assert.equal((await send(v, [{ type: TOPIC, name: 'inc', configs: [['cleanup.policy', APPEND, 'compact']] }])).results[0].errorCode, 0);
      assert.equal(overrides('inc')['cleanup.policy'], 'delete,compact', 'appended to the default "delete"');
      assert.equal((await send(v, [{ type: TOPIC, name: 'inc', configs: [['cleanup.policy', APPEND, 'delete']] }])).results[0].errorCode, 0);
      assert.equal(overrides('inc')['cleanup.policy'], 'delete,compact', 'an item already there is not added twice');
      assert.equal((await send(v, [{ type: TOPIC, name: 'inc', configs: [['cleanup.policy', SUBTRACT, 'delete']] }])).results[0].errorCode, 0);
      assert.equal(overrides('inc')['cleanup.policy'], 'compact');
      const bad = (await send(v, [{ type: TOPIC, name: 'inc', configs: [['segment.ms', SET, '1000'], ['retention.ms', APPEND, '5']] }])).results[0];
      assert.equal(bad.errorCode, ErrorCode.INVALID_CONFIG);
      assert.match(bad.message!, /append is not allowed for config key: retention\.ms/);
      assert.equal(overrides('inc')['segment.ms'], undefined, 'a refused resource changes none of its configs');
      assert.equal((await send(v, [{ type: TOPIC, name: 'inc', configs: [['retention.ms', SUBTRACT, '5']] }])).results[0].errorCode, ErrorCode.INVALID_CONFIG);
    });

    it(`v${v}: validate_only checks without changing; values are validated as AlterConfigs does`, async () => {
      assert.equal((await send(v, [{ type: TOPIC, name: 'inc', configs: [['retention.ms', SET, '5']] }], true)).results[0].errorCode, 0);
      assert.equal(overrides('inc')['retention.ms'], '3600000');
      for (const [name, value, why] of [['retention.ms', 'soon', /integer/], ['no.such.config', '1', /unknown topic config/], ['min.insync.replicas', '4', /larger than the replication factor/]] as const) {
        for (const validateOnly of [true, false]) {
          const r = (await send(v, [{ type: TOPIC, name: 'inc', configs: [[name, SET, value]] }], validateOnly)).results[0];
          assert.equal(r.errorCode, ErrorCode.INVALID_CONFIG, `${name}=${value}`);
          assert.match(r.message!, why);
        }
      }
      assert.deepEqual(overrides('inc'), { 'retention.ms': '3600000', 'max.message.bytes': '200000' });
    });

    it(`v${v}: errors per resource (unknown topic, duplicates, null values, unknown op, broker, other types)`, async () => {
      const d = await send(v, [
        { type: TOPIC, name: 'missing', configs: [['retention.ms', SET, '1']] },
        { type: TOPIC, name: 'inc', configs: [['retention.ms', SET, '1']] },
        { type: TOPIC, name: 'other', configs: [['retention.ms', SET, '1'], ['retention.ms', DELETE, null]] },
        { type: TOPIC, name: 'inc', configs: [] },
        { type: BROKER, name: '1', configs: [['log.retention.ms', SET, '1']] },
        { type: BROKER, name: 'b-1', configs: [] },
        { type: 3, name: 'some-group', configs: [] },
      ]);
      assert.deepEqual(d.results.map((r) => [r.type, r.name, r.errorCode]), [
        [TOPIC, 'missing', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
        [TOPIC, 'inc', ErrorCode.INVALID_REQUEST],
        [TOPIC, 'other', ErrorCode.INVALID_REQUEST],
        [TOPIC, 'inc', ErrorCode.INVALID_REQUEST],
        [BROKER, '1', ErrorCode.POLICY_VIOLATION],
        [BROKER, 'b-1', ErrorCode.INVALID_REQUEST],
        [3, 'some-group', ErrorCode.INVALID_REQUEST],
      ]);
      assert.match(d.results[1].message!, /Each resource must appear at most once/);
      assert.match(d.results[2].message!, /duplicate config keys : retention\.ms/);
      assert.equal(overrides('inc')['retention.ms'], '3600000', 'a duplicated resource is not changed');
      const nul = (await send(v, [{ type: TOPIC, name: 'inc', configs: [['retention.ms', SET, null]] }])).results[0];
      assert.equal(nul.errorCode, ErrorCode.INVALID_REQUEST);
      assert.match(nul.message!, /Null value not supported for : retention\.ms/);
      assert.equal((await send(v, [{ type: TOPIC, name: 'inc', configs: [['retention.ms', 7, '1']] }])).results[0].errorCode, ErrorCode.INVALID_REQUEST);
      // DELETE with a value: the value is ignored
      assert.equal((await send(v, [{ type: TOPIC, name: 'inc', configs: [['retention.ms', DELETE, 'x']] }])).results[0].errorCode, 0);
      assert.equal(overrides('inc')['retention.ms'], undefined);
    });
  }

  it('a truncated body closes the connection (the response has no top-level error field)', async () => {
    const raw = await RawClient.connect(broker.bootstrap);
    try {
      raw.send(ApiKey.IncrementalAlterConfigs, 0, (w) => w.int32(1).int8(TOPIC));
      assert.equal(await raw.nextFrame(3000), null);
    } finally {
      raw.close();
    }
  });
});
