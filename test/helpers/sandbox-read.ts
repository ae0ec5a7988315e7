// Reads a whole topic back through raw Fetch requests (no consumer group), for checks.
import { RawClient } from './kafka-raw';
import * as K from './kafka-codec';
import { ApiKey } from '../../src/sandbox/protocol/api-keys';
import { decodeRecords, splitBatches } from '../../src/sandbox/protocol/record-batch';

export interface ReadRecord { partition: number; offset: number; key: string | null; value: string | null }

/** Every record of `topic` (uncompressed batches only), partition by partition, via each leader. */
export async function readTopic(bootstrap: string, topic: string, maxRounds = 10000): Promise<ReadRecord[]> {
  const boot = await RawClient.connect(bootstrap);
  const clients = new Map<number, RawClient>();
  try {
    const md = K.decMetadata(8, (await boot.request(ApiKey.Metadata, 8, K.encMetadata(8, [topic]))).body);
    const addr = new Map(md.brokers.map((b) => [b.id, `${b.host}:${b.port}`]));
    const out: ReadRecord[] = [];
    for (const p of md.topics[0].partitions) {
      let c = clients.get(p.leader);
      if (!c) {
        c = await RawClient.connect(addr.get(p.leader)!);
        clients.set(p.leader, c);
      }
      let offset = 0;
      for (let round = 0; round < maxRounds; round++) {
        const d = K.decFetch(11, (await c.request(ApiKey.Fetch, 11, K.encFetch(11, [{ topic, partition: p.index, offset, partitionMaxBytes: 4 * 1024 * 1024 }]))).body);
        const part = d.topics[0].partitions[0];
        if (part.errorCode !== 0) throw new Error(`fetch ${topic}-${p.index}@${offset}: error ${part.errorCode}`);
        const split = splitBatches(part.records ?? Buffer.alloc(0));
        if (!split.ok) throw new Error(`fetch ${topic}-${p.index}: ${split.detail}`);
        if (split.batches.length === 0) break;
        for (const b of split.batches) {
          for (const r of decodeRecords(b.bytes)) {
            if (r.offset >= offset) out.push({ partition: p.index, offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null });
          }
          offset = Number(b.bytes.readBigInt64BE(0)) + b.lastOffsetDelta + 1;
        }
        if (offset >= part.highWatermark) break;
      }
    }
    return out;
  } finally {
    boot.close();
    for (const c of clients.values()) c.close();
  }
}
