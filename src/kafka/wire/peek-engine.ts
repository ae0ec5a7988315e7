// The peek engine: Metadata for the leaders, ListOffsets for where to start and stop, then Fetch
// from each leader directly, one loop per leader with the next fetch sent before the current answer
// is decoded. No group, no commits. Record batches are CRC-checked and decompressed by the one codec
// in src/core/protocol; control batches are skipped; isolation is read_uncommitted.
// Records reach the caller either as message objects (onMessages), or, given a PeekSink, as
// positions in the fetched bytes, which the sink formats as it goes (the CLI's jsonl and value
// output): no object per record, and (for jsonl) batches decoded from a copy in WebAssembly memory,
// where the sink's JSON scan reads them in place.
import { ApiKey } from '../../core/protocol/api-keys';
import { decodeFetch, EARLIEST_TIMESTAMP, encodeFetch, LATEST_TIMESTAMP, type FetchPartitionResult } from '../../core/protocol/client-requests';
import { ErrorCode, errorName } from '../../core/protocol/errors';
import { checkBatchCrc, fetchedBatches, LOG_APPEND_TIME_FLAG, OFF_ATTRIBUTES, OFF_BASE_OFFSET, OFF_LAST_OFFSET_DELTA, readBatch, readInt64, visitBatch, type RecordFactory, type RecordHeader, type RecordVisitor } from '../../core/protocol/record-batch';
import type { ConnectionSpec } from '../connection';
import type { PeekedMessage, PeekOptions, PeekResult } from '../peek';
import { ConnectionClosedError, KafkaProtocolError, WireClient, type TopicLayout } from './client';
import { listOffsets } from './offsets';

const PARTITION_MAX_BYTES = 1024 * 1024;
const FETCH_MAX_BYTES = 4 * 1024 * 1024;
const FOLLOW_WAIT_MS = 500;
const MAX_REROUTES = 20;

/** Errors after which the partition's leader is looked up again. */
const REROUTE = new Set<number>([
  ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.FENCED_LEADER_EPOCH, ErrorCode.UNKNOWN_LEADER_EPOCH, ErrorCode.REQUEST_TIMED_OUT, ErrorCode.KAFKA_STORAGE_ERROR,
]);

interface PartitionState {
  partition: number;
  next: number;
  /** Exclusive; Infinity when following. */
  stop: number;
  done: boolean;
}

class Reroute extends Error {}

/** For sinks that show headers: decodes those of a record a PeekSink is given. */
export { readHeaders } from '../../core/protocol/record-batch';

/**
 * Takes records as they are decoded (RecordVisitor.record, with positions in bytes that are valid
 * only during the call: what the sink keeps, it copies), partition by partition. Not used for
 * --from end (whose records are sorted by time first): onMessages gets those.
 */
export interface PeekSink extends RecordVisitor {
  /** The records that follow are of this partition, with this timestamp type. */
  partition(partition: number, timestampType: 'create' | 'log-append'): void;
  /** After each fetched partition's records, in order; decoding waits for the promise (backpressure). */
  flush(): void | Promise<void>;
  /**
   * Decode from a copy in WebAssembly memory (BatchVisitOptions.stage): worth its copy when the sink
   * scans the bytes there (JSON escaping); a sink that only copies them out does without.
   */
  readonly staged: boolean;
}

/** Passes records to the sink up to the partition's stop offset and the limit. */
class Gate implements RecordVisitor {
  stop = Infinity;
  left = Infinity;
  passed = 0;
  constructor(private readonly sink: PeekSink) {}

  record(buf: Buffer, offset: number, timestamp: number, keyAt: number, keyLen: number, valueAt: number, valueLen: number, headerCount: number, headersAt: number, recordEnd: number): boolean {
    if (offset >= this.stop || this.passed >= this.left) return false;
    this.passed++;
    this.sink.record(buf, offset, timestamp, keyAt, keyLen, valueAt, valueLen, headerCount, headersAt, recordEnd);
    return true;
  }
}

