// The fast path of a JSONL file read as bytes: when every record is a plain
// {"value": "…"} or {"key": "…", "value": "…"} (strings without escapes, or null), the messages
// are ranges of the file's own bytes — no UTF-8 decoding of the file, no JSON.parse, no copy, and
// no object per message (a run of 100,000 keeps a few typed arrays, not 100,000 Buffer views for
// the collector to move). A JSON string without escapes, control characters or invalid UTF-8 is
// exactly the UTF-8 bytes between its quotes, so these ranges carry what parseJsonMessages would give. Any other line (an
// object value, headers, a partition, an escape, whitespace other than spaces and tabs, a lone
// carriage return, a byte-order mark, an error) makes the whole file take the general path, which
// reports positions and errors.
import { isUtf8 } from 'node:buffer';
import { SCAN_ESCAPE, SCAN_HIGH, wasmKernels, type Kernels } from '../protocol/wasm';

/** A key's length when the record is {"key": null, …}. */
export const NULL_FIELD = -1;
/** A key's length when the record has no "key" member. */
export const NO_FIELD = -2;

/** The records of the fast path, as ranges of the file's bytes: column i of each array is record i. */
export interface PackedJsonl {
  /** The file's bytes, which the ranges are of. */
  buf: Buffer;
  count: number;
  /** Where each key starts in buf, and its length (NULL_FIELD, NO_FIELD). */
  keyAt: Int32Array;
  keyLen: Int32Array;
  /** Where each value starts in buf, and its length (NULL_FIELD for null). */
  valueAt: Int32Array;
  valueLen: Int32Array;
  /** The 0-based line of each record. */
  lines: Int32Array;
}

