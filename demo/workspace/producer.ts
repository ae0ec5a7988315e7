import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'demo', brokers: ['127.0.0.1:19092'] });
const producer = kafka.producer({ maxInFlightRequests: 5 });

export async function publish(value: string): Promise<void> {
  await producer.connect();
  await producer.send({ topic: 'orders', acks: 1, messages: [{ value }] });
}
