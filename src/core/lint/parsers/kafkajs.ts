// kafkajs code through @babel/parser. Only files that import or require 'kafkajs' are read; in them,
// the options of `.producer(...)`, `.send(...)`, `.sendBatch(...)` and `new Kafka(...)` become configs,
// whether written inline or as a `const` object in the same file.
import { parse, type ParserPlugin } from '@babel/parser';
import type * as t from '@babel/types';
import { LineIndex } from '../text';
import { FastBail, fastScan } from './kafkajs-fast';
import type { ClientConfig, ConfigEditor, FixValue, KafkajsFacts, Range, Setting, TextEdit, ValueKind } from '../types';

export const SIGNER_MODULE = 'aws-msk-iam-sasl-signer-js';

const SKIP = new Set(['loc', 'start', 'end', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'range', 'errors', 'tokens', 'comments']);

/**
 * Child keys per node type: babel builds the nodes of a type with the same fields, except optional
 * type annotations (not needed here) and decorators (added to every list, below).
 */
const childKeys = new Map<string, string[]>();

function unwrap(n: t.Node | null | undefined): t.Node | null | undefined {
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion' || n.type === 'ParenthesizedExpression')) {
    n = n.expression;
  }
  return n;
}

function propName(p: t.ObjectProperty | t.ObjectMethod): string | undefined {
  if (p.computed) return p.key.type === 'StringLiteral' ? p.key.value : undefined;
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'StringLiteral') return p.key.value;
  if (p.key.type === 'NumericLiteral') return String(p.key.value);
  return undefined;
}

function literal(n: t.Node | null | undefined): { value: string; kind: ValueKind } | undefined {
  n = unwrap(n);
  if (!n) return undefined;
  switch (n.type) {
    case 'BooleanLiteral':
      return { value: String(n.value), kind: 'boolean' };
    case 'NumericLiteral':
      return { value: String(n.value), kind: 'number' };
    case 'StringLiteral':
      return { value: n.value, kind: 'string' };
    case 'NullLiteral':
      return { value: '', kind: 'null' };
    case 'TemplateLiteral':
      return n.expressions.length === 0 ? { value: n.quasis.map((q) => q.value.cooked ?? q.value.raw).join(''), kind: 'string' } : undefined;
    case 'UnaryExpression':
      if (n.operator === '-' && n.argument.type === 'NumericLiteral') return { value: String(-n.argument.value), kind: 'number' };
      return undefined;
    default:
      return undefined;
  }
}

function jsLiteral(v: FixValue): string {
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v);
}

export interface Scan {
  kafkajs: boolean;
  esm: boolean;
  signer: boolean;
  lastImportEnd: number;
  consts: Map<string, t.ObjectExpression | null>;
  calls: { kind: 'producer' | 'send' | 'client'; node: { arguments: t.Node[]; end?: number | null }; nameEnd: number; nameStart: number }[];
  /** The object literal a `const` name holds, null when ambiguous or not an object literal. */
  resolveConst?: (name: string) => t.ObjectExpression | null | undefined;
}

/** The last name of a constructor (`Kafka`, `kafkajs.Kafka`), or undefined when it is not a plain name. */
function ctorName(c: t.Node): string | undefined {
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier') return c.property.name;
  return undefined;
}

