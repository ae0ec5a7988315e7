// java.util.Properties.load semantics, with every character traced back to its source offset:
// `#`/`!` comment lines, `=`, `:` or whitespace between key and value, backslash continuations
// (leading whitespace of the next line dropped), and \t \n \r \f \uXXXX escapes.
import { buildConfigs, type FlatEntry, type FormatWriter } from '../build';
import { splitPath } from '../keys';
import { LineIndex } from '../text';
import type { ClientConfig, Range } from '../types';

export interface PropertyEntry {
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** Source offset of each character of `value`, when escapes or continuations break the 1:1 mapping. */
  valueOffsets?: number[];
  /** Start offset of the logical line. */
  lineStart: number;
}

// a byte-order mark at the start is read as whitespace, as editors hide it
const isWs = (c: string) => c === ' ' || c === '\t' || c === '\f' || c === '\uFEFF';

/** Reads one logical line from `i` (the first non-blank character): its raw characters and their offsets. */
function readLogical(text: string, i: number): { chars: string[]; offs: number[]; next: number } {
  const n = text.length;
  const chars: string[] = [];
  const offs: number[] = [];
  for (;;) {
    let lineEnd = i;
    while (lineEnd < n && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    // an odd number of trailing backslashes continues the line
    let bs = 0;
    while (lineEnd - bs - 1 >= i && text[lineEnd - bs - 1] === '\\') bs++;
    const continued = bs % 2 === 1;
    const contentEnd = continued ? lineEnd - 1 : lineEnd;
    for (let j = i; j < contentEnd; j++) {
      chars.push(text[j]);
      offs.push(j);
    }
    i = lineEnd;
    if (i < n && text[i] === '\r') {
      i++;
      if (i < n && text[i] === '\n') i++;
    } else if (i < n && text[i] === '\n') i++;
    if (!continued || i >= n) break;
    while (i < n && isWs(text[i])) i++;
  }
  return { chars, offs, next: i };
}

/** Unescapes chars[from, to), keeping the source offset of each output character. */
function unescape(chars: string[], offs: number[], from: number, to: number): { s: string; o: number[]; endOff: number } {
  let s = '';
  const o: number[] = [];
  let endOff = from < to ? offs[to - 1] + 1 : -1;
  for (let k = from; k < to; k++) {
    let c = chars[k];
    const at = offs[k];
    if (c === '\\' && k + 1 < to) {
      k++;
      c = chars[k];
      if (c === 'u') {
        const hex = chars.slice(k + 1, k + 5).join('');
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          c = String.fromCharCode(parseInt(hex, 16));
          k += 4;
        }
        // Java rejects a malformed \u escape; we keep the 'u' and go on rather than fail the file
      } else if (c === 't') c = '\t';
      else if (c === 'n') c = '\n';
      else if (c === 'r') c = '\r';
      else if (c === 'f') c = '\f';
    } else if (c === '\\') {
      continue; // a lone trailing backslash is dropped
    }
    s += c;
    o.push(at);
  }
  if (from >= to) endOff = -1;
  return { s, o, endOff };
}

