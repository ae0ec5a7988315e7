// Export of the viewer's filtered messages: JSON (one array), JSON Lines, or CSV (RFC 4180).
// Each record: topic, partition, offset, timestamp (epoch ms; CSV adds ISO time), key, value,
// headers. Key and value are UTF-8 text when they are valid UTF-8; otherwise base64, with
// `keyEncoding` / `valueEncoding: "base64"` saying so. Headers are an object; a header name that
// repeats gets an array of its values, so nothing is lost.
import { isValidUtf8 } from '../messages';
import type { ViewerMessage } from './filter';

import type { ExportFormat } from './protocol';

export type { ExportFormat } from './protocol';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'jsonl', 'csv'];

export interface ExportRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  keyEncoding?: 'base64';
  value: string | null;
  valueEncoding?: 'base64';
  headers: Record<string, string | null | (string | null)[]>;
}

function text(b: Buffer | null): { text: string | null; base64: boolean } {
  if (b === null) return { text: null, base64: false };
  return isValidUtf8(b) ? { text: b.toString('utf8'), base64: false } : { text: b.toString('base64'), base64: true };
}

export function exportRecord(m: ViewerMessage, topic: string): ExportRecord {
  const k = text(m.key);
  const v = text(m.value);
  const headers: ExportRecord['headers'] = {};
  for (const h of m.headers) {
    // header values are shown as text; one that is not UTF-8 is written as base64 with a `base64:` prefix
    const hv = h.value === null ? null : isValidUtf8(h.value) ? h.value.toString('utf8') : `base64:${h.value.toString('base64')}`;
    if (!Object.prototype.hasOwnProperty.call(headers, h.key)) headers[h.key] = hv;
    else {
      const prev = headers[h.key];
      headers[h.key] = Array.isArray(prev) ? [...prev, hv] : [prev, hv];
    }
  }
  return {
    topic, partition: m.partition, offset: m.offset, timestamp: m.timestamp,
    key: k.text, ...(k.base64 ? { keyEncoding: 'base64' as const } : {}),
    value: v.text, ...(v.base64 ? { valueEncoding: 'base64' as const } : {}),
    headers,
  };
}

export const CSV_COLUMNS = ['topic', 'partition', 'offset', 'timestamp', 'time', 'key', 'keyEncoding', 'value', 'valueEncoding', 'headers'] as const;

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(r: ExportRecord): string {
  const cells = [
    r.topic, String(r.partition), String(r.offset), String(r.timestamp), new Date(r.timestamp).toISOString(),
    r.key ?? '', r.keyEncoding ?? '', r.value ?? '', r.valueEncoding ?? '', Object.keys(r.headers).length ? JSON.stringify(r.headers) : '',
  ];
  return cells.map(csvField).join(',') + '\r\n';
}

/**
 * The export as text pieces, `perChunk` messages at a time, so a large export is written in parts
 * and never held whole as one string.
 */
export function* exportChunks(format: ExportFormat, messages: Iterable<ViewerMessage>, topic: string, perChunk = 1000): Generator<string> {
  let parts: string[] = [];
  let first = true;
  if (format === 'csv') parts.push(CSV_COLUMNS.join(',') + '\r\n');
  if (format === 'json') parts.push('[');
  for (const m of messages) {
    const r = exportRecord(m, topic);
    if (format === 'csv') parts.push(csvRow(r));
    else if (format === 'jsonl') parts.push(JSON.stringify(r) + '\n');
    else {
      parts.push((first ? '\n  ' : ',\n  ') + JSON.stringify(r));
      first = false;
    }
    if (parts.length >= perChunk) {
      yield parts.join('');
      parts = [];
    }
  }
  if (format === 'json') parts.push(first ? ']\n' : '\n]\n');
  if (parts.length) yield parts.join('');
}

/** The whole export as one string (small sets, tests). */
export function exportText(format: ExportFormat, messages: Iterable<ViewerMessage>, topic: string): string {
  return [...exportChunks(format, messages, topic)].join('');
}
