// Field filters such as `value.amount > 100 && headers.source == "web"`: parsed by jsep (an
// expression parser, no code generation) and evaluated here by walking its tree. Nothing is ever
// compiled to JavaScript: no eval, no new Function, and member access reads own properties only, so
// `constructor`, `__proto__` and the like are simply absent.
import jsep from 'jsep';

jsep.addBinaryOp('in', 7);

/** The names a field filter may start from. */
export const FIELD_ROOTS = ['key', 'value', 'headers', 'partition', 'offset', 'timestamp', 'topic'] as const;
export type FieldRoot = (typeof FIELD_ROOTS)[number];

export interface CompiledExpression {
  readonly source: string;
  /** The roots the expression reads: the caller decodes only those (JSON parsing is the costly part). */
  readonly roots: ReadonlySet<FieldRoot>;
  /** True when the expression holds for the message whose fields `get` gives. */
  test(get: (root: FieldRoot) => unknown): boolean;
}

export class ExpressionError extends Error {
  constructor(message: string, readonly index: number) {
    super(message);
  }
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  contains: (s, sub) => (typeof s === 'string' && typeof sub === 'string' ? s.includes(sub) : Array.isArray(s) ? s.some((x) => looseEquals(x, sub)) : false),
  startsWith: (s, p) => typeof s === 'string' && typeof p === 'string' && s.startsWith(p),
  endsWith: (s, p) => typeof s === 'string' && typeof p === 'string' && s.endsWith(p),
  lower: (s) => (typeof s === 'string' ? s.toLowerCase() : s),
  upper: (s) => (typeof s === 'string' ? s.toUpperCase() : s),
  len: (x) => (typeof x === 'string' || Array.isArray(x) ? x.length : x !== null && typeof x === 'object' ? Object.keys(x).length : undefined),
  exists: (x) => x !== undefined && x !== null,
  number: (x) => toNumber(x),
  string: (x) => (x === undefined ? undefined : typeof x === 'string' ? x : JSON.stringify(x)),
  matches: (s, pattern, flags) => typeof s === 'string' && typeof pattern === 'string' && cachedRegex(pattern, typeof flags === 'string' ? flags : '').test(s),
};
export const FUNCTION_NAMES = Object.keys(FUNCTIONS);

const regexCache = new Map<string, RegExp>();
function cachedRegex(pattern: string, flags: string): RegExp {
  const k = `${flags}/${pattern}`;
  let r = regexCache.get(k);
  if (!r) {
    r = new RegExp(pattern, flags.replace(/[gy]/g, ''));
    if (regexCache.size > 100) regexCache.clear();
    regexCache.set(k, r);
  }
  return r;
}

function toNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  return undefined;
}

/** `==`: numbers and numeric strings compare as numbers, everything else strictly (null == undefined). */
function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x !== undefined && y !== undefined && x === y;
  }
  return false;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  let x: number | string | undefined;
  let y: number | string | undefined;
  if (typeof a === 'string' && typeof b === 'string') [x, y] = [a, b];
  else [x, y] = [toNumber(a), toNumber(b)];
  if (x === undefined || y === undefined) return false;
  switch (op) {
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) return `${String(a)}${String(b)}`;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return undefined;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    default: return x % y;
  }
}

function member(obj: unknown, prop: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  if (typeof obj === 'string') return prop === 'length' ? obj.length : undefined;
  if (typeof obj !== 'object') return undefined;
  const k = typeof prop === 'number' ? String(prop) : prop;
  if (typeof k !== 'string') return undefined;
  return Object.prototype.hasOwnProperty.call(obj, k) ? (obj as Record<string, unknown>)[k] : undefined;
}

type Node = jsep.Expression;
type Eval = (get: (root: FieldRoot) => unknown) => unknown;

