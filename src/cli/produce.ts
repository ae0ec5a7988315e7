// `msk-tools produce`: send the messages of a JSON / JSONL file or of a `.msk` recipe, with an
// idempotent producer (acks=all) by default. Every message is checked against the topic's
// max.message.bytes first: an oversize one is reported by its file and line, and nothing is sent
// (unless --skip-oversize). Without --bootstrap it sends to a running local sandbox.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from './errors';
import { addConnectionOptions, type ConnectionFlags } from './connection-flags';
import { cliConnectionSpec, cliError } from './peek';
import { parseJsonMessages, parseRecipe, expandBlockAsync, RecipeExpansionError, type OutgoingMessageLike } from '../core/recipes/index';
import type { CompressionName, OutgoingMessage, ProducedResult } from '../kafka/produce';
import { pickPacked, plainJsonlMessages, type PackedJsonl } from '../core/recipes/jsonl-bytes';
import type { SchemaRef } from '../core/schemas/types';
import { applySchemas, schemaFlag, withBlockSchema } from './produce-schemas';
import { addSchemaOptions, type SchemaFlags } from './schemas';

export interface ProduceFlags extends ConnectionFlags, SchemaFlags {
  /** A schema reference (src/core/schemas/ref.ts) for the records and blocks that name none. */
  schema?: string;
  topic?: string;
  file?: string;
  recipe?: string;
  count?: string;
  compression?: string;
  idempotence?: boolean;
  skipOversize?: boolean;
}

/** One message to send, with where it came from (for errors). */
interface SourcedMessage {
  topic: string;
  message: OutgoingMessageLike;
  /** "orders.jsonl:12" or "demo.msk:4 (message 3 of block 2)". */
  where: string;
}

/** A record of a JSON/JSONL file: its "file:line" is made only when an error needs it. */
class FileRecord implements SourcedMessage {
  constructor(readonly topic: string, public message: OutgoingMessageLike, private readonly file: string, private readonly line: number) {}

  get where(): string {
    return `${this.file}:${this.line + 1}`;
  }
}

const COMPRESSIONS: CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

