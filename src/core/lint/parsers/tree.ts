// Shared by the YAML and JSON parsers: the maps of a document (for inserting settings) and a writer
// that turns "set this key" into edits in the document's own syntax.
import type { FlatEntry, FormatWriter, Section } from '../build';
import type { LineIndex } from '../text';
import type { FixValue, TextEdit } from '../types';

export interface MapNode {
  /** Full path of the map; [] for the root. */
  segments: string[];
  flow: boolean;
  /** Offset just after `{` (JSON, flow maps). */
  openEnd: number;
  /** Key start offsets of the map's pairs, in order. */
  keyStarts: number[];
  /** The keys of the pairs, and whether each pair's value is itself a map. */
  keys: { key: string; isMap: boolean }[];
}

export interface TreeDoc {
  entries: FlatEntry[];
  maps: MapNode[];
  springSection?: Section;
}

const lower = (s: string) => s.toLowerCase();

export function isProducerSectionPath(segs: string[]): boolean {
  if (segs.length === 0 || lower(segs[segs.length - 1]) !== 'producer') return false;
  // spring.kafka.producer is handled by the Spring mapping, not as a generic section
  return !(segs.length === 3 && lower(segs[0]) === 'spring' && lower(segs[1]) === 'kafka');
}

export function isSpringProducerPath(segs: string[]): boolean {
  return segs.length === 3 && lower(segs[0]) === 'spring' && lower(segs[1]) === 'kafka' && lower(segs[2]) === 'producer';
}

function deepestMap(maps: MapNode[], target: string[]): MapNode | undefined {
  let best: MapNode | undefined;
  for (const m of maps) {
    if (m.segments.length >= target.length) continue;
    if (!m.segments.every((s, i) => lower(s) === lower(target[i]))) continue;
    if (!best || m.segments.length > best.segments.length) best = m;
  }
  return best;
}

function yamlScalar(v: FixValue): string {
  if (typeof v !== 'string') return String(v);
  if (/^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(v)) return v;
  return JSON.stringify(v);
}

function yamlKey(seg: string, spring: boolean): string {
  if (spring && seg.includes('.')) return `"[${seg}]"`;
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(seg) ? seg : JSON.stringify(seg);
}

export function yamlWriter(text: string, idx: LineIndex, maps: MapNode[]): FormatWriter {
  return {
    set(setting, value) {
      const empty = idx.offset(setting.valueRange.start) === idx.offset(setting.valueRange.end);
      return [{ range: setting.valueRange, newText: (empty ? ' ' : '') + yamlScalar(value) }];
    },
    insert(segments, value, spring) {
      const m = deepestMap(maps, segments);
      if (!m || m.flow || m.keyStarts.length === 0) return undefined;
      let rest = segments.slice(m.segments.length);
      let target = m;
      // write into an existing nested map (e.g. `properties:`) rather than beside it
      while (rest.length > 1) {
        const child = maps.find((c) => c.segments.length === target.segments.length + 1 && lower(c.segments[c.segments.length - 1]) === lower(rest[0]) && target.segments.every((s, i) => lower(s) === lower(c.segments[i])));
        if (!child || child.flow || child.keyStarts.length === 0) break;
        target = child;
        rest = rest.slice(1);
      }
      if (rest.length > 1 && target.keys.some((k) => lower(k.key) === lower(rest[0]))) return undefined;
      const at = target.keyStarts[0];
      const lineStart = idx.lineStart(idx.position(at).line);
      const indent = text.slice(lineStart, at);
      if (!/^[ ]*$/.test(indent)) return undefined;
      const unit = '  ';
      const eol = idx.eol();
      let block = '';
      rest.forEach((seg, i) => {
        const last = i === rest.length - 1;
        block += `${indent}${unit.repeat(i)}${yamlKey(seg, spring && last)}:${last ? ' ' + yamlScalar(value) : ''}${eol}`;
      });
      const pos = idx.position(lineStart);
      return [{ range: { start: pos, end: pos }, newText: block }];
    },
  };
}

export function jsonWriter(text: string, idx: LineIndex, maps: MapNode[]): FormatWriter {
  return {
    set(setting, value) {
      const newText = setting.kind === 'string' || typeof value === 'string' ? JSON.stringify(String(value)) : String(value);
      return [{ range: setting.valueRange, newText }];
    },
    insert(segments, value) {
      const m = deepestMap(maps, segments);
      if (!m) return undefined;
      const rest = segments.slice(m.segments.length);
      if (rest.length > 1 && m.keys.some((k) => lower(k.key) === lower(rest[0]))) return undefined;
      let v = typeof value === 'string' ? JSON.stringify(value) : String(value);
      for (let i = rest.length - 1; i >= 1; i--) v = `{ ${JSON.stringify(rest[i])}: ${v} }`;
      const pair = `${JSON.stringify(rest[0])}: ${v}`;
      const pos = idx.position(m.openEnd);
      let newText: string;
      if (m.keyStarts.length === 0) newText = pair;
      else {
        const first = m.keyStarts[0];
        if (idx.position(first).line !== pos.line) newText = `${idx.eol()}${idx.indentAt(first)}${pair},`;
        else newText = ` ${pair},`;
      }
      return [{ range: { start: pos, end: pos }, newText } satisfies TextEdit];
    },
  };
}