/** Turns the tree into closures once, checking everything that can be checked before any message. */
function build(node: Node, roots: Set<FieldRoot>, source: string): Eval {
  const fail = (msg: string): never => {
    throw new ExpressionError(msg, Math.max(0, source.indexOf(nodeText(node))));
  };
  switch (node.type) {
    case 'Literal': {
      const v = (node as jsep.Literal).value;
      return () => v;
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (!(FIELD_ROOTS as readonly string[]).includes(name)) fail(`unknown name "${name}": start from ${FIELD_ROOTS.join(', ')}`);
      roots.add(name as FieldRoot);
      return (get) => get(name as FieldRoot);
    }
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      const obj = build(m.object, roots, source);
      if (!m.computed) {
        const name = (m.property as jsep.Identifier).name;
        return (get) => member(obj(get), name);
      }
      const prop = build(m.property, roots, source);
      return (get) => member(obj(get), prop(get));
    }
    case 'ArrayExpression': {
      const els = (node as jsep.ArrayExpression).elements.map((e) => (e ? build(e, roots, source) : () => undefined));
      return (get) => els.map((e) => e(get));
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      const arg = build(u.argument, roots, source);
      if (u.operator === '!') return (get) => !arg(get);
      if (u.operator === '-') return (get) => { const n = toNumber(arg(get)); return n === undefined ? undefined : -n; };
      if (u.operator === '+') return (get) => toNumber(arg(get));
      return fail(`the operator "${u.operator}" is not supported`);
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      const l = build(b.left, roots, source);
      const r = build(b.right, roots, source);
      switch (b.operator) {
        case '&&': return (get) => l(get) && r(get);
        case '||': return (get) => l(get) || r(get);
        case '==': return (get) => looseEquals(l(get), r(get));
        case '!=': return (get) => !looseEquals(l(get), r(get));
        case '===': return (get) => l(get) === r(get);
        case '!==': return (get) => l(get) !== r(get);
        case '<': case '<=': case '>': case '>=': {
          const op = b.operator;
          return (get) => compare(op, l(get), r(get));
        }
        case '+': case '-': case '*': case '/': case '%': {
          const op = b.operator;
          return (get) => arithmetic(op, l(get), r(get));
        }
        case 'in': return (get) => {
          const needle = l(get);
          const hay = r(get);
          if (Array.isArray(hay)) return hay.some((x) => looseEquals(x, needle));
          if (typeof hay === 'string') return typeof needle === 'string' && hay.includes(needle);
          return member(hay, needle) !== undefined;
        };
        default: return fail(`the operator "${b.operator}" is not supported`);
      }
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      const t = build(c.test, roots, source);
      const y = build(c.consequent, roots, source);
      const n = build(c.alternate, roots, source);
      return (get) => (t(get) ? y(get) : n(get));
    }
    case 'CallExpression': {
      const c = node as jsep.CallExpression;
      if (c.callee.type !== 'Identifier') return fail('only the functions ' + FUNCTION_NAMES.join(', ') + ' can be called');
      const name = (c.callee as jsep.Identifier).name;
      const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!fn) return fail(`unknown function "${name}": there are ${FUNCTION_NAMES.join(', ')}`);
      const args = c.arguments.map((a) => build(a, roots, source));
      if (name === 'matches' && c.arguments[1]?.type === 'Literal') {
        // a bad pattern is reported now, not once per message
        const p = (c.arguments[1] as jsep.Literal).value;
        const f = c.arguments[2]?.type === 'Literal' ? (c.arguments[2] as jsep.Literal).value : '';
        try {
          cachedRegex(String(p), typeof f === 'string' ? f : '');
        } catch (err) {
          fail(`bad regular expression: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return (get) => fn(...args.map((a) => a(get)));
    }
    case 'Compound':
      return fail('one expression only: join conditions with && or ||');
    default:
      return fail(`"${nodeText(node)}" is not supported in a filter`);
  }
}

function nodeText(node: Node): string {
  if (node.type === 'Identifier') return (node as jsep.Identifier).name;
  if (node.type === 'Literal') return (node as jsep.Literal).raw;
  return '';
}

/** Parses a field filter; throws ExpressionError (with the character index) when it cannot be used. */
export function compileExpression(source: string): CompiledExpression {
  let tree: Node;
  try {
    tree = jsep(source);
  } catch (err) {
    const e = err as Error & { index?: number; description?: string };
    throw new ExpressionError(e.description ?? e.message, e.index ?? 0);
  }
  const roots = new Set<FieldRoot>();
  const run = build(tree, roots, source);
  return {
    source, roots,
    test: (get) => {
      try {
        return Boolean(run(get));
      } catch {
        return false; // e.g. a regex that throws on odd input: that message does not match
      }
    },
  };
}