export function parseProperties(text: string): PropertyEntry[] {
  const out: PropertyEntry[] = [];
  const n = text.length;
  let i = 0;
  // the next backslash at or after i, found again only once passed: one scan per file, not per line
  let nextBackslash = text.indexOf('\\');
  while (i < n) {
    while (i < n && isWs(text[i])) i++;
    if (i >= n) break;
    const c0 = text[i];
    if (c0 === '\n' || c0 === '\r') {
      i++;
      continue;
    }
    let lineEnd = i;
    while (lineEnd < n && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    if (c0 === '#' || c0 === '!') {
      i = lineEnd;
      continue;
    }
    const start = i;
    if (nextBackslash >= 0 && nextBackslash < i) nextBackslash = text.indexOf('\\', i);
    if (nextBackslash < 0 || nextBackslash >= lineEnd) {
      // fast path: no escape and no continuation on this line, so offsets map one to one
      let k = i;
      while (k < lineEnd && text[k] !== '=' && text[k] !== ':' && !isWs(text[k])) k++;
      let v = k;
      let hasSep = false;
      while (v < lineEnd) {
        const c = text[v];
        if (!isWs(c)) {
          if (!hasSep && (c === '=' || c === ':')) hasSep = true;
          else break;
        }
        v++;
      }
      const valueStart = v < lineEnd ? v : hasSep ? lineEnd : k;
      out.push({ key: text.slice(i, k), value: text.slice(v, lineEnd), keyStart: i, keyEnd: k, valueStart, valueEnd: v < lineEnd ? lineEnd : valueStart, lineStart: start });
      i = lineEnd;
      continue;
    }
    const { chars, offs, next } = readLogical(text, i);
    i = next;
    const len = chars.length;
    let keyLen = 0;
    let valueStart = len;
    let hasSep = false;
    let preceding = false;
    while (keyLen < len) {
      const c = chars[keyLen];
      if ((c === '=' || c === ':') && !preceding) {
        valueStart = keyLen + 1;
        hasSep = true;
        break;
      } else if (isWs(c) && !preceding) {
        valueStart = keyLen + 1;
        break;
      }
      preceding = c === '\\' ? !preceding : false;
      keyLen++;
    }
    while (valueStart < len) {
      const c = chars[valueStart];
      if (!isWs(c)) {
        if (!hasSep && (c === '=' || c === ':')) hasSep = true;
        else break;
      }
      valueStart++;
    }
    const key = unescape(chars, offs, 0, keyLen);
    const value = unescape(chars, offs, valueStart, len);
    const keyStart = offs[0] ?? start;
    const keyEnd = key.endOff >= 0 ? key.endOff : keyStart;
    const vStart = value.o.length > 0 ? value.o[0] : valueStart < len ? offs[valueStart] : hasSep ? (offs[len - 1] ?? keyEnd) + 1 : keyEnd;
    const vEnd = value.endOff >= 0 ? value.endOff : vStart;
    out.push({ key: key.s, value: value.s, keyStart, keyEnd, valueStart: vStart, valueEnd: vEnd, valueOffsets: value.o, lineStart: start });
  }
  return out;
}

function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^\s/, (m) => '\\' + m);
}

function escapeKey(k: string): string {
  return escapeValue(k).replace(/([=: \t#!])/g, '\\$1');
}

export function propertiesConfigs(text: string): ClientConfig[] {
  const idx = new LineIndex(text);
  const parsed = parseProperties(text);
  const entries: FlatEntry[] = parsed.map((p) => ({
    // only Spring keys need their path; others stay one segment (joined back, it is the same key)
    segments: p.key.length > 6 && (p.key[0] === 's' || p.key[0] === 'S') && /^spring\./i.test(p.key) ? splitPath(p.key) : [p.key],
    rawKey: p.key,
    value: p.value,
    kind: 'string',
    keyStart: p.keyStart,
    keyEnd: p.keyEnd,
    valueStart: p.valueStart,
    valueEnd: p.valueEnd,
    subRange: (s: number, e: number): Range | undefined => {
      const offs = p.valueOffsets;
      if (s < 0 || s >= e || e > (offs ? offs.length : p.value.length)) return undefined;
      return offs ? idx.range(offs[s], offs[e - 1] + 1) : idx.range(p.valueStart + s, p.valueStart + e);
    },
  }));
  const lineStartOf = new Map<FlatEntry, number>(entries.map((e, i) => [e, parsed[i].lineStart]));
  const writer: FormatWriter = {
    set(setting, value) {
      const start = idx.offset(setting.valueRange.start);
      const keyEnd = idx.offset(setting.keyRange.end);
      const text = escapeValue(String(value));
      // a key written with no separator and no value: add one
      return [{ range: setting.valueRange, newText: start === keyEnd ? `=${text}` : text }];
    },
    insert(segments, value, _spring, near) {
      const at = lineStartOf.get(near) ?? 0;
      const indent = idx.indentAt(at);
      const line = `${escapeKey(segments.join('.'))}=${escapeValue(String(value))}`;
      const pos = idx.position(at - indent.length);
      return [{ range: { start: pos, end: pos }, newText: `${indent}${line}${idx.eol()}` }];
    },
  };
  return buildConfigs(entries, idx, writer);
}
