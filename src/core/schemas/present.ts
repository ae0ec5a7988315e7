// How a decoded message is shown: the pieces of a `peek --format jsonl` line and the viewer's label.
// Pure; the caller has the DecodeResult of decodeValue and the raw bytes.
import type { DecodeResult } from './decode';
import type { SchemaInfo } from './types';

const REGISTRY: Record<SchemaInfo['registry'], string> = { glue: 'Glue', confluent: 'Confluent' };

// decodeValue hands out one SchemaInfo per schema, so its label and JSON text are made once, not per message
const labels = new WeakMap<SchemaInfo, string>();
const jsonMembers = new WeakMap<SchemaInfo, string>();

/** "OrderPlaced v2 · AVRO · Glue msk-sandbox-registry" (Protobuf adds the message type). */
export function schemaLabel(s: SchemaInfo): string {
  let label = labels.get(s);
  if (label === undefined) labels.set(s, (label = `${s.name} v${s.version} · ${s.format}${s.messageType ? ` ${s.messageType}` : ''} · ${REGISTRY[s.registry]} ${s.registryName}`));
  return label;
}

function schemaMember(s: SchemaInfo | undefined): string {
  if (!s) return '';
  let text = jsonMembers.get(s);
  if (text === undefined) jsonMembers.set(s, (text = `,"schema":${JSON.stringify(s)}`));
  return text;
}

export interface JsonlSchemaParts {
  /** JSON text for the line's "value" member: the decoded value, or {"base64":…} of the raw bytes on failure. */
  value: string;
  /** When set (decodeValue's `json` option), the decoded value's JSON text as UTF-8, and `value` is empty. */
  bytes?: Buffer;
  /** JSON text to append after the "value" member: `,"schema":{…}`, plus `,"schemaError":"…"` and `,"schemaId":"…"` on failure. */
  extra: string;
}

/**
 * The "value" of a JSONL line for a schema-registry message, and the members beside it; undefined
 * for a value without a registry header (print it as before). A failure keeps the raw bytes, so
 * nothing is lost, and says why.
 */
export function jsonlSchemaParts(result: DecodeResult, raw: Uint8Array | null): JsonlSchemaParts | undefined {
  if (result.wire === undefined && result.error === undefined) return undefined;
  const schema = schemaMember(result.schema);
  if (result.error === undefined) {
    const note = result.note ? `,"schemaNote":${JSON.stringify(result.note)}` : '';
    const extra = note ? schema + note : schema;
    return result.json ? { value: '', bytes: result.json, extra } : { value: JSON.stringify(result.decoded ?? null), extra };
  }
  const bytes = raw === null ? 'null' : `{"base64":"${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')}"}`;
  const id = result.schemaId !== undefined ? `,"schemaId":${JSON.stringify(result.schemaId)}` : '';
  return { value: bytes, extra: `${schema}${id},"schemaError":${JSON.stringify(result.error)}` };
}
