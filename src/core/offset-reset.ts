// Consumer-group offset resets planned as kafka-consumer-groups.sh --reset-offsets does (earliest,
// latest, to a timestamp, to an offset, shift by N; targets clamped to the partition's log), and the
// lag trend between two readings. Pure: offsets come in, the plan goes out.

export type ResetSpec =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'timestamp'; timestamp: number }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number };

export interface PartitionPosition {
  topic: string;
  partition: number;
  /** The group's committed offset, or null when it has none on this partition. */
  committed: number | null;
  /** Log start and end offsets. */
  low: number;
  high: number;
  /** For a timestamp reset: the first offset at or after it, or -1 when every record is older. */
  atTimestamp?: number;
}

export interface ResetRow {
  topic: string;
  partition: number;
  from: number | null;
  to: number;
  /** The asked-for offset was outside [low, high] and was moved to the nearest end. */
  clamped: boolean;
}

const clamp = (n: number, low: number, high: number) => Math.min(Math.max(n, low), high);

export function planOffsetReset(spec: ResetSpec, positions: PartitionPosition[]): ResetRow[] {
  return positions.map((p) => {
    let want: number;
    switch (spec.kind) {
      case 'earliest': want = p.low; break;
      case 'latest': want = p.high; break;
      case 'offset': want = spec.offset; break;
      // no committed offset: shift from the log start, as the Kafka tool does from the reset position
      case 'shift': want = (p.committed ?? p.low) + spec.by; break;
      case 'timestamp':
        if (p.atTimestamp === undefined) throw new Error(`no offset for the timestamp on ${p.topic}[${p.partition}]`);
        want = p.atTimestamp < 0 ? p.high : p.atTimestamp;
        break;
    }
    const to = clamp(want, p.low, p.high);
    return { topic: p.topic, partition: p.partition, from: p.committed, to, clamped: to !== want };
  }).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

export function describeSpec(spec: ResetSpec): string {
  switch (spec.kind) {
    case 'earliest': return 'to the earliest offset';
    case 'latest': return 'to the latest offset';
    case 'offset': return `to offset ${spec.offset}`;
    case 'shift': return `shifted by ${spec.by > 0 ? '+' : ''}${spec.by}`;
    case 'timestamp': return `to ${new Date(spec.timestamp).toISOString()}`;
  }
}

/** The dry-run preview: one "topic[p]: old → new" line per partition. */
export function resetPreview(group: string, spec: ResetSpec, rows: ResetRow[]): string {
  const changed = rows.filter((r) => r.from !== r.to).length;
  const head = `Reset the offsets of "${group}" ${describeSpec(spec)}: ${changed} of ${rows.length} partitions change.`;
  const lines = rows.map((r) => `${r.topic}[${r.partition}]: ${r.from ?? '(none)'} → ${r.to}${r.clamped ? ' (clamped to the log)' : ''}`);
  return [head, ...lines].join('\n');
}

/** Kafka accepts offset commits from outside only while the group has no members. */
export function activeGroupProblem(group: string, state: string, members: number): string | undefined {
  if (members === 0 && (state === 'Empty' || state === 'Dead')) return undefined;
  return `The group "${group}" has ${members} active member${members === 1 ? '' : 's'} (state ${state}): stop its consumers first, then reset its offsets.`;
}

export type LagTrend = 'growing' | 'shrinking' | 'steady';

/** How the total lag moved since the previous reading; undefined on the first reading. */
export function lagTrend(previous: number | undefined, now: number): LagTrend | undefined {
  if (previous === undefined) return undefined;
  if (now > previous) return 'growing';
  if (now < previous) return 'shrinking';
  return 'steady';
}

/** Lag of one partition: end offset minus committed; null when the group committed nothing there. */
export function partitionLag(committed: number | null, high: number): number | null {
  if (committed === null || committed < 0) return null;
  return Math.max(0, high - committed);
}
