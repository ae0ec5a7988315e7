// The per-message API for peek and produce. decodeValue never throws: a message whose schema cannot
// be fetched, or whose payload does not match it, comes back with the reason (the caller shows the
// raw bytes beside it). encodeValue/encodeValues validate before encoding and report each failure
// with the record's position and the schema's own path.
import { readGlueMessageIndex, readMessageIndexes, readSchemaHeader, SchemaWireError, type SchemaHeader, unwrapConfluentMessage, unwrapGlueMessage, writeConfluentMessage, writeGlueMessage, writeGlueMessageIndex } from './wire';
import { SchemaSession, type CompiledRecord } from './session';
import type { RegistryKind, SchemaInfo, SchemaIssue, SchemaRef, ValueSchemaSetting } from './types';

export interface DecodeOptions {
  /**
   * The topic's setting (default auto: each value by its header). 'none': nothing is decoded. A
   * registry: a value without its header is an error, not plain data. A format: a schema of
   * another format is an error.
   */
  expect?: ValueSchemaSetting;
  /** The value as JSON text (`json`) rather than as data (`decoded`), where the codec writes text directly (Avro). */
  json?: boolean;
}

export interface DecodeResult {
  /** The wire format of the header; undefined when the value has none (plain data: show it as usual). */
  wire?: RegistryKind;
  /** The schema id on the wire (Glue version UUID, Confluent id), also when the lookup failed. */
  schemaId?: string;
  /** The value as JSON, when decoding succeeded (without the `json` option, or where the codec has no text writer). */
  decoded?: unknown;
  /** With the `json` option: the decoded value as JSON text in UTF-8, the same as JSON.stringify(decoded). */
  json?: Buffer;
  schema?: SchemaInfo;
  /** Why the value could not be decoded; the caller shows the raw bytes with it. */
  error?: string;
  /** Something the reader should know about a value that did decode (e.g. no Protobuf message indexes). */
  note?: string;
}

const LABEL: Record<RegistryKind, string> = { glue: 'Glue Schema Registry', confluent: 'Confluent Schema Registry' };

// one SchemaInfo per compiled schema (its JSON text and label are then cached by present.ts)
const infos = new WeakMap<CompiledRecord, SchemaInfo>();

function info(c: CompiledRecord, messageType?: string): SchemaInfo {
  const r = c.record;
  if (messageType) return { registry: r.registry, registryName: r.registryName, name: r.name, version: r.version, format: r.format, id: r.id, messageType };
  let i = infos.get(c);
  if (!i) infos.set(c, (i = { registry: r.registry, registryName: r.registryName, name: r.name, version: r.version, format: r.format, id: r.id }));
  return i;
}

/** Where a message's setting came from, for the reasons below: both places a user can change it. */
const SETTING_HINT = 'the topic\'s schema setting (msk.schemas.topics in VS Code, --value-schema for msk-tools peek)';

