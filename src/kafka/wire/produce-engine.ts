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
import { encodeRecordBatch, plainRecordSizeInBatch, plainSingleRecordBatchSize, recordSizeInBatch, singleRecordBatchSize, type RecordToWrite } from '../../core/protocol/record-batch';
import type { PackedJsonl } from '../../core/recipes/jsonl-bytes';
import type { ConnectionSpec } from '../connection';
import {
  DEFAULT_MAX_MESSAGE_BYTES, OversizeMessagesError, ProduceFailedError,
  type CompressionName, type OutgoingMessage, type OversizeMessage, type ProducedResult, type ProduceOptions, type ProduceOutcome,
} from '../produce';
import { KafkaProtocolError, WireClient, type TopicLayout } from './client';

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
  return oversizeIn(new MessageSource(messages, Date.now()), maxMessageBytes);
}

/** The records of src whose batch of one is larger than maxMessageBytes. */
function oversizeIn(src: RecordSource, maxMessageBytes: number): OversizeMessage[] {
  const out: OversizeMessage[] = [];
  for (let index = 0; index < src.length; index++) {
    const size = src.singleBatchSize(index);
    if (size > maxMessageBytes) out.push({ index, size });
  }
  return out;
}

/**
 * What the engine sends, by index: sizes, partitions and timestamps for planning, and each record as
 * its batch is encoded. Messages given as objects become records first; a packed JSONL file's
 * records are made batch by batch from ranges of its bytes (views that the collector frees young,
 * not 100,000 of them kept for the whole run).
 */
interface RecordSource {
  readonly length: number;
  singleBatchSize(i: number): number;
  sizeInBatch(i: number, offsetDelta: number, timestampDelta: number): number;
  /** The partition asked for, if any. */
  explicitPartition(i: number): number | undefined;
  /** The partition of the record's key (murmur2), or -1 without a key. */
  keyPartition(i: number, partitions: number): number;
  timestamp(i: number): number;
  record(i: number): RecordToWrite;
}

class MessageSource implements RecordSource {
  private readonly records: RecordToWrite[];
  constructor(private readonly messages: OutgoingMessage[], now: number) {
    this.records = messages.map((m) => toRecord(m, now));
  }

  get length(): number {
    return this.records.length;
  }

  singleBatchSize(i: number): number {
    return singleRecordBatchSize(this.records[i]);
  }

  sizeInBatch(i: number, offsetDelta: number, timestampDelta: number): number {
    return recordSizeInBatch(this.records[i], offsetDelta, timestampDelta);
  }

  explicitPartition(i: number): number | undefined {
    return this.messages[i].partition;
  }

  keyPartition(i: number, partitions: number): number {
    const k = this.records[i].key;
    return k === null ? -1 : keyPartition(k, partitions);
  }

  timestamp(i: number): number {
    return this.records[i].timestamp;
  }

  record(i: number): RecordToWrite {
    return this.records[i];
  }
}

class PackedSource implements RecordSource {
  constructor(private readonly p: PackedJsonl, private readonly now: number) {}

  get length(): number {
    return this.p.count;
  }

  /** -1 for a null or absent key. */
  private keyLen(i: number): number {
    const n = this.p.keyLen[i];
    return n < 0 ? -1 : n;
  }

  singleBatchSize(i: number): number {
    return plainSingleRecordBatchSize(this.keyLen(i), this.p.valueLen[i]);
  }

  sizeInBatch(i: number, offsetDelta: number, timestampDelta: number): number {
    return plainRecordSizeInBatch(this.keyLen(i), this.p.valueLen[i], offsetDelta, timestampDelta);
  }

  explicitPartition(): undefined {
    return undefined;
  }

  keyPartition(i: number, partitions: number): number {
    const n = this.keyLen(i);
    if (n < 0) return -1;
    const at = this.p.keyAt[i];
    return keyPartition(this.p.buf.subarray(at, at + n), partitions);
  }

  timestamp(): number {
    return this.now;
  }