function unreadable(flag: string, file: string, e: unknown): UsageError {
  return new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path`);
}

function readText(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadable(flag, file, e);
  }
}

/** A file's bytes, read in large pieces off the main thread, so that a connection made meanwhile goes ahead. */
async function readBytes(flag: string, file: string): Promise<Buffer> {
  try {
    // loaded here, not at start-up: fs/promises brings readline's modules, which no other command needs
    const { open } = await import('node:fs/promises');
    const fd = await open(file, 'r');
    try {
      const size = (await fd.stat()).size;
      const buf = Buffer.allocUnsafe(size);
      let at = 0;
      while (at < size) {
        const { bytesRead } = await fd.read(buf, at, Math.min(size - at, 16 << 20), at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return at === size ? buf : buf.subarray(0, at);
    } finally {
      await fd.close();
    }
  } catch (e) {
    throw unreadable(flag, file, e);
  }
}

function fileKind(file: string): '.json' | '.jsonl' | '.ndjson' {
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.jsonl' && ext !== '.ndjson') throw new UsageError(`--file ${file}: give a .json file (an array of records) or a .jsonl file (one record per line)`);
  return ext;
}

function positiveCount(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new UsageError(`--count ${v}: give a whole number, 1 or more`);
  return Number(v);
}

/** The records of a plain JSONL file (see jsonl-bytes.ts) as ranges of its bytes, --count N cycling through them; else null. */
export function plainFileRecords(file: string, bytes: Buffer, count?: number, schema?: SchemaRef): PackedJsonl | null {
  if (schema || fileKind(file) === '.json') return null;
  const plain = plainJsonlMessages(bytes);
  if (!plain || plain.count === 0) return null;
  if (count === undefined || count === plain.count) return plain;
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i % plain.count;
  return pickPacked(plain, indices);
}

/** The messages of a JSON array or JSONL file; --count N cycles through them until N are sent. */
export function fileMessages(file: string, text: string | Buffer, topic: string, count?: number, schema?: SchemaRef): SourcedMessage[] {
  const ext = fileKind(file);
  const parsed = parseJsonMessages(typeof text === 'string' ? text : text.toString('utf8'), ext === '.json' ? 'json' : 'jsonl', { schema });
  if (parsed.errors.length) {
    throw new UsageError(`${file} has ${parsed.errors.length} problem(s); nothing was sent:\n${parsed.errors.slice(0, 20).map((e) => `  ${file}:${e.message}`).join('\n')}${parsed.errors.length > 20 ? '\n  …' : ''}`);
  }
  if (parsed.messages.length === 0) throw new UsageError(`${file} holds no records: write records like {"key": "k1", "value": {"id": 1}}`);
  const n = count ?? parsed.messages.length;
  const out: SourcedMessage[] = new Array<SourcedMessage>(n);
  for (let i = 0; i < n; i++) {
    const k = i % parsed.messages.length;
    out[i] = new FileRecord(topic, parsed.messages[k], file, parsed.ranges[k].start.line);
  }
  return out;
}

/** One topic's messages as the engine takes them, with where each came from and the set without some. */
interface TopicJob {
  topic: string;
  count: number;
  input: OutgoingMessage[] | PackedJsonl;
  where(index: number): string;
  without(skip: Set<number>): TopicJob;
}

function sourcedJob(topic: string, list: SourcedMessage[]): TopicJob {
  return {
    topic,
    count: list.length,
    input: list.map((s) => s.message as OutgoingMessage),
    where: (i) => list[i].where,
    without: (skip) => sourcedJob(topic, list.filter((_, i) => !skip.has(i))),
  };
}

function packedJob(topic: string, file: string, packed: PackedJsonl): TopicJob {
  return {
    topic,
    count: packed.count,
    input: packed,
    where: (i) => `${file}:${packed.lines[i] + 1}`,
    without: (skip) => {
      const keep: number[] = [];
      for (let i = 0; i < packed.count; i++) if (!skip.has(i)) keep.push(i);
      return packedJob(topic, file, pickPacked(packed, keep));
    },
  };
}

/** The messages of every block of a recipe (each block's own topic unless --topic is given). */
export async function recipeMessages(file: string, text: string, topic: string | undefined, count?: number, schema?: SchemaRef): Promise<SourcedMessage[]> {
  const recipe = parseRecipe(text);
  const errors = recipe.errors.filter((e) => e.severity === 'error');
  if (errors.length) throw new UsageError(`${file} has ${errors.length} problem(s); nothing was sent:\n${errors.slice(0, 20).map((e) => `  ${file}:${e.message}`).join('\n')}`);
  if (recipe.blocks.length === 0) throw new UsageError(`${file} has no blocks: see docs/recipes.md for the format`);
  const out: SourcedMessage[] = [];
  for (const block of recipe.blocks) {
    let msgs: OutgoingMessageLike[];
    try {
      msgs = withBlockSchema(block, await expandBlockAsync(block, count !== undefined ? { count } : {}), schema);
    } catch (err) {
      if (err instanceof RecipeExpansionError) throw new UsageError(`${file}:${err.message}; nothing was sent`);
      throw err;
    }
    const line = block.range.start.line + 1;
    msgs.forEach((m, i) => out.push({ topic: topic ?? block.topic, message: m, where: `${file}:${line} (block ${block.index + 1}${msgs.length > 1 ? `, message ${i + 1}` : ''})` }));
  }
  return out;
}

function summary(topic: string, results: ProducedResult[]): string {
  if (results.length <= 20) return results.map((r) => `${topic} partition ${r.partition} offset ${r.offset}\n`).join('');
  const byPartition = new Map<number, { n: number; first: number; last: number }>();
  for (const r of results) {
    const p = byPartition.get(r.partition);
    if (!p) byPartition.set(r.partition, { n: 1, first: r.offset, last: r.offset });
    else {
      p.n++;
      p.first = Math.min(p.first, r.offset);
      p.last = Math.max(p.last, r.offset);
    }
  }
  const parts = [...byPartition].sort((a, b) => a[0] - b[0]).map(([p, s]) => `  partition ${p}: ${s.n} message(s), offsets ${s.first}-${s.last}\n`);
  return `${topic}: ${results.length} messages\n${parts.join('')}`;
}

export async function runProduceCommand(flags: ProduceFlags): Promise<number> {
  if ((flags.file === undefined) === (flags.recipe === undefined)) throw new UsageError('give one source: --file F.json|F.jsonl or --recipe F.msk');
  if (flags.file !== undefined && !flags.topic) throw new UsageError('--topic is required with --file (a recipe block names its own topic)');
  const compression = (flags.compression ?? 'none') as CompressionName;
  if (!COMPRESSIONS.includes(compression)) throw new UsageError(`--compression ${flags.compression}: give none, gzip, snappy, lz4 or zstd`);
  const count = positiveCount(flags.count);
  const schema = schemaFlag(flags.schema);
  if (flags.file !== undefined) fileKind(flags.file);
  const spec = await cliConnectionSpec(flags);
  // the engines' own chunk (dist/wire.js): neither the kafka chunk nor kafkajs is loaded
  const engines = import('../kafka/wire/engines');
  // a file's one topic: connected to (and its layout and limit read) while the file is read and checked
  const early = flags.file !== undefined ? engines.then((e) => e.connectForProduce(spec, flags.topic!)) : undefined;
  early?.catch(() => {}); // handled where it is used
  let jobs: TopicJob[];
  try {
    const bytes = flags.file !== undefined ? await readBytes('--file', flags.file) : undefined;
    // a plain JSONL file (the usual bulk file) is sent from ranges of its bytes: no decoding, no object per record
    const packed = bytes !== undefined ? plainFileRecords(flags.file!, bytes, count, schema) : null;
    if (packed) jobs = [packedJob(flags.topic!, flags.file!, packed)];
    else {
      const sourced = bytes !== undefined
        ? fileMessages(flags.file!, bytes, flags.topic!, count, schema)
        : await recipeMessages(flags.recipe!, readText('--recipe', flags.recipe!), flags.topic, count, schema);
      // values that name a schema: all validated, then encoded, before anything is sent
      await applySchemas(sourced, flags);
      // one produce per topic, in the order the topics first appear
      jobs = [...new Set(sourced.map((s) => s.topic))].map((topic) => sourcedJob(topic, sourced.filter((s) => s.topic === topic)));
    }
  } catch (err) {
    early?.then((c) => c.client.close(), () => {});
    throw err;
  }
  const { runProduce: produce, OversizeMessagesError } = await engines;
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let cancelled = false;
    for (let mine of jobs) {
      const topic = mine.topic;
      const send = (job: TopicJob, connection?: Parameters<typeof produce>[3]) => produce(spec, job.input, {
        topic,
        compression,
        idempotent: flags.idempotence !== false,
        signal: ac.signal,
        ...(process.stderr.isTTY && job.count >= 10000 ? { onProgress: (sent: number, total: number) => process.stderr.write(`\r${topic}: ${sent} of ${total} sent`) } : {}),
      }, connection);
      let outcome;
      try {
        // the early connection serves the first send (which closes it); a second (--skip-oversize) connects again
        outcome = await send(mine, early);
      } catch (err) {
        if (!(err instanceof OversizeMessagesError)) throw err;
        const lines = err.oversize.slice(0, 20).map((o) => `  ${mine.where(o.index)}: ${o.size} bytes`).join('\n');
        const head = `${err.oversize.length} message(s) for ${topic} exceed its max.message.bytes (${err.maxMessageBytes}):\n${lines}${err.oversize.length > 20 ? '\n  …' : ''}`;
        if (!flags.skipOversize) throw new UsageError(`${head}\nNothing was sent. Shrink them, or add --skip-oversize to send the others.`);
        process.stderr.write(`msk-tools: ${head}\nskipped (--skip-oversize); sending the others\n`);
        mine = mine.without(new Set(err.oversize.map((o) => o.index)));
        if (mine.count === 0) continue;
        outcome = await send(mine);
      }
      if (process.stderr.isTTY && mine.count >= 10000) process.stderr.write('\n');
      process.stdout.write(summary(topic, outcome.results));
      if (outcome.cancelled) {
        cancelled = true;
        process.stderr.write(`msk-tools: cancelled: ${outcome.results.length} of ${mine.count} message(s) for ${topic} were sent\n`);
        break;
      }
    }
    return cancelled ? 130 : 0;
  } catch (err) {
    const e = err as Error & { results?: ProducedResult[] };
    if (e?.name === 'ProduceFailedError' && e.results) throw new UsageError(`${e.message}`);
    throw cliError(err);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function registerProduce(program: Command): void {
  addSchemaOptions(addConnectionOptions(program
    .command('produce')
    .description('produce messages from a JSON/JSONL file or a .msk recipe (idempotent, acks=all; sizes checked before sending)')))
    .option('--schema <ref>', 'encode the values with this schema, validated first: glue:REGISTRY/SCHEMA@VERSION or confluent:SUBJECT@VERSION (VERSION a number or latest; #Message for a Protobuf type); a record\'s "schema" or a block\'s `schema:` wins')
    .option('--topic <topic>', 'the topic (required with --file; overrides a recipe block\'s topic)')
    .option('--file <file>', 'a .json file (an array of {key, value, headers, partition, timestamp}) or a .jsonl file (one such record per line)')
    .option('--recipe <file>', 'a .msk recipe: every block is produced (docs/recipes.md)')
    .option('--count <n>', 'messages per recipe block (overrides its count); with --file, the records are repeated until n are sent')
    .option('--compression <codec>', 'none, gzip, snappy, lz4 or zstd', 'none')
    .option('--no-idempotence', 'acks=all without a producer id (for brokers without a controller, such as librdkafka\'s mock cluster)')
    .option('--skip-oversize', 'send the messages that fit when some exceed max.message.bytes (default: send nothing)')
    .action(async (opts: ProduceFlags) => {
      process.exitCode = await runProduceCommand(opts);
    });
}
