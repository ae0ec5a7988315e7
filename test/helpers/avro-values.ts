// Seeded values of an Avro type (avsc's own random() is not seeded), for the property tests of the
// Avro paths. The walk over the type is shared; what a leaf holds, how deep and how long containers
// go, and a map's keys are the caller's (each test draws from the values it is about).
import type * as avro from 'avsc';

export interface AvroLeaves {
  int(): number;
  long(): number;
  float(): number;
  double(): number;
  string(): string;
  /** The length of a bytes value (its bytes are then drawn). */
  bytesLength(): number;
  mapKey(): string;
  /** Past this depth, arrays and maps are empty. */
  maxDepth: number;
  /** Arrays and maps hold fewer than this many items. */
  maxItems: number;
  /** Past maxDepth, a union whose first branch is null takes it (so recursive types end). */
  nullPastDepth?: boolean;
}

interface TypeShape {
  typeName: string;
  fields?: { name: string; type: avro.Type }[];
  itemsType?: avro.Type;
  valuesType?: avro.Type;
  types?: avro.Type[];
  symbols?: string[];
  size?: number;
  branchName?: string;
}

export function avroValue(t: avro.Type, rnd: () => number, leaves: AvroLeaves, depth = 0): unknown {
  const s = t as unknown as TypeShape;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
  const items = () => (depth > leaves.maxDepth ? 0 : Math.floor(rnd() * leaves.maxItems));
  const inner = (u: avro.Type) => avroValue(u, rnd, leaves, depth + 1);
  switch (s.typeName) {
    case 'null': return null;
    case 'boolean': return rnd() < 0.5;
    case 'int': return leaves.int();
    case 'long': return leaves.long();
    case 'float': return leaves.float();
    case 'double': return leaves.double();
    case 'string': return leaves.string();
    case 'bytes': return bytes(leaves.bytesLength());
    case 'fixed': return bytes(s.size ?? 0);
    case 'enum': return pick(s.symbols ?? []);
    case 'array': return Array.from({ length: items() }, () => inner(s.itemsType!));
    case 'map': {
      const o: Record<string, unknown> = {};
      for (let i = items(); i > 0; i--) o[leaves.mapKey()] = inner(s.valuesType!);
      return o;
    }
    case 'record': {
      const o: Record<string, unknown> = {};
      for (const f of s.fields ?? []) o[f.name] = inner(f.type);
      return o;
    }
    case 'union:unwrapped':
    case 'union:wrapped': {
      const types = s.types ?? [];
      const b = leaves.nullPastDepth && depth > leaves.maxDepth && (types[0] as unknown as TypeShape).typeName === 'null' ? types[0] : pick(types);
      const v = inner(b);
      const bs = b as unknown as TypeShape;
      return s.typeName === 'union:wrapped' && bs.typeName !== 'null' ? { [bs.branchName!]: v } : v;
    }
    default:
      throw new Error(`no generator for ${s.typeName}`);
  }
}