  record(i: number): RecordToWrite {
    const { buf, keyAt, valueAt, valueLen } = this.p;
    const k = this.keyLen(i);
    const v = valueLen[i];
    return {
      key: k < 0 ? null : buf.subarray(keyAt[i], keyAt[i] + k),
      value: v < 0 ? null : buf.subarray(valueAt[i], valueAt[i] + v),
      headers: null,
      timestamp: this.now,
    };
  }
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

/** A producer's connection made ahead: the client, and the topic's layout and max.message.bytes when the topic exists. */
export interface ProduceConnection {
  client: WireClient;
  layout?: TopicLayout;
  maxBytes?: number;
}

/**
 * Connects for a produce to the topic, and reads its layout and limit when it exists: what
 * runProduce does first, which a caller may start early (the CLI does while it reads the file) and
 * hand over. Nothing is sent, no topic is created and no producer id is asked for: a file that
 * turns out bad leaves no trace.
 */
export async function connectForProduce(spec: ConnectionSpec, topic: string): Promise<ProduceConnection> {
  const client = await WireClient.connect(spec);
  try {
    const layout = await client.topicLayout(topic);
    return { client, layout, maxBytes: await maxMessageBytesWith(client, topic) };
  } catch (err) {
    if (err instanceof KafkaProtocolError && err.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) return { client }; // runProduce creates it
    client.close();
    throw client.redactor.redactError(err instanceof Error ? err : new Error(String(err)));
  }
}

/**
 * Sends messages (objects, or the packed records of a plain JSONL file) to one topic. Results are
 * in input order; a packed set's indices are its records'.
 */
export async function runProduce(spec: ConnectionSpec, messages: OutgoingMessage[] | PackedJsonl, opts: ProduceOptions, connection?: Promise<ProduceConnection>): Promise<ProduceOutcome> {
  const now = Date.now();
  const src: RecordSource = Array.isArray(messages) ? new MessageSource(messages, now) : new PackedSource(messages, now);
  const total = src.length;
  const codec = CODECS[opts.compression ?? 'none'];
  if (total === 0 || codec === undefined) {
    connection?.then((c) => c.client.close(), () => {});
    if (total === 0) return { results: [], cancelled: false };
    throw new Error(`unknown compression "${opts.compression}": use none, gzip, snappy, lz4 or zstd`);
  }
  const ready = connection ? await connection : undefined;
  const client = ready?.client ?? await WireClient.connect(spec);
  // what each message was written as: its partition (-1 until acknowledged) and offset
  const ackedPartition = new Int32Array(total).fill(-1);
  const ackedOffset = new Float64Array(total);
  const collect = (): ProducedResult[] => {
    const out: ProducedResult[] = [];
    for (let index = 0; index < total; index++) if (ackedPartition[index] >= 0) out.push({ index, partition: ackedPartition[index], offset: ackedOffset[index] });
    return out;
  };
  try {
    const layout = ready?.layout ?? await client.topicLayout(opts.topic, { autoCreate: true });
    const partitionCount = layout.leaders.size;
    const maxBytes = opts.maxMessageBytes ?? ready?.maxBytes ?? await maxMessageBytesWith(client, opts.topic);
    const oversize = oversizeIn(src, maxBytes);
    if (oversize.length) throw new OversizeMessagesError(oversize, maxBytes);
    for (let i = 0; i < total; i++) {
      const p = src.explicitPartition(i);
      if (p !== undefined && (!Number.isInteger(p) || p < 0 || p >= partitionCount)) throw new Error(`Message #${i} asks for partition ${p}, but topic "${opts.topic}" has partitions 0-${partitionCount - 1}. Nothing was sent.`);
    }
    const batchLimit = Math.min(maxBytes, MAX_BATCH_BYTES) - 61;
    const buffers = codec === Codec.None ? new BatchBuffers(batchLimit + 61, (MAX_IN_FLIGHT + 1) * partitionCount) : null;

    // partitions: explicit, by key (murmur2), else sticky (a batch's worth to one partition, then the next)
    const perPartition: number[][] = Array.from({ length: partitionCount }, () => []);
    let sticky = Math.floor(Math.random() * partitionCount);
    let stickyBytes = 0;
    for (let i = 0; i < total; i++) {
      const explicit = src.explicitPartition(i);
      if (explicit !== undefined) {
        perPartition[explicit].push(i);
        continue;
      }
      const byKey = src.keyPartition(i, partitionCount);
      if (byKey >= 0) perPartition[byKey].push(i);
      else {
        const size = src.sizeInBatch(i, 0, 0);
        if (stickyBytes > 0 && stickyBytes + size > batchLimit) {
          sticky = (sticky + 1) % partitionCount;
          stickyBytes = 0;
        }
        stickyBytes += size;
        perPartition[sticky].push(i);
      }
    }

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
        const ts0 = src.timestamp(idx[start]);
        while (end < idx.length) {
          const i = idx[end];
          const size = src.sizeInBatch(i, end - start, src.timestamp(i) - ts0);
          if (end > start && bytes + size > batchLimit) break;
          bytes += size;
          end++;
        }
        const indices = idx.slice(start, end);
        const recs = indices.map((i) => src.record(i));
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
                b.indices.forEach((index, i) => {
                  ackedPartition[index] = b.partition;
                  ackedOffset[index] = pr.baseOffset < 0 ? -1 : pr.baseOffset + i;
                });
                sent += b.indices.length;
              } else if (!failure) {
                failure = new ProduceFailedError(`Produce to ${opts.topic}-${pr.partition}: ${pr.errorMessage ?? errorName(pr.errorCode)}${HINTS[pr.errorCode] ?? ''}`, [], pr.errorCode);
              }
            }
            opts.onProgress?.(sent, total);
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
      throw new ProduceFailedError(`${f.message}. ${sent} of ${total} messages were written before the error.`, collect(), f.code);
    }
    return { results: collect(), cancelled: aborted() && sent < total };
  } catch (err) {
    if (err instanceof ProduceFailedError || err instanceof OversizeMessagesError) throw err;
    throw client.redactor.redactError(err instanceof Error ? err : new Error(String(err)));
  } finally {
    client.close();
  }
}