/** Why a value is not in the registry's wire format, when the topic is set to that registry. */
function noHeaderReason(expect: RegistryKind, buf: Uint8Array): string {
  let why: string;
  try {
    if (expect === 'glue') unwrapGlueMessage(buf);
    else unwrapConfluentMessage(buf);
    why = 'its header is not readable.';
  } catch (err) {
    why = message(err);
  }
  const other = readSchemaHeader(buf);
  const lead = other ? `this value has a ${LABEL[other.kind]} header` : `this value has no ${expect === 'glue' ? 'Glue header (first byte 3, then compression 0 or 5)' : 'Confluent header (magic byte 0, then a schema id)'}`;
  return `The topic is set to ${LABEL[expect]}, but ${lead}: ${why} If the topic also holds other values, set ${SETTING_HINT} to auto.`;
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

/**
 * Like decodeValue, without a promise turn, when the value needs no registry lookup or its schema's
 * lookup has already succeeded; undefined when it needs one (then call decodeValue). Never throws.
 */
export function decodeValueNow(buf: Uint8Array | null | undefined, session: SchemaSession, options: DecodeOptions = {}): DecodeResult | undefined {
  try {
    const pre = beforeLookup(buf, options);
    if ('result' in pre) return pre.result;
    const compiled = session.resolvedId(pre.header.kind, pre.schemaId);
    return compiled ? afterLookup(pre.buf, pre.header, pre.schemaId, compiled, options) : undefined;
  } catch (err) {
    return { error: `The value could not be decoded: ${message(err)}` };
  }
}

type BeforeLookup = { result: DecodeResult } | { buf: Uint8Array; header: SchemaHeader; schemaId: string };

/** What the header and the topic's setting decide before any registry is asked. */
function beforeLookup(buf: Uint8Array | null | undefined, options: DecodeOptions): BeforeLookup {
  const expect = options.expect?.registry ?? 'auto';
  // a null value (a tombstone) is nothing to decode, whatever the setting
  if (expect === 'none' || !buf) return { result: {} };
  const header = readSchemaHeader(buf);
  if (!header) return { result: expect === 'auto' ? {} : { error: noHeaderReason(expect, buf) } };
  if (expect !== 'auto' && header.kind !== expect) return { result: { wire: header.kind, error: noHeaderReason(expect, buf) } };
  return { buf, header, schemaId: header.kind === 'glue' ? header.schemaVersionId : String(header.schemaId) };
}

async function decodeInner(buf: Uint8Array | null | undefined, session: SchemaSession, options: DecodeOptions): Promise<DecodeResult> {
  const pre = beforeLookup(buf, options);
  if ('result' in pre) return pre.result;
  let compiled: CompiledRecord;
  try {
    compiled = await session.resolveId(pre.header.kind, pre.schemaId);
  } catch (err) {
    return { wire: pre.header.kind, schemaId: pre.schemaId, error: message(err) };
  }
  return afterLookup(pre.buf, pre.header, pre.schemaId, compiled, options);
}

function afterLookup(buf: Uint8Array, header: SchemaHeader, schemaId: string, compiled: CompiledRecord, options: DecodeOptions): DecodeResult {
  const schema = info(compiled);
  const wantFormat = options.expect?.format;
  if (wantFormat && wantFormat !== compiled.record.format) {
    return { wire: header.kind, schemaId, schema, error: `The topic is set to ${wantFormat}, but ${LABEL[header.kind]} says ${compiled.record.name} version ${compiled.record.version} is ${compiled.record.format}: check ${SETTING_HINT}, or the producer.` };
  }
  const mismatch = (err: unknown): DecodeResult => ({ wire: header.kind, schemaId, schema, error: `The payload does not match ${compiled.record.name} version ${compiled.record.version} (${compiled.record.format}): ${message(err)}` });
  const { format } = compiled.compiled;
  const asJson = options.json === true && compiled.compiled.decodeJson !== undefined;
  if (header.kind === 'glue') {
    let payload: Buffer;
    try {
      payload = header.compression === 'none' ? Buffer.from(buf.buffer, buf.byteOffset + header.payloadOffset, buf.byteLength - header.payloadOffset) : unwrapGlueMessage(buf).payload;
    } catch (err) {
      if (err instanceof SchemaWireError) return { wire: 'glue', schemaId, schema, error: err.message };
      throw err;
    }
    try {
      if (format !== 'PROTOBUF') return asJson ? { wire: 'glue', schemaId, schema, json: compiled.compiled.decodeJson!(payload) } : { wire: 'glue', schemaId, schema, decoded: compiled.compiled.decode(payload).value };
      const idx = readGlueMessageIndex(payload, 0);
      if (!idx) return mismatch(new Error('the Protobuf message index before the payload is missing or truncated'));
      const out = compiled.compiled.decode(payload.subarray(idx.next), { kind: 'glue', index: idx.index });
      return { wire: 'glue', schemaId, schema: info(compiled, out.messageType), decoded: out.value };
    } catch (err) {
      return mismatch(err);
    }
  }
  const rest = Buffer.from(buf.buffer, buf.byteOffset + header.payloadOffset, buf.byteLength - header.payloadOffset);
  if (format !== 'PROTOBUF') {
    try {
      return asJson ? { wire: 'confluent', schemaId, schema, json: compiled.compiled.decodeJson!(rest) } : { wire: 'confluent', schemaId, schema, decoded: compiled.compiled.decode(rest).value };
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
