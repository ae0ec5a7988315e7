// DescribeConfigs (key 32), v0-3. Topics: every known topic config, as override
// (DYNAMIC_TOPIC_CONFIG) or default (DEFAULT_CONFIG). Brokers: the sandbox's static settings,
// read-only. v0 has is_default; v1+ config_source and synonyms; v3 config_type and documentation.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { TOPIC_CONFIG_DEFS, type ConfigType } from '../../cluster';
import { ConfigSource, ResourceType, configTypeCode, inferType } from './configs-common';

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
  const wanted = (k: string) => keys === null || keys.includes(k);
  if (type === ResourceType.TOPIC) {
    const topic = cluster.topics.get(name);
    if (!topic) return { ...base, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `Topic '${name}' does not exist.` };
    for (const [key, def] of Object.entries(TOPIC_CONFIG_DEFS)) {
      if (!wanted(key)) continue;
      const dflt = cluster.topicConfigDefault(key) ?? null;
      const override = topic.configs.get(key);
      const synonyms = [];
      if (override !== undefined) synonyms.push({ name: key, value: override, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
      synonyms.push({ name: def.brokerSynonym ?? key, value: dflt, source: ConfigSource.DEFAULT_CONFIG });
      base.configs.push({
        name: key,
        value: override ?? dflt,
        readOnly: false,
        source: override !== undefined ? ConfigSource.DYNAMIC_TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG,
        sensitive: false,
        type: def.type,
        synonyms,
      });
    }
    return { ...base, error: ErrorCode.NONE, message: null };
  }
  if (type === ResourceType.BROKER) {
    if (name !== '' && !cluster.brokers.some((b) => String(b.id) === name)) {
      return { ...base, error: ErrorCode.INVALID_REQUEST, message: `unknown broker id "${name}"` };
    }
    const configs = { ...cluster.brokerConfigs(), 'broker.id': name === '' ? String(ctx.broker.id) : name };
    if (ctx.broker.rack) Object.assign(configs, { 'broker.rack': ctx.broker.rack });
    for (const [key, value] of Object.entries(configs)) {
      if (!wanted(key)) continue;
      base.configs.push({
        name: key,
        value,
        readOnly: true,
        source: ConfigSource.STATIC_BROKER_CONFIG,
        sensitive: false,
        type: inferType(value),
        synonyms: [{ name: key, value, source: ConfigSource.STATIC_BROKER_CONFIG }],
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
        if (v === 0) w.bool(c.source === ConfigSource.DEFAULT_CONFIG);
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
