// `msk-tools groups --bootstrap B [--group G]`: each consumer group's state, members and their
// assignments, committed offset and lag per partition, and total lag.
import type { Command } from 'commander';
import { UsageError } from './errors';
import { parseFormat, table } from './table';
import { withClusterAdmin } from './topics';
import { addConnectionOptions, type ConnectionFlags } from './connection-flags';
import type { ClusterAdmin } from '../kafka/index';

export interface GroupReport {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: { memberId: string; clientId: string; host: string; assignment: { topic: string; partitions: number[] }[] }[];
  /** committed and lag are null where the group has committed nothing. */
  partitions: { topic: string; partition: number; committed: number | null; latest: number; lag: number | null }[];
  totalLag: number;
}

export async function readGroups(admin: ClusterAdmin, only?: string): Promise<GroupReport[]> {
  const overview = await admin.overview();
  const topicNames = overview.topics.filter((t) => !t.internal).map((t) => t.name);
  const ids = only !== undefined ? [only] : overview.groups.map((g) => g.groupId);
  const out: GroupReport[] = [];
  for (const id of ids) {
    const g = await admin.groupDetails(id, topicNames);
    if (only !== undefined && g.state === 'Dead' && g.members.length === 0 && g.partitions.every((p) => p.committed === null)) {
      throw new UsageError(`there is no consumer group "${only}" on this cluster; run "msk-tools groups --bootstrap …" without --group to list them`);
    }
    out.push({
      groupId: g.groupId,
      state: g.state,
      protocolType: g.protocolType,
      protocol: g.protocol,
      members: g.members,
      partitions: g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, committed: p.committed, latest: p.high, lag: p.lag })),
      totalLag: g.totalLag,
    });
  }
  return out;
}

export function groupsText(groups: GroupReport[]): string {
  if (groups.length === 0) return 'no consumer groups\n';
  let out = '';
  for (const g of groups) {
    const protocol = [g.protocolType, g.protocol].filter(Boolean).join('/') || 'none';
    out += `${g.groupId}  state ${g.state}  protocol ${protocol}  members ${g.members.length}  total lag ${g.totalLag}\n`;
    if (g.partitions.length > 0) {
      out += table(['  TOPIC', 'PARTITION', 'COMMITTED', 'LATEST', 'LAG'], g.partitions.map((p) => [`  ${p.topic}`, p.partition, p.committed ?? '-', p.latest, p.lag ?? '-']));
    }
    if (g.members.length > 0) {
      out += table(
        ['  MEMBER', 'CLIENT ID', 'HOST', 'ASSIGNMENT'],
        g.members.map((m) => [`  ${m.memberId}`, m.clientId, m.host, m.assignment.map((a) => `${a.topic}:${a.partitions.join(',')}`).join(' ') || '-']),
      );
    }
  }
  return out;
}

export function registerGroups(program: Command): void {
  addConnectionOptions(program
    .command('groups')
    .description('list consumer groups: state, members, committed offsets and lag per partition and in total'))
    .option('--group <id>', 'only this group')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: ConnectionFlags & { group?: string; format?: string }) => {
      const format = parseFormat(opts.format);
      const groups = await withClusterAdmin(opts, (admin) => readGroups(admin, opts.group));
      process.stdout.write(format === 'json' ? JSON.stringify({ groups }, null, 2) + '\n' : groupsText(groups));
    });
}
