// `msk-tools topics --bootstrap B`: each topic's partitions (leader, replicas, ISR), earliest and
// latest offsets and message counts (latest − earliest), per partition and in total.
import type { Command } from 'commander';
import { UsageError } from './errors';
import { parseFormat, table } from './table';
import type { ClusterAdmin } from '../kafka/index';
import { addConnectionOptions, connectionSpecFromOptions, type ConnectionFlags } from './connection-flags';

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

/** How long the CLI waits for each answer: a connection that fails says so before 15 s have passed. */
export const CLI_DEADLINE_MS = 12_000;

/**
 * Runs fn with a ClusterAdmin connected as the connection flags say (auth mode, tunnel). A failure
 * to reach the brokers, to authenticate or to read a SCRAM secret becomes a UsageError (exit 2)
 * whose message names the mode and what to do (explainConnectionError), with secrets redacted.
 */
export async function withClusterAdmin<T>(flags: ConnectionFlags, fn: (admin: ClusterAdmin) => Promise<T>): Promise<T> {
  const spec = await connectionSpecFromOptions(flags);
  const { openKafka, createClusterAdmin, explainConnectionError, Redactor } = await import('../kafka/index');
  const redactor = new Redactor();
  let kafka;
  try {
    kafka = await openKafka(spec, undefined, redactor);
  } catch (err) {
    // a SCRAM secret that cannot be read (its errors name the secret, never its value)
    throw new UsageError(redactor.redact((err as Error).message));
  }
  const admin = createClusterAdmin(kafka, CLI_DEADLINE_MS);
  try {
    return await fn(admin);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = explainConnectionError(err, spec, redactor);
    if (/^Kafka(Authentication|Connection|Unreachable|Tunnel)Error$/.test(e.name) || (err as Error).name === 'TimeoutError') throw new UsageError(e.message);
    // any other kafkajs failure: its message, not a stack trace
    if (/^KafkaJS/.test(e.name)) throw new UsageError(`could not read the cluster at ${spec.bootstrap}: ${e.message}`);
    throw e;
  } finally {
    await admin.close();
  }
}

export function registerTopics(program: Command): void {
  addConnectionOptions(program
    .command('topics')
    .description('list topics with partitions, earliest/latest offsets and message counts'))
    .option('--include-internal', 'also list internal topics (__consumer_offsets, …)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: ConnectionFlags & { includeInternal?: boolean; format?: string }) => {
      const format = parseFormat(opts.format);
      const topics = await withClusterAdmin(opts, (admin) => readTopics(admin, opts.includeInternal === true));
      process.stdout.write(format === 'json' ? JSON.stringify({ topics }, null, 2) + '\n' : topicsText(topics));
    });
}
