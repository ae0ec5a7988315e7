// Peek: read a topic without a consumer group. Metadata gives each partition's leader, ListOffsets
// the start (earliest, latest, or by time), and Fetch goes to each leader directly. Nothing is
// committed and no group is joined, so it needs only read permission (Connect, DescribeTopic,
// ReadData). Isolation is read_uncommitted: records of aborted transactions are shown too, and
// control batches (transaction markers) are skipped.
import type { ConnectionSpec } from './connection';

export type PeekStart = { kind: 'beginning' } | { kind: 'end'; last: number } | { kind: 'offset'; offset: number } | { kind: 'timestamp'; ms: number };

export interface PeekOptions {
  topic: string;
  /** Default: every partition. */
  partitions?: number[];
  start: PeekStart;
  /** Stop after this many messages (default: 100 without follow, none with follow). */
  limit?: number;
  /** Keep reading new messages until the signal aborts (or the limit is reached). */
  follow?: boolean;
  signal?: AbortSignal;
  /**
   * Keys, values and header values are views into the fetched response by default (fast, nothing
   * copied). Set this when messages are kept for long (a viewer): each is then copied, so that a few
   * kept messages do not keep whole fetch responses (up to 32 MiB each) alive.
   */
  copyBuffers?: boolean;
  /** Check each record batch's CRC-32C (default true; a corrupt batch is an error). */
  verifyCrc?: boolean;
}

export interface PeekedMessage {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'create' | 'log-append';
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export interface PeekResult {
  count: number;
  stoppedBy: 'limit' | 'end' | 'abort';
}

export async function peek(spec: ConnectionSpec, opts: PeekOptions, onMessages: (batch: PeekedMessage[]) => void | Promise<void>): Promise<PeekResult> {
  const { runPeek } = await import('./wire/engines');
  return runPeek(spec, opts, onMessages);
}
