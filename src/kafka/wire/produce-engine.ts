// The produce engine: every message checked against max.message.bytes first (nothing is sent when
// one is too large), then InitProducerId (idempotent mode), records assigned to partitions (an
// explicit partition, Java's murmur2 for a key, sticky batches for no key), batches of up to 1 MiB
// per partition with their sequence numbers, and up to 5 Produce requests in flight per leader,
// acks=all. Kafka answers a connection's requests in order, and with idempotence it keeps the last
// 5 batches of each producer and partition, so pipelining keeps the order and drops no duplicate.
import { Codec } from '../../core/codecs';
import { ApiKey } from '../../core/protocol/api-keys';
import {
  decodeDescribeConfigs, decodeInitProducerId, decodeProduce, encodeDescribeTopicConfigs, encodeInitProducerId, encodeProduce, type ProducePartitionData,
} from '../../core/protocol/client-requests';
import { ErrorCode, errorName } from '../../core/protocol/errors';
import { keyPartition } from '../../core/protocol/murmur2';
import { encodeRecordBatch, recordSizeInBatch, singleRecordBatchSize, type RecordToWrite } from '../../core/protocol/record-batch';
import type { ConnectionSpec } from '../connection';
import {
  DEFAULT_MAX_MESSAGE_BYTES, OversizeMessagesError, ProduceFailedError,
  type CompressionName, type OutgoingMessage, type OversizeMessage, type ProducedResult, type ProduceOptions, type ProduceOutcome,
} from '../produce';
import { KafkaProtocolError, WireClient } from './client';

export { OversizeMessagesError, ProduceFailedError } from '../produce';

const MAX_IN_FLIGHT = 5;
const MAX_BATCH_BYTES = 1024 * 1024;
const PRODUCE_TIMEOUT_MS = 30000;

const CODECS: Record<CompressionName, Codec> = { none: Codec.None, gzip: Codec.Gzip, snappy: Codec.Snappy, lz4: Codec.Lz4, zstd: Codec.Zstd };

const HINTS: Partial<Record<number, string>> = {
  [ErrorCode.TOPIC_AUTHORIZATION_FAILED]: ' (the connection needs WriteData on the topic: kafka-cluster:WriteData)',
  [ErrorCode.CLUSTER_AUTHORIZATION_FAILED]: ' (an idempotent producer needs kafka-cluster:WriteDataIdempotently, or IdempotentWrite on the cluster)',
  [ErrorCode.MESSAGE_TOO_LARGE]: ' (a batch exceeds the topic\'s max.message.bytes)',
  [ErrorCode.NOT_ENOUGH_REPLICAS]: ' (fewer in-sync replicas than min.insync.replicas)',
};

