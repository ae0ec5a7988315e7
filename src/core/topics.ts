// Topic admin rules as Kafka applies them, and the text the explorer shows for configs. Pure: no
// network, no clock. Kafka's rules: org.apache.kafka.common.internals.Topic (legal characters,
// length 249, "." and "..", and the "." / "_" collision of metric names).

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Why Kafka would refuse this topic name, or undefined when it is legal. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Enter a topic name.';
  if (name === '.' || name === '..') return `"${name}" is not a legal topic name: choose another.`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `A topic name is at most ${MAX_TOPIC_NAME_LENGTH} characters (this one has ${name.length}).`;
  if (!LEGAL.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[a-zA-Z0-9._-]/.test(c)))].map((c) => JSON.stringify(c)).join(' ');
    return `Use only ASCII letters, digits, ".", "_" and "-" (not ${bad}).`;
  }
  return undefined;
}

/** Kafka's metric names turn "." into "_": two topics that differ only there collide. */
const collisionKey = (name: string) => name.replace(/\./g, '_');

/** Existing topics whose name collides with `name` on "." / "_" (the same name is not a collision). */
export function topicCollisions(name: string, existing: Iterable<string>): string[] {
  if (!/[._]/.test(name)) return [];
  const key = collisionKey(name);
  return [...existing].filter((t) => t !== name && collisionKey(t) === key);
}

export function collisionWarning(name: string, collisions: string[]): string | undefined {
  if (!collisions.length) return undefined;
  return `"${name}" collides with ${collisions.map((c) => `"${c}"`).join(', ')}: Kafka's metric names treat "." and "_" alike, and brokers refuse such a topic. Choose a name that differs elsewhere.`;
}

/** Internal topics: Kafka's own (__consumer_offsets, __transaction_state) and MSK's (__amazon_msk_canary…). */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/** Parses "a=1, b=x" (commas or new lines) into config entries; values may contain "=". */
export function parseConfigAssignments(text: string): { entries: Record<string, string>; problem?: string } {
  const entries: Record<string, string> = {};
  for (const raw of text.split(/[,\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { entries, problem: `"${part}" is not name=value: write configs as name=value, separated by commas.` };
    const key = part.slice(0, eq).trim();
    if (!/^[a-z0-9._-]+$/i.test(key)) return { entries, problem: `"${key}" is not a config name.` };
    entries[key] = part.slice(eq + 1).trim();
  }
  return { entries };
}

export function partitionCountProblem(text: string, atLeast = 1): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'Enter a whole number.';
  const n = Number(text);
  if (n < atLeast) return `Enter at least ${atLeast}.`;
  if (n > 100_000) return 'Enter at most 100000.';
  return undefined;
}

export function replicationFactorProblem(text: string, brokers: number): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'Enter a whole number.';
  const n = Number(text);
  if (n < 1) return 'The replication factor is at least 1.';
  if (n > brokers) return `The replication factor is at most the broker count (${brokers}).`;
  return undefined;
}

// ---- configs ----

export type ConfigSourceName = 'default' | 'dynamic' | 'dynamic-broker' | 'dynamic-broker-default' | 'static' | 'unknown';

export interface ConfigEntry {
  name: string;
  value: string | null;
  source: ConfigSourceName;
  readOnly?: boolean;
  sensitive?: boolean;
}

/** A value set for this topic (or for its broker) rather than Kafka's default. */
export function isNonDefault(e: ConfigEntry): boolean {
  return e.source !== 'default' && e.source !== 'unknown';
}

const shown = (e: ConfigEntry) => (e.sensitive ? '(sensitive)' : e.value ?? '(null)');

/** The read-only "show config" document: every config with its source, non-default ones marked. */
export function configDocument(title: string, entries: ConfigEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(0, ...sorted.map((e) => e.name.length));
  const lines = [
    `# ${title}`,
    `# ${sorted.length} configs; ${sorted.filter(isNonDefault).length} not at their default (marked *). Source in brackets.`,
    '',
    ...sorted.map((e) => `${isNonDefault(e) ? '*' : ' '} ${e.name.padEnd(width)} = ${shown(e)}  [${e.source}]`),
  ];
  return lines.join('\n') + '\n';
}

/** One side of a config diff: stable, sorted, one "name = value" per line, so the diff editor lines them up. */
export function configDiffSide(entries: ConfigEntry[]): string {
  return [...entries]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => `${e.name} = ${shown(e)}${isNonDefault(e) ? `    # ${e.source}` : ''}`)
    .join('\n') + '\n';
}

export interface ConfigEdit {
  /** Configs to set on the topic. */
  set: Record<string, string>;
  /** Configs to return to their default. */
  remove: string[];
}

export interface ConfigEditPlan {
  /** The topic's full set of dynamic configs after the edit (what AlterConfigs sends). */
  next: Record<string, string>;
  /** "name: old → new" lines for the preview; empty when nothing changes. */
  changes: string[];
  /** The same changes as IncrementalAlterConfigs operations, in the same order (only what changes). */
  ops: { name: string; op: 'SET' | 'DELETE'; value?: string }[];
}

/**
 * Plans an edit on top of the topic's current configs: `ops` for IncrementalAlterConfigs (only what
 * changes), and `next`, the whole dynamic set after the edit (what AlterConfigs would send).
 */
export function planConfigEdit(current: ConfigEntry[], edit: ConfigEdit): ConfigEditPlan {
  const byName = new Map(current.map((e) => [e.name, e]));
  const next: Record<string, string> = {};
  for (const e of current) if (e.source === 'dynamic' && e.value !== null) next[e.name] = e.value;
  const changes: string[] = [];
  const ops: ConfigEditPlan['ops'] = [];
  for (const name of edit.remove) {
    const was = byName.get(name);
    if (name in next) {
      delete next[name];
      changes.push(`${name}: ${was?.value ?? ''} → (default)`);
      ops.push({ name, op: 'DELETE' });
    }
  }
  for (const [name, value] of Object.entries(edit.set)) {
    const was = byName.get(name);
    if (next[name] === value) continue;
    next[name] = value;
    changes.push(`${name}: ${was ? `${shown(was)}${isNonDefault(was) ? '' : ' (default)'}` : '(unset)'} → ${value}`);
    // a name both removed and set: the SET wins, as in `next`
    const i = ops.findIndex((o) => o.name === name);
    if (i >= 0) ops.splice(i, 1);
    ops.push({ name, op: 'SET', value });
  }
  return { next, changes, ops };
}

// ---- paging ----

export const PAGE_SIZE = 500;

/** The first `limit` items, and how many are left for a "Load more" node. */
export function page<T>(items: readonly T[], limit: number): { shown: T[]; remaining: number } {
  const shownItems = items.slice(0, Math.max(0, limit));
  return { shown: shownItems, remaining: items.length - shownItems.length };
}

/** Case-insensitive name filter; "*" matches any run of characters, otherwise a substring match. */
export function topicFilter(pattern: string | undefined): (name: string) => boolean {
  const p = pattern?.trim();
  if (!p) return () => true;
  if (!p.includes('*')) {
    const lower = p.toLowerCase();
    return (name) => name.toLowerCase().includes(lower);
  }
  const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return (name) => re.test(name);
}

// ---- partition health ----

export type PartitionHealth = 'ok' | 'under-replicated' | 'offline';

export function partitionHealth(p: { leader: number; replicas: number[]; isr: number[] }): PartitionHealth {
  if (p.leader < 0) return 'offline';
  if (p.isr.length < p.replicas.length) return 'under-replicated';
  return 'ok';
}
