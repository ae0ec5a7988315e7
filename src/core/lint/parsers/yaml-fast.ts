// A fast reader for the plain subset of YAML that config files use: block mappings, scalar values
// on one line, sequences of scalars, comments and `---` documents. Anything else (flow collections,
// anchors, tags, block or multi-line scalars, mappings inside sequences, escapes) returns undefined,
// and the caller uses the full `yaml` parser instead. A differential test checks that both agree.
import type { FlatEntry, Section } from '../build';
import { splitPath } from '../keys';
import type { ValueKind } from '../types';
import { isProducerSectionPath, isSpringProducerPath, type MapNode, type TreeDoc } from './tree';

class Unsupported extends Error {}
function bail(): never {
  throw new Unsupported();
}

const NULL_RE = /^(?:~|null|Null|NULL)$/;
const BOOL_RE = /^(?:true|True|TRUE|false|False|FALSE)$/;
const NUM_RE = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function plainKind(v: string): ValueKind {
  if (v === '' || NULL_RE.test(v)) return 'null';
  if (BOOL_RE.test(v)) return 'boolean';
  if (NUM_RE.test(v)) return 'number';
  return 'string';
}

interface Scalar {
  value: string;
  kind: ValueKind;
  start: number;
  end: number;
  quoted: boolean;
}

