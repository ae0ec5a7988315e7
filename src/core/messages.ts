// How a key, value or header value is shown: as UTF-8 text, pretty JSON, hex or base64, or `auto`
// (JSON when it parses as JSON, else UTF-8 when it is valid UTF-8, else base64). Pure.
import { isUtf8 } from 'node:buffer';
import { ESC_PIECE, SCAN_ESCAPE, SCAN_HIGH, wasmKernels, type Kernels } from './protocol/wasm';

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

const NULL = Buffer.from('null', 'latin1');
const TIMESTAMP = Buffer.from(',"timestamp":', 'latin1');
const KEY = Buffer.from(',"key":', 'latin1');
const VALUE = Buffer.from(',"value":', 'latin1');
const NULL_KEY_VALUE = Buffer.from(',"key":null,"value":', 'latin1');
const NO_HEADERS = Buffer.from(',"headers":[]}\n', 'latin1');
const HEADERS = Buffer.from(',"headers":[', 'latin1');
const END_HEADERS = Buffer.from(']}\n', 'latin1');
const HEADER_VALUE = Buffer.from(',"value":', 'latin1');

/**
 * The decimal digits of the integer last written in one field, as String(n) gives them. Offsets
 * count up by one and timestamps repeat, so most lines reuse them or count them up in place.
 */
class Digits {
  value = NaN;
  readonly d = new Uint8Array(24);
  len = 0;

  /** Makes d hold n's digits; false when n is not a safe integer (the caller writes String(n)). */
  set(n: number): boolean {
    if (n === this.value) return true;
    if (n === this.value + 1 && n > 0) {
      const d = this.d;
      let i = this.len - 1;
      while (i >= 0 && d[i] === 0x39) d[i--] = 0x30;
      if (i >= 0) d[i]++;
      else {
        d.copyWithin(1, 0, this.len);
        d[0] = 0x31;
        this.len++;
      }
      this.value = n;
      return true;
    }
    if (!Number.isSafeInteger(n)) {
      this.value = NaN;
      return false;
    }
    const s = String(n);
    for (let i = 0; i < s.length; i++) this.d[i] = s.charCodeAt(i);
    this.len = s.length;
    this.value = n;
    return true;
  }
}

/** SCAN_ESCAPE | SCAN_HIGH of b[start, end), in JavaScript (where WebAssembly is unavailable). */
export function scanJs(b: Uint8Array, start: number, end: number): number {
  let flags = 0;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c < 0x20 || c === 0x22 || c === 0x5c) flags |= SCAN_ESCAPE;
    else if (c >= 0x80) flags |= SCAN_HIGH;
  }
  return flags;
}

/**
 * Builds `peek --format jsonl` output straight into bytes: the same lines as jsonlLine, but bytes
 * that a JSON string holds as they are (valid UTF-8 without control characters, `"` or `\`, the
 * common case) are copied as they are, found by the WebAssembly scan (./protocol/wasm.ts), without
 * decoding them to a string, escaping it and encoding it again. Other bytes go through jsonBytes
 * (JSON.stringify, or the base64 marker for invalid UTF-8). Numbers are written digit by digit.
 */
export class JsonlBuilder {
  private buf: Buffer;
  private at = 0;
  /** A Uint8Array over the last source buffer: its subarray() is much cheaper than a Buffer's. */
  private src: Uint8Array | null = null;
  private srcView: Uint8Array = new Uint8Array(0);

