// What the viewer page receives: compact rows for the visible window only, and one message in full
// when a row is opened. Previews are cut before decoding, so a 1 MB value costs 200 bytes of text.
import { isValidUtf8, renderBytes, type RenderMode, type Rendered } from '../messages';
import type { ViewerMessage, ViewerSchema } from './filter';
import type { DecodeResult } from '../schemas/decode';
import { schemaLabel } from '../schemas/present';
import { formatSchemaRef } from '../schemas/ref';
import type { SchemaInfo } from '../schemas/types';
import type { MessageDetail, Row } from './protocol';

export type { MessageDetail, Row } from './protocol';


export const PREVIEW_CHARS = 200;

/** One line of at most `max` characters; null shows as an empty marker the page styles. */
export function previewBytes(buf: Buffer | null, mode: RenderMode, max = PREVIEW_CHARS): string {
  if (buf === null) return '\u2205'; // ∅: null (a tombstone value, or no key)
  const cut = buf.length > max * 4 ? buf.subarray(0, max * 4) : buf;
  let s: string;
  if (mode === 'hex') s = cut.subarray(0, max >> 1).toString('hex');
  else if (mode === 'base64') s = cut.subarray(0, Math.floor((max * 3) / 4)).toString('base64');
  else if (mode === 'utf8' || mode === 'json' || mode === 'auto') {
    // a cut in the middle of a character is fine for a preview; bytes that are not UTF-8 at all are shown as base64
    if (!isValidUtf8(buf) && (buf.length === cut.length || !isValidUtf8(cut.subarray(0, cut.length - 3)))) s = cut.subarray(0, Math.floor((max * 3) / 4)).toString('base64');
    else s = cut.toString('utf8').replace(/\s+/g, ' ');
  } else s = '';
  return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
}

/** The reference that names this schema version for produce (Confluent's registry is the connection's, so unnamed). */
// decodeValue hands out one SchemaInfo per schema: its reference is written once, not per message
const refs = new WeakMap<SchemaInfo, string>();

function schemaRefOf(s: SchemaInfo): string {
  const known = refs.get(s);
  if (known !== undefined) return known;
  const ref = formatSchemaRef({ registry: s.registry, schemaName: s.name, version: s.version, ...(s.registry === 'glue' ? { registryName: s.registryName } : {}), ...(s.messageType ? { messageType: s.messageType } : {}) });
  refs.set(s, ref);
  return ref;
}

/** What the viewer keeps of decodeValue's result; undefined for a value without a registry header. */
export function viewerSchema(r: DecodeResult): ViewerSchema | undefined {
  if (r.wire === undefined && r.error === undefined) return undefined;
  return {
    label: r.schema ? schemaLabel(r.schema) : undefined,
    schemaId: r.schemaId,
    ...(r.schema ? { ref: schemaRefOf(r.schema) } : {}),
    note: r.note,
    ...(r.error !== undefined ? { error: r.error } : { decoded: r.decoded, json: JSON.stringify(r.decoded ?? null) }),
  };
}

/** A decoded schema-registry value is shown as JSON in the auto and JSON modes; utf8, hex and base64 show its bytes. */
function showsDecoded(m: ViewerMessage, mode: RenderMode): m is ViewerMessage & { schema: { json: string } } {
  return m.schema?.json !== undefined && (mode === 'auto' || mode === 'json');
}

/** Raw bytes of a value that has a registry header: its binary header is not text, so auto shows hex. */
function rawMode(m: ViewerMessage, mode: RenderMode): RenderMode {
  return m.schema && (mode === 'auto' || mode === 'json') ? 'hex' : mode;
}

function cut(s: string, max = PREVIEW_CHARS): string {
  return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
}

export function toRow(i: number, m: ViewerMessage, keyMode: RenderMode, valueMode: RenderMode): Row {
  const value = showsDecoded(m, valueMode) ? cut(m.schema.json.slice(0, PREVIEW_CHARS * 2)) : previewBytes(m.value, rawMode(m, valueMode));
  const row: Row = [i, m.partition, m.offset, m.timestamp, previewBytes(m.key, keyMode), value, m.headers.length, m.value?.length ?? 0];
  if (m.schema) {
    row.push(m.schema.error !== undefined ? `not decoded: ${cut(m.schema.error, 120)}` : (m.schema.label ?? ''));
    row.push(m.schema.error !== undefined ? 1 : 0);
  }
  return row;
}

/** Values bigger than this are shown cut in the detail pane (the export has them whole). */
export const DETAIL_MAX_CHARS = 1_000_000;

function cutDetail(text: string): string {
  return text.length > DETAIL_MAX_CHARS ? text.slice(0, DETAIL_MAX_CHARS) + '\n\u2026 (cut; export the message to see all of it)' : text;
}

function rendered(buf: Buffer | null, mode: RenderMode): Rendered & { bytes: number | null } {
  const r = renderBytes(buf, mode);
  return { ...r, text: r.text.length > DETAIL_MAX_CHARS ? r.text.slice(0, DETAIL_MAX_CHARS) + '\n\u2026 (cut; export the message to see all of it)' : r.text, bytes: buf ? buf.length : null };
}

export function toDetail(i: number, m: ViewerMessage, topic: string, keyMode: RenderMode, valueMode: RenderMode): MessageDetail {
  return {
    index: i, topic, partition: m.partition, offset: m.offset, timestamp: m.timestamp, timestampType: m.timestampType,
    key: rendered(m.key, keyMode),
    value: showsDecoded(m, valueMode) ? { text: cutDetail(JSON.stringify(m.schema.decoded, null, 2)), encoding: 'json', bytes: m.value?.length ?? null } : rendered(m.value, rawMode(m, valueMode)),
    headers: m.headers.map((h) => ({ key: h.key, value: renderBytes(h.value, 'auto') })),
    ...(m.schema ? { schema: { label: m.schema.label, schemaId: m.schema.schemaId, error: m.schema.error, note: m.schema.note } } : {}),
  };
}
