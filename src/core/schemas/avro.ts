// Avro through avsc: a lazily loaded chunk (dist/schemas-avro.js), reached only through ./codecs.
import * as avro from 'avsc';
import { pointer, toJsonReady } from './json-ready';
import type { CompiledSchema, ResolvedReference, SchemaIssue } from './types';

function describe(type: avro.Type): string {
  const t = type as unknown as { typeName?: string; name?: string };
  return t.name ?? t.typeName ?? 'value';
}

/**
 * Compiles an Avro schema (its JSON text). References (named types defined in other schemas) are
 * registered first, so the schema may use their names.
 */
export function compileAvro(definition: string, references: readonly ResolvedReference[] = []): CompiledSchema {
  const registry: Record<string, avro.Type> = {};
  for (const r of references) avro.Type.forSchema(JSON.parse(r.definition) as avro.Schema, { registry });
  const type = avro.Type.forSchema(JSON.parse(definition) as avro.Schema, { registry });
  const walk = avroBoundsWalker(type);
  const toJson = avroJsonConverter(type);
  const writeJson = avroJsonWriter(type);
  const decode = (payload: Buffer) => {
    // avsc reads past the end before it checks, so a corrupt block count would have it build an
    // array of billions of items: walk the bytes within bounds first
    walk({ buf: payload, pos: 0, items: 0 });
    // fromBuffer throws on a truncated payload and on trailing bytes: both mean "not this schema"
    return { value: toJson(type.fromBuffer(payload)) };
  };
  const fromJson = avroFromJson(type);
  // the value as avsc takes it (bytes and fixed from their base64 text), with the issues of that step
  const prepare = (value: unknown): { value: unknown; issues: SchemaIssue[] } => {
    const issues: SchemaIssue[] = [];
    const data = fromJson(value, [], issues);
    const taken = issues.map((i) => i.path);
    type.isValid(data, {
      noUndeclaredFields: true,
      errorHook: (path, val, t) => {
        const at = pointer(path);
        // a place the base64 step has already reported (or one inside or around it)
        if (taken.some((p) => p === at || p.startsWith(at + '/') || at.startsWith(p + '/'))) return;
        issues.push({ path: at, message: val === undefined ? `missing: expected ${describe(t)}` : `expected ${describe(t)}, got ${JSON.stringify(toJsonReady(val))}` });
      },
    });
    return { value: data, issues };
  };
  const validate = (value: unknown): SchemaIssue[] => prepare(value).issues;
  return {
    format: 'AVRO',
    decode,
    // one pass from the bytes to the text; whatever the writer does not take is decoded the slow way,
    // which either reads it after all or throws with avsc's or the bounds walk's reason
    decodeJson: writeJson
      ? (payload) => {
          try {
            return writeJson(payload);
          } catch {
            return Buffer.from(JSON.stringify(decode(payload).value), 'utf8');
          }
        }
      : (payload) => Buffer.from(JSON.stringify(decode(payload).value), 'utf8'),
    validate,
    encode(value) {
      const { value: data, issues } = prepare(value);
      if (issues.length) throw new Error(`${issues[0].path || '/'}: ${issues[0].message}`);
      return { payload: type.toBuffer(data) };
    },
  };
}

/** Array and map items in one payload past which it is taken as corrupt, not as data. */
export const MAX_AVRO_ITEMS = 1_000_000;

interface AvroTypeShape {
  typeName: string;
  fields?: { name: string; type: AvroTypeShape }[];
  itemsType?: AvroTypeShape;
  valuesType?: AvroTypeShape;
  types?: AvroTypeShape[];
  symbols?: string[];
  size?: number;
  underlyingType?: AvroTypeShape;
  name?: string;
}

interface WalkState {
  buf: Buffer;
  pos: number;
  items: number;
}

type Walker = (s: WalkState) => void;

class AvroBoundsError extends Error {}

function fail(s: WalkState, why: string): never {
  throw new AvroBoundsError(`${why} at byte ${s.pos} of ${s.buf.length}`);
}

