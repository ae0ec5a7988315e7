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
  const validate = (value: unknown): SchemaIssue[] => {
    const issues: SchemaIssue[] = [];
    type.isValid(value, {
      noUndeclaredFields: true,
      errorHook: (path, val, t) => {
        issues.push({ path: pointer(path), message: val === undefined ? `missing: expected ${describe(t)}` : `expected ${describe(t)}, got ${JSON.stringify(toJsonReady(val))}` });
      },
    });
    return issues;
  };
  return {
    format: 'AVRO',
    decode(payload) {
      // avsc reads past the end before it checks, so a corrupt block count would have it build an
      // array of billions of items: walk the bytes within bounds first
      walk({ buf: payload, pos: 0, items: 0 });
      // fromBuffer throws on a truncated payload and on trailing bytes: both mean "not this schema"
      return { value: toJson(type.fromBuffer(payload)) };
    },
    validate,
    encode(value) {
      const issues = validate(value);
      if (issues.length) throw new Error(`${issues[0].path || '/'}: ${issues[0].message}`);
      return { payload: type.toBuffer(value) };
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