/** The records at these indices, in this order (a --count cycle, or the others of a set without the oversize ones). */
export function pickPacked(p: PackedJsonl, indices: ArrayLike<number>): PackedJsonl {
  const n = indices.length;
  const out: PackedJsonl = { buf: p.buf, count: n, keyAt: new Int32Array(n), keyLen: new Int32Array(n), valueAt: new Int32Array(n), valueLen: new Int32Array(n), lines: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    out.keyAt[i] = p.keyAt[k];
    out.keyLen[i] = p.keyLen[k];
    out.valueAt[i] = p.valueAt[k];
    out.valueLen[i] = p.valueLen[k];
    out.lines[i] = p.lines[k];
  }
  return out;
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;

function skipSpace(buf: Buffer, p: number, e: number): number {
  while (p < e) {
    const c = buf[p];
    if (c !== SPACE && c !== TAB) break;
    p++;
  }
  return p;
}

/** Strings at least this long are checked by the WebAssembly scan (shorter ones cost more to copy there than to loop over). */
const WASM_SCAN_MIN = 48;

/**
 * The index of the closing quote of a string whose content starts at p, or -1 if the string is not
 * plain. The first quote from p is found natively (indexOf); the bytes before it are then checked by
 * the WebAssembly scan (16 at a time) when there are many, else by plainStringEndJs. A backslash
 * before that quote (an escaped quote) makes the string not plain either way.
 */
function plainStringEnd(buf: Buffer, words: Int32Array, p: number, e: number, k: Kernels | null): number {
  if (k === null) return plainStringEndJs(buf, words, p, e);
  const q = buf.indexOf(QUOTE, p);
  if (q < 0 || q >= e) return -1;
  if (q - p < WASM_SCAN_MIN) return plainStringEndJs(buf, words, p, q + 1);
  const flags = k.scan(buf, p, q);
  if (flags & SCAN_ESCAPE) return -1;
  return (flags & SCAN_HIGH) === 0 || isUtf8(buf.subarray(p, q)) ? q : -1;
}

/**
 * The same in JavaScript: the index of the closing quote of a string whose content starts at p, or
 * -1 if the string is not plain. Four bytes at a time (`words`, an Int32Array over the buffer's memory) with the classic
 * has-a-byte tests: a byte < 0x20, a quote or a backslash stops the word loop; the rest goes byte by byte.
 */
function plainStringEndJs(buf: Buffer, words: Int32Array, p: number, e: number): number {
  const base = buf.byteOffset;
  let i = p;
  let high = 0;
  while (i < e && ((base + i) & 3) !== 0) {
    const c = buf[i];
    if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
    high |= c;
    i++;
  }
  if (((base + i) & 3) === 0) {
    let w4 = (base + i) >> 2;
    const wEnd = (base + e) >> 2;
    for (; w4 < wEnd; w4++) {
      const w = words[w4];
      const q = w ^ 0x22222222;
      const b = w ^ 0x5c5c5c5c;
      if ((((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b)) & 0x80808080) break;
      high |= w;
    }
    i = (w4 << 2) - base;
  }
  for (; i < e; i++) {
    const c = buf[i];
    if (c === QUOTE) return (high & 0x80808080) === 0 || isUtf8(buf.subarray(p, i)) ? i : -1;
    if (c === BACKSLASH || c < 0x20) return -1;
    high |= c;
  }
  return -1;
}

// the field names the fast path knows, as bytes after the opening quote (with the closing quote)
const KEY = Buffer.from('key"');
const VALUE = Buffer.from('value"');

function startsWith(buf: Buffer, p: number, e: number, word: Buffer): boolean {
  if (e - p < word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[p + i] !== word[i]) return false;
  return true;
}

const NULL_BYTES = [0x6e, 0x75, 0x6c, 0x6c];

/**
 * The records of a JSONL file's bytes when every record is plain (see above), else null: the
 * caller then decodes the text and uses parseJsonMessages. Empty and blank lines are skipped, as
 * there. Never throws.
 */
export function plainJsonlMessages(buf: Buffer): PackedJsonl | null {
  if (buf.length > 0x7fffffff) return null; // ranges are Int32; such a file takes the general path
  const words = new Int32Array(buf.buffer, 0, buf.buffer.byteLength >> 2);
  const kernels = wasmKernels();
  let cap = 1024;
  let keyAt: Int32Array = new Int32Array(cap), keyLen: Int32Array = new Int32Array(cap), valueAt: Int32Array = new Int32Array(cap);
  let valueLen: Int32Array = new Int32Array(cap), lines: Int32Array = new Int32Array(cap);
  let count = 0;
  const n = buf.length;
  let line = 0;
  let start = 0;
  while (start < n) {
    let nl = buf.indexOf(0x0a, start);
    if (nl < 0) nl = n;
    let e = nl;
    if (e > start && buf[e - 1] === 0x0d) e--;
    while (e > start && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    let p = skipSpace(buf, start, e);
    if (p < e) {
      if (buf[p] !== OPEN) return null;
      let kAt = 0, kLen = NO_FIELD, vAt = 0, vLen = NULL_FIELD;
      let hasValue = false;
      p = skipSpace(buf, p + 1, e);
      for (;;) {
        if (buf[p] !== QUOTE) return null;
        p++;
        let isKey: boolean;
        if (startsWith(buf, p, e, VALUE)) {
          if (hasValue) return null;
          hasValue = true;
          isKey = false;
          p += VALUE.length;
        } else if (startsWith(buf, p, e, KEY)) {
          if (kLen !== NO_FIELD) return null;
          isKey = true;
          p += KEY.length;
        } else return null;
        p = skipSpace(buf, p, e);
        if (buf[p] !== COLON) return null;
        p = skipSpace(buf, p + 1, e);
        let at = 0;
        let len: number;
        if (buf[p] === QUOTE) {
          const q = plainStringEnd(buf, words, p + 1, e, kernels);
          if (q < 0) return null;
          at = p + 1;
          len = q - at;
          p = q + 1;
        } else if (e - p >= 4 && buf[p] === NULL_BYTES[0] && buf[p + 1] === NULL_BYTES[1] && buf[p + 2] === NULL_BYTES[2] && buf[p + 3] === NULL_BYTES[3]) {
          len = NULL_FIELD;
          p += 4;
        } else return null;
        if (isKey) {
          kAt = at;
          kLen = len;
        } else {
          vAt = at;
          vLen = len;
        }
        p = skipSpace(buf, p, e);
        if (buf[p] === COMMA) {
          p = skipSpace(buf, p + 1, e);
          continue;
        }
        if (buf[p] !== CLOSE || p + 1 !== e) return null;
        break;
      }
      if (!hasValue) return null;
      if (count === cap) {
        keyAt = grown(keyAt); keyLen = grown(keyLen); valueAt = grown(valueAt); valueLen = grown(valueLen); lines = grown(lines);
        cap *= 2;
      }
      keyAt[count] = kAt;
      keyLen[count] = kLen;
      valueAt[count] = vAt;
      valueLen[count] = vLen;
      lines[count] = line;
      count++;
    }
    line++;
    start = nl + 1;
  }
  return { buf, count, keyAt: keyAt.subarray(0, count), keyLen: keyLen.subarray(0, count), valueAt: valueAt.subarray(0, count), valueLen: valueLen.subarray(0, count), lines: lines.subarray(0, count) };
}