/** A zigzag varint (Avro int/long) as a JavaScript number; exact up to 2^53, which is all a bound needs. */
function varint(s: WalkState): number {
  const buf = s.buf;
  let b = s.pos < buf.length ? buf[s.pos++] : fail(s, 'the value ends inside a number');
  if (b < 0x80) return b & 1 ? -((b + 1) / 2) : b / 2;
  let n = b & 0x7f;
  let scale = 128;
  for (let i = 1; i < 10; i++) {
    b = s.pos < buf.length ? buf[s.pos++] : fail(s, 'the value ends inside a number');
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
    scale *= 128;
  }
  return fail(s, 'a number is longer than 10 bytes');
}

function skip(s: WalkState, n: number): void {
  if (n < 0 || s.pos + n > s.buf.length) fail(s, `a length of ${n} runs past the end`);
  s.pos += n;
}

/**
 * A walker for `type` that steps over an Avro binary value without building it, and throws when it
 * runs past the end, names a union branch or enum symbol that does not exist, or holds more than
 * MAX_AVRO_ITEMS items. Built once per schema (avsc reads past a payload's end before it checks).
 */
export function avroBoundsWalker(type: avro.Type): Walker {
  const memo = new Map<AvroTypeShape, Walker>();
  const build = (t: AvroTypeShape): Walker => {
    const known = memo.get(t);
    if (known) return known;
    // recursive records: the slot is filled before the fields are built
    let inner: Walker = () => {};
    const self: Walker = (st) => inner(st);
    memo.set(t, self);
    inner = make(t);
    return self;
  };
  const make = (t: AvroTypeShape): Walker => {
    const name = t.typeName;
    if (name.startsWith('logical:') && t.underlyingType) return build(t.underlyingType);
    switch (name) {
      case 'null':
        return () => {};
      case 'boolean':
        return (st) => skip(st, 1);
      case 'int':
      case 'long':
        return (st) => void varint(st);
      case 'float':
        return (st) => skip(st, 4);
      case 'double':
        return (st) => skip(st, 8);
      case 'bytes':
      case 'string':
        return (st) => skip(st, varint(st));
      case 'fixed': {
        const size = t.size ?? 0;
        return (st) => skip(st, size);
      }
      case 'enum': {
        const count = t.symbols?.length ?? 0;
        return (st) => {
          const i = varint(st);
          if (i < 0 || i >= count) fail(st, `enum index ${i} names no symbol`);
        };
      }
      case 'array':
      case 'map': {
        const item = build(name === 'array' ? t.itemsType! : t.valuesType!);
        const isMap = name === 'map';
        return (st) => {
          for (;;) {
            let count = varint(st);
            if (count === 0) return;
            if (count < 0) {
              count = -count;
              varint(st); // the block's size in bytes
            }
            st.items += count;
            if (st.items > MAX_AVRO_ITEMS) fail(st, `more than ${MAX_AVRO_ITEMS} array or map items`);
            for (let i = 0; i < count; i++) {
              if (isMap) skip(st, varint(st));
              item(st);
            }
          }
        };
      }
      case 'record':
      case 'error': {
        const fields = (t.fields ?? []).map((f) => build(f.type));
        return (st) => {
          for (const f of fields) f(st);
        };
      }
      default: {
        if (name.startsWith('union') && t.types) {
          const branches = t.types.map(build);
          return (st) => {
            const i = varint(st);
            if (i < 0 || i >= branches.length) fail(st, `union branch ${i} does not exist`);
            branches[i](st);
          };
        }
        return () => {};
      }
    }
  };
  return build(type);
}

export function checkAvroBytes(type: avro.Type, buf: Buffer): void {
  avroBoundsWalker(type)({ buf, pos: 0, items: 0 });
}

type Converter = (v: unknown) => unknown;
const identity: Converter = (v) => v;

/**
 * A converter from avsc's decoded value to plain JSON-ready data, built once per schema: records
 * become plain objects, bytes and fixed base64 text; branches it cannot tell apart cheaply (unions)
 * take the generic toJsonReady.
 */
