// `msk-tools peek`: read a topic without a consumer group (no commits, nothing left behind), from
// the beginning, the last N, an offset or a time, as JSON lines, text or raw values. Without
// --bootstrap it reads from a running local sandbox. Uses src/kafka/peek.ts (the wire client). Glue and
// Confluent schema-registry messages are decoded (src/cli/schemas.ts says with which registries).
import type { Command } from 'commander';
import { UsageError } from './errors';
import { addConnectionOptions, connectionSpecFromOptions, type ConnectionFlags } from './connection-flags';
import { JsonlBuilder, textMessage } from '../core/messages';
import type { ConnectionSpec } from '../kafka/connection';
import type { PeekedMessage, PeekStart } from '../kafka/peek';
import type { SchemaSession } from '../core/schemas/index';
import { addSchemaOptions, lazySchemaSession, type SchemaFlags } from './schemas';

export interface PeekFlags extends ConnectionFlags, SchemaFlags {
  topic?: string;
  from?: string;
  partition?: number[];
  limit?: string;
  follow?: boolean;
  format?: string;
  checkCrcs?: boolean;
}

export const PEEK_FORMATS = ['jsonl', 'text', 'value'] as const;
export type PeekFormat = (typeof PEEK_FORMATS)[number];

/** --from: beginning, end (the last --limit messages; with --follow, new ones only), an offset, or an ISO-8601 time. */
export function parseFrom(from: string | undefined, limit: number, follow: boolean): PeekStart {
  const f = (from ?? 'beginning').trim();
  if (f === 'beginning' || f === 'earliest') return { kind: 'beginning' };
  if (f === 'end' || f === 'latest') return { kind: 'end', last: follow ? 0 : limit };
  if (/^\d+$/.test(f)) {
    const offset = Number(f);
    if (!Number.isSafeInteger(offset)) throw new UsageError(`--from ${f}: the offset is too large`);
    return { kind: 'offset', offset };
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(f)) {
    const ms = Date.parse(f);
    if (Number.isNaN(ms)) throw new UsageError(`--from ${f}: not a valid ISO-8601 time (e.g. 2026-05-01T12:00:00Z)`);
    return { kind: 'timestamp', ms };
  }
  throw new UsageError(`--from ${f}: give beginning, end, an offset (e.g. 1200) or an ISO-8601 time (e.g. 2026-05-01T12:00:00Z)`);
}

function nonNegativeInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new UsageError(`${flag} ${v}: give a whole number (0 or more)`);
  return Number(v);
}

const collectPartition = (v: string, prev: number[] | undefined): number[] => [...(prev ?? []), nonNegativeInt('--partition', v)];

/** Which auth flags name a listener of the local sandbox (its ports differ per auth mode). */
function sandboxListener(flags: ConnectionFlags): string {
  if (flags.iam) return 'sasl_iam';
  if (flags.scramUser !== undefined || flags.scramSecret !== undefined || flags.scramPasswordEnv !== undefined) return 'sasl_scram';
  if (flags.tls || flags.cert !== undefined || flags.ca !== undefined) return 'tls';
  return 'plaintext';
}

/**
 * The connection the flags describe; without --bootstrap, the running local sandbox (its listener
 * for the auth flags given, its CA when --ca is not), or a UsageError saying what to give.
 */
export async function cliConnectionSpec(flags: ConnectionFlags): Promise<ConnectionSpec> {
  if (flags.bootstrap) return connectionSpecFromOptions(flags);
  const { findLocalSandbox } = await import('../kafka/local-sandbox');
  const sb = await findLocalSandbox();
  if (!sb) throw new UsageError('--bootstrap is required: no local sandbox is running (start one with "msk-tools sandbox", or give --bootstrap host:port)');
  const listener = sandboxListener(flags);
  const bootstrap = sb.listeners[listener] ?? (listener === 'plaintext' ? sb.bootstrap : undefined);
  if (!bootstrap) throw new UsageError(`the local sandbox (pid ${sb.pid}) has no ${listener} listener: give --bootstrap`);
  process.stderr.write(`msk-tools: using the local sandbox (pid ${sb.pid}) at ${bootstrap}\n`);
  return connectionSpecFromOptions({ ...flags, bootstrap, ...(listener !== 'plaintext' && flags.ca === undefined && sb.caFile ? { ca: sb.caFile } : {}) });
}

/** Turns a failure of peek or produce into what the CLI prints: a UsageError (exit 2) with the message, never a stack. */
export function cliError(err: unknown): Error {
  if (err instanceof UsageError) return err;
  if (err instanceof Error) return new UsageError(err.message);
  return new UsageError(String(err));
}

/**
 * Writes chunks to stdout, waiting for 'drain' when the pipe is full (so that memory stays bounded
 * whatever reads it); a closed pipe (e.g. `| head`) ends the run quietly.
 */
export class StdoutSink {
  closed = false;
  constructor(private readonly out: NodeJS.WriteStream = process.stdout, private readonly onClosed: () => void = () => {}) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
        this.closed = true;
        this.onClosed();
      } else throw err;
    });
  }

  write(chunk: string | Buffer): Promise<void> | undefined {
    if (this.closed || chunk.length === 0) return undefined;
    if (this.out.write(chunk)) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.once('drain', done);
      this.out.once('close', done);
    });
  }
}

