// Protobuf through protobufjs: a lazily loaded chunk (dist/schemas-protobuf.js), reached only
// through ./codecs. A schema is one .proto file's text; the message type on the wire is named by a
// MessagePath (Confluent's index path, or Glue's single sorted index).
import * as protobuf from 'protobufjs';
import { toJsonReady } from './json-ready';
import type { CompiledSchema, MessagePath, ResolvedReference, SchemaIssue } from './types';

const PARSE = { keepCase: true } as const;
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, arrays: true, objects: true };

function messagesOf(ns: protobuf.NamespaceBase): protobuf.Type[] {
  return ns.nestedArray.filter((x): x is protobuf.Type => x instanceof protobuf.Type);
}

function fullName(t: protobuf.ReflectionObject): string {
  return t.fullName.replace(/^\./, '');
}

/** Brings in the well-known types (google/protobuf/*.proto) that protobufjs carries, for the imports that name them. */
function addWellKnown(root: protobuf.Root, imports: readonly string[] | undefined): void {
  for (const file of imports ?? []) {
    const json = protobuf.common.get(file);
    if (json?.nested) root.addJSON(json.nested);
  }
}

export function compileProtobuf(definition: string, references: readonly ResolvedReference[] = []): CompiledSchema {
  const root = new protobuf.Root();
  const main = protobuf.parse(definition, root, PARSE);
  const pkgNs = main.package ? root.lookup(main.package) : root;
  if (!(pkgNs instanceof protobuf.Namespace)) throw new Error(`the package ${main.package} is not a namespace`);
  // the file's own messages, taken before references can add to the same package
  const top = messagesOf(pkgNs);
  if (top.length === 0) throw new Error('the schema declares no message type');
  const levelOrder: protobuf.Type[] = [];
  const queue = [...top];
  while (queue.length) {
    const t = queue.shift()!;
    levelOrder.push(t);
    queue.push(...messagesOf(t));
  }
  const glueOrder = [...levelOrder].sort((a, b) => (fullName(a) < fullName(b) ? -1 : fullName(a) > fullName(b) ? 1 : 0));
  addWellKnown(root, main.imports);
  for (const r of references) {
    const parsed = protobuf.parse(r.definition, root, PARSE);
    addWellKnown(root, parsed.imports);
  }
  root.resolveAll();

  const byPath = (path: MessagePath): protobuf.Type => {
    if (path.kind === 'glue') {
      const t = glueOrder[path.index];
      if (!t) throw new Error(`the message index ${path.index} names no message type: the schema has ${glueOrder.length}`);
      return t;
    }
    let t = top[path.indexes[0]];
    if (!t) throw new Error(`the message index path [${path.indexes.join(', ')}] names no message type: the schema has ${top.length} top-level messages`);
    for (const i of path.indexes.slice(1)) {
      const nested: protobuf.Type | undefined = messagesOf(t)[i];
      if (!nested) throw new Error(`the message index path [${path.indexes.join(', ')}] names no message type inside ${fullName(t)}`);
      t = nested;
    }
    return t;
  };
  const byName = (name?: string): protobuf.Type => {
    if (name === undefined || name === '') return top[0];
    const want = name.replace(/^\./, '');
    const found = levelOrder.find((t) => fullName(t) === want) ?? levelOrder.filter((t) => t.name === want || fullName(t).endsWith('.' + want))[0];
    if (!found) throw new Error(`the schema has no message type ${name}; it has ${levelOrder.map(fullName).join(', ')}`);
    return found;
  };
  const pathOf = (t: protobuf.Type): { confluent: number[]; glue: number } => {
    const indexes: number[] = [];
    let cur: protobuf.ReflectionObject | null = t;
    while (cur instanceof protobuf.Type) {
      const parent: protobuf.NamespaceBase | null = cur.parent;
      if (!parent) break;
      indexes.unshift(parent === pkgNs ? top.indexOf(cur) : messagesOf(parent).indexOf(cur));
      if (parent === pkgNs) break;
      cur = parent;
    }
    return { confluent: indexes, glue: glueOrder.indexOf(t) };
  };

  const validate = (value: unknown, messageType?: string): SchemaIssue[] => {
    const issues: SchemaIssue[] = [];
    checkMessage(byName(messageType), value, '', issues);
    return issues;
  };
  return {
    format: 'PROTOBUF',
    decode(payload, path) {
      const type = path ? byPath(path) : top[0];
      const message = type.decode(payload);
      return { value: toJsonReady(type.toObject(message, TO_OBJECT)), messageType: fullName(type) };
    },
    validate,
    encode(value, messageType, wire) {
      const type = byName(messageType);
      const issues: SchemaIssue[] = [];
      checkMessage(type, value, '', issues);
      if (issues.length) throw new Error(`${issues[0].path || '/'}: ${issues[0].message}`);
      const payload = Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish());
      const p = pathOf(type);
      return { payload, messagePath: wire === 'glue' ? { kind: 'glue', index: p.glue } : { kind: 'confluent', indexes: p.confluent } };
    },
  };
}