export function avroJsonConverter(type: avro.Type): Converter {
  const memo = new Map<AvroTypeShape, Converter>();
  const build = (t: AvroTypeShape): Converter => {
    const known = memo.get(t);
    if (known) return known;
    let inner: Converter = identity;
    const self: Converter = (v) => inner(v);
    memo.set(t, self);
    inner = make(t);
    return self;
  };
  const make = (t: AvroTypeShape): Converter => {
    switch (t.typeName) {
      case 'null':
      case 'boolean':
      case 'int':
      case 'long':
      case 'string':
      case 'enum':
        return identity;
      case 'float':
      case 'double':
        return (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
      case 'record':
      case 'error': {
        const fields = (t.fields ?? []).map((f) => [f.name, build(f.type)] as const);
        return (v) => {
          const r = v as Record<string, unknown>;
          const o: Record<string, unknown> = {};
          for (const [n, c] of fields) o[n] = c(r[n]);
          return o;
        };
      }
      case 'array': {
        const c = build(t.itemsType!);
        return c === identity ? (v) => v : (v) => (v as unknown[]).map(c);
      }
      case 'map': {
        const c = build(t.valuesType!);
        return (v) => {
          const o: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = c(x);
          return o;
        };
      }
      default:
        return toJsonReady;
    }
  };
  return build(type);
}

// ---- JSON (as peek and the viewer show it) back to avsc's values, for produce ------------------

type FromJson = (v: unknown, path: (string | number)[], issues: SchemaIssue[]) => unknown;
const keep: FromJson = (v) => v;

/** Standard base64 with its padding, as the decoder writes bytes and fixed (Buffer#toString('base64')). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * The inverse of avroJsonConverter for produce, built once per schema: bytes and fixed from the
 * base64 text peek and the viewer show (a wrong form is an issue at its path that says the form
 * expected), "NaN"/"Infinity"/"-Infinity" back to numbers for float and double; everything else is
 * left for avsc's own check. In an unwrapped union a text goes to the string or enum branch when
 * there is one (a symbol for an enum), else to the bytes or fixed branch: the JSON of a string and
 * of bytes cannot be told apart there. Types with none of these are passed through as they are.
 */
export function avroFromJson(type: avro.Type): FromJson {
  const memo = new Map<AvroTypeShape, FromJson>();
  const build = (t: AvroTypeShape): FromJson => {
    const known = memo.get(t);
    if (known) return known;
    let inner: FromJson = keep;
    const self: FromJson = (v, p, i) => inner(v, p, i);
    memo.set(t, self);
    inner = make(t);
    // nothing to convert below: drop the indirection (not for a type that reaches itself)
    if (inner === keep && memo.get(t) === self) memo.set(t, keep);
    return inner === keep ? keep : self;
  };
  const bufferFrom = (t: AvroTypeShape): FromJson => {
    const size = t.typeName === 'fixed' ? (t.size ?? 0) : undefined;
    const what = size === undefined ? 'bytes as base64 text' : `fixed ${t.name ?? ''} (${size} bytes) as base64 text`.replace('  ', ' ');
    return (v, path, issues) => {
      if (Buffer.isBuffer(v)) return v;
      if (typeof v !== 'string' || !BASE64.test(v)) {
        issues.push({ path: pointer(path), message: `expected ${what}, the form peek shows (e.g. "3q2+7w=="), got ${shown(v)}` });
        return v;
      }
      const b = Buffer.from(v, 'base64');
      if (size !== undefined && b.length !== size) {
        issues.push({ path: pointer(path), message: `expected ${what}, got ${b.length} bytes (${shown(v)})` });
        return v;
      }
      return b;
    };
  };
  const make = (t: AvroTypeShape): FromJson => {
    const name = t.typeName;
    if (name.startsWith('logical:') && t.underlyingType) return build(t.underlyingType);
    switch (name) {
      case 'bytes':
      case 'fixed':
        return bufferFrom(t);
      case 'float':
      case 'double':
        return (v) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v);
      case 'record':
      case 'error': {
        const fields = (t.fields ?? []).map((f) => [f.name, build(f.type)] as const).filter(([, c]) => c !== keep);
        if (!fields.length) return keep;
        return (v, path, issues) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
          const o = { ...(v as Record<string, unknown>) };
          for (const [n, c] of fields) {
            if (!Object.prototype.hasOwnProperty.call(o, n)) continue;
            path.push(n);
            o[n] = c(o[n], path, issues);
            path.pop();
          }
          return o;
        };
      }
      case 'array': {
        const c = build(t.itemsType!);
        if (c === keep) return keep;
        return (v, path, issues) => {
          if (!Array.isArray(v)) return v;
          return v.map((x, i) => {
            path.push(i);
            const y = c(x, path, issues);
            path.pop();
            return y;
          });
        };
      }
      case 'map': {
        const c = build(t.valuesType!);
        if (c === keep) return keep;
        return (v, path, issues) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
          const o: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            path.push(k);
            o[k] = c(x, path, issues);
            path.pop();
          }
          return o;
        };
      }
      case 'union:wrapped': {
        const types = (t.types ?? []) as AvroJsonTypeShape[];
        const branches = new Map(types.map((b) => [b.branchName ?? b.typeName, build(b)] as const));
        if ([...branches.values()].every((c) => c === keep)) return keep;
        return (v, path, issues) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
          const keys = Object.keys(v);
          const c = keys.length === 1 ? branches.get(keys[0]) : undefined;
          if (!c || c === keep) return v;
          path.push(keys[0]);
          const inner = c((v as Record<string, unknown>)[keys[0]], path, issues);
          path.pop();
          return { [keys[0]]: inner };
        };
      }
      case 'union:unwrapped': {
        // at most one branch per kind of JSON value (avsc's buckets)
        const types = t.types ?? [];
        const of = (...names: string[]) => types.find((b) => names.includes(b.typeName));
        const text = of('string');
        const symbols = of('enum')?.symbols ?? [];
        const buffer = of('bytes', 'fixed');
        const numeric = of('float', 'double');
        const toBuffer = buffer ? build(buffer) : keep;
        const toNumber = numeric && !text && !of('enum') ? build(numeric) : keep;
        const toObject = ((b) => (b ? build(b) : keep))(of('record', 'error', 'map'));
        const toArray = ((b) => (b ? build(b) : keep))(of('array'));
        if (toBuffer === keep && toNumber === keep && toObject === keep && toArray === keep) return keep;
        return (v, path, issues) => {
          if (typeof v === 'string') {
            if (text || symbols.includes(v)) return v;
            if (v in NON_FINITE && toNumber !== keep) return toNumber(v, path, issues);
            return buffer ? toBuffer(v, path, issues) : v;
          }
          if (Array.isArray(v)) return toArray(v, path, issues);
          if (v !== null && typeof v === 'object') return toObject(v, path, issues);
          return v;
        };
      }
      default:
        return keep;
    }
  };
  return build(type);
}

