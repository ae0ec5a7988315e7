// Broker settings as Kafka 3.x reports them in DescribeConfigs: the defaults of KafkaConfig (only
// those that are not null: Kafka's staticDefaultConfigs drops null defaults such as
// log.retention.ms), their types, which ones can be changed dynamically (Kafka marks the others
// read-only), and how broker settings are synonyms of one another. Values from Kafka 3.7's
// KafkaConfig / LogConfig / DynamicBrokerConfig. What the sandbox's brokers set on top of these
// (its "server.properties", MSK's values where it mirrors MSK) is Cluster.staticBrokerConfigs().
import type { ConfigType } from './cluster';

const LONG_MAX = '9223372036854775807';

/** KafkaConfig defaults (non-null) of the broker settings the sandbox reports. */
export const KAFKA_BROKER_DEFAULTS: Record<string, string> = {
  'auto.create.topics.enable': 'true',
  'compression.type': 'producer',
  'default.replication.factor': '1',
  'delete.topic.enable': 'true',
  'group.initial.rebalance.delay.ms': '3000',
  'log.cleaner.delete.retention.ms': '86400000',
  'log.cleaner.max.compaction.lag.ms': LONG_MAX,
  'log.cleaner.min.cleanable.ratio': '0.5',
  'log.cleaner.min.compaction.lag.ms': '0',
  'log.cleanup.policy': 'delete',
  'log.flush.interval.messages': LONG_MAX,
  'log.flush.scheduler.interval.ms': LONG_MAX,
  'log.index.interval.bytes': '4096',
  'log.index.size.max.bytes': '10485760',
  'log.message.downconversion.enable': 'true',
  'log.message.timestamp.difference.max.ms': LONG_MAX,
  'log.message.timestamp.type': 'CreateTime',
  'log.preallocate': 'false',
  'log.retention.bytes': '-1',
  'log.retention.hours': '168',
  'log.roll.hours': '168',
  'log.roll.jitter.hours': '0',
  'log.segment.bytes': '1073741824',
  'log.segment.delete.delay.ms': '60000',
  'message.max.bytes': '1048588',
  'min.insync.replicas': '1',
  'num.partitions': '1',
  'offsets.topic.replication.factor': '3',
  'transaction.state.log.replication.factor': '3',
  'unclean.leader.election.enable': 'false',
};

export const BROKER_CONFIG_TYPES: Record<string, ConfigType> = {
  'auto.create.topics.enable': 'boolean',
  'broker.id': 'int',
  'broker.rack': 'string',
  'compression.type': 'string',
  'default.replication.factor': 'int',
  'delete.topic.enable': 'boolean',
  'group.initial.rebalance.delay.ms': 'int',
  'log.cleaner.delete.retention.ms': 'long',
  'log.cleaner.max.compaction.lag.ms': 'long',
  'log.cleaner.min.cleanable.ratio': 'double',
  'log.cleaner.min.compaction.lag.ms': 'long',
  'log.cleanup.policy': 'list',
  'log.flush.interval.messages': 'long',
  'log.flush.scheduler.interval.ms': 'long',
  'log.index.interval.bytes': 'int',
  'log.index.size.max.bytes': 'int',
  'log.message.downconversion.enable': 'boolean',
  'log.message.timestamp.difference.max.ms': 'long',
  'log.message.timestamp.type': 'string',
  'log.preallocate': 'boolean',
  'log.retention.bytes': 'long',
  'log.retention.hours': 'int',
  'log.roll.hours': 'int',
  'log.roll.jitter.hours': 'int',
  'log.segment.bytes': 'int',
  'log.segment.delete.delay.ms': 'long',
  'message.max.bytes': 'int',
  'min.insync.replicas': 'int',
  'num.partitions': 'int',
  'offsets.topic.replication.factor': 'short',
  'transaction.state.log.replication.factor': 'short',
  'unclean.leader.election.enable': 'boolean',
};

/**
 * Broker settings Kafka lets AlterConfigs change at run time (DynamicBrokerConfig.AllDynamicConfigs,
 * here: the log settings topic configs fall back to). Kafka reports every other one read-only.
 */
export const DYNAMIC_BROKER_CONFIGS = new Set([
  'compression.type', 'log.cleaner.delete.retention.ms', 'log.cleaner.max.compaction.lag.ms', 'log.cleaner.min.cleanable.ratio',
  'log.cleaner.min.compaction.lag.ms', 'log.cleanup.policy', 'log.flush.interval.messages', 'log.flush.interval.ms',
  'log.index.interval.bytes', 'log.index.size.max.bytes', 'log.message.downconversion.enable', 'log.message.timestamp.difference.max.ms',
  'log.message.timestamp.type', 'log.preallocate', 'log.retention.bytes', 'log.retention.ms', 'log.roll.jitter.ms', 'log.roll.ms',
  'log.segment.bytes', 'log.segment.delete.delay.ms', 'message.max.bytes', 'min.insync.replicas', 'unclean.leader.election.enable',
]);

/** DynamicBrokerConfig.brokerConfigSynonyms: the settings that stand for the same thing, highest priority first. */
export function brokerConfigSynonyms(name: string): string[] {
  const families = [
    ['log.roll.ms', 'log.roll.hours'],
    ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
    ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'],
    ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
  ];
  // log.flush.scheduler.interval.ms is only the default of log.flush.interval.ms, not the other way round
  return families.find((f) => f.includes(name) && !(name === 'log.flush.scheduler.interval.ms')) ?? [name];
}
