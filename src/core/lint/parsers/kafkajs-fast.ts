// The quick way through a kafkajs file: find the import and the call sites with a light lexer, and
// parse only the call arguments (and the `const` objects they name) with babel. Whenever the file
// is not plain enough to be sure, FastBail (or undefined) sends the caller to the whole-file parse.
// A differential test checks that both ways give the same findings.
import { parseExpression, type ParserPlugin } from '@babel/parser';
import type * as t from '@babel/types';
import { codeMask } from './js-lexer';
import type { Scan } from './kafkajs';

export class FastBail extends Error {}
function bail(): never {
  throw new FastBail();
}


/** Index of the bracket closing the one at `open`, counting only code characters. */
function closing(text: string, mask: Uint8Array, open: number): number {
  const o = text[open];
  const c = o === '(' ? ')' : o === '{' ? '}' : ']';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (!mask[i]) continue;
    const ch = text[i];
    if (ch === o) depth++;
    else if (ch === c && --depth === 0) return i;
  }
  bail();
}

// option objects built once: babel copies them into its own options on every call
const OPTIONS_JS = { allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true, attachComment: false, startIndex: 0, plugins: [] as ParserPlugin[] };
const OPTIONS_TS = { ...OPTIONS_JS, plugins: ['typescript'] as ParserPlugin[] };

function parseAt(text: string, start: number, source: string, ts: boolean): t.Expression {
  try {
    // a literal options object: babel reads a spread one several times slower
    const options = ts ? OPTIONS_TS : OPTIONS_JS;
    options.startIndex = start;
    return parseExpression(source, options);
  } catch {
    bail();
  }
}

/** A source fragment: call arguments `(…)` read as an array `[…]`, or a `const` object `{…}`; `end` is the closing bracket. */
interface Fragment {
  start: number;
  end: number;
  call: boolean;
  node?: t.Expression;
}

/** A source to parse at its own offset in the file: `stop` is where its text ends there. */
interface Laid {
  start: number;
  stop: number;
  source: string;
}

/**
 * Parses sources laid out at their own offsets as the elements of one array expression: one babel
 * call (babel's set-up costs more than reading a small fragment). Sorts `items` in place and returns
 * the elements in that order, or undefined when the sources overlap, leave no room for a comma, or
 * babel does not give one element per source starting where that source does.
 */
function parseLaidOut(items: Laid[], ts: boolean): t.Expression[] | undefined {
  items.sort((a, b) => a.start - b.start);
  const first = items[0].start;
  if (first < 1) return undefined;
  const parts: string[] = ['['];
  let at = first;
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (k > 0) {
      if (it.start <= at) return undefined; // nested or overlapping, or no room for the comma
      parts.push(',', ' '.repeat(it.start - at - 1));
    }
    parts.push(it.source);
    at = it.stop;
  }
  parts.push(']');
  let list: t.Expression;
  try {
    const options = ts ? OPTIONS_TS : OPTIONS_JS;
    options.startIndex = first - 1;
    list = parseExpression(parts.join(''), options);
  } catch {
    return undefined;
  }
  if (list.type !== 'ArrayExpression' || list.elements.length !== items.length) return undefined;
  for (let k = 0; k < items.length; k++) {
    const el = list.elements[k];
    if (!el || el.type === 'SpreadElement' || el.start !== items[k].start) return undefined;
  }
  return list.elements as t.Expression[];
}

/** A fragment's text as an array element: call arguments `(…)` become `[…]`. */
function fragmentSource(text: string, f: Fragment): string {
  return f.call ? '[' + text.slice(f.start + 1, f.end) + ']' : text.slice(f.start, f.end + 1);
}

/** Whether babel's node for a fragment is the array or object it must be, ending where the fragment does. */
function fitsFragment(el: t.Expression, f: Fragment): boolean {
  return el.type === (f.call ? 'ArrayExpression' : 'ObjectExpression') && el.end === f.end + 1;
}

/**
 * Parses every fragment with one babel call. False when that is not sure to give each fragment the
 * node a parse of its own would: the caller then parses them one by one.
 */
function parseTogether(text: string, frags: Fragment[], ts: boolean): boolean {
  frags.sort((a, b) => a.start - b.start);
  const els = parseLaidOut(frags.map((f) => ({ start: f.start, stop: f.end + 1, source: fragmentSource(text, f) })), ts);
  if (!els || els.some((el, k) => !fitsFragment(el, frags[k]))) return false;
  for (let k = 0; k < frags.length; k++) frags[k].node = els[k];
  return true;
}

