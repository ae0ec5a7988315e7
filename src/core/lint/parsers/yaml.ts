// YAML through the `yaml` package's AST (node ranges are source offsets). Every leaf becomes a flat
// entry whose path joins the keys above it, so `spring: kafka: producer: acks` and the flat
// `spring.kafka.producer.acks` read the same.
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Node as YamlNode } from 'yaml';
import { buildConfigs, type FlatEntry, type Section } from '../build';
import { splitPath } from '../keys';
import { LineIndex } from '../text';
import type { ClientConfig, ValueKind } from '../types';
import { fastYamlDocs } from './yaml-fast';
import { isProducerSectionPath, isSpringProducerPath, yamlWriter, type MapNode, type TreeDoc } from './tree';

/** A scalar's value as text; YAML's core schema makes it a string, number, boolean or bigint. */
function valueText(v: unknown): string {
  switch (typeof v) {
    case 'string': return v;
    case 'number': case 'boolean': case 'bigint': return String(v);
    default: return v === null || v === undefined ? '' : (JSON.stringify(v) ?? '');
  }
}

function scalarText(text: string, s: Scalar): { value: string; kind: ValueKind } {
  const v = s.value;
  const kind: ValueKind = v === null || v === undefined ? 'null' : typeof v === 'boolean' ? 'boolean' : typeof v === 'number' || typeof v === 'bigint' ? 'number' : 'string';
  if (s.type === Scalar.PLAIN && s.range) return { value: text.slice(s.range[0], s.range[1]).trim(), kind };
  return { value: valueText(v), kind };
}

function walkYaml(text: string, idx: LineIndex, root: unknown): TreeDoc {
  const entries: FlatEntry[] = [];
  const maps: MapNode[] = [];
  let springSection: Section | undefined;

  const leaf = (segs: string[], rawKey: string, key: Scalar, v: unknown, section: Section | undefined) => {
    const keyStart = key.range?.[0] ?? 0;
    const keyEnd = key.range?.[1] ?? keyStart;
    if (v === null || v === undefined || (isScalar(v) && !(v as YamlNode).range)) {
      const colon = text.indexOf(':', keyEnd);
      const at = colon >= 0 ? colon + 1 : keyEnd;
      entries.push({ segments: segs, rawKey, value: '', kind: 'null', keyStart, keyEnd, valueStart: at, valueEnd: at, section });
      return;
    }
    if (!isScalar(v) || !v.range) return;
    const { value, kind } = scalarText(text, v);
    const start = v.range[0];
    const end = v.range[1];
    const inner = v.type === Scalar.PLAIN ? start : start + 1;
    const single = idx.position(start).line === idx.position(end).line;
    entries.push({
      segments: segs, rawKey, value, kind, keyStart, keyEnd, valueStart: start, valueEnd: end, section,
      subRange: single ? (s, e) => (s < e && inner + e <= end ? idx.range(inner + s, inner + e) : undefined) : undefined,
    });
  };

  const walk = (node: unknown, segs: string[], section: Section | undefined, depth: number) => {
    if (!isMap(node) || depth > 64) return;
    const m: MapNode = { segments: segs, flow: !!node.flow, openEnd: (node.range?.[0] ?? 0) + 1, keyStarts: [], keys: [] };
    maps.push(m);
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || !key.range) continue;
      const rawKey = valueText(key.value);
      const childSegs = [...segs, ...splitPath(rawKey)];
      const v = pair.value;
      m.keyStarts.push(key.range[0]);
      m.keys.push({ key: rawKey, isMap: isMap(v) });
      if (isMap(v)) {
        let s = section;
        if (isSpringProducerPath(childSegs)) springSection = { segments: childSegs, keyStart: key.range[0], keyEnd: key.range[1] };
        else if (isProducerSectionPath(childSegs)) s = { segments: childSegs, keyStart: key.range[0], keyEnd: key.range[1] };
        walk(v, childSegs, s, depth + 1);
      } else if (isSeq(v)) {
        for (const item of v.items) if (isScalar(item)) leaf(childSegs, rawKey, key, item, section);
      } else leaf(childSegs, rawKey, key, v, section);
    }
  };
  walk(root, [], undefined, 0);
  return { entries, maps, springSection };
}

/** The documents of a YAML text: the fast reader when it can, the full parser otherwise. */
export function yamlTrees(text: string, mode: 'auto' | 'fast' | 'full' = 'auto'): TreeDoc[] | undefined {
  if (mode !== 'full') {
    const fast = fastYamlDocs(text);
    if (fast || mode === 'fast') return fast;
  }
  const idx = new LineIndex(text);
  const docs = parseAllDocuments(text, { strict: false, uniqueKeys: false, prettyErrors: false });
  return (Array.isArray(docs) ? docs : []).map((doc) => walkYaml(text, idx, doc.contents));
}

export function yamlConfigs(text: string, mode: 'auto' | 'fast' | 'full' = 'auto'): ClientConfig[] {
  const trees = yamlTrees(text, mode);
  if (!trees) return [];
  const idx = new LineIndex(text);
  const out: ClientConfig[] = [];
  for (const tree of trees) {
    if (tree.entries.length === 0) continue;
    out.push(...buildConfigs(tree.entries, idx, yamlWriter(text, idx, tree.maps), tree.springSection));
  }
  return out;
}
