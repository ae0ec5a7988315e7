// The two registries' wire formats: the header before the encoded payload on the topic.
//   Glue:      [3][compression: 0 none, 5 zlib][16 bytes: schema version UUID][payload]
//   Confluent: [0][4 bytes big-endian schema id][Protobuf only: message indexes][payload]
// Readers never throw on arbitrary bytes: a value that is not one of these is plain data. Only the
// explicit unwrap functions throw, with a SchemaWireError that says what was wrong.
import { deflateSync, inflateSync } from 'zlib';
import type { RegistryKind } from './types';

export const GLUE_HEADER_VERSION = 3;
export const GLUE_COMPRESSION_NONE = 0;
export const GLUE_COMPRESSION_ZLIB = 5;
export const GLUE_HEADER_LENGTH = 18;
export const CONFLUENT_MAGIC = 0;
export const CONFLUENT_HEADER_LENGTH = 5;
/** A Protobuf payload naming more message indexes than this is taken as not a Confluent message. */
export const MAX_MESSAGE_INDEXES = 64;
/** A zlib payload that would inflate past this is refused rather than filling memory. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export class SchemaWireError extends Error {
  override name = 'SchemaWireError';
}

export interface GlueHeader {
  kind: 'glue';
  compression: 'none' | 'zlib';
  /** The schema version id, lower-case 8-4-4-4-12 hex. */
  schemaVersionId: string;
  payloadOffset: number;
}

export interface ConfluentHeader {
  kind: 'confluent';
  schemaId: number;
  payloadOffset: number;
}

export type SchemaHeader = GlueHeader | ConfluentHeader;

function isBytes(buf: unknown): buf is Uint8Array {
  return buf instanceof Uint8Array;
}

/** The wire format a value's header announces, or undefined for anything else. Never throws. */
export function detectSchemaHeader(buf: unknown): RegistryKind | undefined {
  return readSchemaHeader(buf)?.kind;
}

/** The header of a Glue or Confluent message, or undefined when the bytes are neither. Never throws. */
export function readSchemaHeader(buf: unknown): SchemaHeader | undefined {
  return readGlueHeader(buf) ?? readConfluentHeader(buf);
}

export function readGlueHeader(buf: unknown): GlueHeader | undefined {
  if (!isBytes(buf) || buf.length < GLUE_HEADER_LENGTH || buf[0] !== GLUE_HEADER_VERSION) return undefined;
  const c = buf[1];
  if (c !== GLUE_COMPRESSION_NONE && c !== GLUE_COMPRESSION_ZLIB) return undefined;
  return { kind: 'glue', compression: c === GLUE_COMPRESSION_ZLIB ? 'zlib' : 'none', schemaVersionId: uuidFromBytes(buf, 2), payloadOffset: GLUE_HEADER_LENGTH };
}

export function readConfluentHeader(buf: unknown): ConfluentHeader | undefined {
  if (!isBytes(buf) || buf.length < CONFLUENT_HEADER_LENGTH || buf[0] !== CONFLUENT_MAGIC) return undefined;
  const id = ((buf[1] << 24) | (buf[2] << 16) | (buf[3] << 8) | buf[4]) >>> 0;
  // Registries hand out ids from 1 up as Java ints: 0 and the negative half are not ids.
  if (id === 0 || id > 0x7fffffff) return undefined;
  return { kind: 'confluent', schemaId: id, payloadOffset: CONFLUENT_HEADER_LENGTH };
}

// the last id read: a topic's messages mostly carry the same few, so 16 byte compares save the text
const lastIdBytes = new Uint8Array(16);
let lastId = '';