// ---- Avro binary straight to JSON text (the peek's jsonl path) --------------------------------

/** Thrown by the JSON writer on anything it does not take; the caller then decodes the slow way, which says why. */
class AvroJsonBail extends Error {}

const ARENA_CHUNK = 1 << 20;

/**
 * Where the JSON writer puts its bytes: chunks of 1 MB, each value a view of the chunk it was
 * written in (a full chunk is left to the views that hold it, never written again).
 */
export class JsonArena {
  buf = Buffer.allocUnsafe(ARENA_CHUNK);
  at = 0;
  start = 0;

  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const used = this.at - this.start;
    const next = Buffer.allocUnsafe(Math.max(ARENA_CHUNK, (used + n) * 2));
    this.buf.copy(next, 0, this.start, this.at);
    this.buf = next;
    this.start = 0;
    this.at = used;
  }

  /** Short constant bytes (field names, punctuation). */
  lit(c: Uint8Array): void {
    this.ensure(c.length);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < c.length; i++) buf[at++] = c[i];
    this.at = at;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.at++] = b;
  }

  ascii(s: string): void {
    this.ensure(s.length);
    if (s.length > 64) {
      this.at += this.buf.write(s, this.at, 'latin1');
      return;
    }
    // short text (numbers): a loop costs less than Buffer#write's call into C++
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /** A whole number of at most 2^53 in magnitude, as String(n) writes it. */
  int(n: number): void {
    this.ensure(17);
    const buf = this.buf;
    let at = this.at;
    if (n < 0) {
      buf[at++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    const end = at + digits;
    for (let i = end - 1; i >= at; i--) {
      const q = Math.floor(n / 10);
      buf[i] = 0x30 + n - q * 10;
      n = q;
    }
    this.at = end;
  }

  /** The bytes since the last take(), as a view. */
  take(): Buffer {
    const out = this.buf.subarray(this.start, this.at);
    this.start = this.at;
    return out;
  }

  /** Drops the bytes since the last take(). */
  drop(): void {
    this.at = this.start;
  }
}

interface JsonReader {
  buf: Buffer;
  pos: number;
  items: number;
  out: JsonArena;
}

type JsonWriter = (r: JsonReader) => void;

function bail(): never {
  throw new AvroJsonBail('not taken by the JSON writer');
}

const TWO_53 = 2 ** 53;

/**
 * A zigzag varint (Avro int/long) of at most 10 bytes (the bounds walk's limit); bails past the end
 * and from 2^52 in magnitude up, where avsc's own float arithmetic decides the value (slow path).
 */
function jsonVarint(r: JsonReader): number {
  const buf = r.buf;
  if (r.pos >= buf.length) bail();
  let b = buf[r.pos++];
  if (b < 0x80) return b & 1 ? -((b + 1) / 2) : b / 2;
  let n = b & 0x7f;
  let scale = 128;
  for (let i = 1; i < 10; i++) {
    if (r.pos >= buf.length) bail();
    b = buf[r.pos++];
    n += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (n >= TWO_53) bail();
      return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
    }
    scale *= 128;
  }
  return bail();
}

/** The length of a string/bytes value, its bytes stepped over: they are [r.pos - n, r.pos). */
function jsonSpan(r: JsonReader): number {
  const n = jsonVarint(r);
  if (n < 0 || r.pos + n > r.buf.length) bail();
  r.pos += n;
  return n;
}

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];

