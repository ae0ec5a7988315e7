// How a key, value or header value is shown: as UTF-8 text, pretty JSON, hex or base64, or `auto`
// (JSON when it parses as JSON, else UTF-8 when it is valid UTF-8, else base64). Pure.
import { isUtf8 } from 'node:buffer';

export type RenderMode = 'auto' | 'utf8' | 'json' | 'hex' | 'base64';
export type RenderedEncoding = 'utf8' | 'json' | 'hex' | 'base64' | 'null';

export interface Rendered {
  text: string;
  encoding: RenderedEncoding;
}

/** True when the bytes are valid UTF-8 (so a string round-trips them). */
export function isValidUtf8(buf: Uint8Array): boolean {
  return isUtf8(buf);
}

function looksLikeJson(buf: Buffer): boolean {
  // only objects and arrays: "123" or "true" are better shown as the text they are
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b || c === 0x5b;
  }
  return false;
}

/**
 * The bytes as text in the given mode. `json` pretty-prints with 2 spaces and falls back to `auto`
 * for bytes that are not JSON; `utf8` falls back to base64 for bytes that are not valid UTF-8 (the
 * encoding says which was used).
 */
export function renderBytes(buf: Buffer | null, mode: RenderMode): Rendered {
  if (buf === null) return { text: '', encoding: 'null' };
  switch (mode) {
    case 'hex':
      return { text: buf.toString('hex'), encoding: 'hex' };
    case 'base64':
      return { text: buf.toString('base64'), encoding: 'base64' };
    case 'utf8':
      return isUtf8(buf) ? { text: buf.toString('utf8'), encoding: 'utf8' } : { text: buf.toString('base64'), encoding: 'base64' };
    case 'json':
    case 'auto': {
      if (!isUtf8(buf)) return { text: buf.toString('base64'), encoding: 'base64' };
      const text = buf.toString('utf8');
      if (looksLikeJson(buf)) {
        try {
          return { text: JSON.stringify(JSON.parse(text), null, 2), encoding: 'json' };
        } catch {
          // not JSON after all: shown as text
        }
      }
      return { text, encoding: 'utf8' };
    }
  }
}

/** A message as the CLI prints it (the shape of src/kafka/peek.ts' PeekedMessage). */
export interface PrintableMessage {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

/**
 * Bytes as a JSON value for `peek --format jsonl`: a JSON string when they are valid UTF-8,
 * `{"base64":"…"}` otherwise, `null` for null. Returns JSON text (the hot path builds lines by
 * concatenation, not through an object and JSON.stringify).
 */
export function jsonBytes(buf: Buffer | null): string {
  if (buf === null) return 'null';
  if (buf.length === 0) return '""';
  return isUtf8(buf) ? JSON.stringify(buf.toString('utf8')) : `{"base64":"${buf.toString('base64')}"}`;
}

/**
 * One line of `peek --format jsonl` (with its newline):
 * {"topic","partition","offset","timestamp","key","value","headers":[{"key","value"}]}.
 */
export function jsonlLine(m: PrintableMessage): string {
  let hs = '[';
  for (let i = 0; i < m.headers.length; i++) {
    const h = m.headers[i];
    hs += `${i ? ',' : ''}{"key":${JSON.stringify(h.key)},"value":${jsonBytes(h.value)}}`;
  }
  return `{"topic":${JSON.stringify(m.topic)},"partition":${m.partition},"offset":${m.offset},"timestamp":${m.timestamp},"key":${jsonBytes(m.key)},"value":${jsonBytes(m.value)},"headers":${hs}]}\n`;
}

/** Bytes for `peek --format text`: UTF-8 text, `base64:…` when not valid UTF-8, `(null)` for null. */
function textBytes(buf: Buffer | null): string {
  if (buf === null) return '(null)';
  return isUtf8(buf) ? buf.toString('utf8') : `base64:${buf.toString('base64')}`;
}

/**
 * One message for `peek --format text` (for people): a heading line with partition, offset, time,
 * key and headers, then the value, then a blank line.
 */
export function textMessage(m: PrintableMessage): string {
  const time = Number.isFinite(m.timestamp) && m.timestamp >= 0 ? new Date(m.timestamp).toISOString() : String(m.timestamp);
  const hs = m.headers.length ? `  headers: ${m.headers.map((h) => `${h.key}=${textBytes(h.value)}`).join(', ')}` : '';
  return `partition ${m.partition}  offset ${m.offset}  ${time}  key: ${textBytes(m.key)}${hs}\n${textBytes(m.value)}\n\n`;
}

/**
 * Builds `peek --format jsonl` output straight into bytes: the same lines as jsonlLine, but bytes
 * that need no JSON escaping (printable ASCII without `"` or `\`, the common case) are copied as
 * they are, without decoding them to a string, escaping it and encoding it again.
 */
export class JsonlBuilder {
  private buf: Buffer;
  private at = 0;

  constructor(initial = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  private ascii(s: string): void {
    this.ensure(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  private bytes(b: Buffer | null): void {
    if (b === null) {
      this.latin1('null');
      return;
    }
    const n = b.length;
    let plain = true;
    for (let i = 0; i < n; i++) {
      const c = b[i];
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        plain = false;
        break;
      }
    }
    if (plain) {
      this.ensure(n + 2);
      this.buf[this.at++] = 0x22;
      this.buf.set(b, this.at);
      this.at += n;
      this.buf[this.at++] = 0x22;
    } else this.ascii(jsonBytes(b));
  }

  private topic = '';
  private prefix = Buffer.alloc(0);

  /** Text known to be ASCII (numbers, field names): written without UTF-8 encoding. */
  private latin1(s: string): void {
    this.ensure(s.length);
    this.at += this.buf.write(s, this.at, 'latin1');
  }

  /** `value`: the JSON text of the line's value and the members after it, in place of the value's bytes (a decoded schema-registry message). */
  add(m: PrintableMessage, value?: { value: string; extra: string }): void {
    if (m.topic !== this.topic) {
      this.topic = m.topic;
      this.prefix = Buffer.from(`{"topic":${JSON.stringify(m.topic)},"partition":`, 'utf8');
    }
    this.ensure(this.prefix.length);
    this.buf.set(this.prefix, this.at);
    this.at += this.prefix.length;
    this.latin1(`${m.partition},"offset":${m.offset},"timestamp":${m.timestamp},"key":`);
    this.bytes(m.key);
    this.latin1(',"value":');
    if (value) this.ascii(value.value + value.extra);
    else this.bytes(m.value);
    if (m.headers.length === 0) {
      this.latin1(',"headers":[]}\n');
      return;
    }
    this.latin1(',"headers":[');
    for (let i = 0; i < m.headers.length; i++) {
      const h = m.headers[i];
      this.ascii(`${i ? ',' : ''}{"key":${JSON.stringify(h.key)},"value":`);
      this.bytes(h.value);
      this.latin1('}');
    }
    this.latin1(']}\n');
  }

  /** The bytes so far (a view), and a fresh start. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.at = 0;
    return out;
  }
}