  /**
   * `k`: the kernels whose memory the record batches are staged in (the peek engine's, which may be
   * another bundle's copy of this module): a staged value is then scanned and escaped in place.
   */
  constructor(initial = 1 << 20, private readonly k: Kernels | null = wasmKernels()) {
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

  /** A constant: a short one byte by byte (cheaper than a set() call for a few bytes). */
  private raw(c: Buffer): void {
    const n = c.length;
    this.ensure(n);
    const buf = this.buf;
    const at = this.at;
    if (n <= 32) for (let i = 0; i < n; i++) buf[at + i] = c[i];
    else buf.set(c, at);
    this.at = at + n;
  }

  /** An integer field as String(n) writes it, from the field's cached digits when they serve. */
  private num(c: Digits, n: number): void {
    if (!c.set(n)) {
      this.latin1(String(n));
      return;
    }
    this.ensure(c.len);
    const buf = this.buf;
    const d = c.d;
    let at = this.at;
    for (let i = 0; i < c.len; i++) buf[at++] = d[i];
    this.at = at;
  }

  /** b[at, at + len) as a JSON value (len -1: null). */
  private field(b: Uint8Array | null, at: number, len: number): void {
    if (b === null || len < 0) {
      this.raw(NULL);
      return;
    }
    const end = at + len;
    const k = this.k;
    const flags = len === 0 ? 0 : k ? k.scan(b, at, end) : scanJs(b, at, end);
    if (b !== this.src) {
      this.src = b;
      this.srcView = new Uint8Array(b.buffer, b.byteOffset, b.length);
    }
    if (flags !== 0) {
      const sub = this.srcView.subarray(at, end);
      const invalid = (flags & SCAN_HIGH) !== 0 && !isUtf8(sub);
      // invalid UTF-8 (the base64 marker), or escapes without the kernels: JSON.stringify's way
      if (invalid || ((flags & SCAN_ESCAPE) !== 0 && k === null)) {
        this.ascii(jsonBytes(Buffer.from(sub.buffer, sub.byteOffset, sub.length)));
        return;
      }
      if (k !== null && (flags & SCAN_ESCAPE) !== 0) {
        this.escaped(k, b, at, end);
        return;
      }
    }
    this.ensure(len + 2);
    const buf = this.buf;
    buf[this.at++] = 0x22;
    buf.set(this.srcView.subarray(at, end), this.at);
    this.at += len;
    buf[this.at++] = 0x22;
  }

  /** b[at, end), valid UTF-8 with bytes to escape, as a JSON string, escaped by the WebAssembly kernel. */
  private escaped(k: Kernels, b: Uint8Array, at: number, end: number): void {
    this.ensure(1);
    this.buf[this.at++] = 0x22;
    for (let p = at; p < end; p += ESC_PIECE) {
      const e = k.escapePiece(b, p, Math.min(ESC_PIECE, end - p));
      this.ensure(e.length + 1);
      this.buf.set(e, this.at);
      this.at += e.length;
    }
    this.buf[this.at++] = 0x22;
  }

  private bytes(b: Buffer | null): void {
    this.field(b, 0, b === null ? -1 : b.length);
  }

  private topic: string | null = null;
  private partition = NaN;
  /** `{"topic":…,"partition":P,"offset":` for the current topic and partition. */
  private prefix = Buffer.alloc(0);
  private readonly offsetDigits = new Digits();
  private readonly timestampDigits = new Digits();

  /** Text known to be ASCII (numbers, field names): written without UTF-8 encoding. */
  private latin1(s: string): void {
    this.ensure(s.length);
    this.at += this.buf.write(s, this.at, 'latin1');
  }

  private head(topic: string, partition: number, offset: number, timestamp: number): void {
    if (topic !== this.topic || partition !== this.partition) {
      this.topic = topic;
      this.partition = partition;
      this.prefix = Buffer.from(`{"topic":${JSON.stringify(topic)},"partition":${partition},"offset":`, 'utf8');
    }
    this.raw(this.prefix);
    this.num(this.offsetDigits, offset);
    this.raw(TIMESTAMP);
    this.num(this.timestampDigits, timestamp);
  }

  private headers(hs: readonly { key: string; value: Buffer | null }[] | null): void {
    if (hs === null || hs.length === 0) {
      this.raw(NO_HEADERS);
      return;
    }
    this.raw(HEADERS);
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i];
      this.ascii(`${i ? ',' : ''}{"key":${JSON.stringify(h.key)}`);
      this.raw(HEADER_VALUE);
      this.bytes(h.value);
      this.latin1('}');
    }
    this.raw(END_HEADERS);
  }

  /** `value`: the JSON text of the line's value and the members after it, in place of the value's bytes (a decoded schema-registry message). */
  add(m: PrintableMessage, value?: { value: string; extra: string; bytes?: Uint8Array }): void {
    this.head(m.topic, m.partition, m.offset, m.timestamp);
    this.raw(KEY);
    this.bytes(m.key);
    this.raw(VALUE);
    if (value?.bytes) {
      // the decoded value's JSON text, already UTF-8 (src/core/schemas' Avro writer)
      this.ensure(value.bytes.length);
      this.buf.set(value.bytes, this.at);
      this.at += value.bytes.length;
      this.ascii(value.extra);
    } else if (value) this.ascii(value.value + value.extra);
    else this.bytes(m.value);
    this.headers(m.headers);
  }

  /**
   * The line of a record given by positions in the bytes it was decoded from (a RecordVisitor's
   * arguments: lengths are -1 for null), with its headers already decoded.
   */
  addRecord(topic: string, partition: number, offset: number, timestamp: number, buf: Uint8Array, keyAt: number, keyLen: number, valueAt: number, valueLen: number, headers: readonly { key: string; value: Buffer | null }[] | null): void {
    this.head(topic, partition, offset, timestamp);
    if (keyLen < 0) this.raw(NULL_KEY_VALUE);
    else {
      this.raw(KEY);
      this.field(buf, keyAt, keyLen);
      this.raw(VALUE);
    }
    this.field(buf, valueAt, valueLen);
    this.headers(headers);
  }

  /** Bytes written since the last take(). */
  get length(): number {
    return this.at;
  }

  /**
   * The bytes so far (a view), and a fresh start: in `next` when given (a buffer whose earlier
   * output has been written, reused), else in a new buffer of the same size.
   */
  take(next?: Buffer): Buffer {
    const out = this.buf.subarray(0, this.at);
    this.buf = next ?? Buffer.allocUnsafe(this.buf.length);
    this.at = 0;
    this.src = null;
    return out;
  }
}