function isCodeAt(mask: Uint8Array, i: number): boolean {
  return mask[i] === 1;
}

/** Index of the bracket opening the one at `close`, counting only code characters. */
function opening(text: string, mask: Uint8Array, close: number): number {
  const c = text[close];
  const o = c === ')' ? '(' : c === '}' ? '{' : '[';
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (!mask[i]) continue;
    const ch = text[i];
    if (ch === c) depth++;
    else if (ch === o && --depth === 0) return i;
  }
  bail();
}

/** ASCII name characters; any other character near a name (non-ASCII, `\`, `#`) sends the file to the full parse. */
function isNameCode(k: number): boolean {
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36;
}

/** Index of the last character before `i` that is not a space, tab or line break; bails on a comment there. */
function backOverBlanks(text: string, mask: Uint8Array, i: number): number {
  let j = i - 1;
  for (;;) {
    const k = text.charCodeAt(j);
    if (k === 32 || k === 9 || k === 10 || k === 13) j--;
    else break;
  }
  if (j >= 0 && !isCodeAt(mask, j)) bail();
  return j;
}

/**
 * Checks the receiver of a `.producer(` whose dot is at `dot`, the way kafkajs.ts judges it (see
 * plainlyNotKafka there): this reader takes a chain of names (`kafka`, `this.kafka`, `deps.kafka`,
 * `f().kafka`), whose last name it returns, or `new Kafka(...)`; it bails on every other receiver
 * (`new Queue()`, `getKafka()`, `(x as Kafka)`, `x!`, a private field…), which the full parse judges.
 */
function checkReceiver(text: string, mask: Uint8Array, dot: number): string | undefined {
  let j = backOverBlanks(text, mask, dot);
  if (j < 0) bail();
  let k = text.charCodeAt(j);
  if (k === 41) {
    const open = opening(text, mask, j);
    const from = Math.max(0, open - 200);
    const m = /(?<![\w$.])new\s+((?:[\w$]+\s*\.\s*)*Kafka)\s*$/.exec(text.slice(from, open));
    if (!m) bail();
    const at = from + m.index;
    if (!allCode(mask, at, open)) bail();
    // `new new Kafka().producer()` and the like: leave them to babel
    const before = backOverBlanks(text, mask, at);
    if (before >= 0 && (isNameCode(text.charCodeAt(before)) || text.charCodeAt(before) > 127) && /(?<![\w$])new$/.test(text.slice(Math.max(0, before - 3), before + 1))) bail();
    return undefined;
  }
  let name: string | undefined;
  for (;;) {
    if (!isNameCode(k)) bail();
    let i = j;
    while (i > 0 && isNameCode(text.charCodeAt(i - 1))) i--;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
    if (prev > 127 || prev === 92 || prev === 35 || (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)) bail();
    name ??= text.slice(i, j + 1);
    j = backOverBlanks(text, mask, i);
    if (j < 0) return name;
    k = text.charCodeAt(j);
    if (k === 46) {
      if (text.charCodeAt(j - 1) === 46) bail(); // a spread
      j = backOverBlanks(text, mask, text.charCodeAt(j - 1) === 63 ? j - 1 : j);
      if (j < 0) bail();
      k = text.charCodeAt(j);
      if (k === 41 || k === 93) return name; // `f().kafka`, `a[0].kafka`: the last name is what counts
      continue;
    }
    // the head of the chain: `new a.b.producer(...)` constructs, it calls nothing
    if (isNameCode(k) || k > 127) {
      let w = j;
      while (w > 0 && isNameCode(text.charCodeAt(w - 1))) w--;
      if (text.slice(w, j + 1) === 'new') bail();
    }
    return name;
  }
}

/** The constructor after `new`, read from its own offset. */
const CTOR = /\s+((?:[\w$]+\s*\.\s*)*[\w$]+)/y;

/** Words that may stand before the name a statement or class member assigns (`const q = …`, `return q = …`). */
const BINDING_WORDS = new Set(['const', 'let', 'var', 'readonly', 'private', 'public', 'protected', 'static', 'declare', 'override', 'accessor', 'return', 'await', 'yield', 'export', 'default', 'else', 'do', 'void', 'throw']);