/**
 * A number as JSON.stringify writes it; NaN and the infinities as text (avroJsonConverter/toJsonReady
 * do so). Whole numbers, and numbers of up to 6 decimals, from their digits (String(n) costs a few
 * hundred ns, and a record has many prices): m / 10^k is the double nearest the decimal m·10^-k, as
 * parsing it gives, so the fewest decimals k at which exactly one m gives back the number are the
 * shortest round-trip digits String(n) writes. Anything else goes through String(n).
 */
export function writeNumber(out: JsonArena, n: number): void {
  if (Number.isInteger(n) && n <= TWO_53 && n >= -TWO_53) {
    out.int(n);
    return;
  }
  if (!Number.isFinite(n)) {
    out.ascii(`"${String(n)}"`);
    return;
  }
  const a = n < 0 ? -n : n;
  if (a >= 1e-6 && a < 1e9) {
    for (let k = 1; k <= 6; k++) {
      const p = POW10[k];
      const m = Math.round(a * p);
      if (m / p !== a) continue;
      // two decimals of k places give the number back: String(n) picks the nearer, so leave it to it
      if ((m - 1) / p === a || (m + 1) / p === a) break;
      out.ensure(1 + 17 + 1 + k);
      if (n < 0) out.byte(0x2d);
      const whole = Math.floor(m / p);
      let frac = m - whole * p;
      out.int(whole);
      const buf = out.buf;
      const at = out.at;
      buf[at] = 0x2e;
      for (let i = k; i >= 1; i--) {
        const d = frac % 10;
        buf[at + i] = 0x30 + d;
        frac = (frac - d) / 10;
      }
      out.at = at + k + 1;
      return;
    }
  }
  out.ascii(String(n));
}

/** 1 for the bytes writeString does not copy as they are: control characters, quote, backslash, non-ASCII. */
const NOT_PLAIN = new Uint8Array(256).map((_, b) => (b < 0x20 || b === 0x22 || b === 0x5c || b >= 0x80 ? 1 : 0));

