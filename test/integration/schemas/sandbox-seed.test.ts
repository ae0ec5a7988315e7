// `--seed demo` with schemas: the sandbox's Glue and Confluent registries hold the demo schemas, and
// its two schema topics, read back by a real consumer (kafkajs), decode through our clients against
// the sandbox's endpoints. `msk-tools sandbox` prints both endpoints.
import * as assert from 'assert';
import { Kafka, logLevel } from 'kafkajs';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox';
import { DEMO_CONFLUENT_SUBJECT, DEMO_GLUE_REGISTRY, DEMO_GLUE_SCHEMA, DEMO_SCHEMA_TOPICS } from '../../../src/sandbox/schema-seed';
import { GlueSchemaRegistry } from '../../../src/aws/glue';
import { ConfluentSchemaRegistry } from '../../../src/kafka/schema-registry';
import { decodeValue, readMessageIndexes, SchemaSession, type DecodeResult } from '../../../src/core/schemas';

async function readAll(bootstrap: string, topic: string, count: number): Promise<Buffer[]> {
  const kafka = new Kafka({ clientId: 'schema-seed-test', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `schema-seed-test-${topic}` });
  const values: Buffer[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${count} messages of ${topic}`)), 30_000);
      void consumer.run({
        eachMessage: ({ message }) => {
          values.push(message.value!);
          if (values.length === count) {
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
  return values;
}

describe('schemas: the sandbox demo seed', function () {
  this.timeout(120_000);
  let sb: RunningSandbox;
  let glue: GlueSchemaRegistry;
  let session: SchemaSession;

  before(async () => {
    sb = await startSandbox({ seed: 'demo', brokers: 1 });
    glue = new GlueSchemaRegistry({ region: sb.region, endpoint: sb.glueEndpoint, credentials: { accessKeyId: 'AKIASANDBOXSEED00001', secretAccessKey: 'x' }, registryName: DEMO_GLUE_REGISTRY });
    session = new SchemaSession({ glue, confluent: new ConfluentSchemaRegistry({ url: sb.registryEndpoint }) });
  });
  after(async () => {
    glue?.dispose();
    await sb?.stop();
  });

  it('holds the demo schemas in both registries: two Avro versions in Glue, one Protobuf subject in Confluent', async () => {
    assert.deepStrictEqual((await glue.listSchemas()).map((s) => s.schemaName), [DEMO_GLUE_SCHEMA]);
    assert.deepStrictEqual((await glue.listSchemaVersions(DEMO_GLUE_SCHEMA)).map((v) => v.version), [1, 2]);
    const confluent = new ConfluentSchemaRegistry({ url: sb.registryEndpoint });
    assert.deepStrictEqual(await confluent.listSubjects(), [DEMO_CONFLUENT_SUBJECT]);
    assert.equal((await confluent.byName(DEMO_CONFLUENT_SUBJECT, 'latest')).format, 'PROTOBUF');
  });

  it('its Glue-Avro topic decodes, every message named with its schema version, some zlib-compressed', async () => {
    const values = await readAll(sb.bootstrap, DEMO_SCHEMA_TOPICS.glueAvro, 30);
    const decoded: DecodeResult[] = await Promise.all(values.map((v) => decodeValue(v, session)));
    assert.ok(decoded.every((d) => d.error === undefined && d.schema?.name === DEMO_GLUE_SCHEMA && d.schema.format === 'AVRO'), JSON.stringify(decoded.find((d) => d.error)));
    assert.deepStrictEqual([...new Set(decoded.map((d) => d.schema!.version))].sort(), [1, 2]);
    assert.equal(values.filter((v) => v[1] === 5).length, 10, 'every third message is zlib-compressed');
    const v2 = decoded.find((d) => d.schema!.version === 2)!.decoded as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(v2), ['orderId', 'customer', 'amount', 'currency', 'coupon']);
    assert.ok(decoded.every((d) => typeof (d.decoded as { orderId: unknown }).orderId === 'number'));
  });

  it('its Confluent-Protobuf topic decodes as PaymentCaptured, the second message of the file (indexes [1])', async () => {
    const values = await readAll(sb.bootstrap, DEMO_SCHEMA_TOPICS.confluentProtobuf, 20);
    assert.ok(values.every((v) => v[0] === 0 && JSON.stringify(readMessageIndexes(v, 5)?.indexes) === '[1]'));
    const decoded = await Promise.all(values.map((v) => decodeValue(v, session)));
    assert.ok(decoded.every((d) => d.error === undefined && d.note === undefined && d.schema?.name === DEMO_CONFLUENT_SUBJECT && d.schema.messageType === 'com.example.payments.PaymentCaptured'), JSON.stringify(decoded.find((d) => d.error)));
    const first = decoded.map((d) => d.decoded as { payment_id: string; amount: { units: string; currency: string }; method: string }).find((p) => p.payment_id === 'pay-1001')!;
    assert.deepStrictEqual([first.amount.units, first.amount.currency, first.method], ['13', 'USD', 'SEPA']);
  });
});
