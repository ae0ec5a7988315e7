// IncrementalAlterConfigs (key 44), v0-1 (v1 flexible): per-config SET / DELETE / APPEND / SUBTRACT
// on a topic's dynamic configs, leaving the others as they are (KIP-339). The new set is computed
// here and handed to the same validation and storage AlterConfigs uses (Cluster.replaceTopicConfigs),
// so both APIs accept and refuse the same values. Broker settings are read-only in the sandbox.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { KafkaError, TOPIC_CONFIG_DEFS, validateConfigValue, type Cluster } from '../../cluster';
import { ResourceType } from './configs-common';
import { readArray, readNullableString, readString, writeArray, writeNullableString, writeString } from './acls-common';

/** AlterConfigOp.OpType ids. */
export const ConfigOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
const OP_NAMES = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'];

interface AlterableConfig { name: string; op: number; value: string | null }
interface Resource { type: number; name: string; configs: AlterableConfig[] }

const listItems = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

/**
 * The topic's dynamic configs after the ops, as Kafka's prepareIncrementalConfigs computes them:
 * APPEND adds the items not yet in the list, SUBTRACT removes the given ones, both starting from the
 * override or else the default. Throws KafkaError for what Kafka refuses before validating values.
 */
export function applyConfigOps(cluster: Cluster, topicName: string, configs: AlterableConfig[]): Map<string, string | null> {
  const topic = cluster.topics.get(topicName);
  if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host topic '${topicName}'.`);
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const c of configs) (seen.has(c.name) ? dup : seen).add(c.name);
  if (dup.size) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Error due to duplicate config keys : ${[...dup].join(',')}`);
  const unknownOp = configs.find((c) => OP_NAMES[c.op] === undefined);
  if (unknownOp) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unknown alter config operation ${unknownOp.op} for ${unknownOp.name}`);
  const nulls = configs.filter((c) => c.op !== ConfigOp.DELETE && c.value === null).map((c) => c.name);
  if (nulls.length) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${nulls.join(',')}`);
  const next = new Map<string, string | null>(topic.configs);
  for (const c of configs) {
    // an unknown name is refused for every op, as the sandbox's AlterConfigs does
    const unknown = validateConfigValue(c.name, null);
    if (unknown) throw new KafkaError(ErrorCode.INVALID_CONFIG, unknown);
    if (c.op === ConfigOp.SET) {
      next.set(c.name, c.value);
    } else if (c.op === ConfigOp.DELETE) {
      next.delete(c.name);
    } else {
      if (TOPIC_CONFIG_DEFS[c.name].type !== 'list') {
        throw new KafkaError(ErrorCode.INVALID_CONFIG, `Config value ${c.op === ConfigOp.APPEND ? 'append' : 'subtract'} is not allowed for config key: ${c.name}`);
      }
      const old = listItems(next.get(c.name) ?? cluster.topicConfigDefault(c.name));
      const given = listItems(c.value ?? '');
      const items = c.op === ConfigOp.APPEND ? [...old, ...given.filter((v) => !old.includes(v))] : old.filter((v) => !given.includes(v));
      next.set(c.name, items.join(','));
    }
  }
  return next;
}

export const incrementalAlterConfigsHandler: ApiHandler = {
  apiKey: ApiKey.IncrementalAlterConfigs,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  handle(ctx: RequestContext, r: Reader): Writer {
    const flexible = ctx.apiVersion >= 1;
    const resources = readArray(r, flexible, (r): Resource => {
      const type = r.int8();
      const name = readString(r, flexible);
      const configs = readArray(r, flexible, (r): AlterableConfig => {
        const c = { name: readString(r, flexible), op: r.int8(), value: readNullableString(r, flexible) };
        if (flexible) r.taggedFields();
        return c;
      });
      if (flexible) r.taggedFields();
      return { type, name, configs };
    });
    const validateOnly = r.bool();
    if (flexible) r.taggedFields();

    // Kafka refuses every copy of a resource named twice (ConfigAdminManager.preprocess)
    const key = (res: Resource) => `${res.type}/${res.name}`;
    const counts = new Map<string, number>();
    for (const res of resources) counts.set(key(res), (counts.get(key(res)) ?? 0) + 1);

    const w = new Writer().int32(0);
    writeArray(w, resources, flexible, (w, res) => {
      let error: number = ErrorCode.NONE;
      let message: string | null = null;
      try {
        if (ctx.forcedError !== undefined) throw new KafkaError(ctx.forcedError, 'injected fault');
        if ((counts.get(key(res)) ?? 0) > 1) throw new KafkaError(ErrorCode.INVALID_REQUEST, 'Each resource must appear at most once.');
        if (res.type === ResourceType.TOPIC) {
          ctx.cluster.replaceTopicConfigs(res.name, applyConfigOps(ctx.cluster, res.name, res.configs), validateOnly);
        } else if (res.type === ResourceType.BROKER) {
          if (res.name !== '' && !/^\d+$/.test(res.name)) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Broker id must be an integer, got "${res.name}"`);
          throw new KafkaError(ErrorCode.POLICY_VIOLATION, 'broker settings are read-only in the sandbox');
        } else {
          throw new KafkaError(ErrorCode.INVALID_REQUEST, `resource type ${res.type} is not supported by the sandbox`);
        }
      } catch (err) {
        if (!(err instanceof KafkaError)) throw err;
        error = err.code;
        message = err.message;
      }
      w.int16(error);
      writeNullableString(w, message, flexible);
      w.int8(res.type);
      writeString(w, res.name, flexible);
      if (flexible) w.taggedFields();
    });
    if (flexible) w.taggedFields();
    return w;
  },
};