/** The name a binding or a call receiver ends in: `x`, `this.x`, `a.b.x` give `x`; `this.#x` gives `#x`. */
function lastName(n: t.Node | null | undefined): string | undefined {
  n = unwrap(n);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name;
  if ((n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') && !n.computed) {
    if (n.property.type === 'Identifier') return n.property.name;
    if (n.property.type === 'PrivateName') return '#' + n.property.id.name;
  }
  return undefined;
}

/**
 * What `new` expressions a file assigns to each name (`const x = new C()`, `x = new C()`,
 * `this.x = new C()`, a class field `x = new C()`, a default `x = new C()`): whether one of them may
 * be a kafkajs client (`new Kafka`, or a constructor that is not a plain name), and whether one is
 * plainly something else.
 */
type NewBindings = Map<string, { kafka: boolean; other: boolean }>;

function recordNew(bindings: NewBindings, name: string | undefined, value: t.Node | null | undefined): void {
  const v = unwrap(value);
  if (!name || !v || v.type !== 'NewExpression') return;
  const ctor = ctorName(v.callee);
  const b = bindings.get(name) ?? { kafka: false, other: false };
  if (ctor === undefined || ctor === 'Kafka') b.kafka = true;
  else b.other = true;
  bindings.set(name, b);
}

/**
 * A `.producer(...)` call is read as kafkajs' unless its receiver is plainly something else: a
 * `new C(...)` of another class, or a name (`q`, `this.q`, `deps.q`) that the file only ever
 * assigns `new C(...)` of other classes. A name the file never assigns a `new` to (a parameter, an
 * import, an injected field) may hold a Kafka client, and is read.
 */
function plainlyNotKafka(receiver: t.Node, bindings: NewBindings): boolean {
  const r = unwrap(receiver);
  if (!r) return false;
  if (r.type === 'NewExpression') {
    const ctor = ctorName(r.callee);
    return ctor !== undefined && ctor !== 'Kafka';
  }
  const name = lastName(r);
  const b = name === undefined ? undefined : bindings.get(name);
  return !!b && b.other && !b.kafka;
}

function scan(ast: t.File): Scan {
  const s: Scan = { kafkajs: false, esm: false, signer: false, lastImportEnd: -1, consts: new Map(), calls: [] };
  const bindings: NewBindings = new Map();
  const receivers = new Map<Scan['calls'][number], t.Node>();
  const moduleOf = (n: t.Node): string | undefined => {
    if (n.type === 'ImportDeclaration') return n.source.value;
    if (n.type === 'CallExpression' && n.arguments.length >= 1 && n.arguments[0].type === 'StringLiteral') {
      if ((n.callee.type === 'Identifier' && n.callee.name === 'require') || n.callee.type === 'Import') return n.arguments[0].value;
    }
    if (n.type === 'ImportExpression' && n.source.type === 'StringLiteral') return n.source.value;
    if (n.type === 'TSImportEqualsDeclaration' && n.moduleReference.type === 'TSExternalModuleReference') return n.moduleReference.expression.value;
    return undefined;
  };
  for (const stmt of ast.program.body) {
    if (stmt.type === 'ImportDeclaration' || stmt.type === 'TSImportEqualsDeclaration' || (stmt.type === 'VariableDeclaration' && stmt.declarations.some((d) => d.init && unwrap(d.init)?.type === 'CallExpression' && moduleOf(unwrap(d.init)!) !== undefined))) {
      s.lastImportEnd = stmt.end ?? s.lastImportEnd;
    }
  }
  const stack: t.Node[] = [ast.program];
  let visited = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (++visited > 2_000_000) break;
    const mod = moduleOf(n);
    if (mod === 'kafkajs') s.kafkajs = true;
    else if (mod === SIGNER_MODULE) s.signer = true;
    if (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportDefaultDeclaration' || n.type === 'ExportAllDeclaration') s.esm = true;
    if (n.type === 'VariableDeclaration' && n.kind === 'const') {
      for (const d of n.declarations) {
        if (d.id.type !== 'Identifier') continue;
        const init = unwrap(d.init);
        const name = d.id.name;
        s.consts.set(name, s.consts.has(name) || !init || init.type !== 'ObjectExpression' ? null : init);
      }
    }
    switch (n.type) {
      case 'VariableDeclarator':
        if (n.id.type === 'Identifier') recordNew(bindings, n.id.name, n.init);
        break;
      case 'AssignmentExpression':
        if (n.operator === '=') recordNew(bindings, lastName(n.left), n.right);
        break;
      case 'AssignmentPattern':
        if (n.left.type === 'Identifier') recordNew(bindings, n.left.name, n.right);
        break;
      case 'ClassProperty':
      case 'ClassAccessorProperty':
        if (!n.computed && n.key.type === 'Identifier') recordNew(bindings, n.key.name, n.value);
        break;
      case 'ClassPrivateProperty':
        recordNew(bindings, '#' + n.key.id.name, n.value);
        break;
    }
    if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') {
      const callee = n.callee;
      if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
        const name = callee.property.name;
        if (name === 'producer' || name === 'send' || name === 'sendBatch') {
          const call = { kind: name === 'producer' ? 'producer' as const : 'send' as const, node: n, nameStart: callee.property.start ?? 0, nameEnd: callee.property.end ?? 0 };
          s.calls.push(call);
          if (name === 'producer') receivers.set(call, callee.object);
        }
      }
    } else if (n.type === 'NewExpression') {
      const c = n.callee;
      const isKafka = (c.type === 'Identifier' && c.name === 'Kafka') || (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && c.property.name === 'Kafka');
      if (isKafka) s.calls.push({ kind: 'client', node: n, nameStart: c.start ?? 0, nameEnd: c.end ?? 0 });
    }
    let keys = childKeys.get(n.type);
    if (!keys) {
      keys = Object.keys(n).filter((k) => !SKIP.has(k));
      if (!keys.includes('decorators')) keys.push('decorators');
      childKeys.set(n.type, keys);
    }
    for (const key of keys) {
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) {
          const c: unknown = v[i];
          if (c && typeof c === 'object' && typeof (c as t.Node).type === 'string') stack.push(c as t.Node);
        }
      } else if (v && typeof v === 'object' && typeof (v as t.Node).type === 'string') stack.push(v as t.Node);
    }
  }
  // after the whole file is seen: a binding may come after the call that uses it
  if (receivers.size > 0) {
    s.calls = s.calls.filter((c) => {
      const r = receivers.get(c);
      return !r || !plainlyNotKafka(r, bindings);
    });
  }
  return s;
}