// ---- validation of a JSON value against a message type, with JSON Pointer paths ---------------

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64']);
const UINT64 = new Set(['uint64', 'fixed64']);

function checkScalar(type: string, resolved: protobuf.ReflectionObject | null, value: unknown, path: string, issues: SchemaIssue[]): void {
  const bad = (what: string) => issues.push({ path, message: `expected ${what}, got ${JSON.stringify(value)}` });
  if (resolved instanceof protobuf.Type) return checkMessage(resolved, value, path, issues);
  if (resolved instanceof protobuf.Enum) {
    const ok = (typeof value === 'number' && Object.values(resolved.values).includes(value)) || (typeof value === 'string' && value in resolved.values);
    if (!ok) bad(`one of ${Object.keys(resolved.values).join(', ')} (enum ${fullName(resolved)})`);
    return;
  }
  const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  if (INT32.has(type)) {
    if (!isInt(value) || (value as number) < -(2 ** 31) || (value as number) > 2 ** 31 - 1) bad(`a 32-bit integer (${type})`);
  } else if (UINT32.has(type)) {
    if (!isInt(value) || (value as number) < 0 || (value as number) > 2 ** 32 - 1) bad(`an unsigned 32-bit integer (${type})`);
  } else if (INT64.has(type)) {
    if (!(isInt(value) || (typeof value === 'string' && /^-?\d{1,19}$/.test(value)))) bad(`a 64-bit integer, as a number or decimal text (${type})`);
  } else if (UINT64.has(type)) {
    if (!((isInt(value) && (value as number) >= 0) || (typeof value === 'string' && /^\d{1,20}$/.test(value)))) bad(`an unsigned 64-bit integer, as a number or decimal text (${type})`);
  } else if (type === 'double' || type === 'float') {
    if (typeof value !== 'number') bad(`a number (${type})`);
  } else if (type === 'bool') {
    if (typeof value !== 'boolean') bad('true or false (bool)');
  } else if (type === 'string') {
    if (typeof value !== 'string') bad('text (string)');
  } else if (type === 'bytes') {
    if (!(typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) && !(Array.isArray(value) && value.every((b) => isInt(b) && b >= 0 && b < 256))) bad('base64 text (bytes)');
  }
}

function checkMessage(type: protobuf.Type, value: unknown, path: string, issues: SchemaIssue[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path, message: `expected a ${fullName(type)} message (a JSON object), got ${JSON.stringify(value)}` });
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const field = type.fields[key];
    if (!field) {
      issues.push({ path: at, message: `${fullName(type)} has no field ${key}; its fields are ${type.fieldsArray.map((f) => f.name).join(', ')}` });
      continue;
    }
    const v = obj[key];
    if (v === null || v === undefined) continue;
    if (field instanceof protobuf.MapField) {
      if (typeof v !== 'object' || Array.isArray(v)) {
        issues.push({ path: at, message: `expected a map (a JSON object), got ${JSON.stringify(v)}` });
        continue;
      }
      for (const [k, mv] of Object.entries(v as Record<string, unknown>)) {
        const kat = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (field.keyType !== 'string' && field.keyType !== 'bool' && !/^-?\d+$/.test(k)) issues.push({ path: kat, message: `map key ${JSON.stringify(k)} is not an integer (${field.keyType})` });
        checkScalar(field.type, field.resolvedType, mv, kat, issues);
      }
    } else if (field.repeated) {
      if (!Array.isArray(v)) {
        issues.push({ path: at, message: `expected a list (repeated ${field.type}), got ${JSON.stringify(v)}` });
        continue;
      }
      v.forEach((item, i) => checkScalar(field.type, field.resolvedType, item, `${at}/${i}`, issues));
    } else {
      checkScalar(field.type, field.resolvedType, v, at, issues);
    }
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.oneof.filter((n) => obj[n] !== undefined && obj[n] !== null);
    if (set.length > 1) issues.push({ path: path, message: `at most one of ${oneof.oneof.join(', ')} (oneof ${oneof.name}) may be set; ${set.join(' and ')} are` });
  }
}