/** UTF-8 bytes as a JSON string, the bytes JSON.stringify(buf.toString('utf8', start, end)) gives. */
function writeString(out: JsonArena, buf: Buffer, start: number, end: number): void {
  out.ensure(end - start + 2);
  const dst = out.buf;
  let at = out.at;
  dst[at++] = 0x22;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    // a quote, backslash or control character needs an escape, and bytes past ASCII need a UTF-8
    // check (bad sequences become U+FFFD): both go the way of JSON.stringify
    if (NOT_PLAIN[b] === 1) {
      out.utf8(JSON.stringify(buf.toString('utf8', start, end)));
      return;
    }
    dst[at++] = b;
  }
  dst[at++] = 0x22;
  out.at = at;
}

function writeBase64(out: JsonArena, buf: Buffer, start: number, end: number): void {
  out.ascii(`"${buf.toString('base64', start, end)}"`);
}

const SAFE_LONG = 9007199254740990; // avsc's own bound for long (it refuses larger ones)
const enc = (s: string) => Buffer.from(s, 'utf8');
const NULL_TEXT = enc('null');
const TRUE_TEXT = enc('true');
const FALSE_TEXT = enc('false');
const EMPTY_OBJECT = enc('{}');

interface AvroJsonTypeShape extends AvroTypeShape {
  branchName?: string;
}

/**
 * A writer of an Avro binary value straight to JSON text (UTF-8 bytes), built once per schema: the
 * same text as JSON.stringify(avroJsonConverter(type)(type.fromBuffer(buf))), without building the
 * value. It takes only what it can read in bounds, as avsc would read it; on anything else (past
 * the end, a bad union branch or enum index, trailing bytes, more than MAX_AVRO_ITEMS items, a long
 * beyond avsc's safe range) it throws, and the caller decodes the slow way, which then says why.
 * Undefined for schemas it does not cover (logical types, error records, a field named __proto__).
 * The returned bytes are a view that stays valid (the writer never writes over them).
 */
