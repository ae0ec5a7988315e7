import type { ClientConfig, Setting } from '../types';

/** The setting in force for the first of `keys` that is set (highest precedence, then last written). */
export function get(cfg: ClientConfig, ...keys: string[]): Setting | undefined {
  for (const key of keys) {
    let best: Setting | undefined;
    for (const s of cfg.settings) if (s.key === key && (!best || s.precedence >= best.precedence)) best = s;
    if (best) return best;
  }
  return undefined;
}

/** Every occurrence of `key` in force at its highest precedence (list values give several). */
export function getAll(cfg: ClientConfig, key: string): Setting[] {
  const all = cfg.settings.filter((s) => s.key === key);
  const top = Math.max(...all.map((s) => s.precedence));
  return all.filter((s) => s.precedence === top);
}

const known = (s: Setting | undefined): s is Setting => !!s && s.kind !== 'expr' && s.kind !== 'object';

/** Booleans compare case-insensitively, after trimming, as Kafka's ConfigDef reads them. */
export function isTrue(s: Setting | undefined): boolean {
  return known(s) && s.value.trim().toLowerCase() === 'true';
}

export function isFalse(s: Setting | undefined): boolean {
  return known(s) && s.value.trim().toLowerCase() === 'false';
}

export function intValue(s: Setting | undefined): number | undefined {
  if (!known(s)) return undefined;
  const v = s.value.trim();
  return /^[+-]?\d{1,16}$/.test(v) ? Number(v) : undefined;
}

export function text(s: Setting | undefined): string | undefined {
  return known(s) ? s.value.trim() : undefined;
}

/** Producer rules look at producer configs and at mixed files' explicit values. */
export function isProducer(cfg: ClientConfig): boolean {
  return cfg.role === 'producer' || cfg.role === 'mixed';
}

/** Rules about a missing setting only speak when the config is clearly a producer's, and seen in full. */
export function canReportMissing(cfg: ClientConfig): boolean {
  if (cfg.role !== 'producer') return false;
  if (cfg.kafkajs) return cfg.kafkajs.call === 'producer' && cfg.kafkajs.complete;
  return true;
}

export const ACKS_KEYS: Record<string, string[]> = {
  java: ['acks'],
  spring: ['acks'],
  librdkafka: ['acks', 'request.required.acks'],
};