/** What a schema-registry message's value becomes in jsonl and text output (src/core/schemas' jsonlSchemaParts). */
export interface DecodedValue { value: string; extra: string; label?: string }

/** The bytes printed for one batch of messages in a format; `decoded[i]`, when set, replaces message i's value. */
export function formatBatch(batch: PeekedMessage[], format: PeekFormat, decoded?: (DecodedValue | undefined)[]): string | Buffer {
  switch (format) {
    case 'value': {
      // raw bytes, as kcat prints %s: no decoding; one output buffer, newlines written in place
      let total = batch.length;
      for (const m of batch) if (m.value !== null) total += m.value.length;
      const out = Buffer.allocUnsafe(total);
      let at = 0;
      for (const m of batch) {
        const v = m.value;
        if (v !== null) {
          out.set(v, at);
          at += v.length;
        }
        out[at++] = 0x0a;
      }
      return out;
    }
    case 'jsonl': {
      let size = 4096;
      for (const m of batch) size += 160 + (m.key?.length ?? 0) + (m.value?.length ?? 0) + m.headers.length * 64;
      const b = new JsonlBuilder(size);
      for (let i = 0; i < batch.length; i++) b.add(batch[i], decoded?.[i]);
      return b.take();
    }
    case 'text': {
      let s = '';
      for (let i = 0; i < batch.length; i++) {
        const d = decoded?.[i];
        s += d ? textMessage({ ...batch[i], value: Buffer.from(d.label ? `${d.label}\n${d.value}` : d.value) }) : textMessage(batch[i]);
      }
      return s;
    }
  }
}

/**
 * The decoded values of the batch's schema-registry messages (Glue or Confluent header), in order;
 * undefined where a value has no such header, and for the whole batch when none has (the common
 * case costs one header check per message and loads nothing).
 */
async function decodeBatch(batch: PeekedMessage[], schemas: () => Promise<SchemaSession>): Promise<(DecodedValue | undefined)[] | undefined> {
  if (!batch.some((m) => m.value !== null && (m.value[0] === 0 || m.value[0] === 3))) return undefined;
  const core = await import('../core/schemas/index');
  if (!batch.some((m) => core.readSchemaHeader(m.value) !== undefined)) return undefined;
  const session = await schemas();
  const out: (DecodedValue | undefined)[] = [];
  // in order: the session caches each schema id after its first lookup
  for (const m of batch) {
    if (core.readSchemaHeader(m.value) === undefined) {
      out.push(undefined);
      continue;
    }
    const r = await core.decodeValue(m.value, session);
    const parts = core.jsonlSchemaParts(r, m.value);
    out.push(parts ? { ...parts, ...(r.schema ? { label: core.schemaLabel(r.schema) } : r.error ? { label: `undecoded: ${r.error}` } : {}) } : undefined);
  }
  return out;
}

export async function runPeekCommand(flags: PeekFlags): Promise<void> {
  if (!flags.topic) throw new UsageError('--topic is required: give the topic to read');
  const format = (flags.format ?? 'jsonl') as PeekFormat;
  if (!PEEK_FORMATS.includes(format)) throw new UsageError(`--format ${flags.format}: give jsonl, text or value`);
  const follow = flags.follow === true;
  const limitGiven = flags.limit !== undefined;
  const limit = limitGiven ? nonNegativeInt('--limit', flags.limit!) : 100;
  const start = parseFrom(flags.from, limit, follow);
  const spec = await cliConnectionSpec(flags);
  const { peek } = await import('../kafka/index');
  const schemas = lazySchemaSession(flags);

  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sink = new StdoutSink(process.stdout, () => ac.abort());
  try {
    await peek(spec, {
      topic: flags.topic,
      start,
      ...(flags.partition?.length ? { partitions: flags.partition } : {}),
      // with --follow and no --limit: until Ctrl-C
      ...(follow && !limitGiven ? {} : { limit }),
      follow,
      verifyCrc: flags.checkCrcs !== false,
      signal: ac.signal,
    }, async (batch) => sink.write(formatBatch(batch, format, format === 'value' ? undefined : await decodeBatch(batch, schemas))));
  } catch (err) {
    throw cliError(err);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function registerPeek(program: Command): void {
  const cmd = addConnectionOptions(program
    .command('peek')
    .description('read messages from a topic without a consumer group or committed offsets (needs only read permission)'))
    .option('--topic <topic>', 'the topic to read')
    .option('--from <where>', 'beginning, end (the last --limit messages; with --follow, only new ones), an OFFSET, or an ISO-8601 time (ListOffsets by time)', 'beginning')
    .option('--partition <p>', 'read only this partition (repeat for several; default: all)', collectPartition)
    .option('--limit <n>', 'stop after this many messages (default 100; with --follow, none)')
    .option('--follow', 'keep reading new messages until Ctrl-C (or --limit)')
    .option('--format <format>', 'jsonl (one JSON object per message), text, or value (each value alone on a line, as kcat prints)', 'jsonl')
    .option('--no-check-crcs', 'skip the CRC-32C check of each record batch (faster; kcat\'s default)');
  addSchemaOptions(cmd)
    .action(async (opts: PeekFlags) => {
      await runPeekCommand(opts);
    });
}
