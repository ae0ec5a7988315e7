// `msk-tools peek`: read a topic without a consumer group (no commits, nothing left behind), from
// the beginning, the last N, an offset or a time, as JSON lines, text or raw values. Without
// --bootstrap it reads from a running local sandbox. Uses src/kafka/peek.ts (the wire client). Glue and
// Confluent schema-registry messages are decoded (src/cli/schemas.ts says with which registries).
import type { Command } from 'commander';
import { UsageError } from './errors';
import { addConnectionOptions, connectionSpecFromOptions, type ConnectionFlags } from './connection-flags';
import { JsonlBuilder, textMessage } from '../core/messages';
import { wasmKernels, type Kernels } from '../core/protocol/wasm';
import type { ConnectionSpec } from '../kafka/connection';
import type { PeekedMessage, PeekStart } from '../kafka/peek';
import type { PeekSink } from '../kafka/wire/peek-engine';
import type { RecordHeader } from '../core/protocol/record-batch';
import type { SchemaSession, ValueSchemaSetting } from '../core/schemas/index';
import { mayNeedDecoding, parseValueSchema } from '../core/schemas/topic-settings';
import { addSchemaOptions, lazySchemaSession, type SchemaFlags } from './schemas';

export interface PeekFlags extends ConnectionFlags, SchemaFlags {
  topic?: string;
  from?: string;
  partition?: number[];
  limit?: string;
  follow?: boolean;
  format?: string;
  checkCrcs?: boolean;
  valueSchema?: string;
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
 * whatever reads it); a closed pipe (e.g. `| head`) ends the run quietly. (Letting more queue up,
 * to decode the next fetch while the pipe drains, measured no faster and cost RSS.)
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

  /** `written`, when given, is called once the chunk has been handed to the OS (its buffer may then be reused). */
  write(chunk: string | Buffer, written?: () => void): Promise<void> | undefined {
    if (this.closed || chunk.length === 0) return undefined;
    if (this.out.write(chunk, written && (() => written()))) return undefined;
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

  /** Resolves once everything written so far has been handed to the OS (before the process may exit). */
  drained(): Promise<void> {
    if (this.closed || this.out.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('close', done);
        resolve();
      };
      this.out.once('close', done);
      // writes complete in order: an empty one's callback comes after all those before it
      this.out.write(Buffer.alloc(0), done);
    });
  }
}

/** What a schema-registry message's value becomes in jsonl and text output (src/core/schemas' jsonlSchemaParts). */
export interface DecodedValue {
  value: string;
  extra: string;
  label?: string;
  /** jsonl: the value's JSON text as UTF-8, in place of `value` (the Avro writer's output). */
  bytes?: Uint8Array;
}

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
 * Output buffers of a few MiB, reused once stdout has written what they held: a fresh buffer per
 * fetched partition would cost page faults and garbage collection at 100 MB a second.
 */
class BufferPool {
  private readonly free: Buffer[] = [];
  constructor(private readonly size: number) {}

  get(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.size);
  }

  /** Gives back the buffer a chunk was taken from (when it is a whole buffer of the pool's size or more). */
  release(chunk: Buffer): void {
    if (chunk.byteOffset === 0 && chunk.buffer.byteLength >= this.size && this.free.length < 4) this.free.push(Buffer.from(chunk.buffer));
  }
}

const OUT_BUFFER = 4 << 20;

/** `--format value` as records are decoded: each value's bytes and a newline, copied straight from the fetched batch. */
export class ValueSink implements PeekSink {
  private readonly pool = new BufferPool(OUT_BUFFER);
  private out: Buffer = this.pool.get();
  private at = 0;
  private src: Uint8Array | null = null;
  private view: Uint8Array = new Uint8Array(0);

  /** Values are only copied out: staging them in WebAssembly memory first would copy them twice. */
  readonly staged = false;

  constructor(private readonly write: (chunk: Buffer, written: () => void) => Promise<void> | undefined) {}

  partition(): void {}

  record(buf: Buffer, _offset: number, _timestamp: number, _keyAt: number, _keyLen: number, valueAt: number, valueLen: number): boolean {
    const n = valueLen < 0 ? 0 : valueLen;
    if (this.at + n + 1 > this.out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.at + n + 1));
      this.out.copy(bigger, 0, 0, this.at);
      this.out = bigger;
    }
    if (n > 0) {
      if (buf !== this.src) {
        this.src = buf;
        this.view = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      }
      this.out.set(this.view.subarray(valueAt, valueAt + n), this.at);
      this.at += n;
    }
    this.out[this.at++] = 0x0a;
    return true;
  }

  flush(): Promise<void> | undefined {
    const chunk = this.out.subarray(0, this.at);
    this.out = this.pool.get();
    this.at = 0;
    this.src = null;
    return this.write(chunk, () => this.pool.release(chunk));
  }
}

