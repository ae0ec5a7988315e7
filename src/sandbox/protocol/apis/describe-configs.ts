// DescribeConfigs (key 32), v0-3, answered as Kafka 3.x's ConfigHelper does.
// Topics: every topic config with its effective value; its source is that of its first synonym
// (DYNAMIC_TOPIC_CONFIG for an override, else STATIC_BROKER_CONFIG when the brokers set the broker
// setting it falls back to, else DEFAULT_CONFIG); synonyms (v1+, with include_synonyms) are the
// override, then the broker setting and its own synonyms as static and as default values, from the
// topic config's primary broker setting on (so retention.ms, whose log.retention.ms has no default,
// lists no log.retention.hours synonym, as in Kafka). Never read-only, never sensitive.
// Brokers: "" gives the cluster-wide dynamic defaults (none in the sandbox); the broker's own id
// gives every setting, read-only unless Kafka can change it dynamically; another id is INVALID_REQUEST.
// v0 has is_default (always false, as Kafka 3.x writes it); v1+ config_source and synonyms; v3
// config_type and documentation (none).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { TOPIC_CONFIG_DEFS, validateTopicName, type ConfigType } from '../../cluster';
import { BROKER_CONFIG_TYPES, DYNAMIC_BROKER_CONFIGS, KAFKA_BROKER_DEFAULTS, brokerConfigSynonyms } from '../../broker-configs';
import { ConfigSource, ResourceType, configTypeCode, inferType } from './configs-common';

interface Synonym { name: string; value: string | null; source: number }

/** ConfigHelper.configSynonyms: static then default values of a broker setting's synonyms, from `name` on. */
function brokerSynonymEntries(name: string, staticConfigs: Record<string, string>): Synonym[] {
  const names = brokerConfigSynonyms(name);
  const all: Synonym[] = [];
  for (const n of names) if (n in staticConfigs) all.push({ name: n, value: staticConfigs[n], source: ConfigSource.STATIC_BROKER_CONFIG });
  for (const n of names) if (n in KAFKA_BROKER_DEFAULTS) all.push({ name: n, value: KAFKA_BROKER_DEFAULTS[n], source: ConfigSource.DEFAULT_CONFIG });
  const first = all.findIndex((x) => x.name === name);
  return first < 0 ? [] : all.slice(first);
}

interface ConfigEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  sensitive: boolean;
  type: ConfigType;
  synonyms: { name: string; value: string | null; source: number }[];
}

interface ResourceResult {
  error: number;
  message: string | null;
  type: number;
  name: string;
  configs: ConfigEntry[];
}

function describe(ctx: RequestContext, type: number, name: string, keys: string[] | null): ResourceResult {
  const base = { type, name, configs: [] as ConfigEntry[] };
  if (ctx.forcedError !== undefined) return { ...base, error: ctx.forcedError, message: 'injected fault' };
  const { cluster } = ctx;
  // Kafka: a null or empty key list means every config
  const wanted = (k: string) => keys === null || keys.length === 0 || keys.includes(k);
  const staticConfigs = cluster.staticBrokerConfigs();
  if (type === ResourceType.TOPIC) {
    const invalid = validateTopicName(name);
    if (invalid) return { ...base, error: ErrorCode.INVALID_TOPIC_EXCEPTION, message: invalid };
    const topic = cluster.topics.get(name);
    if (!topic) return { ...base, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: null };
    for (const [key, def] of Object.entries(TOPIC_CONFIG_DEFS)) {
      if (!wanted(key)) continue;
      const override = topic.configs.get(key);
      const synonyms = brokerSynonymEntries(def.brokerSynonym ?? key, staticConfigs);
      if (override !== undefined) synonyms.unshift({ name: key, value: override, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
      base.configs.push({
        name: key,
        value: override ?? cluster.topicConfigDefault(key) ?? null,
        readOnly: false,
        source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
        sensitive: false,
        type: def.type,
        synonyms,
      });
    }
    return { ...base, error: ErrorCode.NONE, message: null };
  }
  if (type === ResourceType.BROKER) {
    if (name === '') return { ...base, error: ErrorCode.NONE, message: null }; // no dynamic cluster-wide defaults
    if (!/^-?\d+$/.test(name)) return { ...base, error: ErrorCode.INVALID_REQUEST, message: `Broker id must be an integer, but it is: ${name}` };
    if (Number(name) !== ctx.broker.id) {
      return { ...base, error: ErrorCode.INVALID_REQUEST, message: `Unexpected broker id, expected ${ctx.broker.id} or empty string, but received ${name}` };
    }
    const configs: Record<string, string> = { ...cluster.brokerConfigs(), 'broker.id': String(ctx.broker.id) };
    if (ctx.broker.rack) configs['broker.rack'] = ctx.broker.rack;
    for (const [key, value] of Object.entries(configs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!wanted(key)) continue;
      const synonyms = key === 'broker.id' || key === 'broker.rack'
        ? [{ name: key, value, source: ConfigSource.STATIC_BROKER_CONFIG }]
        : brokerSynonymEntries(key, staticConfigs);
      base.configs.push({
        name: key,
        value,
        readOnly: !DYNAMIC_BROKER_CONFIGS.has(key),
        source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
        sensitive: false,
        type: BROKER_CONFIG_TYPES[key] ?? inferType(value),
        synonyms,
      });
    }
    return { ...base, error: ErrorCode.NONE, message: null };
  }
  return { ...base, error: ErrorCode.INVALID_REQUEST, message: `resource type ${type} is not supported by the sandbox` };
}

export const describeConfigsHandler: ApiHandler = {
  apiKey: ApiKey.DescribeConfigs,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const resources = r.array((r) => ({ type: r.int8(), name: r.string(), keys: r.nullableArray((r) => r.string()) }));
    const includeSynonyms = v >= 1 ? r.bool() : false;
    const includeDocs = v >= 3 ? r.bool() : false;
    const results = resources.map((res) => describe(ctx, res.type, res.name, res.keys));
    const w = new Writer(1024).int32(0);
    w.array(results, (w, res) => {
      w.int16(res.error).nullableString(res.message).int8(res.type).string(res.name);
      w.array(res.configs, (w, c) => {
        w.string(c.name).nullableString(c.value).bool(c.readOnly);
        // is_default: Kafka 3.x never sets it (its ConfigHelper fills config_source only), so v0
        // answers false for every config; clients of v0 read every value as explicitly set.
        if (v === 0) w.bool(false);
        else w.int8(c.source);
        w.bool(c.sensitive);
        if (v >= 1) w.array(includeSynonyms ? c.synonyms : [], (w, s) => w.string(s.name).nullableString(s.value).int8(s.source));
        if (v >= 3) {
          w.int8(configTypeCode(c.type));
          w.nullableString(includeDocs ? null : null); // documentation: none in the sandbox
        }
      });
    });
    return w;
  },
};