/**
 * The last name of what the `=` at `eq` assigns to (`q`, `this.q`, `a.b.q`), or undefined when this
 * reader cannot tell: a type annotation (`q: Queue = …`), a pattern, a computed member, a label….
 */
function assignedName(text: string, mask: Uint8Array, eq: number): string | undefined {
  let j = backOverBlanks(text, mask, eq);
  if (j < 0 || !isNameCode(text.charCodeAt(j))) return undefined;
  let name: string | undefined;
  for (;;) {
    let i = j;
    while (i > 0 && isNameCode(text.charCodeAt(i - 1))) i--;
    const first = text.charCodeAt(i);
    if (first >= 48 && first <= 57) return undefined;
    const prev = i > 0 ? text.charCodeAt(i - 1) : 10;
    if (prev === 35 || prev === 92 || prev > 127) return undefined;
    name ??= text.slice(i, j + 1);
    const p = backOverBlanks(text, mask, i);
    if (p < 0) return name;
    const c = text.charCodeAt(p);
    if (c === 46) {
      if (text.charCodeAt(p - 1) === 46) return undefined; // a spread
      const q = backOverBlanks(text, mask, text.charCodeAt(p - 1) === 63 ? p - 1 : p);
      if (q < 0) return undefined;
      const d = text.charCodeAt(q);
      if (d === 41 || d === 93) return name; // `f().q = …`
      if (!isNameCode(d)) return undefined;
      j = q;
      continue;
    }
    // what stands before the target: a statement or member boundary, or a word that may
    if (c === 59 || c === 123 || c === 125 || c === 40 || c === 41 || c === 44 || c === 61) return name; // ; { } ( ) , =
    if (isNameCode(c)) {
      let w = p;
      while (w > 0 && isNameCode(text.charCodeAt(w - 1))) w--;
      return BINDING_WORDS.has(text.slice(w, p + 1)) ? name : undefined;
    }
    return undefined; // `:` (a type, a label), `?`, `|`, `<`…
  }
}

function allCode(mask: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isCodeAt(mask, i)) return false;
  return true;
}

/**
 * Bails when the file may assign a `new` of a class other than Kafka (`= new Queue()`,
 * `= (new Queue())`, `= <Q>new Queue()`) to one of `receivers`, the last names of the `.producer(...)`
 * receivers, or to a name this reader cannot make out: the full parse then decides which receivers
 * that makes plainly not Kafka. Liberal on purpose: it must catch every binding the full parse
 * counts, and may bail on more.
 */
