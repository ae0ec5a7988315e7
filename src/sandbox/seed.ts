// `--seed demo`: topics a person can explore at once, written through a real client (kafkajs) so the
// data is exactly what a producer would leave: JSON, text, binary, headers, one batch per compression
// codec, and a consumer group with lag.
import type { Admin, Kafka as KafkaType, Producer } from 'kafkajs';
import { Codec, compress, decompress } from '../core/codecs';

export const DEMO_TOPICS = {
  orders: 'orders',
  auditLog: 'audit-log',
  sensors: 'sensor-readings',
  events: 'events-with-headers',
  codecs: 'compressed',
} as const;
export const DEMO_GROUP = 'billing-service';
export const DEMO_CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

let codecsRegistered = false;

/** kafkajs ships gzip only; the others are plugged in from src/core/codecs. */
function registerCodecs(kafkajs: typeof import('kafkajs')): void {
  if (codecsRegistered) return;
  codecsRegistered = true;
  const adapter = (codec: Codec) => () => ({
    compress: (encoder: { buffer: Buffer }) => Promise.resolve(compress(codec, encoder.buffer)),
    decompress: (buffer: Buffer) => Promise.resolve(decompress(codec, buffer)),
  });
  const { CompressionCodecs, CompressionTypes } = kafkajs;
  CompressionCodecs[CompressionTypes.Snappy] = adapter(Codec.Snappy);
  CompressionCodecs[CompressionTypes.LZ4] = adapter(Codec.Lz4);
  CompressionCodecs[CompressionTypes.ZSTD] = adapter(Codec.Zstd);
}

/**
 * Runs `fn` with a connected kafkajs admin and idempotent producer (acks are the caller's), as the
 * seeds write: one client id, kafkajs' logs off, every codec plugged in; both disconnect afterwards.
 */
export async function withSeedClients(
  bootstrap: string,
  fn: (admin: Admin, producer: Producer, kafkajs: typeof import('kafkajs')) => Promise<void>,
): Promise<void> {
  const loaded = await import('kafkajs');
  // through Node's ESM loader a CommonJS module's exports sit under `default`
  const kafkajs = 'CompressionCodecs' in loaded ? loaded : (loaded as unknown as { default: typeof loaded }).default;
  registerCodecs(kafkajs);
  const kafka: KafkaType = new kafkajs.Kafka({ clientId: 'msk-tools-sandbox-seed', brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await admin.connect();
  await producer.connect();
  try {
    await fn(admin, producer, kafkajs);
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

export async function seedDemo(bootstrap: string, log: (msg: string) => void = () => {}): Promise<void> {
  await withSeedClients(bootstrap, async (admin, producer, kafkajs) => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: DEMO_TOPICS.orders, numPartitions: 3 },
        { topic: DEMO_TOPICS.auditLog, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(7 * 86_400_000) }] },
        { topic: DEMO_TOPICS.sensors, numPartitions: 2 },
        { topic: DEMO_TOPICS.events, numPartitions: 1 },
        { topic: DEMO_TOPICS.codecs, numPartitions: 1 },
      ],
    });
    const customers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const base = Date.UTC(2026, 0, 15, 9, 0, 0);
    await producer.send({
      topic: DEMO_TOPICS.orders,
      acks: -1,
      messages: Array.from({ length: 60 }, (_, i) => ({
        key: customers[i % customers.length],
        value: JSON.stringify({ orderId: 1000 + i, customer: customers[i % customers.length], amount: Math.round((i * 7.31 + 5) * 100) / 100, currency: 'EUR', items: (i % 4) + 1 }),
        timestamp: String(base + i * 60_000),
      })),
    });
    await producer.send({
      topic: DEMO_TOPICS.auditLog,
      acks: -1,
      messages: Array.from({ length: 20 }, (_, i) => ({
        value: `${new Date(base + i * 1000).toISOString()} INFO user=${customers[i % customers.length]} action=${['login', 'view', 'update', 'logout'][i % 4]}`,
        timestamp: String(base + i * 1000),
      })),
    });
    await producer.send({
      topic: DEMO_TOPICS.sensors,
      acks: -1,
      messages: Array.from({ length: 24 }, (_, i) => {
        const value = Buffer.alloc(16);
        value.writeUInt32BE(0xc0ffee00 + (i % 4), 0); // sensor id
        value.writeUInt32BE(i, 4); // reading number
        value.writeDoubleBE(20 + Math.sin(i / 3) * 5, 8); // temperature
        return { key: Buffer.from([i % 4]), value, timestamp: String(base + i * 5000) };
      }),
    });
    await producer.send({
      topic: DEMO_TOPICS.events,
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({
        key: `evt-${i}`,
        value: JSON.stringify({ type: i % 2 ? 'shipment.created' : 'payment.captured', id: i }),
        headers: { 'content-type': 'application/json', 'trace-id': `trace-${(i * 7919).toString(16)}`, source: 'checkout' },
      })),
    });
    const types = kafkajs.CompressionTypes;
    const byName = { none: types.None, gzip: types.GZIP, snappy: types.Snappy, lz4: types.LZ4, zstd: types.ZSTD };
    for (const name of DEMO_CODECS) {
      // one send per codec: one batch per codec on the single partition
      await producer.send({
        topic: DEMO_TOPICS.codecs,
        acks: -1,
        compression: byName[name],
        messages: Array.from({ length: 5 }, (_, i) => ({ key: name, value: `${name} message ${i + 1}: ${'payload '.repeat(8)}` })),
      });
    }
    // a group that has read half of each partition: lag to look at
    const offsets = await admin.fetchTopicOffsets(DEMO_TOPICS.orders);
    await admin.setOffsets({
      groupId: DEMO_GROUP,
      topic: DEMO_TOPICS.orders,
      partitions: offsets.map((o) => ({ partition: o.partition, offset: String(Math.floor(Number(o.high) / 2)) })),
    });
    log(`seeded demo topics ${Object.values(DEMO_TOPICS).join(', ')} and group ${DEMO_GROUP}`);
  });
}
