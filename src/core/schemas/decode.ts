// The per-message API for peek and produce. decodeValue never throws: a message whose schema cannot
// be fetched, or whose payload does not match it, comes back with the reason (the caller shows the
// raw bytes beside it). encodeValue/encodeValues validate before encoding and report each failure
// with the record's position and the schema's own path.
import { readGlueMessageIndex, readMessageIndexes, readSchemaHeader, SchemaWireError, unwrapConfluentMessage, unwrapGlueMessage, writeConfluentMessage, writeGlueMessage, writeGlueMessageIndex } from './wire';
import { SchemaSession, type CompiledRecord } from './session';
import type { RegistryKind, SchemaFormat, SchemaInfo, SchemaIssue, SchemaRef } from './types';

export interface DecodeOptions {
  /** The topic is set explicitly to this registry (and format): a value without its header is an error, not plain data. */
  expect?: { registry: RegistryKind; format?: SchemaFormat };
}

export interface DecodeResult {
  /** The wire format of the header; undefined when the value has none (plain data: show it as usual). */
  wire?: RegistryKind;
  /** The schema id on the wire (Glue version UUID, Confluent id), also when the lookup failed. */
  schemaId?: string;
  /** The value as JSON, when decoding succeeded. */
  decoded?: unknown;
  schema?: SchemaInfo;
  /** Why the value could not be decoded; the caller shows the raw bytes with it. */
  error?: string;
  /** Something the reader should know about a value that did decode (e.g. no Protobuf message indexes). */
  note?: string;
}

const LABEL: Record<RegistryKind, string> = { glue: 'Glue Schema Registry', confluent: 'Confluent Schema Registry' };

function info(c: CompiledRecord, messageType?: string): SchemaInfo {
  const r = c.record;
  return { registry: r.registry, registryName: r.registryName, name: r.name, version: r.version, format: r.format, id: r.id, ...(messageType ? { messageType } : {}) };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function decodeValue(buf: Uint8Array | null | undefined, session: SchemaSession, options: DecodeOptions = {}): Promise<DecodeResult> {
  try {
    return await decodeInner(buf, session, options);
  } catch (err) {
    // nothing escapes: an unforeseen failure is still the message's reason, not the peek's end
    return { error: `The value could not be decoded: ${message(err)}` };
  }
}

async function decodeInner(buf: Uint8Array | null | undefined, session: SchemaSession, options: DecodeOptions): Promise<DecodeResult> {
  const header = buf ? readSchemaHeader(buf) : undefined;
  const expect = options.expect?.registry;
  if (!header || !buf) {
    if (!expect) return {};
    return { error: `The topic is set to ${LABEL[expect]}, but this value has no ${expect === 'glue' ? 'Glue header (first byte 3, then compression 0 or 5)' : 'Confluent header (magic byte 0, then a schema id)'}.` };
  }
  if (expect && header.kind !== expect) {
    return { wire: header.kind, error: `The topic is set to ${LABEL[expect]}, but this value has a ${LABEL[header.kind]} header.` };
  }
  const schemaId = header.kind === 'glue' ? header.schemaVersionId : String(header.schemaId);
  let compiled: CompiledRecord;
  try {
    compiled = await session.resolveId(header.kind, schemaId);
  } catch (err) {
    return { wire: header.kind, schemaId, error: message(err) };
  }
  const schema = info(compiled);
  const mismatch = (err: unknown): DecodeResult => ({ wire: header.kind, schemaId, schema, error: `The payload does not match ${compiled.record.name} version ${compiled.record.version} (${compiled.record.format}): ${message(err)}` });
  const { format } = compiled.compiled;
  if (header.kind === 'glue') {
    let payload: Buffer;
    try {
      payload = unwrapGlueMessage(buf).payload;
    } catch (err) {
      if (err instanceof SchemaWireError) return { wire: 'glue', schemaId, schema, error: err.message };
      throw err;
    }
    try {
      if (format !== 'PROTOBUF') return { wire: 'glue', schemaId, schema, decoded: compiled.compiled.decode(payload).value };
      const idx = readGlueMessageIndex(payload, 0);
      if (!idx) return mismatch(new Error('the Protobuf message index before the payload is missing or truncated'));
      const out = compiled.compiled.decode(payload.subarray(idx.next), { kind: 'glue', index: idx.index });
      return { wire: 'glue', schemaId, schema: info(compiled, out.messageType), decoded: out.value };
    } catch (err) {
      return mismatch(err);
    }
  }
  const { rest } = unwrapConfluentMessage(buf);
  if (format !== 'PROTOBUF') {
    try {
      return { wire: 'confluent', schemaId, schema, decoded: compiled.compiled.decode(rest).value };
    } catch (err) {
      return mismatch(err);
    }
  }
  const idx = readMessageIndexes(rest, 0);
  let firstError: unknown;
  if (idx) {
    try {
      const out = compiled.compiled.decode(rest.subarray(idx.next), { kind: 'confluent', indexes: idx.indexes });
      return { wire: 'confluent', schemaId, schema: info(compiled, out.messageType), decoded: out.value };
    } catch (err) {
      firstError = err;
    }
  } else {
    firstError = new Error('the message indexes after the schema id are not readable');
  }
  // Some serialisers (@kafkajs/confluent-schema-registry among them) write no message indexes: the
  // payload follows the id directly and is the schema's first message.
  try {
    const out = compiled.compiled.decode(rest, { kind: 'confluent', indexes: [0] });
    return { wire: 'confluent', schemaId, schema: info(compiled, out.messageType), decoded: out.value, note: 'The value has no Protobuf message indexes after the schema id; it was read as the schema\'s first message.' };
  } catch {
    return mismatch(firstError);
  }
}

export class SchemaValidationError extends Error {
  override name = 'SchemaValidationError';
  constructor(
    message: string,
    readonly issues: readonly SchemaIssue[],
  ) {
    super(message);
  }
}

export interface SchemaEncoder {
  schema: SchemaInfo;
  /** Every reason the value does not match the schema; empty when it does. */
  validate(value: unknown): SchemaIssue[];
  /** The value in the registry's wire format; throws SchemaValidationError when it does not match. */
  encode(value: unknown): Buffer;
}

function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ');
}

