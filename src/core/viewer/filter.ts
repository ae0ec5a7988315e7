// The viewer's filters, combined into one predicate over a stored message: text or a regular
// expression over key, value and headers; a set of partitions; a time range; a field expression.
import { compileExpression, ExpressionError, type FieldRoot } from './expression';
import type { FilterProblem, FilterSpec } from './protocol';

export type { FilterProblem, FilterSpec } from './protocol';

/** A message as the viewer keeps it (PeekedMessage's fields; Buffers are Uint8Arrays). */
export interface ViewerMessage {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType?: 'create' | 'log-append';
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
  /** Set when the value has a schema-registry header (decoded once, as the message entered the store). */
  schema?: ViewerSchema;
}

/** A schema-registry value as the viewer keeps it: the decoded value, or why it could not be decoded. */
export interface ViewerSchema {
  /** schemaLabel() of the schema (name, version, format, registry), when the schema was found. */
  label?: string;
  /** The decoded value (JSON-ready), when decoding succeeded. */
  decoded?: unknown;
  /** JSON text of `decoded` (what the text filter searches and the row previews). */
  json?: string;
  /** Why the value could not be decoded: the raw bytes are shown with it. */
  error?: string;
  /** The schema id on the wire (Glue version UUID, Confluent id). */
  schemaId?: string;
  /** The schema as a produce reference (`glue:REGISTRY/NAME@VERSION`, docs/recipes.md), for "Copy as Recipe". */
  ref?: string;
  note?: string;
}

export interface CompiledFilter {
  /** Everything but the time range: what the timeline counts. */
  matchesExceptTime(m: ViewerMessage, topic: string): boolean;
  inTime(m: ViewerMessage): boolean;
  /** True when no filter is set at all. */
  readonly empty: boolean;
  readonly timeOnlyEmpty: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
export const utf8 = (b: Buffer | null): string => (b ? decoder.decode(b) : '');

/** A value as a field filter sees it: parsed JSON when it is JSON, else its UTF-8 text; null stays null. */
export function fieldValue(b: Buffer | null): unknown {
  if (!b) return null;
  const s = utf8(b);
  const first = s.trimStart()[0];
  if (first === '{' || first === '[' || first === '"' || (first !== undefined && /[-\d tfn]/.test(first))) {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return s;
    }
  }
  return s;
}

function headersObject(m: ViewerMessage): Record<string, string | null> {
  const o: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  for (const h of m.headers) if (!(h.key in o)) o[h.key] = h.value ? utf8(h.value) : null;
  return o;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the predicate; returns the problems instead when a field cannot be used. */
export function compileFilter(spec: FilterSpec): CompiledFilter | { problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  let text: RegExp | undefined;
  if (spec.text) {
    try {
      text = new RegExp(spec.regex ? spec.text : escapeRegex(spec.text), spec.caseSensitive ? '' : 'i');
    } catch (err) {
      problems.push({ field: 'text', message: err instanceof Error ? err.message : String(err) });
    }
  }
  let expr: ReturnType<typeof compileExpression> | undefined;
  if (spec.expression?.trim()) {
    try {
      expr = compileExpression(spec.expression);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      problems.push({ field: 'expression', message: err.message, index: err.index });
    }
  }
  if (problems.length) return { problems };
  const parts = spec.partitions?.length ? new Set(spec.partitions) : undefined;
  const from = spec.from ?? -Infinity;
  const to = spec.to ?? Infinity;
  const timeOnlyEmpty = spec.from === undefined && spec.to === undefined;
  return {
    empty: !text && !expr && !parts && timeOnlyEmpty,
    timeOnlyEmpty,
    inTime: (m) => m.timestamp >= from && m.timestamp <= to,
    matchesExceptTime: (m, topic) => {
      if (parts && !parts.has(m.partition)) return false;
      if (text) {
        const re = text;
        const hit = re.test(m.schema?.json ?? utf8(m.value)) || re.test(utf8(m.key)) || m.headers.some((h) => re.test(h.key) || (h.value !== null && re.test(utf8(h.value))));
        if (!hit) return false;
      }
      if (expr) {
        const cache = new Map<FieldRoot, unknown>();
        const get = (root: FieldRoot): unknown => {
          if (cache.has(root)) return cache.get(root);
          const v = root === 'key' ? fieldValue(m.key) : root === 'value' ? (m.schema?.json !== undefined ? m.schema.decoded : fieldValue(m.value)) : root === 'headers' ? headersObject(m)
            : root === 'partition' ? m.partition : root === 'offset' ? m.offset : root === 'timestamp' ? m.timestamp : topic;
          cache.set(root, v);
          return v;
        };
        if (!expr.test(get)) return false;
      }
      return true;
    },
  };
}