const EMPTY = new Uint8Array(0);

/**
 * `--format jsonl` as records are decoded (JsonlBuilder.addRecord). A value that decodeBatch may
 * decode (a schema-registry message, by mayNeedDecoding) needs an asynchronous look-up: from such a
 * value to the next flush, records are kept as messages (copied) and formatted by formatBatch.
 */
export class JsonlSink implements PeekSink {
  private readonly pool = new BufferPool(OUT_BUFFER);
  private readonly b: JsonlBuilder;
  private part = 0;
  private timestampType: 'create' | 'log-append' = 'create';
  private held: PeekedMessage[] = [];
  /** The first byte of a value, for mayNeedDecoding (which looks at no more). */
  private readonly first = new Uint8Array(1);
  /** The JSON scan reads staged bytes in place. */
  readonly staged = true;

  constructor(
    private readonly topic: string,
    private readonly write: (chunk: string | Buffer, written?: () => void) => Promise<void> | undefined,
    private readonly schemas: () => Promise<SchemaSession>,
    private readonly setting: ValueSchemaSetting,
    /** record-batch's readHeaders, from the peek chunk (so that msk-tools' start-up does not load the codec). */
    private readonly readHeaders: (buf: Buffer, at: number, count: number, end: number) => RecordHeader[],
    /** The peek chunk's kernels, whose memory batches are staged in (this bundle has its own copy of the module). */
    kernels?: Kernels | null,
  ) {
    this.b = new JsonlBuilder(OUT_BUFFER, kernels === undefined ? wasmKernels() : kernels);
  }

  partition(partition: number, timestampType: 'create' | 'log-append'): void {
    this.part = partition;
    this.timestampType = timestampType;
  }

  record(buf: Buffer, offset: number, timestamp: number, keyAt: number, keyLen: number, valueAt: number, valueLen: number, headerCount: number, headersAt: number, recordEnd: number): boolean {
    const headers = headerCount > 0 ? this.readHeaders(buf, headersAt, headerCount, recordEnd) : null;
    if (valueLen > 0) this.first[0] = buf[valueAt];
    if (this.held.length > 0 || mayNeedDecoding(valueLen < 0 ? null : valueLen === 0 ? EMPTY : this.first, this.setting)) {
      const copy = (at: number, len: number) => (len < 0 ? null : Buffer.from(buf.subarray(at, at + len)));
      this.held.push({
        topic: this.topic, partition: this.part, offset, timestamp, timestampType: this.timestampType,
        key: copy(keyAt, keyLen), value: copy(valueAt, valueLen),
        headers: (headers ?? []).map((h) => ({ key: h.key, value: h.value && Buffer.from(h.value) })),
      });
    } else {
      this.b.addRecord(this.topic, this.part, offset, timestamp, buf, keyAt, keyLen, valueAt, valueLen, headers);
    }
    return true;
  }

  async flush(): Promise<void> {
    const chunk = this.b.take(this.pool.get());
    const held = this.held;
    this.held = [];
    await this.write(chunk, () => this.pool.release(chunk));
    if (held.length) await this.write(formatBatch(held, 'jsonl', await decodeBatch(held, this.schemas, this.setting, 'jsonl')));
  }
}

/**
 * The decoded values of the batch's schema-registry messages, in order; undefined where a value is
 * printed as it is, and for the whole batch when every value is (with auto, the common case of plain
 * values costs a look at each first byte and loads nothing). `setting` is --value-schema's.
 */
async function decodeBatch(batch: PeekedMessage[], schemas: () => Promise<SchemaSession>, setting: ValueSchemaSetting, format: PeekFormat): Promise<(DecodedValue | undefined)[] | undefined> {
  let first = -1;
  for (let i = 0; i < batch.length; i++) {
    if (mayNeedDecoding(batch[i].value, setting)) {
      first = i;
      break;
    }
  }
  if (first < 0) return undefined;
  const core = await import('../core/schemas/index');
  // auto: bytes 0 and 3 also start plain values; the registries are set up for a real header only
  if (setting.registry === 'auto' && !batch.some((m, i) => i >= first && core.readSchemaHeader(m.value) !== undefined)) return undefined;
  const session = await schemas();
  // JSON text straight from the payload where the codec can (Avro): the lines need nothing else
  const options = { expect: setting, json: true };
  const out: (DecodedValue | undefined)[] = new Array<DecodedValue | undefined>(first).fill(undefined);
  // in order: the session caches each schema id after its first lookup
  for (let i = first; i < batch.length; i++) {
    const v = batch[i].value;
    if (!mayNeedDecoding(v, setting)) {
      out.push(undefined);
      continue;
    }
    // after the first lookup of a schema id, without a promise turn per message
    const r = core.decodeValueNow(v, session, options) ?? (await core.decodeValue(v, session, options));
    const parts = core.jsonlSchemaParts(r, v);
    if (!parts || format !== 'text') out.push(parts);
    else {
      const value = parts.bytes ? parts.bytes.toString('utf8') : parts.value;
      // a failure's reason first (it names the schema when there is one)
      out.push({ value, extra: parts.extra, ...(r.error !== undefined ? { label: `undecoded: ${r.error}` } : r.schema ? { label: core.schemaLabel(r.schema) } : {}) });
    }
  }
  return out;
}

