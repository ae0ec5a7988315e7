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

function parseAt(text: string, start: number, source: string, plugins: ParserPlugin[]): t.Expression {
  try {
    // a literal options object: babel reads a spread one several times slower
    return parseExpression(source, { allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true, attachComment: false, startIndex: start, plugins }) as unknown as t.Expression;
  } catch {
    bail();
  }
}

function isCodeAt(mask: Uint8Array, i: number): boolean {
  return mask[i] === 1;
}

const IMPORT_FORMS = [
  /\bimport\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s*)?(['"])kafkajs\1/g,
  /\brequire\s*\(\s*(['"])kafkajs\1\s*\)/g,
  /\bimport\s*\(\s*(['"])kafkajs\1/g,
];

export function fastScan(text: string, ts: boolean): Scan | undefined {
  const mask = codeMask(text);
  if (!mask) return undefined;
  const plugins: ParserPlugin[] = ts ? ['typescript'] : [];

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

  // anything between a dot and a call name that is not plain whitespace is left to the full parse
  if (/\.\s*\/[/*]|\.\s*(?:producer|sendBatch|send)\s*(?:\?\.|<|`|\/)|\bnew\s+(?:[\w$]+\s*\.\s*)*Kafka\s*(?:<|\/)|\bnew\s*\(/.test(text)) bail();

  const calls = /\.\s*(producer|sendBatch|send)\s*\(|\bnew\s+((?:[\w$]+\s*\.\s*)*Kafka)\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = calls.exec(text))) {
    if (!isCodeAt(mask, m.index)) continue;
    if (m[1] && text[m.index - 1] === '.') continue; // `...producer(x)` spreads a plain call
    const open = m.index + m[0].length - 1;
    const close = closing(text, mask, open);
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
    const args = close === open + 1 ? [] : (parseAt(text, open, '[' + text.slice(open + 1, close) + ']', plugins) as t.ArrayExpression).elements;
    if (args.some((a) => !a || a.type === 'SpreadElement')) bail();
    scan.calls.push({ kind, node: { arguments: args as t.Node[], end: close + 1 }, nameStart, nameEnd });
  }

  const cache = new Map<string, t.ObjectExpression | null>();
  scan.resolveConst = (name: string) => {
    if (cache.has(name)) return cache.get(name);
    const re = new RegExp(`\\bconst\\s+${name.replace(/\$/g, '\\$')}\\s*(?::[^=;{]*)?=(?!=)\\s*`, 'g');
    const found: number[] = [];
    let d: RegExpExecArray | null;
    while ((d = re.exec(text))) if (isCodeAt(mask, d.index)) found.push(d.index + d[0].length);
    if (found.length === 0) bail(); // declared some other way (several declarators, let, an import): parse it all
    let result: t.ObjectExpression | null = null;
    if (found.length === 1) {
      const at = found[0];
      if (text[at] === '{') {
        const end = closing(text, mask, at);
        // the initializer must be the object itself, not an expression that starts with one
        if (!/^\s*(?:[;,)\n]|as\b|satisfies\b|$)/.test(text.slice(end + 1, end + 20))) bail();
        const obj = parseAt(text, at, text.slice(at, end + 1), plugins);
        if (obj.type !== 'ObjectExpression') bail();
        result = obj;
      } else if (text[at] === '(' || text[at] === '<') bail();
    }
    cache.set(name, result);
    return result;
  };
  return scan;
}
