// A topic set explicitly to a registry and format: peek's --value-schema and the viewer's setting
// msk.schemas.topics (topic names or globs). Without one, each value is read by its header (auto).
// Pure: no vscode, no codec; decodeValue applies the setting (DecodeOptions.expect).
import { SCHEMA_FORMATS, type SchemaFormat, type ValueSchemaSetting } from './types';

export const VALUE_SCHEMA_REGISTRIES: readonly ValueSchemaSetting['registry'][] = ['auto', 'glue', 'confluent', 'none'];
export const AUTO_VALUE_SCHEMA: ValueSchemaSetting = { registry: 'auto' };

export type ParsedValueSchema = { ok: true; setting: ValueSchemaSetting } | { ok: false; problem: string };

const REGISTRY_WORDS = VALUE_SCHEMA_REGISTRIES.join(', ');
const FORMAT_WORDS = SCHEMA_FORMATS.map((f) => f.toLowerCase()).join(', ');

function registryOf(word: unknown): ValueSchemaSetting['registry'] | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.trim().toLowerCase();
  return (VALUE_SCHEMA_REGISTRIES as readonly string[]).includes(w) ? (w as ValueSchemaSetting['registry']) : undefined;
}

function formatOf(word: unknown): SchemaFormat | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.trim().toUpperCase();
  return (SCHEMA_FORMATS as readonly string[]).includes(w) ? (w as SchemaFormat) : undefined;
}

function make(registryWord: unknown, formatWord: unknown, formatGiven: boolean): ParsedValueSchema {
  const registry = registryOf(registryWord);
  if (!registry) return { ok: false, problem: `the registry ${JSON.stringify(registryWord ?? '')} is not one of ${REGISTRY_WORDS}` };
  if (!formatGiven) return { ok: true, setting: { registry } };
  const format = formatOf(formatWord);
  if (!format) return { ok: false, problem: `the format ${JSON.stringify(formatWord ?? '')} is not one of ${FORMAT_WORDS}` };
  if (registry === 'none') return { ok: false, problem: 'none decodes nothing, so it takes no format' };
  return { ok: true, setting: { registry, format } };
}

/** A setting as text: "glue", "confluent:protobuf", "auto:avro", "none" (the flag's form, and a setting's short form). */
export function parseValueSchema(text: string): ParsedValueSchema {
  const i = text.indexOf(':');
  return i < 0 ? make(text, undefined, false) : make(text.slice(0, i), text.slice(i + 1), true);
}

/** A setting's value: the text form, or {"registry": …, "format"?: …}. */
export function parseValueSchemaEntry(value: unknown): ParsedValueSchema {
  if (typeof value === 'string') return parseValueSchema(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: 'give {"registry": "glue"} (or "confluent", "none", "auto"), optionally with "format": "avro", "json" or "protobuf"' };
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'registry' && k !== 'format');
  if (unknown.length) return { ok: false, problem: `unknown member ${JSON.stringify(unknown[0])}: an entry has "registry" and, optionally, "format"` };
  return make(o.registry, o.format, o.format !== undefined);
}

/** The setting in words, for logs and notes: "Glue Schema Registry, AVRO". */
export function describeValueSchema(s: ValueSchemaSetting): string {
  const r = { auto: 'each value by its header', none: 'raw bytes, nothing decoded', glue: 'Glue Schema Registry', confluent: 'Confluent Schema Registry' }[s.registry];
  return s.format ? `${r}, ${s.format}` : r;
}

export interface TopicSchemaRule {
  /** The topic name or glob as written (* any run of characters, ? one character). */
  pattern: string;
  setting: ValueSchemaSetting;
  /** Undefined for an exact name. */
  glob?: RegExp;
}

export function isTopicGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

function globRegExp(pattern: string): RegExp {
  let src = '';
  for (const ch of pattern) src += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(`^${src}$`, 's');
}

/** The rules of a msk.schemas.topics-shaped object, and what is wrong with the entries left out. */
export function topicSchemaRules(raw: unknown, settingName = 'msk.schemas.topics'): { rules: TopicSchemaRule[]; problems: string[] } {
  const rules: TopicSchemaRule[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { rules, problems: [`${settingName} maps topic names or globs to a registry, e.g. {"orders-*": {"registry": "glue", "format": "avro"}}; it is not an object, so every topic is read by its values' headers.`] };
  for (const [pattern, value] of Object.entries(raw as Record<string, unknown>)) {
    if (pattern.trim() === '') {
      problems.push(`${settingName}: an empty topic name is left out.`);
      continue;
    }
    const parsed = parseValueSchemaEntry(value);
    if (!parsed.ok) {
      problems.push(`${settingName}[${JSON.stringify(pattern)}]: ${parsed.problem}; the topic is read by its values' headers until this is fixed.`);
      continue;
    }
    rules.push({ pattern, setting: parsed.setting, ...(isTopicGlob(pattern) ? { glob: globRegExp(pattern) } : {}) });
  }
  return { rules, problems };
}

/** Characters of a glob that are not wildcards: the more, the more specific the glob. */
function literalLength(pattern: string): number {
  return pattern.replace(/[*?]/g, '').length;
}

/**
 * The rule for a topic: its exact name first; else, of the globs that match, the most specific (the
 * most characters that are not wildcards; on a tie, the first in code-point order). Undefined: auto.
 */
export function topicSchemaRule(topic: string, rules: readonly TopicSchemaRule[]): TopicSchemaRule | undefined {
  let best: TopicSchemaRule | undefined;
  for (const r of rules) {
    if (!r.glob) {
      if (r.pattern === topic) return r;
      continue;
    }
    if (!r.glob.test(topic)) continue;
    if (!best) best = r;
    else {
      const a = literalLength(r.pattern);
      const b = literalLength(best.pattern);
      if (a > b || (a === b && r.pattern < best.pattern)) best = r;
    }
  }
  return best;
}

/** The setting a topic's values are read with (auto when no rule names it). */
export function valueSchemaForTopic(topic: string, rules: readonly TopicSchemaRule[]): ValueSchemaSetting {
  return topicSchemaRule(topic, rules)?.setting ?? AUTO_VALUE_SCHEMA;
}

/**
 * Whether a value needs decodeValue under the setting (the cheap test before it): auto, only a value
 * whose first byte can start a header (3 Glue, 0 Confluent); a registry, every value but null.
 */
export function mayNeedDecoding(value: Uint8Array | null, setting: ValueSchemaSetting): boolean {
  if (value === null || setting.registry === 'none') return false;
  if (setting.registry === 'auto') return value.length > 0 && (value[0] === 3 || value[0] === 0);
  return true;
}
