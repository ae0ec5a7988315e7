// Turns the flat key/value entries of a properties, YAML or JSON file into client configs: a Spring
// config from `spring.kafka.*`, one config per `producer` section (YAML/JSON), and the whole file.
import { classify, detectDialect, isKafkaKey, springKey, springPathFor } from './keys';
import type { LineIndex } from './text';
import type { ClientConfig, ConfigRole, FixValue, Range, Setting, TextEdit, ValueKind } from './types';

export interface FlatEntry {
  /** The full key path, split the way Spring splits it. */
  segments: string[];
  rawKey: string;
  value: string;
  kind: ValueKind;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  subRange?: (start: number, end: number) => Range | undefined;
  /** The innermost `producer` section (YAML/JSON) holding this entry. */
  section?: Section;
}

export interface Section {
  /** Path of the section's map, ending in `producer`. */
  segments: string[];
  keyStart: number;
  keyEnd: number;
}

/** What a format knows how to write. */
export interface FormatWriter {
  set(setting: Setting, value: FixValue): TextEdit[] | undefined;
  /** Add a setting at `segments`, near entry `near` (properties) or in the deepest existing map (YAML/JSON). */
  insert(segments: string[], value: FixValue, spring: boolean, near: FlatEntry): TextEdit[] | undefined;
}

function toSetting(e: FlatEntry, key: string, precedence: number, idx: LineIndex): Setting {
  return {
    key,
    rawKey: e.rawKey,
    value: e.value,
    kind: e.kind,
    keyRange: idx.range(e.keyStart, e.keyEnd),
    valueRange: idx.range(e.valueStart, e.valueEnd),
    precedence,
    subRange: e.subRange,
  };
}

const VALID_ACKS = new Set(['all', '-1', '0', '1']);

/**
 * Keys that decide what a config is. Undotted names are too common elsewhere to count alone:
 * `acks` counts only with a value Kafka accepts, and `retries` never does.
 */
function evidence(key: string, e: FlatEntry): string | undefined {
  if (key === 'retries') return undefined;
  if (key === 'acks' && !VALID_ACKS.has(e.value.trim().toLowerCase())) return undefined;
  return key;
}

function roleOf(keys: string[], entries: FlatEntry[]): ConfigRole | undefined {
  return classify(keys.map((k, i) => evidence(k, entries[i])).filter((k): k is string => k !== undefined));
}

const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');

/** `spring.config.activate.on-profile` or the older `spring.profiles`: a document only some profiles read. */
function activatedByProfile(segments: string[]): boolean {
  const n = segments.map(norm);
  return n[0] === 'spring' && ((n[1] === 'config' && n[2] === 'activate' && n[3] === 'onprofile') || (n[1] === 'profiles' && n.length === 2));
}

/** A Spring key that sets security for a scope the producer config leaves out (consumer, admin, streams…). */
function setsSecurity(segments: string[]): boolean {
  return segments.slice(2).some((s) => ['security', 'ssl', 'sasl', 'jaas'].includes(norm(s)));
}

export function buildConfigs(entries: FlatEntry[], idx: LineIndex, writer: FormatWriter, springSection?: Section): ClientConfig[] {
  const configs: ClientConfig[] = [];
  const spring: { e: FlatEntry; key: string; scope: 'producer' | 'global'; precedence: number }[] = [];
  const sections = new Map<Section, FlatEntry[]>();
  const flat: FlatEntry[] = [];
  let profileOnly = false;
  let otherScopeSecurity = false;
  for (const e of entries) {
    if (activatedByProfile(e.segments)) profileOnly = true;
    const s = springKey(e.segments);
    if (s) spring.push({ e, ...s });
    else if (e.segments.length >= 2 && e.segments[0].toLowerCase() === 'spring' && e.segments[1].toLowerCase() === 'kafka') {
      if (setsSecurity(e.segments)) otherScopeSecurity = true;
      continue;
    } else if (e.section) {
      const list = sections.get(e.section) ?? [];
      list.push(e);
      sections.set(e.section, list);
    } else flat.push(e);
  }

  if (spring.length > 0) {
    const producer = spring.some((s) => s.scope === 'producer');
    const settings = spring.map((s) => toSetting(s.e, s.key, s.precedence, idx));
    const first = spring.find((s) => !producer || s.scope === 'producer')!.e;
    const anchor = producer && springSection ? idx.range(springSection.keyStart, springSection.keyEnd) : idx.range(first.keyStart, first.keyEnd);
    const scope = producer ? 'producer' : 'global';
    configs.push({
      dialect: 'spring',
      role: producer ? 'producer' : 'client',
      settings,
      anchor,
      standalone: !profileOnly && !otherScopeSecurity,
      editor: {
        set: (setting, value) => writer.set(setting, value),
        insert: (key, value) => writer.insert(springPathFor(key, scope), value, true, first),
      },
    });
  }

  for (const [section, list] of sections) {
    const keys = list.map((e) => e.segments.slice(section.segments.length).join('.'));
    if (!keys.some((k, i) => evidence(k, list[i]) !== undefined && isKafkaKey(k))) continue;
    const role = roleOf(keys, list);
    if (!role) continue;
    configs.push({
      dialect: detectDialect(keys),
      role: role === 'mixed' ? 'mixed' : 'producer',
      settings: list.map((e, i) => toSetting(e, keys[i], 0, idx)),
      anchor: idx.range(section.keyStart, section.keyEnd),
      editor: {
        set: (setting, value) => writer.set(setting, value),
        insert: (key, value) => writer.insert([...section.segments, key], value, false, list[0]),
      },
    });
  }

  if (flat.length > 0) {
    const keys = flat.map((e) => e.segments.join('.'));
    const role = roleOf(keys, flat);
    if (role) {
      configs.push({
        dialect: detectDialect(keys),
        role,
        settings: flat.map((e, i) => toSetting(e, keys[i], 0, idx)),
        anchor: idx.firstLine(),
        standalone: !profileOnly,
        editor: {
          set: (setting, value) => writer.set(setting, value),
          insert: (key, value) => writer.insert([key], value, false, flat[0]),
        },
      });
    }
  }
  return configs;
}