export function uuidFromBytes(buf: Uint8Array, offset: number): string {
  if (lastId !== '') {
    let same = true;
    for (let i = 0; i < 16; i++) {
      if (buf[offset + i] !== lastIdBytes[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastId;
  }
  const hex = Buffer.from(buf.buffer, buf.byteOffset + offset, 16).toString('hex');
  for (let i = 0; i < 16; i++) lastIdBytes[i] = buf[offset + i];
  lastId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return lastId;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidToBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new SchemaWireError(`"${id}" is not a schema version id: Glue ids are UUIDs (8-4-4-4-12 hex digits).`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

/** A Glue message: the header, then the payload, deflated with zlib when `compression` is 'zlib'. */
export function writeGlueMessage(schemaVersionId: string, payload: Uint8Array, compression: 'none' | 'zlib' = 'none'): Buffer {
  const head = Buffer.alloc(2);
  head[0] = GLUE_HEADER_VERSION;
  head[1] = compression === 'zlib' ? GLUE_COMPRESSION_ZLIB : GLUE_COMPRESSION_NONE;
  const body = compression === 'zlib' ? deflateSync(payload) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return Buffer.concat([head, uuidToBytes(schemaVersionId), body]);
}

/** The payload of a Glue message, inflated when compressed; throws SchemaWireError on a bad header or zlib stream. */
export function unwrapGlueMessage(buf: Uint8Array): { header: GlueHeader; payload: Buffer } {
  const header = readGlueHeader(buf);
  if (!header) {
    if (isBytes(buf) && buf.length >= 2 && buf[0] === GLUE_HEADER_VERSION) {
      throw new SchemaWireError(buf.length < GLUE_HEADER_LENGTH ? `A Glue message is at least ${GLUE_HEADER_LENGTH} bytes; this one has ${buf.length}.` : `Unknown Glue compression byte ${buf[1]} (0 is none, 5 is zlib).`);
    }
    throw new SchemaWireError(`Not a Glue Schema Registry message: the first byte is ${isBytes(buf) && buf.length ? buf[0] : 'missing'}, not ${GLUE_HEADER_VERSION}.`);
  }
  const rest = Buffer.from(buf.buffer, buf.byteOffset + header.payloadOffset, buf.byteLength - header.payloadOffset);
  if (header.compression === 'none') return { header, payload: rest };
  try {
    return { header, payload: inflateSync(rest, { maxOutputLength: MAX_INFLATED_BYTES }) };
  } catch (err) {
    throw new SchemaWireError(`The Glue message says zlib compression, but its payload does not inflate (${(err as Error).message}).`);
  }
}

/** A Confluent message; `messageIndexes` (Protobuf only) go between the schema id and the payload. */
export function writeConfluentMessage(schemaId: number, payload: Uint8Array, messageIndexes?: readonly number[]): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 1 || schemaId > 0x7fffffff) throw new SchemaWireError(`A Confluent schema id is a whole number from 1 to 2147483647, not ${schemaId}.`);
  const head = Buffer.alloc(CONFLUENT_HEADER_LENGTH);
  head[0] = CONFLUENT_MAGIC;
  head.writeUInt32BE(schemaId, 1);
  const parts: Uint8Array[] = [head];
  if (messageIndexes) parts.push(writeMessageIndexes(messageIndexes));
  parts.push(payload);
  return Buffer.concat(parts);
}

/** The schema id and what follows the header; throws SchemaWireError when the bytes are not a Confluent message. */
export function unwrapConfluentMessage(buf: Uint8Array): { header: ConfluentHeader; rest: Buffer } {
  const header = readConfluentHeader(buf);
  if (!header) {
    if (isBytes(buf) && buf.length > 0 && buf[0] === CONFLUENT_MAGIC) {
      throw new SchemaWireError(buf.length < CONFLUENT_HEADER_LENGTH ? `A Confluent message is at least ${CONFLUENT_HEADER_LENGTH} bytes; this one has ${buf.length}.` : 'The Confluent schema id is 0 or negative: no registry hands out such ids.');
    }
    throw new SchemaWireError(`Not a Confluent Schema Registry message: the first byte is ${isBytes(buf) && buf.length ? buf[0] : 'missing'}, not the magic byte 0.`);
  }
  return { header, rest: Buffer.from(buf.buffer, buf.byteOffset + header.payloadOffset, buf.byteLength - header.payloadOffset) };
}

// ---- varints (Protobuf message indexes) -------------------------------------------------------

/** An unsigned LEB128 varint of at most 32 bits at `offset`, or undefined when truncated or too long. */
export function readUVarint(buf: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const p = offset + i;
    if (p >= buf.length) return undefined;
    const b = buf[p];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return value > 0xffffffff ? undefined : { value, next: p + 1 };
  }
  return undefined;
}

export function writeUVarint(value: number, out: number[] = []): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new SchemaWireError(`A varint here holds 0 to 4294967295, not ${value}.`);
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

export function zigzagDecode(n: number): number {
  // n is an unsigned 32-bit value; (n >>> 1) ^ -(n & 1), kept in the safe range
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

export function zigzagEncode(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/**
 * Confluent's Protobuf message indexes at `offset`: a zigzag varint count, then that many zigzag
 * varint indexes; a single 0 byte stands for [0] (the first message of the file). Undefined when
 * the bytes cannot be indexes (truncated, negative, or more than MAX_MESSAGE_INDEXES).
 */
export function readMessageIndexes(buf: Uint8Array, offset: number): { indexes: number[]; next: number } | undefined {
  const count = readUVarint(buf, offset);
  if (!count) return undefined;
  const n = zigzagDecode(count.value);
  if (n === 0) return { indexes: [0], next: count.next };
  if (n < 0 || n > MAX_MESSAGE_INDEXES) return undefined;
  const indexes: number[] = [];
  let p = count.next;
  for (let i = 0; i < n; i++) {
    const v = readUVarint(buf, p);
    if (!v) return undefined;
    const index = zigzagDecode(v.value);
    if (index < 0) return undefined;
    indexes.push(index);
    p = v.next;
  }
  return { indexes, next: p };
}

/** Confluent's encoding of a message index path; [0] is written as the single byte 0. */
export function writeMessageIndexes(indexes: readonly number[]): Buffer {
  if (indexes.length === 0) throw new SchemaWireError('A Protobuf message index path names at least one message.');
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  const out: number[] = [];
  writeUVarint(zigzagEncode(indexes.length), out);
  for (const i of indexes) {
    if (!Number.isInteger(i) || i < 0) throw new SchemaWireError(`A Protobuf message index is a whole number of 0 or more, not ${i}.`);
    writeUVarint(zigzagEncode(i), out);
  }
  return Buffer.from(out);
}

/** Glue's Protobuf prefix: one unsigned varint, the message type's index (see MessagePath). */
export function readGlueMessageIndex(buf: Uint8Array, offset: number): { index: number; next: number } | undefined {
  const v = readUVarint(buf, offset);
  return v ? { index: v.value, next: v.next } : undefined;
}

export function writeGlueMessageIndex(index: number): Buffer {
  return Buffer.from(writeUVarint(index));
}