const BASE = {
  sourceType: 'module',
  attachComment: false,
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowUndeclaredExports: true,
} as const;
// Decorators in their TypeScript (experimentalDecorators) form, as NestJS services use them, parameter
// decorators included: without the plugin such a file does not parse at all.
const FAST = {
  js: { ...BASE, plugins: ['decorators-legacy'] as ParserPlugin[] },
  jsx: { ...BASE, plugins: ['jsx', 'decorators-legacy'] as ParserPlugin[] },
  ts: { ...BASE, plugins: ['typescript', 'decorators-legacy'] as ParserPlugin[] },
  tsx: { ...BASE, plugins: ['typescript', 'jsx', 'decorators-legacy'] as ParserPlugin[] },
};

/** Parses the whole file with babel, strictly first, then with error recovery. */
function fullScan(text: string, ts: boolean, jsx: boolean): Scan | undefined {
  let ast: t.File;
  try {
    // a strict module parse, without JSX unless the file is .jsx/.tsx, is several times quicker than error recovery
    ast = parse(text, ts ? (jsx ? FAST.tsx : FAST.ts) : jsx ? FAST.jsx : FAST.js);
  } catch {
    try {
      ast = parse(text, { ...FAST.js, plugins: ts ? FAST.tsx.plugins : FAST.jsx.plugins, sourceType: 'unambiguous', errorRecovery: true });
    } catch {
      try {
        // TypeScript generics like <T>() => … do not parse with JSX on
        ast = parse(text, { ...FAST.js, plugins: ts ? FAST.ts.plugins : FAST.js.plugins, sourceType: 'unambiguous', errorRecovery: true });
      } catch {
        return undefined; // not parseable even with recovery: nothing to lint
      }
    }
  }
  return scan(ast);
}

/**
 * kafkajs configs of a file. `mode` 'auto' reads only the call sites when the file is simple enough
 * (see kafkajs-fast.ts) and parses the whole file otherwise; 'full' always parses the whole file.
 */
export function kafkajsConfigs(text: string, fileName = 'file.ts', mode: 'auto' | 'full' = 'auto'): ClientConfig[] {
  if (!text.includes('kafkajs')) return [];
  // nothing to read without one of the calls we look at
  if (!/\.(?:producer|send|sendBatch)\b|\bKafka\b/.test(text)) return [];
  const ts = /\.[cm]?tsx?$/i.test(fileName);
  const jsx = /x$/i.test(fileName);
  if (mode === 'auto' && !jsx) {
    try {
      const fast = fastScan(text, ts);
      if (fast) {
        const configs = configsFrom(text, fast);
        // the MSK005 fix needs the file's import facts, which only the full parse knows
        if (!configs.some((c) => c.settings.some((x) => x.key === 'sasl.mechanism' && x.value.toLowerCase() === 'aws'))) return configs;
      }
    } catch (e) {
      if (!(e instanceof FastBail)) throw e;
    }
  }
  const s = fullScan(text, ts, jsx);
  return s ? configsFrom(text, s) : [];
}