/** --value-schema: auto (the default), none, glue or confluent, optionally with :avro, :json or :protobuf. */
export function valueSchemaFlag(flags: Pick<PeekFlags, 'valueSchema' | 'bootstrap' | 'glue' | 'glueEndpoint' | 'schemaRegistry'>): ValueSchemaSetting {
  const parsed = parseValueSchema(flags.valueSchema ?? 'auto');
  if (!parsed.ok) throw new UsageError(`--value-schema ${flags.valueSchema}: ${parsed.problem} (e.g. --value-schema glue, --value-schema confluent:protobuf, --value-schema none)`);
  const s = parsed.setting;
  // with --bootstrap, the registry must be named: the local sandbox's own are used only without it
  if (flags.bootstrap && s.registry === 'glue' && !flags.glue && !flags.glueEndpoint) throw new UsageError(`--value-schema ${flags.valueSchema} needs the Glue Schema Registry: add --glue (with --region / --profile) or --glue-endpoint URL`);
  if (flags.bootstrap && s.registry === 'confluent' && !flags.schemaRegistry) throw new UsageError(`--value-schema ${flags.valueSchema} needs the Confluent Schema Registry: add --schema-registry URL`);
  return s;
}

export async function runPeekCommand(flags: PeekFlags): Promise<void> {
  if (!flags.topic) throw new UsageError('--topic is required: give the topic to read');
  const format = (flags.format ?? 'jsonl') as PeekFormat;
  if (!PEEK_FORMATS.includes(format)) throw new UsageError(`--format ${flags.format}: give jsonl, text or value`);
  const follow = flags.follow === true;
  const limitGiven = flags.limit !== undefined;
  const limit = limitGiven ? nonNegativeInt('--limit', flags.limit!) : 100;
  const start = parseFrom(flags.from, limit, follow);
  const valueSchema = valueSchemaFlag(flags);
  const spec = await cliConnectionSpec(flags);
  // the peek engine alone (dist/peek.js): not the kafka chunk, whose admin side needs kafkajs
  const { runPeek, readHeaders, wasmKernels: engineKernels } = await import('../kafka/wire/engines');
  const schemas = lazySchemaSession(flags);

  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sink = new StdoutSink(process.stdout, () => ac.abort());
  const write = (chunk: string | Buffer, written?: () => void) => sink.write(chunk, written);
  // jsonl and value are written as records are decoded; text (and --from end) from message objects
  const recordSink = format === 'value' ? new ValueSink(write) : format === 'jsonl' ? new JsonlSink(flags.topic, write, schemas, valueSchema, readHeaders, engineKernels()) : undefined;
  try {
    await runPeek(spec, {
      topic: flags.topic,
      start,
      ...(flags.partition?.length ? { partitions: flags.partition } : {}),
      // with --follow and no --limit: until Ctrl-C
      ...(follow && !limitGiven ? {} : { limit }),
      follow,
      verifyCrc: flags.checkCrcs !== false,
      signal: ac.signal,
    }, async (batch) => sink.write(formatBatch(batch, format, format === 'value' ? undefined : await decodeBatch(batch, schemas, valueSchema, format))), recordSink);
    await sink.drained();
  } catch (err) {
    await sink.drained(); // what was read before the failure is printed in full
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
    .option('--no-check-crcs', 'skip the CRC-32C check of each record batch (faster; kcat\'s default)')
    .option('--value-schema <registry>', 'how values are decoded: auto (each by its Glue or Confluent header), none (raw bytes), glue or confluent (that registry\'s header only; other values are reported); add :avro, :json or :protobuf to check the schema\'s format', 'auto');
  addSchemaOptions(cmd)
    .action(async (opts: PeekFlags) => {
      await runPeekCommand(opts);
    });
}