/** Reads a scalar starting at `i` on a line ending at `end`; the rest of the line may only be a comment. */
function readScalar(text: string, i: number, end: number): Scalar {
  const c = text[i];
  let s: Scalar;
  let j: number;
  if (c === "'") {
    j = i + 1;
    let v = '';
    for (;;) {
      const q = text.indexOf("'", j);
      if (q < 0 || q >= end) bail();
      v += text.slice(j, q);
      if (text[q + 1] === "'") {
        v += "'";
        j = q + 2;
      } else {
        j = q + 1;
        break;
      }
    }
    s = { value: v, kind: 'string', start: i, end: j, quoted: true };
  } else if (c === '"') {
    const q = text.indexOf('"', i + 1);
    if (q < 0 || q >= end) bail();
    const v = text.slice(i + 1, q);
    if (v.includes('\\')) bail();
    j = q + 1;
    s = { value: v, kind: 'string', start: i, end: j, quoted: true };
  } else {
    if ("[]{}#&*!|>'\"%@`,".includes(c)) bail();
    if ('-?:'.includes(c) && (i + 1 >= end || text[i + 1] === ' ' || text[i + 1] === '\t')) bail();
    // a plain scalar ends at " #" or the end of the line
    let e = i;
    while (e < end) {
      const ch = text[e];
      if (ch === '#' && (text[e - 1] === ' ' || text[e - 1] === '\t')) break;
      if (ch === ':' && (e + 1 >= end || text[e + 1] === ' ' || text[e + 1] === '\t')) bail();
      if (ch === '\t' && e === i) bail();
      e++;
    }
    while (e > i && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    const v = text.slice(i, e);
    s = { value: v, kind: plainKind(v), start: i, end: e, quoted: false };
    j = e;
  }
  while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
  if (j < end && text[j] !== '#') bail();
  if (j < end && j > 0 && text[j] === '#' && text[j - 1] !== ' ' && text[j - 1] !== '\t') bail();
  return s;
}

interface Frame {
  indent: number;
  segs: string[];
  map: MapNode;
  section?: Section;
  /** The last key read in this map, while its value is still open (empty so far). */
  open?: { key: Scalar; rawKey: string; segs: string[]; entryIndex: number; hasSeq: boolean; seqIndent?: number };
}

function fastDoc(text: string, from: number, to: number): TreeDoc {
  // an open key's placeholder (its null value) is dropped when a nested map or list turns up
  const entries: (FlatEntry | undefined)[] = [];
  const maps: MapNode[] = [];
  let springSection: Section | undefined;
  const root: Frame = { indent: -1, segs: [], map: { segments: [], flow: false, openEnd: 0, keyStarts: [], keys: [] } };
  maps.push(root.map);
  const stack: Frame[] = [root];
  let rootIndent = -1;

  let pos = from;
  while (pos < to) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0 || eol > to) eol = to;
    let end = eol;
    if (end > pos && text[end - 1] === '\r') end--;
    const lineStart = pos;
    pos = eol + 1;
    let i = lineStart;
    while (i < end && text[i] === ' ') i++;
    if (i < end && text[i] === '\t') bail();
    if (i >= end || text[i] === '#') continue;
    const indent = i - lineStart;

    if (text[i] === '-' && (i + 1 >= end || text[i + 1] === ' ')) {
      // a sequence item: only scalars, under a key whose value is still open
      const top = stack[stack.length - 1];
      const open = top.open;
      if (!open || indent < (top === root ? rootIndent : top.indent)) bail();
      if (open.seqIndent !== undefined && open.seqIndent !== indent) bail();
      open.seqIndent = indent;
      let j = i + 1;
      while (j < end && text[j] === ' ') j++;
      if (j >= end || text[j] === '#') bail();
      const s = readScalar(text, j, end);
      if (!s.quoted && /^[^'"]*:( |$)/.test(s.value)) bail();
      if (!open.hasSeq) {
        entries[open.entryIndex] = undefined; // the placeholder null entry of the open key
        open.hasSeq = true;
      }
      entries.push({ segments: open.segs, rawKey: open.rawKey, value: s.value, kind: s.kind, keyStart: open.key.start, keyEnd: open.key.end, valueStart: s.start, valueEnd: s.end, section: top.section });
      const after = peekIndent(text, pos, to);
      if (after !== undefined && after > indent) bail();
      continue;
    }

    // a mapping line: key: value
    let keyEnd: number;
    let key: Scalar;
    if (text[i] === '"' || text[i] === "'") {
      const q = text.indexOf(text[i], i + 1);
      if (q < 0 || q >= end) bail();
      const raw = text.slice(i + 1, q);
      if (text[i] === '"' && raw.includes('\\')) bail();
      if (text[i] === "'" && text[q + 1] === "'") bail();
      key = { value: raw, kind: 'string', start: i, end: q + 1, quoted: true };
      keyEnd = q + 1;
      while (keyEnd < end && text[keyEnd] === ' ') keyEnd++;
      if (text[keyEnd] !== ':' || (keyEnd + 1 < end && text[keyEnd + 1] !== ' ' && text[keyEnd + 1] !== '\t')) bail();
    } else {
      if ('[]{}&*!|>%@`,?-:#"\''.includes(text[i])) bail();
      let k = i;
      for (;;) {
        const c = k < end ? text.indexOf(':', k) : -1;
        if (c < 0 || c >= end) bail();
        if (c + 1 >= end || text[c + 1] === ' ' || text[c + 1] === '\t') {
          k = c;
          break;
        }
        k = c + 1;
      }
      if (text.slice(i, k).includes(' #')) bail();
      let ke = k;
      while (ke > i && (text[ke - 1] === ' ' || text[ke - 1] === '\t')) ke--;
      key = { value: text.slice(i, ke), kind: 'string', start: i, end: ke, quoted: false };
      // keys that YAML reads as null, booleans or numbers are left to the full parser
      if (plainKind(key.value) !== 'string') bail();
      keyEnd = k;
    }
    const colon = keyEnd;

    // find the map this key belongs to
    let top = stack[stack.length - 1];
    if (top.open && indent > (top === root ? rootIndent : top.indent)) {
      if (top.open.hasSeq) bail();
      // the open key's value is a nested map
      const o = top.open;
      entries[o.entryIndex] = undefined;
      const childMap: MapNode = { segments: o.segs, flow: false, openEnd: 0, keyStarts: [], keys: [] };
      maps.push(childMap);
      top.map.keys[top.map.keys.length - 1].isMap = true;
      let section = top.section;
      if (isSpringProducerPath(o.segs)) springSection = { segments: o.segs, keyStart: o.key.start, keyEnd: o.key.end };
      else if (isProducerSectionPath(o.segs)) section = { segments: o.segs, keyStart: o.key.start, keyEnd: o.key.end };
      top.open = undefined;
      const child: Frame = { indent, segs: o.segs, map: childMap, section };
      stack.push(child);
      top = child;
    } else {
      while (stack.length > 1 && indent < top.indent) {
        stack.pop();
        top = stack[stack.length - 1];
      }
      if (top === root) {
        if (rootIndent < 0) rootIndent = indent;
        if (indent !== rootIndent) bail();
      } else if (indent !== top.indent) bail();
      top.open = undefined;
    }

    const rawKey = key.value;
    const segs = top.segs.concat(splitPath(rawKey));
    top.map.keyStarts.push(key.start);
    top.map.keys.push({ key: rawKey, isMap: false });
    let v = colon + 1;
    while (v < end && (text[v] === ' ' || text[v] === '\t')) v++;
    if (v >= end || text[v] === '#') {
      // empty so far: a nested map or sequence may follow; until then it is a null entry
      entries.push({ segments: segs, rawKey, value: '', kind: 'null', keyStart: key.start, keyEnd: key.end, valueStart: v, valueEnd: v, section: top.section });
      top.open = { key, rawKey, segs, entryIndex: entries.length - 1, hasSeq: false };
      continue;
    }
    const s = readScalar(text, v, end);
    entries.push({ segments: segs, rawKey, value: s.value, kind: s.kind, keyStart: key.start, keyEnd: key.end, valueStart: s.start, valueEnd: s.end, section: top.section });
    // a more indented line after a scalar would continue it (a multi-line scalar): not handled here
    const nextIndent = peekIndent(text, pos, to);
    if (nextIndent !== undefined && nextIndent > indent) bail();
  }
  return { entries: entries.filter((e): e is FlatEntry => e !== undefined), maps, springSection };
}

/** Indent of the next line with content, or undefined. */
function peekIndent(text: string, pos: number, to: number): number | undefined {
  while (pos < to) {
    let i = pos;
    while (i < to && text[i] === ' ') i++;
    const c = text[i];
    if (i >= to) return undefined;
    if (c === '\n' || c === '\r' || c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      pos = nl + 1;
      continue;
    }
    return i - pos;
  }
  return undefined;
}

/** Documents of `text` in the fast subset, or undefined when any part needs the full parser. */
export function fastYamlDocs(text: string): TreeDoc[] | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const docs: TreeDoc[] = [];
  try {
    const re = /^(---|\.\.\.)([ \t].*)?\r?$/gm;
    let from = 0;
    let m: RegExpExecArray | null;
    const bounds: [number, number][] = [];
    while ((m = re.exec(text))) {
      if (m[1] === '...' || (m[2] && m[2].trim() !== '' && !m[2].trim().startsWith('#'))) return undefined;
      bounds.push([from, m.index]);
      from = m.index + m[0].length + 1;
    }
    bounds.push([from, text.length]);
    if (/^%/m.test(text)) return undefined;
    for (const [a, b] of bounds) if (a < b || docs.length === 0) docs.push(fastDoc(text, Math.min(a, text.length), Math.max(a, b)));
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  return docs;
}