/** Fetches the named schema (cached by id) and returns an encoder for its registry's wire format. */
export async function prepareEncoder(ref: SchemaRef, session: SchemaSession): Promise<SchemaEncoder> {
  const c = await session.resolveName(ref.registry, ref.schemaName, ref.version, ref.registryName);
  const { compiled, record } = c;
  const messageType = ref.messageType;
  const schema = info(c);
  if (compiled.format === 'PROTOBUF') {
    // fails early, before any value, when the message type is not in the schema
    compiled.validate({}, messageType);
  }
  const validate = (value: unknown) => compiled.validate(value, messageType);
  return {
    schema,
    validate,
    encode(value) {
      const issues = validate(value);
      if (issues.length) throw new SchemaValidationError(`The value does not match ${record.name} version ${record.version}: ${describeIssues(issues)}`, issues);
      const { payload, messagePath } = compiled.encode(value, messageType, record.registry);
      if (record.registry === 'glue') {
        const body = messagePath?.kind === 'glue' ? Buffer.concat([writeGlueMessageIndex(messagePath.index), payload]) : payload;
        return writeGlueMessage(record.id, body, ref.compress ? 'zlib' : 'none');
      }
      return writeConfluentMessage(Number(record.id), payload, messagePath?.kind === 'confluent' ? messagePath.indexes : undefined);
    },
  };
}

/** One value in the registry's wire format; throws SchemaValidationError (with the issues) or SchemaLookupError. */
export async function encodeValue(value: unknown, ref: SchemaRef, session: SchemaSession): Promise<Buffer> {
  return (await prepareEncoder(ref, session)).encode(value);
}

export interface RecordIssue extends SchemaIssue {
  /** The record's position in the set, from 0. */
  index: number;
}

export type EncodeValuesResult = { ok: true; schema: SchemaInfo; buffers: Buffer[] } | { ok: false; schema: SchemaInfo; issues: RecordIssue[] };

/**
 * A set of values (a recipe's records, a JSONL file's lines): every one is validated first, and when
 * any fails nothing is encoded, so the caller sends nothing of the set.
 */
export async function encodeValues(values: readonly unknown[], ref: SchemaRef, session: SchemaSession): Promise<EncodeValuesResult> {
  const encoder = await prepareEncoder(ref, session);
  const issues: RecordIssue[] = [];
  values.forEach((v, index) => {
    for (const i of encoder.validate(v)) issues.push({ index, ...i });
  });
  if (issues.length) return { ok: false, schema: encoder.schema, issues };
  return { ok: true, schema: encoder.schema, buffers: values.map((v) => encoder.encode(v)) };
}