function configsFrom(text: string, s: Scan): ClientConfig[] {
  if (!s.kafkajs) return [];
  const idx = new LineIndex(text);
  const importAtOffset = s.lastImportEnd >= 0 ? idx.lineStart(idx.position(s.lastImportEnd).line + 1) : text.startsWith('#!') ? idx.lineStart(1) : 0;
  const eol = idx.eol();
  const out: ClientConfig[] = [];

  const resolve = (n: t.Node | null | undefined): t.ObjectExpression | undefined => {
    const u = unwrap(n);
    if (!u) return undefined;
    if (u.type === 'ObjectExpression') return u;
    if (u.type === 'Identifier') return (s.resolveConst ? s.resolveConst(u.name) : s.consts.get(u.name)) ?? undefined;
    return undefined;
  };

  for (const call of s.calls) {
    const args = call.node.arguments;
    const arg0 = args[0] as t.Node | undefined;
    const obj = resolve(arg0);
    if (arg0 && !obj) {
      if (call.kind === 'producer') {
        // options we cannot see: nothing to say about them
        continue;
      }
      continue;
    }
    const settings: Setting[] = [];
    let complete = true;
    let saslObject: Range | undefined;
    const objectsByPrefix = new Map<string, t.ObjectExpression>();
    const collect = (o: t.ObjectExpression, prefix: string, depth: number) => {
      objectsByPrefix.set(prefix, o);
      for (const p of o.properties) {
        if (p.type === 'SpreadElement') {
          complete = false;
          continue;
        }
        const name = propName(p);
        if (name === undefined) {
          complete = false;
          continue;
        }
        const key = prefix + name;
        const keyRange = idx.range(p.key.start ?? 0, p.key.end ?? 0);
        if (p.type === 'ObjectMethod') {
          settings.push({ key, rawKey: name, value: '', kind: 'expr', keyRange, valueRange: keyRange, precedence: 0 });
          continue;
        }
        const vNode = p.value as t.Node;
        const lit = literal(vNode);
        const valueRange = idx.range(vNode.start ?? 0, vNode.end ?? 0);
        if (lit) {
          const u = unwrap(vNode)!;
          const inner = u.type === 'StringLiteral' || u.type === 'TemplateLiteral' ? (u.start ?? 0) + 1 : u.start ?? 0;
          settings.push({
            key, rawKey: name, value: lit.value, kind: lit.kind, keyRange, valueRange, precedence: 0,
            subRange: (a, b) => (a < b && b <= lit.value.length ? idx.range(inner + a, inner + b) : undefined),
          });
          continue;
        }
        const u = unwrap(vNode);
        if (u && u.type === 'ArrayExpression') {
          settings.push({ key, rawKey: name, value: '', kind: 'expr', keyRange, valueRange, precedence: -1 });
          for (const el of u.elements) {
            const l = literal(el);
            if (el && l) {
              const inner = el.type === 'StringLiteral' || el.type === 'TemplateLiteral' ? (el.start ?? 0) + 1 : el.start ?? 0;
              settings.push({
                key, rawKey: name, value: l.value, kind: l.kind, keyRange, valueRange: idx.range(el.start ?? 0, el.end ?? 0), precedence: 0,
                subRange: (a, b) => (a < b && b <= l.value.length ? idx.range(inner + a, inner + b) : undefined),
              });
            }
          }
          continue;
        }
        const child = depth < 4 ? resolve(vNode) : undefined;
        settings.push({ key, rawKey: name, value: '', kind: child ? 'object' : 'expr', keyRange, valueRange, precedence: 0 });
        if (child) {
          if (key === 'sasl') saslObject = idx.range(child.start ?? 0, child.end ?? 0);
          collect(child, key + '.', depth + 1);
        }
      }
    };
    if (obj) collect(obj, '', 0);

    const parenAt = text.indexOf('(', call.nameEnd);
    const anchorEnd = parenAt >= 0 && parenAt <= (call.node.end ?? 0) ? parenAt + 1 : call.nameEnd;
    const anchor = idx.range(call.nameStart, anchorEnd);
    const facts: KafkajsFacts = {
      call: call.kind, complete, saslObject,
      importAt: idx.position(importAtOffset), moduleStyle: s.esm ? 'esm' : 'cjs', hasSignerImport: s.signer,
    };
    const editor: ConfigEditor = {
      set: (setting, value): TextEdit[] => [{ range: setting.valueRange, newText: jsLiteral(value) }],
      insert: (key, value): TextEdit[] | undefined => {
        const parts = key.split('.');
        const o = objectsByPrefix.get(parts.slice(0, -1).map((p) => p + '.').join(''));
        const prop = `${parts[parts.length - 1]}: ${jsLiteral(value)}`;
        if (!o) {
          if (parts.length !== 1 || arg0 || parenAt < 0) return undefined;
          const p = idx.position(parenAt + 1);
          return [{ range: { start: p, end: p }, newText: `{ ${prop} }` }];
        }
        const open = (o.start ?? 0) + 1;
        const pos = idx.position(open);
        if (o.properties.length === 0) return [{ range: idx.range(open, (o.end ?? open + 1) - 1), newText: ` ${prop} ` }];
        const first = o.properties[0].start ?? open;
        if (idx.position(first).line !== pos.line) return [{ range: { start: pos, end: pos }, newText: `${eol}${idx.indentAt(first)}${prop},` }];
        return [{ range: { start: pos, end: pos }, newText: ` ${prop},` }];
      },
    };
    if (call.kind === 'send' && !settings.some((x) => x.key === 'messages' || x.key === 'topicMessages')) continue;
    out.push({ dialect: 'kafkajs', role: call.kind === 'client' ? 'client' : 'producer', settings, anchor, editor, kafkajs: facts });
  }
  return out;
}
