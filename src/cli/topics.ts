// `msk-tools topics --bootstrap B`: each topic's partitions (leader, replicas, ISR), earliest and
// latest offsets and message counts (latest − earliest), per partition and in total.
import type { Command } from 'commander';
import { UsageError } from './errors';
import { parseFormat, table } from './table';
import type { ClusterAdmin } from '../kafka/index';

export interface TopicReport {
  name: string;
  internal: boolean;
  partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; earliest: number; latest: number; messages: number }[];
  messages: number;
}

export async function readTopics(admin: ClusterAdmin, includeInternal: boolean): Promise<TopicReport[]> {
  const overview = await admin.overview();
  const out: TopicReport[] = [];
  for (const t of overview.topics) {
    if (t.internal && !includeInternal) continue;
    const offsets = new Map((await admin.partitionOffsets(t.name)).map((o) => [o.partition, o]));
    const partitions = t.partitions.map((p) => {
      const o = offsets.get(p.partition);
      return { partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr, earliest: o?.low ?? 0, latest: o?.high ?? 0, messages: o?.messages ?? 0 };
    });
    out.push({ name: t.name, internal: t.internal, partitions, messages: partitions.reduce((s, p) => s + p.messages, 0) });
  }
  return out;
}

export function topicsText(topics: TopicReport[]): string {
  if (topics.length === 0) return 'no topics\n';
  const rows: (string | number)[][] = [];
  for (const t of topics) {
    for (const p of t.partitions) rows.push([t.name, p.partition, p.leader, p.replicas.join(','), p.isr.join(','), p.earliest, p.latest, p.messages]);
    rows.push([t.name, 'total', '', '', '', '', '', t.messages]);
  }
  return table(['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'EARLIEST', 'LATEST', 'MESSAGES'], rows);
}

/** Runs fn with a ClusterAdmin on a plaintext bootstrap; connection failures become usage errors. */
export async function withClusterAdmin<T>(bootstrap: string | undefined, fn: (admin: ClusterAdmin) => Promise<T>): Promise<T> {
  if (!bootstrap) throw new UsageError('--bootstrap is required: give "host:port", several separated by commas (e.g. the sandbox\'s 127.0.0.1:19092)');
  const { createKafka, createClusterAdmin } = await import('../kafka/index');
  let kafka;
  try {
    kafka = createKafka({ name: 'msk-tools', bootstrap });
  } catch (err) {
    throw new UsageError(`--bootstrap: ${(err as Error).message}`);
  }
  const admin = createClusterAdmin(kafka);
  try {
    return await fn(admin);
  } catch (err) {
    const e = err as Error;
    if (/KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded|TimeoutError|ECONNREFUSED|Connection error/.test(`${e.name} ${e.message}`)) {
      throw new UsageError(`could not read the cluster at ${bootstrap}: ${e.message}; check --bootstrap and that the brokers are reachable`);
    }
    throw err;
  } finally {
    await admin.close();
  }
}

export function registerTopics(program: Command): void {
  program
    .command('topics')
    .description('list topics with partitions, earliest/latest offsets and message counts')
    .option('--bootstrap <servers>', 'bootstrap servers, "host:port,host:port" (plaintext)')
    .option('--include-internal', 'also list internal topics (__consumer_offsets, …)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: { bootstrap?: string; includeInternal?: boolean; format?: string }) => {
      const format = parseFormat(opts.format);
      const topics = await withClusterAdmin(opts.bootstrap, (admin) => readTopics(admin, opts.includeInternal === true));
      process.stdout.write(format === 'json' ? JSON.stringify({ topics }, null, 2) + '\n' : topicsText(topics));
    });
}