export async function runPeek(spec: ConnectionSpec, opts: PeekOptions, onMessages: (batch: PeekedMessage[]) => void | Promise<void>, sink?: PeekSink): Promise<PeekResult> {
  if (opts.signal?.aborted) return { count: 0, stoppedBy: 'abort' };
  const client = await WireClient.connect(spec);
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    client.close();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await peekWith(client, opts, onMessages, () => aborted, sink);
  } catch (err) {
    if (aborted) return { count: emittedCount(err), stoppedBy: 'abort' };
    throw client.redactor.redactError(err instanceof Error ? err : new Error(String(err)));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    client.close();
  }
}

class AbortedAfter extends Error {
  constructor(readonly count: number) {
    super('aborted');
  }
}

function emittedCount(err: unknown): number {
  return err instanceof AbortedAfter ? err.count : 0;
}

async function peekWith(client: WireClient, opts: PeekOptions, onMessages: (batch: PeekedMessage[]) => void | Promise<void>, isAborted: () => boolean, sink?: PeekSink): Promise<PeekResult> {
  const { topic } = opts;
  let layout = await client.topicLayout(topic);
  const partitions = opts.partitions?.length ? [...new Set(opts.partitions)].sort((a, b) => a - b) : [...layout.leaders.keys()];
  const missing = partitions.filter((p) => !layout.leaders.has(p));
  if (missing.length) throw new Error(`Topic "${topic}" has no partition ${missing.join(', ')} (it has ${layout.leaders.size}: 0-${layout.leaders.size - 1}).`);
  const follow = opts.follow === true;
  const limit = opts.limit ?? (follow ? Infinity : 100);
  const copy = opts.copyBuffers === true;
  const verifyCrc = opts.verifyCrc !== false;

  const [low, high] = await Promise.all([listOffsets(client, layout, partitions, EARLIEST_TIMESTAMP), listOffsets(client, layout, partitions, LATEST_TIMESTAMP)]);
  let atTime: Map<number, number> | undefined;
  if (opts.start.kind === 'timestamp') atTime = await listOffsets(client, layout, partitions, opts.start.ms);
  const start = opts.start;
  const states: PartitionState[] = partitions.map((p) => {
    const lo = low.get(p)!;
    const hi = high.get(p)!;
    let next: number;
    switch (start.kind) {
      case 'beginning': next = lo; break;
      case 'end': next = Math.max(lo, hi - Math.max(0, start.last)); break;
      case 'offset': next = Math.min(Math.max(start.offset, lo), hi); break;
      case 'timestamp': { const t = atTime!.get(p)!; next = t < 0 ? hi : Math.max(t, lo); break; }
    }
    return { partition: p, next, stop: follow && start.kind !== 'end' ? Infinity : hi, done: false };
  });

  let count = 0;
  let stoppedByLimit = false;
  let chain: Promise<void> = Promise.resolve();
  // Deliveries go through one chain: the callback sees one batch at a time, in order, and a slow
  // callback (stdout under backpressure) holds up the fetch loops.
  let collecting: PeekedMessage[] | null = null;
  const emit = (batch: PeekedMessage[]): Promise<void> => {
    if (collecting) {
      for (const m of batch) collecting.push(m);
      return Promise.resolve();
    }
    if (stoppedByLimit || batch.length === 0) return chain;
    if (count + batch.length >= limit) {
      batch = batch.slice(0, limit - count);
      stoppedByLimit = true;
    }
    count += batch.length;
    chain = chain.then(() => onMessages(batch));
    return chain;
  };

  const makeFor = (partition: number, timestampType: 'create' | 'log-append'): RecordFactory<PeekedMessage> => copy
    ? (offset, timestamp, key, value, headers) => ({
      topic, partition, offset, timestamp, timestampType,
      key: key && Buffer.from(key), value: value && Buffer.from(value),
      headers: (headers ?? []).map((h: RecordHeader) => ({ key: h.key, value: h.value && Buffer.from(h.value) })),
    })
    : (offset, timestamp, key, value, headers) => ({ topic, partition, offset, timestamp, timestampType, key, value, headers: headers ?? [] });

  /** Decodes one partition's fetched records into messages before st.stop. */
  const decode = (st: PartitionState, from: number, records: Buffer | null): PeekedMessage[] => {
    const out: PeekedMessage[] = [];
    if (!records) return out;
    let create: RecordFactory<PeekedMessage> | undefined;
    let logAppend: RecordFactory<PeekedMessage> | undefined;
    for (const b of fetchedBatches(records).batches) {
      const make = b.readInt16BE(OFF_ATTRIBUTES) & LOG_APPEND_TIME_FLAG
        ? (logAppend ??= makeFor(st.partition, 'log-append'))
        : (create ??= makeFor(st.partition, 'create'));
      readBatch(b, make, out, { verifyCrc, headers: true, fromOffset: from });
    }
    if (st.stop !== Infinity) {
      let n = out.length;
      while (n > 0 && out[n - 1].offset >= st.stop) n--;
      if (n < out.length) out.length = n;
    }
    return out;
  };

  const gate = sink ? new Gate(sink) : null;
  // With a sink, batches' CRCs are checked as each answer arrives: while the previous answer's output
  // drains to stdout, when the loop would otherwise wait. (A worker thread for these checks measured
  // slower: its start and the copy to it cost more than the checks.)
  const crcOnArrival = verifyCrc && sink !== undefined && opts.start.kind !== 'end';
  /** Decodes one partition's fetched records into the sink (before st.stop, up to the limit), then flushes it. */
  const toSink = (st: PartitionState, from: number, records: Buffer | null): Promise<void> => {
    if (!records || stoppedByLimit || !sink || !gate) return chain;
    gate.stop = st.stop;
    gate.left = limit - count;
    gate.passed = 0;
    let type: 'create' | 'log-append' | undefined;
    for (const b of fetchedBatches(records).batches) {
      const t = b.readInt16BE(OFF_ATTRIBUTES) & LOG_APPEND_TIME_FLAG ? 'log-append' : 'create';
      if (t !== type) sink.partition(st.partition, (type = t));
      visitBatch(b, gate, { verifyCrc: verifyCrc && !crcOnArrival, fromOffset: from, stage: sink.staged });
      if (gate.passed >= gate.left) break;
    }
    if (gate.passed === 0) return chain;
    count += gate.passed;
    if (count >= limit) stoppedByLimit = true;
    chain = chain.then(() => sink.flush());
    return chain;
  };

  /** Advances st past the whole batches of a fetched partition (before decoding, so the next fetch can go out). */
  const advance = (st: PartitionState, res: FetchPartitionResult): void => {
    const { batches } = fetchedBatches(res.records ?? Buffer.alloc(0));
    for (const b of batches) st.next = Math.max(st.next, readInt64(b, OFF_BASE_OFFSET) + b.readInt32BE(OFF_LAST_OFFSET_DELTA) + 1);
    if (st.next >= st.stop) st.done = true;
  };

  const fetchFrom = async (leader: number, sts: PartitionState[]) => {
    const conn = await client.broker(leader);
    const v = conn.version(ApiKey.Fetch);
    const req = sts.map((s) => ({ partition: s.partition, offset: s.next, maxBytes: PARTITION_MAX_BYTES }));
    const res = await conn.request(ApiKey.Fetch, v, (w) => encodeFetch(w, v, topic, req, { maxWaitMs: follow ? FOLLOW_WAIT_MS : 100, minBytes: 1, maxBytes: FETCH_MAX_BYTES }),
      (r) => decodeFetch(r, v), 30000 + FOLLOW_WAIT_MS);
    if (res.errorCode !== ErrorCode.NONE) throw new KafkaProtocolError(res.errorCode, `Fetch from broker ${leader}: ${errorName(res.errorCode)}`);
    if (crcOnArrival) {
      for (const p of res.partitions) if (p.errorCode === ErrorCode.NONE && p.records) for (const b of fetchedBatches(p.records).batches) checkBatchCrc(b);
    }
    return { req, res };
  };

  const leaderLoop = async (leader: number, mine: PartitionState[]): Promise<void> => {
    let active = mine.filter((s) => !s.done);
    let inFlight = active.length ? fetchFrom(leader, active) : null;
    while (inFlight) {
      const { req, res } = await inFlight;
      if (isAborted()) throw new AbortedAfter(count);
      const froms = new Map(req.map((r) => [r.partition, r.offset]));
      let reroute = false;
      for (const p of res.partitions) {
        const st = mine.find((s) => s.partition === p.partition)!;
        if (p.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          // the records were deleted meanwhile (retention, DeleteRecords): go on from the new start
          const lo = (await listOffsets(client, layout, [st.partition], EARLIEST_TIMESTAMP)).get(st.partition)!;
          if (st.next < lo) st.next = lo; else st.done = true;
          continue;
        }
        if (REROUTE.has(p.errorCode)) { reroute = true; continue; }
        if (p.errorCode !== ErrorCode.NONE) {
          throw new KafkaProtocolError(p.errorCode, `Fetch ${topic}-${p.partition}: ${errorName(p.errorCode)}${p.errorCode === ErrorCode.TOPIC_AUTHORIZATION_FAILED ? ' (the connection needs ReadData on the topic: kafka-cluster:ReadData)' : ''}`);
        }
        advance(st, p);
      }
      active = mine.filter((s) => !s.done);
      // the next fetch goes out now, while this answer is decoded and delivered
      inFlight = !reroute && active.length && !stoppedByLimit ? fetchFrom(leader, active) : null;
      inFlight?.catch(() => {}); // handled when awaited
      for (const p of res.partitions) {
        if (p.errorCode !== ErrorCode.NONE) continue;
        const st = mine.find((s) => s.partition === p.partition)!;
        if (gate && !collecting) await toSink(st, froms.get(p.partition)!, p.records);
        else {
          const msgs = decode(st, froms.get(p.partition)!, p.records);
          if (msgs.length) await emit(msgs);
        }
        if (stoppedByLimit) return;
      }
      if (reroute) throw new Reroute();
    }
  };

  const runLoops = async (): Promise<void> => {
    for (let reroutes = 0; ; reroutes++) {
      const pending = states.filter((s) => !s.done);
      if (pending.length === 0 || stoppedByLimit) return;
      const byLeader = new Map<number, PartitionState[]>();
      for (const s of pending) {
        const l = layout.leaders.get(s.partition)!;
        byLeader.set(l, [...(byLeader.get(l) ?? []), s]);
      }
      try {
        await Promise.all([...byLeader].map(([leader, sts]) => leaderLoop(leader, sts)));
        return;
      } catch (err) {
        if (isAborted() || err instanceof AbortedAfter) throw new AbortedAfter(count);
        if (!(err instanceof Reroute || err instanceof ConnectionClosedError) || reroutes >= MAX_REROUTES) throw err;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * (reroutes + 1))));
        layout = await refresh(client, topic, layout);
      }
    }
  };

  if (start.kind === 'end') {
    // the last N of the chosen partitions together: each partition's tail (at most N), merged by time
    collecting = [];
    await runLoops();
    const collected = collecting;
    collecting = null;
    collected.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
    const tail = collected.slice(Math.max(0, collected.length - Math.max(0, start.last)));
    for (let i = 0; i < tail.length && !stoppedByLimit; i += 1000) await emit(tail.slice(i, i + 1000));
    if (follow && !stoppedByLimit) {
      for (const s of states) {
        s.done = false;
        s.stop = Infinity;
        s.next = Math.max(s.next, high.get(s.partition)!);
      }
      await runLoops();
    }
  } else {
    await runLoops();
  }
  await chain;
  if (isAborted()) return { count, stoppedBy: 'abort' };
  return { count, stoppedBy: stoppedByLimit ? 'limit' : 'end' };
}

async function refresh(client: WireClient, topic: string, old: TopicLayout): Promise<TopicLayout> {
  try {
    return await client.topicLayout(topic);
  } catch {
    return old;
  }
}
