// Optional persistence: on a clean stop, meta.json (topics, configs, partition layout, producer
// state, other modules' parts) plus one file per partition log (the stored batches back to back);
// on start, the reverse. Writes go to a temp dir that replaces the old one, so a crash mid-save
// leaves the previous state intact.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, PartitionState, TopicState } from './cluster';
import { OFF_BATCH_LENGTH, OFF_LAST_OFFSET_DELTA, OFF_MAX_TIMESTAMP } from './protocol/record-batch';
import { PartitionLog } from './log';

const FORMAT = 1;

interface MetaFile {
  format: number;
  clusterId: string;
  nextProducerId: number;
  producerEpochs: [number, number][];
  topics: {
    name: string;
    id: string;
    replicationFactor: number;
    configs: [string, string][];
    partitions: {
      index: number;
      replicas: number[];
      leaderEpoch: number;
      logStartOffset: number;
      file: string;
      producers: [number, { epoch: number; lastSequence: number; recent: { firstSeq: number; lastSeq: number; baseOffset: number }[] }][];
    }[];
  }[];
  parts: Record<string, unknown>;
}

function logFileName(topic: string, index: number): string {
  return `${topic}-${index}.log`;
}

export async function saveCluster(cluster: Cluster, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.mkdir(join(tmp, 'logs'), { recursive: true });
  const meta: MetaFile = {
    format: FORMAT,
    clusterId: cluster.clusterId,
    nextProducerId: cluster.nextProducerId,
    producerEpochs: [...cluster.producerEpochs],
    topics: [],
    parts: {},
  };
  for (const t of cluster.topics.values()) {
    const partitions = [];
    for (const p of t.partitions) {
      const file = logFileName(t.name, p.index);
      const fh = await fs.open(join(tmp, 'logs', file), 'w');
      try {
        // writev in slices keeps syscalls few without one giant concat
        for (let i = 0; i < p.log.batches.length; i += 1024) await fh.writev(p.log.batches.slice(i, i + 1024));
      } finally {
        await fh.close();
      }
      partitions.push({
        index: p.index,
        replicas: p.replicas,
        leaderEpoch: p.leaderEpoch,
        logStartOffset: p.log.logStartOffset,
        file,
        producers: [...p.producers].map(([id, s]) => [id, { epoch: s.epoch, lastSequence: s.lastSequence, recent: s.recent }] as MetaFile['topics'][0]['partitions'][0]['producers'][0]),
      });
    }
    meta.topics.push({ name: t.name, id: t.id, replicationFactor: t.replicationFactor, configs: [...t.configs], partitions });
  }
  for (const [name, data] of cluster.unclaimedParts) meta.parts[name] = data;
  for (const [name, part] of cluster.persistentParts) meta.parts[name] = part.save();
  await fs.writeFile(join(tmp, 'meta.json'), JSON.stringify(meta));
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rename(tmp, dir);
  cluster.log(`sandbox state saved to ${dir}`);
}

export async function loadCluster(cluster: Cluster, dir: string): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, 'meta.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // first start
    throw err;
  }
  const meta = JSON.parse(text) as MetaFile;
  if (meta.format !== FORMAT) throw new Error(`${dir}/meta.json has format ${meta.format}; this sandbox reads format ${FORMAT}`);
  (cluster as { clusterId: string }).clusterId = meta.clusterId;
  cluster.nextProducerId = meta.nextProducerId;
  for (const [id, epoch] of meta.producerEpochs) cluster.producerEpochs.set(id, epoch);
  for (const mt of meta.topics) {
    const topic: TopicState = {
      name: mt.name,
      id: mt.id,
      replicationFactor: mt.replicationFactor,
      configs: new Map(mt.configs),
      internal: mt.name.startsWith('__'),
      partitions: [],
    };
    for (const mp of mt.partitions) {
      const replicas = mp.replicas.filter((id) => cluster.broker(id));
      if (replicas.length === 0) replicas.push(cluster.brokers[mp.index % cluster.brokers.length].id);
      const log = new PartitionLog();
      const data = await fs.readFile(join(dir, 'logs', mp.file));
      let at = 0;
      while (at + 12 <= data.length) {
        const size = data.readInt32BE(at + OFF_BATCH_LENGTH) + 12;
        if (size < 61 || at + size > data.length) throw new Error(`${mp.file}: truncated batch at byte ${at}`);
        const batch = Buffer.from(data.subarray(at, at + size));
        log.highWatermark = Number(batch.readBigInt64BE(0));
        log.appendStored(batch, batch.readInt32BE(OFF_LAST_OFFSET_DELTA), Number(batch.readBigInt64BE(OFF_MAX_TIMESTAMP)), mp.leaderEpoch);
        at += size;
      }
      log.logStartOffset = mp.logStartOffset;
      const p: PartitionState = {
        topic: mt.name,
        index: mp.index,
        leader: replicas[0],
        leaderEpoch: mp.leaderEpoch,
        replicas,
        isr: [...replicas],
        log,
        producers: new Map(mp.producers.map(([id, s]) => [id, { epoch: s.epoch, lastSequence: s.lastSequence, recent: s.recent }])),
      };
      topic.partitions.push(p);
    }
    cluster.topics.set(topic.name, topic);
  }
  for (const [name, data] of Object.entries(meta.parts)) {
    const part = cluster.persistentParts.get(name);
    if (part) part.load(data);
    else cluster.unclaimedParts.set(name, data);
  }
  cluster.log(`sandbox state loaded from ${dir}: ${meta.topics.length} topic(s)`);
}
