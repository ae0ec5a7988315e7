// Optional persistence: on a clean stop, meta.json (topics, configs, partition layout, producer
// state, other modules' parts) plus one file per partition log (the stored batches back to back);
// on start, the reverse. Writes go to a temp dir that replaces the old one, so a crash mid-save
// leaves the previous state intact.
// Loading trusts nothing in the directory: a log file named in meta.json is read only if it lies
// inside DIR/logs (symbolic links resolved), and a file that does not parse stops the start with
// an error naming it. A failed load saves nothing, so the directory is left as it was.
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Cluster, PartitionState, TopicState } from './cluster';
import { BATCH_HEADER_SIZE, OFF_ATTRIBUTES, OFF_BATCH_LENGTH, OFF_CRC, OFF_LAST_OFFSET_DELTA, OFF_MAX_TIMESTAMP } from './protocol/record-batch';
import { crc32c } from './protocol/crc32c';
import { PartitionLog } from './log';

const FORMAT = 1;

/** Saved state that cannot be used: names the file and says what to do. */
export class SavedStateError extends Error {
  override readonly name = 'SavedStateError';
  constructor(readonly file: string, problem: string, dir: string) {
    super(`cannot load the sandbox state in ${dir}: ${file} ${problem}. The file was left untouched: move the folder away (or delete it) to start empty, or point --data-dir at another folder.`);
  }
}

/** True when `path` is `root` itself or lies below it. */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

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
  const metaPath = join(dir, 'meta.json');
  let meta: MetaFile;
  try {
    meta = JSON.parse(text) as MetaFile;
  } catch (err) {
    throw new SavedStateError(metaPath, `is not valid JSON (${(err as Error).message})`, dir);
  }
  if (meta === null || typeof meta !== 'object') throw new SavedStateError(metaPath, 'is not a sandbox state file', dir);
  if (meta.format !== FORMAT) throw new SavedStateError(metaPath, `has format ${String(meta.format)}; this sandbox reads format ${FORMAT}`, dir);
  try {
    await loadMeta(cluster, dir, meta);
  } catch (err) {
    if (err instanceof SavedStateError) throw err;
    // A field of the wrong shape (a hand-edited or truncated-then-valid file) surfaces as a TypeError.
    throw new SavedStateError(metaPath, `does not have the shape this sandbox writes (${(err as Error).message})`, dir);
  }
  cluster.log(`sandbox state loaded from ${dir}: ${meta.topics.length} topic(s)`);
}

/** Resolves a log file named in meta.json, refusing any that lies outside DIR/logs. */
async function logFilePath(dir: string, file: unknown, where: string): Promise<string> {
  const metaPath = join(dir, 'meta.json');
  if (typeof file !== 'string' || file === '') throw new SavedStateError(metaPath, `names no log file for ${where}`, dir);
  const logsDir = resolve(dir, 'logs');
  const path = resolve(logsDir, file);
  if (!inside(logsDir, path) || path === logsDir) throw new SavedStateError(metaPath, `names log file "${file}" for ${where}, which is outside ${logsDir}; refusing to read it`, dir);
  let real: string;
  try {
    real = await fs.realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SavedStateError(path, `is missing (meta.json lists it for ${where})`, dir);
    throw err;
  }
  // A symbolic link inside logs/ may still lead elsewhere.
  if (!inside(await fs.realpath(logsDir), real)) throw new SavedStateError(path, `leads outside ${logsDir} (to ${real}); refusing to read it`, dir);
  return real;
}

async function loadMeta(cluster: Cluster, dir: string, meta: MetaFile): Promise<void> {
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
      const path = await logFilePath(dir, mp.file, `partition ${mp.index} of topic "${mt.name}"`);
      const data = await fs.readFile(path);
      let at = 0;
      while (at < data.length) {
        const size = at + 12 <= data.length ? data.readInt32BE(at + OFF_BATCH_LENGTH) + 12 : -1;
        if (size < BATCH_HEADER_SIZE || at + size > data.length) throw new SavedStateError(path, `is corrupt: truncated batch at byte ${at}`, dir);
        if (data.readUInt32BE(at + OFF_CRC) !== crc32c(data, at + OFF_ATTRIBUTES, at + size)) throw new SavedStateError(path, `is corrupt: the batch at byte ${at} fails its CRC-32C check`, dir);
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
}
