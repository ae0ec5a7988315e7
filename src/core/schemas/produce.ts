// Produce with schemas: a set of values (a recipe's messages, a JSON/JSONL file's records), each
// naming its schema, is validated as a whole before anything is encoded. One invalid value, or one
// schema that cannot be fetched, and the set gives problems only (each with the value's place and
// the schema's own path), so the caller sends nothing of it. A null value is a tombstone and stays null.
import { prepareEncoder, type SchemaEncoder } from './decode';
import { formatSchemaRef } from './ref';
import type { SchemaSession } from './session';
import type { SchemaInfo, SchemaRef } from './types';

export interface SchemaProduceItem {
  ref: SchemaRef;
  /** The value as JSON data (a recipe's parsed JSON or its text); null: a tombstone, sent as null. */
  value: unknown;
  /** Where it comes from, for the user: "orders.jsonl:3", "orders.msk:12 (message 2)". */
  where: string;
}

export interface SchemaProblem {
  /** Index into the items. */
  index: number;
  where: string;
  /** The schema's JSON Pointer into the value ('' for the value itself); absent when the schema itself failed. */
  path?: string;
  /** "where: /path: message", ready to show. */
  message: string;
}

export type SchemaProduceResult =
  | { ok: true; values: (Buffer | null)[]; schemas: SchemaInfo[] }
  | { ok: false; problems: SchemaProblem[]; schemas: SchemaInfo[] };

const keyOf = (r: SchemaRef) => `${formatSchemaRef(r)}|${r.compress ? 'z' : ''}`;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Validates every item against its schema (each schema fetched once), then, only when all are
 * valid, encodes them in the registry's wire format. `limit` stops collecting problems after that
 * many (default 1000): the set is refused either way.
 */
export async function encodeForProduce(items: readonly SchemaProduceItem[], session: SchemaSession, limit = 1000): Promise<SchemaProduceResult> {
  const encoders = new Map<string, Promise<SchemaEncoder>>();
  const problems: SchemaProblem[] = [];
  const schemas = new Map<string, SchemaInfo>();
  const failed = new Set<string>();
  const ready: (SchemaEncoder | undefined)[] = new Array<SchemaEncoder | undefined>(items.length);
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.value === null || it.value === undefined) continue;
    const key = keyOf(it.ref);
    if (failed.has(key)) continue;
    let p = encoders.get(key);
    if (!p) {
      p = prepareEncoder(it.ref, session);
      encoders.set(key, p);
    }
    let enc: SchemaEncoder;
    try {
      enc = await p;
    } catch (err) {
      // one problem per schema, on the first value that names it
      failed.add(key);
      problems.push({ index: i, where: it.where, message: `${it.where}: schema ${formatSchemaRef(it.ref)}: ${reason(err)}` });
      continue;
    }
    schemas.set(key, enc.schema);
    ready[i] = enc;
    if (problems.length >= limit) continue;
    for (const issue of enc.validate(it.value)) {
      if (problems.length >= limit) break;
      problems.push({ index: i, where: it.where, path: issue.path, message: `${it.where}: ${issue.path || '/'}: ${issue.message} (in ${enc.schema.name} version ${enc.schema.version})` });
    }
  }
  if (problems.length) return { ok: false, problems, schemas: [...schemas.values()] };
  const values = items.map((it, i) => ready[i]?.encode(it.value) ?? null);
  return { ok: true, values, schemas: [...schemas.values()] };
}

/** A message to produce that may name a schema: `data` is then encoded in place of `value`. */
export interface SchemaMessageLike {
  value: string | Buffer | null;
  schema?: SchemaRef;
  data?: unknown;
}

/**
 * encodeForProduce over messages with their places: each message object that names a schema
 * (the same object repeated, as --count repeats records, counts once) is validated, and when all
 * are valid each such `message` is replaced by a copy with the encoded bytes as its value and no
 * `schema`/`data`. Messages without a schema are left alone. On problems nothing is replaced.
 */
export async function encodeSchemaMessages<M extends SchemaMessageLike>(sourced: { message: M; where: string }[], session: () => Promise<SchemaSession>): Promise<SchemaProduceResult & { encoded: number }> {
  const unique = new Map<M, number>();
  const items: SchemaProduceItem[] = [];
  for (const s of sourced) {
    const m = s.message;
    if (!m.schema || unique.has(m)) continue;
    unique.set(m, items.length);
    items.push({ ref: m.schema, value: m.value === null ? null : m.data, where: s.where });
  }
  if (!items.length) return { ok: true, values: [], schemas: [], encoded: 0 };
  const out = await encodeForProduce(items, await session());
  if (!out.ok) return { ...out, encoded: 0 };
  const encoded = new Map<M, M>();
  for (const [m, i] of unique) {
    const e: M = { ...m, value: out.values[i] };
    delete e.schema;
    delete e.data;
    encoded.set(m, e);
  }
  for (const s of sourced) s.message = encoded.get(s.message) ?? s.message;
  return { ...out, encoded: encoded.size };
}
