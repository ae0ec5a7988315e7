// The schema part of `--seed demo`: a Glue Schema Registry schema with two Avro versions and a topic
// of messages in Glue's wire format (some zlib-compressed), and a Confluent Protobuf subject with a
// topic in Confluent's wire format (message indexes naming the second message of the file). The
// schemas sit in the emulators from the start; the messages go through kafkajs like any producer's.
import { withSeedClients } from './seed';
import { compileSchema } from '../core/schemas/codecs';
import { writeConfluentMessage, writeGlueMessage } from '../core/schemas/wire';
import type { SchemaFormat } from '../core/schemas/types';
import type { GlueRegistryStore, GlueSeedSchema } from './glue';
import type { ConfluentRegistryStore, ConfluentSeedSubject } from './confluent-registry';

export const DEMO_SCHEMA_TOPICS = {
  glueAvro: 'orders-glue-avro',
  confluentProtobuf: 'payments-confluent-protobuf',
} as const;

export const DEMO_GLUE_REGISTRY = 'msk-sandbox-registry';
export const DEMO_GLUE_SCHEMA = 'OrderPlaced';
export const DEMO_CONFLUENT_SUBJECT = `${DEMO_SCHEMA_TOPICS.confluentProtobuf}-value`;

const ORDER_V1 = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'com.example.orders',
  fields: [
    { name: 'orderId', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD', 'GBP'] } },
  ],
};
// v2 adds an optional field with a default: a BACKWARD-compatible change, for "Compare versions"
const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'coupon', type: ['null', 'string'], default: null }] };

const PAYMENTS_PROTO = `syntax = "proto3";
package com.example.payments;

message Money {
  int64 units = 1;
  int32 nanos = 2;
  string currency = 3;
}

message PaymentCaptured {
  string payment_id = 1;
  string order_id = 2;
  Money amount = 3;
  Method method = 4;
  repeated string tags = 5;

  enum Method {
    CARD = 0;
    SEPA = 1;
    WALLET = 2;
  }
}
`;

export const DEMO_GLUE_SCHEMAS: GlueSeedSchema[] = [
  { registryName: DEMO_GLUE_REGISTRY, schemaName: DEMO_GLUE_SCHEMA, dataFormat: 'AVRO', versions: [JSON.stringify(ORDER_V1, null, 2), JSON.stringify(ORDER_V2, null, 2)], description: 'Orders placed in the demo shop (Avro)' },
];

export const DEMO_CONFLUENT_SUBJECTS: ConfluentSeedSubject[] = [{ subject: DEMO_CONFLUENT_SUBJECT, schemaType: 'PROTOBUF', versions: [PAYMENTS_PROTO] }];

/** The emulators' check of a schema before they store it: it must compile with our codecs. */
export async function checkSchemaDefinition(format: SchemaFormat, definition: string, references: { name: string; schema: string }[] = []): Promise<void> {
  await compileSchema(format, definition, references.map((r) => ({ name: r.name, definition: r.schema })));
}

export async function seedSchemaTopics(bootstrap: string, stores: { glue: GlueRegistryStore; confluent: ConfluentRegistryStore }, log: (msg: string) => void = () => {}): Promise<void> {
  const glueIds = stores.glue.versionIds(DEMO_GLUE_SCHEMA, DEMO_GLUE_REGISTRY);
  const [protoId] = stores.confluent.idsOf(DEMO_CONFLUENT_SUBJECT);
  if (glueIds.length !== 2 || protoId === undefined) throw new Error('the demo schemas are missing from the sandbox registries');
  const [v1, v2] = await Promise.all([compileSchema('AVRO', JSON.stringify(ORDER_V1)), compileSchema('AVRO', JSON.stringify(ORDER_V2))]);
  const proto = await compileSchema('PROTOBUF', PAYMENTS_PROTO);
  const customers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  const currencies = ['EUR', 'USD', 'GBP'];
  const base = Date.UTC(2026, 0, 15, 9, 0, 0);

  const orders = Array.from({ length: 30 }, (_, i) => {
    const order = { orderId: 5000 + i, customer: customers[i % customers.length], amount: Math.round((i * 13.7 + 9.99) * 100) / 100, currency: currencies[i % 3] };
    // the first half written with v1, the second with v2; every third message zlib-compressed
    const [id, schema, value] = i < 15 ? [glueIds[0], v1, order] : [glueIds[1], v2, { ...order, coupon: i % 2 ? `SPRING${i}` : null }];
    return { key: order.customer, value: writeGlueMessage(id, schema.encode(value).payload, i % 3 === 2 ? 'zlib' : 'none'), timestamp: String(base + i * 60_000) };
  });
  const payments = Array.from({ length: 20 }, (_, i) => {
    const value = { payment_id: `pay-${1000 + i}`, order_id: String(5000 + i), amount: { units: 10 + i * 3, nanos: (i * 250_000_000) % 1_000_000_000, currency: currencies[i % 3] }, method: ['CARD', 'SEPA', 'WALLET'][i % 3], tags: i % 4 === 0 ? ['first-purchase'] : [] };
    const { payload, messagePath } = proto.encode(value, 'PaymentCaptured', 'confluent');
    return { key: value.payment_id, value: writeConfluentMessage(protoId, payload, messagePath?.kind === 'confluent' ? messagePath.indexes : [0]), timestamp: String(base + i * 90_000) };
  });

  await withSeedClients(bootstrap, async (admin, producer) => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: DEMO_SCHEMA_TOPICS.glueAvro, numPartitions: 2 },
        { topic: DEMO_SCHEMA_TOPICS.confluentProtobuf, numPartitions: 1 },
      ],
    });
    await producer.send({ topic: DEMO_SCHEMA_TOPICS.glueAvro, acks: -1, messages: orders });
    await producer.send({ topic: DEMO_SCHEMA_TOPICS.confluentProtobuf, acks: -1, messages: payments });
    log(`seeded schema topics ${DEMO_SCHEMA_TOPICS.glueAvro} (Glue ${DEMO_GLUE_REGISTRY}/${DEMO_GLUE_SCHEMA}, Avro) and ${DEMO_SCHEMA_TOPICS.confluentProtobuf} (Confluent ${DEMO_CONFLUENT_SUBJECT}, Protobuf)`);
  });
}