function checkNoOtherNewAssigned(text: string, mask: Uint8Array, receivers: ReadonlySet<string>): void {
  // (the file has no non-ASCII code character: see fastScan)
  for (let at = text.indexOf('new'); at >= 0; at = text.indexOf('new', at + 3)) {
    if (!isCodeAt(mask, at) || isNameCode(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === 46 || isNameCode(text.charCodeAt(at + 3))) continue;
    CTOR.lastIndex = at + 3;
    const ctor = CTOR.exec(text);
    if (ctor && /(?:^|\.\s*)Kafka$/.test(ctor[1]) && allCode(mask, at + 3, at + 3 + ctor[0].length)) continue;
    let j = at - 1;
    while (j >= 0 && (!isCodeAt(mask, j) || text[j] === '(' || /\s/.test(text[j]))) j--;
    if (j < 0) continue;
    if (text[j] === '>' && text[j - 1] !== '=') bail(); // `<Q>new Queue()`, or a type before `=`
    if (text[j] !== '=') continue;
    if (!isCodeAt(mask, j - 1)) bail(); // `q /* … */= new Q()`
    const before = text[j - 1];
    if (before === '!' || before === '>') bail(); // `q! = new Q()`, `Array<T>= new Q()`
    if ('=<+-*/%&|^?'.includes(before)) continue; // a comparison or a compound assignment: no binding
    const name = assignedName(text, mask, j);
    if (name === undefined || receivers.has(name)) bail();
  }
}

const IMPORT_FORMS = [
  /\bimport\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s*)?(['"])kafkajs\1/g,
  /\brequire\s*\(\s*(['"])kafkajs\1\s*\)/g,
  /\bimport\s*\(\s*(['"])kafkajs\1/g,
];

/** `const NAME =` finders by name, kept across files (a handful of names recur: options, config…). */
const CONST_RE = new Map<string, RegExp>();

const IDENT = /^\s*([A-Za-z_$][\w$]*)\s*$/;
const NON_ASCII = /[\u0080-\uffff]/;

export function fastScan(text: string, ts: boolean): Scan | undefined {
  const mask = codeMask(text);
  if (!mask) return undefined;

  // every quoted 'kafkajs' must be part of an import form we read, or we cannot be sure
  const accounted = new Set<number>();
  let kafkajs = false;
  for (const re of IMPORT_FORMS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (!isCodeAt(mask, m.index)) continue;
      kafkajs = true;
      accounted.add(m.index + m[0].lastIndexOf('kafkajs') - 1);
    }
  }
  for (let i = text.indexOf('kafkajs'); i >= 0; i = text.indexOf('kafkajs', i + 1)) {
    const q = text[i - 1];
    if ((q === '"' || q === "'") && text[i + 7] === q && !accounted.has(i - 1) && !isCodeAt(mask, i)) {
      // a 'kafkajs' string outside the forms above: an import we might not read right, or just a string
      if (/\b(?:import|require|from)\s*\(?\s*$/.test(text.slice(Math.max(0, i - 40), i - 1))) bail();
    }
  }
  const scan: Scan = { kafkajs, esm: false, signer: false, lastImportEnd: -1, consts: new Map(), calls: [] };
  if (!kafkajs) return scan;

  // non-ASCII in code (a name like kafkä, a no-break space) is beyond the patterns below: babel reads it
  if (NON_ASCII.test(text)) {
    const all = new RegExp(NON_ASCII.source, 'g');
    for (let n = all.exec(text); n; n = all.exec(text)) if (isCodeAt(mask, n.index)) bail();
  }

  // anything between a dot and a call name that is not plain whitespace is left to the full parse
  if (/\.\s*\/[/*]|\.\s*(?:producer|sendBatch|send)\s*(?:\?\.|<|`|\/)|\bnew\s+(?:[\w$]+\s*\.\s*)*Kafka\s*(?:<|\/)|\bnew\s*\(/.test(text)) bail();

  /** Where the object literal of `const name = {…}` is, or null when the name holds no such literal; bails as resolveConst must. */
  const locateConst = (name: string): { at: number; end: number } | null => {
    let re = CONST_RE.get(name);
    if (!re) {
      if (CONST_RE.size >= 256) CONST_RE.clear();
      re = new RegExp(`\\bconst\\s+${name.replace(/\$/g, '\\$')}\\s*(?::[^=;{]*)?=(?!=)\\s*`, 'g');
      CONST_RE.set(name, re);
    }
    re.lastIndex = 0;
    const found: number[] = [];
    let d: RegExpExecArray | null;
    while ((d = re.exec(text))) if (isCodeAt(mask, d.index)) found.push(d.index + d[0].length);
    if (found.length === 0) bail(); // declared some other way (several declarators, let, an import): parse it all
    if (found.length === 1) {
      const at = found[0];
      if (text[at] === '{') {
        const end = closing(text, mask, at);
        // the initializer must be the object itself, not an expression that starts with one
        if (!/^\s*(?:[;,)\n]|as\b|satisfies\b|$)/.test(text.slice(end + 1, end + 20))) bail();
        return { at, end };
      } else if (text[at] === '(' || text[at] === '<') bail();
    }
    return null;
  };
  const cache = new Map<string, t.ObjectExpression | null>();

  const calls = /\.\s*(producer|sendBatch|send)\s*\(|\bnew\s+((?:[\w$]+\s*\.\s*)*Kafka)\s*\(/g;
  const frags: Fragment[] = [];
  const callFrags: (Fragment | undefined)[] = [];
  const constFrags = new Map<string, Fragment>();
  let bailed = false;
  const receivers = new Set<string>();
  let m: RegExpExecArray | null;
  while ((m = calls.exec(text))) {
    if (!isCodeAt(mask, m.index)) continue;
    if (m[1] && text[m.index - 1] === '.') continue; // `...producer(x)` spreads a plain call
    if (m[1] === 'producer') {
      const name = checkReceiver(text, mask, m.index);
      if (name !== undefined) receivers.add(name);
    }
    const open = m.index + m[0].length - 1;
    let close: number;
    try {
      close = closing(text, mask, open);
    } catch (e) {
      if (!(e instanceof FastBail)) throw e;
      bailed = true; // after the calls before it are read, as they would be one by one
      break;
    }
    let nameStart: number;
    let nameEnd: number;
    let kind: 'producer' | 'send' | 'client';
    if (m[1]) {
      nameStart = m.index + m[0].indexOf(m[1], 1);
      nameEnd = nameStart + m[1].length;
      kind = m[1] === 'producer' ? 'producer' : 'send';
    } else {
      nameStart = m.index + m[0].indexOf(m[2]);
      nameEnd = nameStart + m[2].length;
      kind = 'client';
    }
    let frag: Fragment | undefined;
    if (close !== open + 1) {
      frag = { start: open, end: close, call: true };
      frags.push(frag);
      // a lone name is read as its `const` object: find that too, when it is plain, to parse it with the rest
      const id = IDENT.exec(text.slice(open + 1, close));
      if (id && !constFrags.has(id[1])) {
        let place: { at: number; end: number } | null | undefined;
        try {
          place = locateConst(id[1]);
        } catch (e) {
          if (!(e instanceof FastBail)) throw e;
        }
        if (place) {
          const c: Fragment = { start: place.at, end: place.end, call: false };
          constFrags.set(id[1], c);
          frags.push(c);
        }
      }
    }
    callFrags.push(frag);
    scan.calls.push({ kind, node: { arguments: [], end: close + 1 }, nameStart, nameEnd });
  }
  // after every call is seen: an assignment may come before or after the call it concerns
  if (!bailed && receivers.size > 0) checkNoOtherNewAssigned(text, mask, receivers);
  const together = !bailed && frags.length > 0 && (readPlain(text, mask, frags, ts) || (frags.length > 1 && parseTogether(text, frags, ts)));
  for (let k = 0; k < scan.calls.length; k++) {
    const f = callFrags[k];
    if (!f) continue;
    const args = ((together ? f.node : parseAt(text, f.start, '[' + text.slice(f.start + 1, f.end) + ']', ts)) as t.ArrayExpression).elements;
    if (args.some((a) => !a || a.type === 'SpreadElement')) bail();
    scan.calls[k].node.arguments = args as t.Node[];
  }
  if (bailed) bail();
  if (together) for (const [name, f] of constFrags) cache.set(name, f.node as t.ObjectExpression);

  // reads the mask, which the next codeMask call reuses: the caller resolves names before reading another file
  scan.resolveConst = (name: string) => {
    if (cache.has(name)) return cache.get(name);
    const place = locateConst(name);
    let result: t.ObjectExpression | null = null;
    if (place) {
      const obj = parseAt(text, place.at, text.slice(place.at, place.end + 1), ts);
      if (obj.type !== 'ObjectExpression') bail();
      result = obj;
    }
    cache.set(name, result);
    return result;
  };
  return scan;
}

// ---------------------------------------------------------------------------------------------
// A reader for the plain part of an options object: object and array literals, plain identifier
// or string keys, string literals without escapes, decimal numbers, true/false/null and names.
// Every other value (a function, a call, `a.b`, a template…) is left to babel as an "opaque" span,
// all spans of a file in one babel call. Anything unexpected in the plain part (a comment, a
// computed or shorthand key, a method, a spread…) gives undefined: babel then reads the fragment.

/** Words that are not plain names when they stand alone as a value. */
const NOT_A_NAME = new Set([
  'true', 'false', 'null', 'this', 'super', 'new', 'typeof', 'void', 'delete', 'await', 'yield', 'async', 'function', 'class',
  'import', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'enum', 'arguments', 'eval',
  'break', 'case', 'catch', 'const', 'continue', 'debugger', 'default', 'do', 'else', 'export', 'extends', 'finally', 'for', 'if',
  'in', 'instanceof', 'return', 'switch', 'throw', 'try', 'var', 'while', 'with', 'of', 'get', 'set', 'undefined', 'abstract',
  'declare', 'type', 'namespace', 'module', 'keyof', 'readonly', 'unique', 'infer', 'is', 'asserts', 'satisfies', 'as', 'accessor',
]);

interface Opaque {
  start: number;
  end: number; // the delimiter after the span
  set: (n: t.Node) => void;
}

class Plain extends Error {}
const PLAIN = new Plain();

function isWord(k: number): boolean {
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36;
}

/** Reads fragments of `text` in the plain subset; collects the opaque spans in `opaque`. */
class PlainReader {
  constructor(private readonly text: string, private readonly mask: Uint8Array, private readonly opaque: Opaque[]) {}

  /** Index of the next character that is not a space, tab or line break; throws PLAIN on anything else that could be blank (a comment). */
  private ws(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) i++;
      else if (c === 47 || c === 11 || c === 12 || c === 160 || c > 127 || c !== c) throw PLAIN; // comments, other blanks, the end
      else return i;
    }
  }

  /** `(…)` at `open`, closing at `close`, as the array of its arguments. */
  args(open: number, close: number): t.ArrayExpression {
    const elements: t.Node[] = [];
    let i = this.ws(open + 1);
    while (i !== close) {
      if (i > close) throw PLAIN;
      i = this.value(i, elements, elements.length);
      i = this.ws(i);
      const c = this.text.charCodeAt(i);
      if (c === 44) i = this.ws(i + 1);
      else if (i !== close) throw PLAIN;
    }
    return { type: 'ArrayExpression', start: open, end: close + 1, elements } as unknown as t.ArrayExpression;
  }

  /** An object literal at `at` that must close at `end`. */
  objectAt(at: number, end: number): t.ObjectExpression {
    const out: t.Node[] = [];
    if (this.value(at, out, 0) !== end + 1 || out[0].type !== 'ObjectExpression') throw PLAIN;
    return out[0];
  }

  /** Reads a value at `i` into `into[slot]` (possibly later, for an opaque span); returns the index after it. */
  private value(i: number, into: unknown[], slot: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === 123) return this.object(i, into, slot);
    if (c === 91) return this.array(i, into, slot);
    let node: Record<string, unknown> | undefined;
    let end = i;
    if (c === 39 || c === 34) {
      const s = this.string(i);
      if (s) {
        end = s.end;
        node = { type: 'StringLiteral', start: i, end, value: s.value };
      }
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (text.charCodeAt(j) === 46) {
        const f = j + 1;
        j = f;
        while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        if (j === f) j = -1;
      }
      const k = text.charCodeAt(j);
      // plain decimals only: no leading zero, exponent, separator, suffix or other base
      if (j > 0 && !(c === 48 && j > i + 1 && text.charCodeAt(i + 1) !== 46) && !isWord(k) && k !== 46 && !(k > 127)) {
        end = j;
        node = { type: 'NumericLiteral', start: i, end, value: parseFloat(text.slice(i, j)) };
      }
    } else if (isWord(c)) {
      let j = i + 1;
      while (isWord(text.charCodeAt(j))) j++;
      if (!(text.charCodeAt(j) > 127) && text.charCodeAt(j) !== 92) {
        const w = text.slice(i, j);
        end = j;
        if (w === 'true' || w === 'false') node = { type: 'BooleanLiteral', start: i, end, value: w === 'true' };
        else if (w === 'null') node = { type: 'NullLiteral', start: i, end };
        else if (!NOT_A_NAME.has(w) && !(c >= 48 && c <= 57)) node = { type: 'Identifier', start: i, end, name: w };
      }
    }
    if (node) {
      // a plain value must end the item; otherwise (`'a' + b`, `x.y`, `f()`) it is the start of an opaque span
      const d = text.charCodeAt(this.wsOrEnd(end));
      if (d === 44 || d === 125 || d === 93 || d === 41) {
        into[slot] = node;
        return end;
      }
    }
    return this.span(i, into, slot);
  }

  /** Like ws, but returns the index of anything unexpected instead of throwing (the caller checks the character). */
  private wsOrEnd(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) i++;
      else return i;
    }
  }

  /** A string literal without escapes or line breaks. */
  private string(i: number): { end: number; value: string } | undefined {
    const text = this.text;
    const q = text.charCodeAt(i);
    for (let j = i + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === q) return { end: j + 1, value: text.slice(i + 1, j) };
      if (c === 92 || c < 32 || c === 0x2028 || c === 0x2029) return undefined;
    }
    return undefined;
  }

  /** An opaque span from `i` to the next `,` or closing bracket at its own depth. */
  private span(i: number, into: unknown[], slot: number): number {
    const text = this.text;
    const mask = this.mask;
    const c0 = text.charCodeAt(i);
    if (c0 === 44 || c0 === 125 || c0 === 93 || c0 === 41 || c0 === 47) throw PLAIN; // empty, or a regular expression
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      if (!mask[j]) continue;
      const c = text.charCodeAt(j);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) return this.addSpan(i, j, into, slot);
        depth--;
      } else if (c === 44 && depth === 0) return this.addSpan(i, j, into, slot);
    }
    throw PLAIN;
  }

  private addSpan(start: number, end: number, into: unknown[], slot: number): number {
    this.opaque.push({ start, end, set: (n) => (into[slot] = n) });
    into[slot] = null;
    return end;
  }

  private array(open: number, into: unknown[], slot: number): number {
    const text = this.text;
    const elements: unknown[] = [];
    let i = this.ws(open + 1);
    for (;;) {
      if (text.charCodeAt(i) === 93) break;
      i = this.ws(this.value(i, elements, elements.length));
      const c = text.charCodeAt(i);
      if (c === 44) i = this.ws(i + 1);
      else if (c !== 93) throw PLAIN;
    }
    into[slot] = { type: 'ArrayExpression', start: open, end: i + 1, elements };
    return i + 1;
  }

  private object(open: number, into: unknown[], slot: number): number {
    const text = this.text;
    const properties: unknown[] = [];
    let i = this.ws(open + 1);
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 125) break;
      let key: Record<string, unknown>;
      let keyEnd: number;
      if (c === 39 || c === 34) {
        const s = this.string(i);
        if (!s || s.value === '__proto__') throw PLAIN;
        keyEnd = s.end;
        key = { type: 'StringLiteral', start: i, end: keyEnd, value: s.value };
      } else if (isWord(c) && !(c >= 48 && c <= 57)) {
        keyEnd = i + 1;
        while (isWord(text.charCodeAt(keyEnd))) keyEnd++;
        const name = text.slice(i, keyEnd);
        if (name === '__proto__') throw PLAIN;
        key = { type: 'Identifier', start: i, end: keyEnd, name };
      } else throw PLAIN;
      const colon = this.ws(keyEnd);
      if (text.charCodeAt(colon) !== 58) throw PLAIN; // shorthand, method, accessor, optional mark…
      const prop: Record<string, unknown> = { type: 'ObjectProperty', start: i, end: 0, method: false, key, computed: false, shorthand: false, value: null };
      const at = this.ws(colon + 1);
      const holder: unknown[] = [];
      const opaqueBefore = this.opaque.length;
      const valueEnd = this.value(at, holder, 0);
      if (this.opaque.length > opaqueBefore && this.opaque[this.opaque.length - 1].start === at) {
        // the value itself is opaque: the property ends where babel says the value does
        const o = this.opaque[this.opaque.length - 1];
        o.set = (n) => {
          prop.value = n;
          prop.end = n.end;
        };
      } else {
        prop.value = holder[0];
        prop.end = (holder[0] as t.Node).end;
      }
      properties.push(prop);
      i = this.ws(valueEnd);
      const d = text.charCodeAt(i);
      if (d === 44) i = this.ws(i + 1);
      else if (d !== 125) throw PLAIN;
    }
    into[slot] = { type: 'ObjectExpression', start: open, end: i + 1, properties };
    return i + 1;
  }
}

