// How a decoded message is shown: the pieces of a `peek --format jsonl` line and the viewer's label.
// Pure; the caller has the DecodeResult of decodeValue and the raw bytes.
import type { DecodeResult } from './decode';
import type { SchemaInfo } from './types';

const REGISTRY: Record<SchemaInfo['registry'], string> = { glue: 'Glue', confluent: 'Confluent' };

/** "OrderPlaced v2 · AVRO · Glue msk-sandbox-registry" (Protobuf adds the message type). */
export function schemaLabel(s: SchemaInfo): string {
  return `${s.name} v${s.version} · ${s.format}${s.messageType ? ` ${s.messageType}` : ''} · ${REGISTRY[s.registry]} ${s.registryName}`;
}

export interface JsonlSchemaParts {
  /** JSON text for the line's "value" member: the decoded value, or {"base64":…} of the raw bytes on failure. */
  value: string;
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
  const schema = result.schema ? `,"schema":${JSON.stringify(result.schema)}` : '';
  if (result.error === undefined) {
    const note = result.note ? `,"schemaNote":${JSON.stringify(result.note)}` : '';
    return { value: JSON.stringify(result.decoded ?? null), extra: schema + note };
  }
  const bytes = raw === null ? 'null' : `{"base64":"${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')}"}`;
  const id = result.schemaId !== undefined ? `,"schemaId":${JSON.stringify(result.schemaId)}` : '';
  return { value: bytes, extra: `${schema}${id},"schemaError":${JSON.stringify(result.error)}` };
}
