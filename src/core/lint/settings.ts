// `.msk-lint.json` (workspace folder, or `msk-tools lint --config FILE`):
//   { "maxMessageBytes": 1048588, "serverless": false, "rules": { "MSK006": "off", "MSK002": "warning" } }
import { DEFAULT_MAX_MESSAGE_BYTES, SERVERLESS_MAX_MESSAGE_BYTES } from './msk';
import { rules } from './rules/index';
import type { SeveritySetting } from './types';

export interface LintOptions {
  /** Max message size in force, in bytes (broker/topic). Default 1048588. */
  maxMessageBytes?: number;
  /** The cluster is MSK Serverless: the limit is capped at 8 MiB. */
  serverless?: boolean;
  /** Severity per rule id (or slug); `off` disables the rule. */
  rules?: Record<string, SeveritySetting>;
  /** Clusters the editor is connected to, with each topic's real max.message.bytes (never from a file). */
  clusters?: ConnectedCluster[];
}

/** A cluster the editor has read: its brokers and the max.message.bytes of each of its topics. */
export interface ConnectedCluster {
  name: string;
  /** host:port of each broker. */
  brokers: string[];
  topicMaxMessageBytes: Record<string, number>;
}

export class LintConfigError extends Error {}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

export function effectiveLimit(o: LintOptions): number {
  const limit = o.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  return o.serverless ? Math.min(limit, SERVERLESS_MAX_MESSAGE_BYTES) : limit;
}

export function validMaxMessageBytes(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 2 ** 31 - 1;
}

/** Reads a `.msk-lint.json` text; `source` names the file in error messages. */
export function parseLintConfig(text: string, source: string): LintOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LintConfigError(`${source}: not valid JSON (${(e as Error).message}).`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new LintConfigError(`${source}: expected a JSON object like {"maxMessageBytes": 1048588, "rules": {"MSK006": "off"}}.`);
  const o = raw as Record<string, unknown>;
  const out: LintOptions = {};
  for (const key of Object.keys(o)) {
    if (!['maxMessageBytes', 'serverless', 'rules', '$schema'].includes(key)) throw new LintConfigError(`${source}: unknown key "${key}" (known: maxMessageBytes, serverless, rules).`);
  }
  if (o.maxMessageBytes !== undefined) {
    if (!validMaxMessageBytes(o.maxMessageBytes)) throw new LintConfigError(`${source}: "maxMessageBytes" must be a positive whole number of bytes.`);
    out.maxMessageBytes = o.maxMessageBytes;
  }
  if (o.serverless !== undefined) {
    if (typeof o.serverless !== 'boolean') throw new LintConfigError(`${source}: "serverless" must be true or false.`);
    out.serverless = o.serverless;
  }
  if (o.rules !== undefined) out.rules = parseSeverities(o.rules, `${source}: "rules"`);
  return out;
}

/** Validates a rule → severity map (settings or config file). */
export function parseSeverities(value: unknown, where: string): Record<string, SeveritySetting> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new LintConfigError(`${where} must be an object of rule id to error|warning|info|off.`);
  const out: Record<string, SeveritySetting> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const rule = rules.find((r) => r.meta.id === k.toUpperCase() || r.meta.slug === k);
    if (!rule) throw new LintConfigError(`${where}: unknown rule "${k}" (known: ${rules.map((r) => r.meta.id).join(', ')}).`);
    if (typeof v !== 'string' || !SEVERITIES.has(v)) throw new LintConfigError(`${where}: "${k}" must be one of error, warning, info, off.`);
    out[rule.meta.id] = v as SeveritySetting;
  }
  return out;
}

/** Later sources win key by key; rule maps are merged. */
export function mergeOptions(...list: (LintOptions | undefined)[]): LintOptions {
  const out: LintOptions = {};
  for (const o of list) {
    if (!o) continue;
    if (o.maxMessageBytes !== undefined) out.maxMessageBytes = o.maxMessageBytes;
    if (o.serverless !== undefined) out.serverless = o.serverless;
    if (o.rules) out.rules = { ...out.rules, ...o.rules };
    if (o.clusters) out.clusters = o.clusters;
  }
  return out;
}
