// Messages from a JSON array or a JSONL file of `{key, value, headers, partition, timestamp}`, each
// with the range of its record, so that a problem (or an oversize message) is reported where it is.
import { checkJson } from './json-check';
import type { OutgoingMessageLike, Range, RecipeError } from './types';
import { parseSchemaRef } from '../schemas/ref';
import type { SchemaRef } from '../schemas/types';

export interface JsonMessages {
  messages: OutgoingMessageLike[];
  /** The range of each message's record, in the order of `messages`. */
  ranges: Range[];
  errors: RecipeError[];
}

const RECORD_FIELDS = ['key', 'value', 'headers', 'partition', 'timestamp', 'schema'];

class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
        this.starts.push(i + 2);
        i++;
      } else if (c === 0x0a || c === 0x0d) this.starts.push(i + 1);
    }
  }

  at(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.at(start), end: this.at(end) };
  }
}

function error(r: Range, detail: string, where: string): RecipeError {
  return { message: `line ${r.start.line + 1}: ${where}${detail}`, detail: `${where}${detail}`, range: r, severity: 'error' };
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** One record to a message, or what is wrong with it. */
function toMessage(rec: unknown, schema?: SchemaRef): OutgoingMessageLike | string {
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
    return `a record must be an object like {"key": "k1", "value": {...}}, got ${Array.isArray(rec) ? 'an array' : rec === null ? 'null' : typeof rec}`;
  }
  const r = rec as Record<string, unknown>;
  const unknown = Object.keys(r).filter((k) => !RECORD_FIELDS.includes(k));
  if (unknown.length) return `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}: a record has ${RECORD_FIELDS.join(', ')}; to send a whole object as the value, wrap it: {"value": {...}}`;
  if (!('value' in r)) return 'a record needs a `value` (use "value": null for a tombstone)';
  const m: OutgoingMessageLike = { value: r.value === null ? null : asText(r.value) };
  if (r.schema !== undefined || schema) {
    // the record's own schema, else the file's: the value is kept as data for the encoder
    if (r.schema !== undefined) {
      const ref = typeof r.schema === 'string' ? parseSchemaRef(r.schema) : { problem: 'name it as text, e.g. "glue:REGISTRY/SCHEMA@latest" or "confluent:SUBJECT@latest"' };
      if ('problem' in ref) return `\`schema\`: ${ref.problem}`;
      m.schema = ref;
    } else m.schema = schema;
    m.data = r.value;
  }
  if (r.key !== undefined) m.key = r.key === null ? null : asText(r.key);
  if (r.headers !== undefined && r.headers !== null) {
    if (typeof r.headers !== 'object' || Array.isArray(r.headers)) return '`headers` must be an object of names to string values, like {"trace-id": "abc"}';
    m.headers = {};
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) {
      if (v === null || v === undefined) return `header \`${k}\` has no value: give a string`;
      m.headers[k] = asText(v);
    }
  }
  if (r.partition !== undefined && r.partition !== null) {
    if (typeof r.partition !== 'number' || !Number.isInteger(r.partition) || r.partition < 0 || r.partition > 2 ** 31 - 1) return `\`partition\` must be a non-negative whole number, got ${JSON.stringify(r.partition)}`;
    m.partition = r.partition;
  }
  if (r.timestamp !== undefined && r.timestamp !== null) {
    const t = r.timestamp;
    const ms = typeof t === 'number' ? t : typeof t === 'string' && /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(t) : NaN;
    if (!Number.isInteger(ms) || ms < 0) return `\`timestamp\` must be epoch milliseconds or an ISO-8601 string, got ${JSON.stringify(t)}`;
    m.timestamp = ms;
  }
  return m;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff;

