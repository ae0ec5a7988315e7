// Produce: an idempotent producer by default (InitProducerId, acks=all, a sequence number per
// partition, at most 5 requests in flight per broker), over our own wire client. Every message is
// checked against the topic's max.message.bytes before anything is sent.
import type { PackedJsonl } from '../core/recipes/jsonl-bytes';
import type { ConnectionSpec } from './connection';
import type { ProduceConnection } from './wire/produce-engine';

export interface OutgoingMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
  timestamp?: number;
}

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface ProduceOptions {
  topic: string;
  /** Default true: an idempotent producer with acks=all. False: acks=all without a producer id (brokers with no controller, such as librdkafka's mock). */
  idempotent?: boolean;
  signal?: AbortSignal;
  onProgress?: (sent: number, total: number) => void;
  /** The size limit to check every message against before sending (default: the topic's max.message.bytes, read first). */
  maxMessageBytes?: number;
  /** Batch compression (default none). */
  compression?: CompressionName;
}

export interface ProducedResult {
  index: number;
  partition: number;
  offset: number;
}

export interface ProduceOutcome {
  /** One per message acknowledged, in input order of index. */
  results: ProducedResult[];
  /** The run was cancelled by the signal: results say what was sent. */
  cancelled: boolean;
}

/** A message larger than the topic's max.message.bytes: nothing of the set was sent. */
export interface OversizeMessage {
  index: number;
  size: number;
}

export class OversizeMessagesError extends Error {
  constructor(readonly oversize: OversizeMessage[], readonly maxMessageBytes: number) {
    super(`${oversize.length} message(s) exceed the topic's max.message.bytes (${maxMessageBytes}): ${oversize.slice(0, 5).map((o) => `#${o.index} (${o.size} bytes)`).join(', ')}${oversize.length > 5 ? ', …' : ''}. Nothing was sent; remove or shrink them, or send the others only.`);
    this.name = 'OversizeMessagesError';
  }
}

/** A produce that failed part-way: `results` say what was written before the error. */
export class ProduceFailedError extends Error {
  constructor(message: string, readonly results: ProducedResult[], readonly code?: number) {
    super(message);
    this.name = 'ProduceFailedError';
  }
}

/** Kafka's default max.message.bytes (broker and topic), used where a broker cannot describe configs. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1048588;

/** Sends messages to one topic: objects, or the packed records of a plain JSONL file (src/core/recipes/jsonl-bytes.ts). */
export async function produce(spec: ConnectionSpec, messages: OutgoingMessage[] | PackedJsonl, opts: ProduceOptions, connection?: Promise<ProduceConnection>): Promise<ProduceOutcome> {
  const { runProduce } = await import('./wire/engines');
  return runProduce(spec, messages, opts, connection);
}

/** The topic's max.message.bytes (DescribeConfigs); Kafka's default where the broker has no DescribeConfigs. */
export async function topicMaxMessageBytes(spec: ConnectionSpec, topic: string): Promise<number> {
  const { readTopicMaxMessageBytes } = await import('./wire/engines');
  return readTopicMaxMessageBytes(spec, topic);
}

/** The messages whose batch of one is larger than maxMessageBytes, by index. */
export async function oversizeMessages(messages: OutgoingMessage[], maxMessageBytes: number): Promise<OversizeMessage[]> {
  const { findOversize } = await import('./wire/engines');
  return findOversize(messages, maxMessageBytes);
}