function toBuffer(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function toRecord(m: OutgoingMessage, now: number): RecordToWrite {
  const hs = m.headers ? Object.entries(m.headers) : null;
  return {
    key: toBuffer(m.key),
    value: toBuffer(m.value),
    headers: hs && hs.length ? hs.map(([k, v]) => ({ key: Buffer.from(k, 'utf8'), value: toBuffer(v) })) : null,
    timestamp: m.timestamp ?? now,
  };
}

/** The messages whose batch of one is larger than maxMessageBytes (what the broker would refuse). */
export function findOversize(messages: OutgoingMessage[], maxMessageBytes: number): OversizeMessage[] {
  const now = Date.now();
  const out: OversizeMessage[] = [];
  messages.forEach((m, index) => {
    const size = singleRecordBatchSize(toRecord(m, now));
    if (size > maxMessageBytes) out.push({ index, size });
  });
  return out;
}

async function maxMessageBytesWith(client: WireClient, topic: string): Promise<number> {
  const conn = await client.any();
  if (!conn.supports(ApiKey.DescribeConfigs)) return DEFAULT_MAX_MESSAGE_BYTES; // e.g. librdkafka's mock cluster
  const v = conn.version(ApiKey.DescribeConfigs);
  const [res] = await conn.request(ApiKey.DescribeConfigs, v, (w) => encodeDescribeTopicConfigs(w, v, topic, ['max.message.bytes']), (r) => decodeDescribeConfigs(r, v));
  if (!res || res.errorCode !== ErrorCode.NONE) {
    const code = res?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    throw new KafkaProtocolError(code, `DescribeConfigs for topic "${topic}": ${res?.errorMessage ?? errorName(code)}${code === ErrorCode.TOPIC_AUTHORIZATION_FAILED ? ' (the connection needs DescribeTopicDynamicConfiguration on the topic)' : ''}`);
  }
  const value = Number(res.configs.get('max.message.bytes'));
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_MESSAGE_BYTES;
}

export async function readTopicMaxMessageBytes(spec: ConnectionSpec, topic: string): Promise<number> {
  const client = await WireClient.connect(spec);
  try {
    await client.topicLayout(topic);
    return await maxMessageBytesWith(client, topic);
  } catch (err) {
    throw client.redactor.redactError(err as Error);
  } finally {
    client.close();
  }
}

interface Batch {
  partition: number;
  indices: number[];
  bytes: Buffer;
}

/**
 * Uncompressed batches are written into buffers of one size that are used again once the broker
 * has answered their request (it has then read every byte): a run keeps at most a few of them
 * whatever the number of messages, instead of a fresh megabyte per batch for the collector.
 */
class BatchBuffers {
  private readonly free: Buffer[] = [];

  constructor(private readonly size: number, private readonly keep: number) {}

  readonly alloc = (n: number): Buffer => (n <= this.size ? this.free.pop() ?? Buffer.allocUnsafe(this.size) : Buffer.allocUnsafe(n));

  release(b: Buffer): void {
    if (b.buffer.byteLength === this.size && b.byteOffset === 0 && this.free.length < this.keep) this.free.push(Buffer.from(b.buffer, 0, this.size));
  }
}

export async function runProduce(spec: ConnectionSpec, messages: OutgoingMessage[], opts: ProduceOptions): Promise<ProduceOutcome> {
  if (messages.length === 0) return { results: [], cancelled: false };
  const codec = CODECS[opts.compression ?? 'none'];
  if (codec === undefined) throw new Error(`unknown compression "${opts.compression}": use none, gzip, snappy, lz4 or zstd`);
  const now = Date.now();
  const records = messages.map((m) => toRecord(m, now));
  const client = await WireClient.connect(spec);
  const acked = new Array<ProducedResult | undefined>(messages.length);
  const collect = () => acked.filter((r): r is ProducedResult => r !== undefined);
  try {
    const layout = await client.topicLayout(opts.topic, { autoCreate: true });
    const partitionCount = layout.leaders.size;
    const maxBytes = opts.maxMessageBytes ?? await maxMessageBytesWith(client, opts.topic);
    const oversize: OversizeMessage[] = [];
    records.forEach((r, index) => {
      const size = singleRecordBatchSize(r);
      if (size > maxBytes) oversize.push({ index, size });
    });
    if (oversize.length) throw new OversizeMessagesError(oversize, maxBytes);
    const badPartition = messages.findIndex((m) => m.partition !== undefined && (!Number.isInteger(m.partition) || m.partition < 0 || m.partition >= partitionCount));
    if (badPartition >= 0) throw new Error(`Message #${badPartition} asks for partition ${messages[badPartition].partition}, but topic "${opts.topic}" has partitions 0-${partitionCount - 1}. Nothing was sent.`);
    const batchLimit = Math.min(maxBytes, MAX_BATCH_BYTES) - 61;
    const buffers = codec === Codec.None ? new BatchBuffers(batchLimit + 61, (MAX_IN_FLIGHT + 1) * partitionCount) : null;

    // partitions: explicit, by key (murmur2), else sticky (a batch's worth to one partition, then the next)
    const perPartition: number[][] = Array.from({ length: partitionCount }, () => []);
    let sticky = Math.floor(Math.random() * partitionCount);
    let stickyBytes = 0;
    records.forEach((r, i) => {
      const explicit = messages[i].partition;
      if (explicit !== undefined) perPartition[explicit].push(i);
      else if (r.key !== null) perPartition[keyPartition(r.key, partitionCount)].push(i);
      else {
        const size = recordSizeInBatch(r, 0, 0);
        if (stickyBytes > 0 && stickyBytes + size > batchLimit) {
          sticky = (sticky + 1) % partitionCount;
          stickyBytes = 0;
        }
        stickyBytes += size;
        perPartition[sticky].push(i);
      }
    });

    let producerId: bigint = -1n;
    let producerEpoch = -1;
    const idempotent = opts.idempotent !== false;
    if (idempotent) {
      const conn = await client.any();
      const v = conn.version(ApiKey.InitProducerId);
      const res = await conn.request(ApiKey.InitProducerId, v, encodeInitProducerId, decodeInitProducerId);
      if (res.errorCode !== ErrorCode.NONE) {
        throw new KafkaProtocolError(res.errorCode, `InitProducerId: ${errorName(res.errorCode)}${HINTS[res.errorCode] ?? ''}. Without an idempotent producer, retries may write duplicates; on a broker with no controller, produce with idempotence off.`);
      }
      producerId = res.producerId;
      producerEpoch = res.producerEpoch;
    }

    // batches per partition, in order, with their base sequences; then requests per leader
    // batches are encoded as they are sent (not all first), so encoding overlaps the broker's work
    function* makeBatches(partition: number): Generator<Batch> {
      const idx = perPartition[partition];
      let sequence = 0;
      let start = 0;
      while (start < idx.length) {
        let bytes = 0;
        let end = start;
        const ts0 = records[idx[start]].timestamp;
        while (end < idx.length) {
          const r = records[idx[end]];
          const size = recordSizeInBatch(r, end - start, r.timestamp - ts0);
          if (end > start && bytes + size > batchLimit) break;
          bytes += size;
          end++;
        }
        const indices = idx.slice(start, end);
        const recs = indices.map((i) => records[i]);
        yield { partition, indices, bytes: encodeRecordBatch(recs, { codec, producerId, producerEpoch, baseSequence: idempotent ? sequence : -1, alloc: buffers?.alloc }) };
        sequence = (sequence + indices.length) % 2 ** 31;
        start = end;
      }
    }

    const byLeader = new Map<number, Generator<Batch>[]>();
    for (let p = 0; p < partitionCount; p++) {
      if (perPartition[p].length === 0) continue;
      const leader = layout.leaders.get(p)!;
      const list = byLeader.get(leader) ?? [];
      list.push(makeBatches(p));
      byLeader.set(leader, list);
    }

    let sent = 0;
    let failure: ProduceFailedError | null = null;
    const aborted = () => opts.signal?.aborted === true;

    const runLeader = async (leader: number, partitionBatches: Generator<Batch>[]): Promise<void> => {
      const conn = await client.broker(leader);
      const v = conn.version(ApiKey.Produce);
      if (codec === Codec.Zstd && v < 7) throw new Error(`zstd needs Produce v7 (Kafka 2.1); broker ${leader} speaks up to v${v}: choose another compression`);
      // request i carries batch i of each of this leader's partitions
      const inFlight = new Set<Promise<void>>();
      for (;;) {
        if (failure || aborted()) break;
        const batches: Batch[] = [];
        for (const g of partitionBatches) {
          const next = g.next();
          if (!next.done) batches.push(next.value);
        }
        if (batches.length === 0) break;
        const data: ProducePartitionData[] = batches.map((b) => ({ partition: b.partition, records: b.bytes }));
        const p = conn.request(ApiKey.Produce, v, (w) => encodeProduce(w, v, opts.topic, -1, PRODUCE_TIMEOUT_MS, data), (r) => decodeProduce(r, v), PRODUCE_TIMEOUT_MS + 10000)
          .then((res) => {
            for (const pr of res) {
              const b = batches.find((x) => x.partition === pr.partition);
              if (!b) continue;
              if (pr.errorCode === ErrorCode.NONE || pr.errorCode === ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
                b.indices.forEach((index, i) => { acked[index] = { index, partition: b.partition, offset: pr.baseOffset < 0 ? -1 : pr.baseOffset + i }; });
                sent += b.indices.length;
              } else if (!failure) {
                failure = new ProduceFailedError(`Produce to ${opts.topic}-${pr.partition}: ${pr.errorMessage ?? errorName(pr.errorCode)}${HINTS[pr.errorCode] ?? ''}`, [], pr.errorCode);
              }
            }
            opts.onProgress?.(sent, messages.length);
            // answered: the broker has read every byte of these batches
            if (buffers) for (const b of batches) buffers.release(b.bytes);
          }, (err: Error) => {
            failure ??= new ProduceFailedError(`Produce to broker ${leader}: ${err.message}`, []);
          });
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    };

    await Promise.all([...byLeader].map(([leader, batches]) => runLeader(leader, batches)));
    if (failure) {
      const f = failure as ProduceFailedError;
      throw new ProduceFailedError(`${f.message}. ${sent} of ${messages.length} messages were written before the error.`, collect(), f.code);
    }
    return { results: collect(), cancelled: aborted() && sent < messages.length };
  } catch (err) {
    if (err instanceof ProduceFailedError || err instanceof OversizeMessagesError) throw err;
    throw client.redactor.redactError(err instanceof Error ? err : new Error(String(err)));
  } finally {
    client.close();
  }
}