/** The JSONL path for text whose lines end in \n or \r\n: the same messages, ranges and errors as the general one. */
function jsonlFast(text: string, out: JsonMessages, schema?: SchemaRef): JsonMessages {
  let n = 0;
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    let s = start;
    let e = nl;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) {
      n++;
      const where = `record ${n}: `;
      const r: Range = { start: { line, character: s - start }, end: { line, character: e - start } };
      let rec: unknown;
      let parsed = true;
      try {
        rec = JSON.parse(text.slice(s, e));
      } catch {
        parsed = false;
      }
      if (!parsed) {
        const slice = text.slice(s, e);
        const problem = checkJson(slice);
        if (problem) {
          const at = s + problem.offset - start;
          out.errors.push(error({ start: { line, character: at }, end: { line, character: Math.min(at + 1, e - start) } }, `record ${n} is not valid JSON: ${problem.message}`, ''));
        } else {
          try {
            JSON.parse(slice);
          } catch (err) {
            out.errors.push(error(r, `not valid JSON (${err instanceof Error ? err.message : String(err)})`, where));
          }
        }
      } else {
        const m = toMessage(rec, schema);
        if (typeof m === 'string') out.errors.push(error(r, m, where));
        else {
          out.messages.push(m);
          out.ranges.push(r);
        }
      }
    }
    line++;
    start = nl + 1;
  }
  return out;
}

/**
 * Parses a JSON array or JSONL text of records. Never throws. `options.schema`: the schema of the
 * records that name none (a record's own "schema" wins); records with a schema keep their value as `data`.
 */
export function parseJsonMessages(text: string, kind: 'json' | 'jsonl', options: { schema?: SchemaRef } = {}): JsonMessages {
  const schema = options.schema;
  const out: JsonMessages = { messages: [], ranges: [], errors: [] };
  try {
    // JSONL without lone \r line breaks (the usual case) takes the fast path: lines found with
    // indexOf, JSON.parse first, and the position-giving checker only for a line that fails
    if (kind === 'jsonl' && (text.indexOf('\r') < 0 || !/\r(?!\n)/.test(text))) return jsonlFast(text, out, schema);
    const lines = new Lines(text);
    const take = (start: number, end: number, where: string) => {
      const r = lines.range(start, end);
      let rec: unknown;
      try {
        rec = JSON.parse(text.slice(start, end));
      } catch (e) {
        out.errors.push(error(r, `not valid JSON (${e instanceof Error ? e.message : String(e)})`, where));
        return;
      }
      const m = toMessage(rec, schema);
      if (typeof m === 'string') out.errors.push(error(r, m, where));
      else {
        out.messages.push(m);
        out.ranges.push(r);
      }
    };
    if (kind === 'jsonl') {
      let n = 0;
      let start = 0;
      for (let i = 0; i <= text.length; i++) {
        const c = text.charCodeAt(i);
        if (i === text.length || c === 0x0a || c === 0x0d) {
          let s = start;
          let e = i;
          while (s < e && /\s/.test(text[s])) s++;
          while (e > s && /\s/.test(text[e - 1])) e--;
          if (e > s) {
            n++;
            const problem = checkJson(text.slice(s, e));
            if (problem) out.errors.push(error(lines.range(s + problem.offset, Math.min(s + problem.offset + 1, e)), `record ${n} is not valid JSON: ${problem.message}`, ''));
            else take(s, e, `record ${n}: `);
          }
          if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
          start = i + 1;
        }
      }
      return out;
    }
    const elements: [number, number][] = [];
    const problem = checkJson(text, (s, e) => elements.push([s, e]));
    if (problem) {
      out.errors.push(error(lines.range(problem.offset, Math.min(problem.offset + 1, text.length)), `the file is not valid JSON: ${problem.message}`, ''));
      return out;
    }
    const first = text.trimStart()[0];
    if (first !== '[') {
      const s = text.length - text.trimStart().length;
      out.errors.push(error(lines.range(s, s + 1), 'expected a JSON array of records like [{"key": "k1", "value": {...}}]; for one record per line, use a .jsonl file', ''));
      return out;
    }
    elements.forEach(([s, e], k) => take(s, e, `record ${k + 1}: `));
  } catch (err) {
    out.errors.push(error({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `reading the records failed (${err instanceof Error ? err.message : String(err)}): please report this`, ''));
  }
  return out;
}