export function avroJsonWriter(type: avro.Type): ((buf: Buffer) => Buffer) | undefined {
  const memo = new Map<AvroJsonTypeShape, JsonWriter>();
  const building = new Map<AvroJsonTypeShape, { used: boolean; self: JsonWriter }>();
  let covered = true;
  const build = (t: AvroJsonTypeShape): JsonWriter => {
    const known = memo.get(t);
    if (known) return known;
    // a recursive record reaches itself while it is built: it gets a slot filled once it is made,
    // and every other type its writer itself (one call less per value)
    const pending = building.get(t);
    if (pending) {
      pending.used = true;
      return pending.self;
    }
    let inner: JsonWriter = bail;
    const slot = { used: false, self: ((r) => inner(r)) as JsonWriter };
    building.set(t, slot);
    inner = make(t);
    building.delete(t);
    const w = slot.used ? slot.self : inner;
    memo.set(t, w);
    return w;
  };
  const make = (t: AvroJsonTypeShape): JsonWriter => {
    const name = t.typeName;
    switch (name) {
      case 'null':
        return (r) => r.out.lit(NULL_TEXT);
      case 'boolean':
        return (r) => {
          if (r.pos >= r.buf.length) bail();
          r.out.lit(r.buf[r.pos++] ? TRUE_TEXT : FALSE_TEXT);
        };
      case 'int':
        return (r) => writeNumber(r.out, jsonVarint(r));
      case 'long':
        return (r) => {
          const n = jsonVarint(r);
          if (n < -SAFE_LONG || n > SAFE_LONG) bail();
          r.out.int(n);
        };
      case 'float':
        return (r) => {
          if (r.pos + 4 > r.buf.length) bail();
          const v = r.buf.readFloatLE(r.pos);
          r.pos += 4;
          writeNumber(r.out, v);
        };
      case 'double':
        return (r) => {
          if (r.pos + 8 > r.buf.length) bail();
          const v = r.buf.readDoubleLE(r.pos);
          r.pos += 8;
          writeNumber(r.out, v);
        };
      case 'string':
        return (r) => {
          const n = jsonSpan(r);
          writeString(r.out, r.buf, r.pos - n, r.pos);
        };
      case 'bytes':
        return (r) => {
          const n = jsonSpan(r);
          writeBase64(r.out, r.buf, r.pos - n, r.pos);
        };
      case 'fixed': {
        const size = t.size ?? 0;
        return (r) => {
          if (r.pos + size > r.buf.length) bail();
          r.pos += size;
          writeBase64(r.out, r.buf, r.pos - size, r.pos);
        };
      }
      case 'enum': {
        const symbols = (t.symbols ?? []).map((x) => enc(JSON.stringify(x)));
        return (r) => {
          const i = jsonVarint(r);
          if (i < 0 || i >= symbols.length) bail();
          r.out.lit(symbols[i]);
        };
      }
      case 'array': {
        const item = build(t.itemsType!);
        return (r) => {
          r.out.byte(0x5b);
          let first = true;
          for (;;) {
            let count = jsonVarint(r);
            if (count === 0) break;
            if (count < 0) {
              count = -count;
              jsonVarint(r); // the block's size in bytes
            }
            r.items += count;
            if (r.items > MAX_AVRO_ITEMS) bail();
            for (let i = 0; i < count; i++) {
              if (!first) r.out.byte(0x2c);
              first = false;
              item(r);
            }
          }
          r.out.byte(0x5d);
        };
      }
      case 'map': {
        const item = build(t.valuesType!);
        return (r) => {
          // an object as avsc builds it: a repeated key keeps its last value, integer-like keys come
          // first. The values are written first, then copied out in the object's key order.
          const out = r.out;
          const from = out.at;
          const spans: Record<string, [number, number]> = {};
          for (;;) {
            let count = jsonVarint(r);
            if (count === 0) break;
            if (count < 0) {
              count = -count;
              jsonVarint(r);
            }
            r.items += count;
            if (r.items > MAX_AVRO_ITEMS) bail();
            for (let i = 0; i < count; i++) {
              const n = jsonSpan(r);
              const key = r.buf.toString('utf8', r.pos - n, r.pos);
              const at = out.at;
              item(r);
              spans[key] = [at - from, out.at - from];
            }
          }
          const values = Buffer.from(out.buf.subarray(from, out.at));
          out.at = from;
          out.byte(0x7b);
          let first = true;
          for (const k of Object.keys(spans)) {
            if (!first) out.byte(0x2c);
            first = false;
            out.utf8(JSON.stringify(k));
            out.byte(0x3a);
            const [a, b] = spans[k];
            out.ensure(b - a);
            values.copy(out.buf, out.at, a, b);
            out.at += b - a;
          }
          out.byte(0x7d);
        };
      }
      case 'record': {
        const fields = t.fields ?? [];
        if (fields.some((f) => f.name === '__proto__')) covered = false;
        if (!fields.length) return (r) => r.out.lit(EMPTY_OBJECT);
        const keys = fields.map((f, i) => enc(`${i ? ',' : '{'}${JSON.stringify(f.name)}:`));
        const writers = fields.map((f) => build(f.type));
        return (r) => {
          for (let i = 0; i < writers.length; i++) {
            r.out.lit(keys[i]);
            writers[i](r);
          }
          r.out.byte(0x7d);
        };
      }
      case 'union:unwrapped':
      case 'union:wrapped': {
        const types = (t.types ?? []) as AvroJsonTypeShape[];
        const wrapped = name === 'union:wrapped';
        const branches = types.map((b): JsonWriter => {
          const w = build(b);
          // avsc wraps every branch but null in an object keyed by the branch's name
          if (!wrapped || b.typeName === 'null') return w;
          if (b.branchName === '__proto__') covered = false;
          const key = enc(`{${JSON.stringify(b.branchName ?? '')}:`);
          return (r) => {
            r.out.lit(key);
            w(r);
            r.out.byte(0x7d);
          };
        });
        return (r) => {
          const i = jsonVarint(r);
          if (i < 0 || i >= branches.length) bail();
          branches[i](r);
        };
      }
      default:
        covered = false;
        return bail;
    }
  };
  const root = build(type);
  if (!covered) return undefined;
  const out = new JsonArena();
  return (buf) => {
    const r: JsonReader = { buf, pos: 0, items: 0, out };
    try {
      root(r);
      if (r.pos !== buf.length) bail();
    } catch (err) {
      out.drop();
      throw err;
    }
    return out.take();
  };
}