/**
 * Reads every fragment with PlainReader where it can, and with one babel call parses the opaque
 * spans and the fragments it cannot read. False when that is not sure to give what a babel parse
 * of each fragment would: the caller then goes the slower way.
 */
function readPlain(text: string, mask: Uint8Array, frags: Fragment[], ts: boolean): boolean {
  const items: (Laid & { frag?: Fragment; span?: Opaque })[] = [];
  for (const f of frags) {
    const spans: Opaque[] = [];
    const reader = new PlainReader(text, mask, spans);
    try {
      f.node = f.call ? reader.args(f.start, f.end) : reader.objectAt(f.start, f.end);
      for (const o of spans) items.push({ start: o.start, stop: o.end, source: text.slice(o.start, o.end), span: o });
    } catch (e) {
      if (e !== PLAIN) throw e;
      f.node = undefined;
      items.push({ start: f.start, stop: f.end + 1, source: fragmentSource(text, f), frag: f });
    }
  }
  if (items.length === 0) return true;
  const els = parseLaidOut(items, ts);
  if (!els) return false;
  for (let k = 0; k < items.length; k++) {
    const frag = items[k].frag;
    if (frag && !fitsFragment(els[k], frag)) return false;
  }
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (it.span) it.span.set(els[k]);
    else it.frag!.node = els[k];
  }
  return true;
}
