// JSON (with comments and trailing commas tolerated, as in tsconfig-style files) through a small
// recursive-descent parser that keeps offsets. Invalid JSON yields no config: it is not linted.
import { buildConfigs, type FlatEntry, type Section } from '../build';
import { splitPath } from '../keys';
import { LineIndex } from '../text';
import type { ClientConfig, ValueKind } from '../types';
import { isProducerSectionPath, isSpringProducerPath, jsonWriter, type MapNode } from './tree';

class JsonSyntaxError extends Error {}

type JNode =
  | { t: 'obj'; start: number; end: number; pairs: { key: string; keyStart: number; keyEnd: number; value: JNode }[] }
  | { t: 'arr'; start: number; end: number; items: JNode[] }
  | { t: 'val'; start: number; end: number; value: string; kind: ValueKind };

class Parser {
  i = 0;
  depth = 0;
  constructor(readonly s: string) {}

  fail(): never {
    throw new JsonSyntaxError(`unexpected input at ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) this.i++;
      else if (c === 47 && s[this.i + 1] === '/') {
        const nl = s.indexOf('\n', this.i);
        this.i = nl < 0 ? s.length : nl;
      } else if (c === 47 && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) this.fail();
        this.i = end + 2;
      } else return;
    }
  }

  str(): string {
    const s = this.s;
    if (s[this.i] !== '"') this.fail();
    let j = this.i + 1;
    let simple = true;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === '"') break;
      if (c === '\\') {
        simple = false;
        j++;
      } else if (c === '\n') this.fail();
    }
    if (j >= s.length) this.fail();
    const raw = s.slice(this.i, j + 1);
    this.i = j + 1;
    if (simple) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      this.fail();
    }
  }

  value(): JNode {
    this.ws();
    if (++this.depth > 256) this.fail();
    try {
      const s = this.s;
      const start = this.i;
      const c = s[this.i];
      if (c === '{') {
        this.i++;
        const pairs: { key: string; keyStart: number; keyEnd: number; value: JNode }[] = [];
        this.ws();
        while (s[this.i] !== '}') {
          const keyStart = this.i;
          const key = this.str();
          const keyEnd = this.i;
          this.ws();
          if (s[this.i] !== ':') this.fail();
          this.i++;
          pairs.push({ key, keyStart, keyEnd, value: this.value() });
          this.ws();
          if (s[this.i] === ',') {
            this.i++;
            this.ws();
          } else if (s[this.i] !== '}') this.fail();
        }
        this.i++;
        return { t: 'obj', start, end: this.i, pairs };
      }
      if (c === '[') {
        this.i++;
        const items: JNode[] = [];
        this.ws();
        while (s[this.i] !== ']') {
          items.push(this.value());
          this.ws();
          if (s[this.i] === ',') {
            this.i++;
            this.ws();
          } else if (s[this.i] !== ']') this.fail();
        }
        this.i++;
        return { t: 'arr', start, end: this.i, items };
      }
      if (c === '"') {
        const value = this.str();
        return { t: 'val', start, end: this.i, value, kind: 'string' };
      }
      const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s.slice(this.i, this.i + 64));
      if (!m) this.fail();
      this.i += m[0].length;
      const kind: ValueKind = m[0] === 'null' ? 'null' : m[0] === 'true' || m[0] === 'false' ? 'boolean' : 'number';
      return { t: 'val', start, end: this.i, value: m[0] === 'null' ? '' : m[0], kind };
    } finally {
      this.depth--;
    }
  }
}

export function parseJson(text: string): JNode | undefined {
  try {
    const p = new Parser(text);
    const v = p.value();
    p.ws();
    if (p.i !== text.length) return undefined;
    return v;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return undefined;
    throw e;
  }
}

export function jsonConfigs(text: string): ClientConfig[] {
  const root = parseJson(text);
  if (!root || root.t !== 'obj') return [];
  const idx = new LineIndex(text);
  const entries: FlatEntry[] = [];
  const maps: MapNode[] = [];
  let springSection: Section | undefined;

  const leaf = (segs: string[], rawKey: string, keyStart: number, keyEnd: number, v: JNode & { t: 'val' }, section?: Section) => {
    const inner = v.kind === 'string' ? v.start + 1 : v.start;
    const simple = v.kind !== 'string' || text.slice(v.start, v.end).indexOf('\\') < 0;
    entries.push({
      segments: segs, rawKey, value: v.value, kind: v.kind, keyStart, keyEnd, valueStart: v.start, valueEnd: v.end, section,
      subRange: simple ? (s, e) => (s < e && e <= v.value.length ? idx.range(inner + s, inner + e) : undefined) : undefined,
    });
  };

  const walk = (node: JNode & { t: 'obj' }, segs: string[], section: Section | undefined, depth: number) => {
    if (depth > 64) return;
    maps.push({
      segments: segs, flow: false, openEnd: node.start + 1,
      keyStarts: node.pairs.map((p) => p.keyStart),
      keys: node.pairs.map((p) => ({ key: p.key, isMap: p.value.t === 'obj' })),
    });
    for (const p of node.pairs) {
      const childSegs = [...segs, ...splitPath(p.key)];
      const v = p.value;
      if (v.t === 'obj') {
        let s = section;
        if (isSpringProducerPath(childSegs)) springSection = { segments: childSegs, keyStart: p.keyStart, keyEnd: p.keyEnd };
        else if (isProducerSectionPath(childSegs)) s = { segments: childSegs, keyStart: p.keyStart, keyEnd: p.keyEnd };
        walk(v, childSegs, s, depth + 1);
      } else if (v.t === 'arr') {
        for (const item of v.items) if (item.t === 'val') leaf(childSegs, p.key, p.keyStart, p.keyEnd, item, section);
      } else leaf(childSegs, p.key, p.keyStart, p.keyEnd, v, section);
    }
  };
  walk(root, [], undefined, 0);
  if (entries.length === 0) return [];
  return buildConfigs(entries, idx, jsonWriter(text, idx, maps), springSection);
}
