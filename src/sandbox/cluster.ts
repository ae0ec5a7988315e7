// All sandbox cluster state in one place: brokers, controller, topics, partitions, configs,
// producer ids. Handlers read and change it through this object only.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ErrorCode } from './protocol/errors';
import { PartitionLog } from './log';
import { KAFKA_BROKER_DEFAULTS } from './broker-configs';

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  rack: string | null;
}

/** Idempotent-producer state for one (producer id, partition). */
export interface ProducerPartitionState {
  epoch: number;
  lastSequence: number;
  /** The last few appended batches, to recognise retried duplicates. */
  recent: { firstSeq: number; lastSeq: number; baseOffset: number }[];
}

export interface PartitionState {
  topic: string;
  index: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  log: PartitionLog;
  producers: Map<number, ProducerPartitionState>;
}

export interface TopicState {
  name: string;
  /** 16-byte topic id (reported by future Metadata versions; kept for persistence). */
  id: string;
  replicationFactor: number;
  partitions: PartitionState[];
  /** Dynamic (per-topic) overrides; defaults come from TOPIC_CONFIG_DEFS. */
  configs: Map<string, string>;
  internal: boolean;
}

/** An error a cluster operation reports with a Kafka error code. */
export class KafkaError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'KafkaError';
  }
}

export type ConfigType = 'boolean' | 'string' | 'int' | 'short' | 'long' | 'double' | 'list' | 'class' | 'password';

export interface ConfigDef {
  type: ConfigType;
  /** The default, or a function of the cluster for defaults that depend on its size. */
  default: string | ((c: Cluster) => string);
  /** Name of the broker-level setting this topic setting falls back to (DescribeConfigs synonyms). */
  brokerSynonym?: string;
  allowed?: string[];
}

const LONG_MAX = '9223372036854775807';

/** Topic-level configs the sandbox knows, with Kafka's defaults (min.insync.replicas as MSK sets it). */
export const TOPIC_CONFIG_DEFS: Record<string, ConfigDef> = {
  'cleanup.policy': { type: 'list', default: 'delete', brokerSynonym: 'log.cleanup.policy', allowed: ['delete', 'compact', 'compact,delete', 'delete,compact'] },
  'compression.type': { type: 'string', default: 'producer', brokerSynonym: 'compression.type', allowed: ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'] },
  'delete.retention.ms': { type: 'long', default: '86400000', brokerSynonym: 'log.cleaner.delete.retention.ms' },
  'file.delete.delay.ms': { type: 'long', default: '60000', brokerSynonym: 'log.segment.delete.delay.ms' },
  'flush.messages': { type: 'long', default: LONG_MAX, brokerSynonym: 'log.flush.interval.messages' },
  'flush.ms': { type: 'long', default: LONG_MAX, brokerSynonym: 'log.flush.interval.ms' },
  'index.interval.bytes': { type: 'int', default: '4096', brokerSynonym: 'log.index.interval.bytes' },
  'max.compaction.lag.ms': { type: 'long', default: LONG_MAX, brokerSynonym: 'log.cleaner.max.compaction.lag.ms' },
  'max.message.bytes': { type: 'int', default: '1048588', brokerSynonym: 'message.max.bytes' },
  'message.downconversion.enable': { type: 'boolean', default: 'true', brokerSynonym: 'log.message.downconversion.enable' },
  'message.timestamp.difference.max.ms': { type: 'long', default: LONG_MAX, brokerSynonym: 'log.message.timestamp.difference.max.ms' },
  'message.timestamp.type': { type: 'string', default: 'CreateTime', brokerSynonym: 'log.message.timestamp.type', allowed: ['CreateTime'] },
  'min.cleanable.dirty.ratio': { type: 'double', default: '0.5', brokerSynonym: 'log.cleaner.min.cleanable.ratio' },
  'min.compaction.lag.ms': { type: 'long', default: '0', brokerSynonym: 'log.cleaner.min.compaction.lag.ms' },
  'min.insync.replicas': { type: 'int', default: (c) => String(Math.min(2, c.brokers.length)), brokerSynonym: 'min.insync.replicas' },
  preallocate: { type: 'boolean', default: 'false', brokerSynonym: 'log.preallocate' },
  'retention.bytes': { type: 'long', default: '-1', brokerSynonym: 'log.retention.bytes' },
  'retention.ms': { type: 'long', default: '604800000', brokerSynonym: 'log.retention.ms' },
  'segment.bytes': { type: 'int', default: '1073741824', brokerSynonym: 'log.segment.bytes' },
  'segment.index.bytes': { type: 'int', default: '10485760', brokerSynonym: 'log.index.size.max.bytes' },
  'segment.jitter.ms': { type: 'long', default: '0', brokerSynonym: 'log.roll.jitter.ms' },
  'segment.ms': { type: 'long', default: '604800000', brokerSynonym: 'log.roll.ms' },
  'unclean.leader.election.enable': { type: 'boolean', default: 'false', brokerSynonym: 'unclean.leader.election.enable' },
};

export interface ClusterOptions {
  brokers: BrokerInfo[];
  defaultPartitions?: number;
  clusterId?: string;
  autoCreateTopics?: boolean;
  log?: (msg: string) => void;
}

export interface PersistentPart {
  save(): unknown;
  load(data: unknown): void;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

export function validateTopicName(name: string): string | null {
  if (name.length === 0) return 'the topic name is empty';
  if (name === '.' || name === '..') return `"${name}" is not a legal topic name`;
  if (name.length > 249) return 'a topic name is at most 249 characters';
  if (!TOPIC_NAME.test(name)) return `"${name}" has characters other than ASCII letters, digits, ".", "_" and "-"`;
  return null;
}

export function validateConfigValue(name: string, value: string | null): string | null {
  const def = TOPIC_CONFIG_DEFS[name];
  if (!def) return `unknown topic config "${name}"`;
  if (value === null) return null;
  switch (def.type) {
    case 'int': case 'short': case 'long':
      if (!/^-?\d+$/.test(value.trim())) return `${name} must be an integer, got "${value}"`;
      if (def.type === 'int' && Math.abs(Number(value)) > 2147483647) return `${name} is out of int range`;
      break;
    case 'double':
      if (!Number.isFinite(Number(value))) return `${name} must be a number, got "${value}"`;
      break;
    case 'boolean':
      if (!/^(true|false)$/i.test(value.trim())) return `${name} must be true or false, got "${value}"`;
      break;
  }
  if (def.allowed && !def.allowed.includes(value.trim())) return `${name} must be one of ${def.allowed.join(', ')}`;
  if (name === 'min.insync.replicas' && Number(value) < 1) return 'min.insync.replicas must be at least 1';
  if (name === 'max.message.bytes' && Number(value) < 0) return 'max.message.bytes must not be negative';
  return null;
}

export class Cluster {
  readonly clusterId: string;
  readonly brokers: BrokerInfo[];
  readonly topics = new Map<string, TopicState>();
  defaultPartitions: number;
  autoCreateTopics: boolean;
  /** Emits 'topicCreated' (TopicState), 'topicDeleted' (TopicState), 'partitionsAdded' (TopicState). */
  readonly events = new EventEmitter();
  /** Services other modules attach to the cluster (e.g. a group coordinator), by name. */
  readonly services = new Map<string, unknown>();
  /** Parts of the state other modules want saved with the cluster (dataDir). */
  readonly persistentParts = new Map<string, PersistentPart>();
  nextProducerId = 1000;
  /** Current epoch for each producer id allocated by InitProducerId. */
  readonly producerEpochs = new Map<number, number>();
  private topicCounter = 0;
  readonly log: (msg: string) => void;

  constructor(opts: ClusterOptions) {
    this.brokers = opts.brokers;
    this.defaultPartitions = opts.defaultPartitions ?? 3;
    this.autoCreateTopics = opts.autoCreateTopics ?? true;
    this.clusterId = opts.clusterId ?? randomBytes(16).toString('base64url').slice(0, 22);
    this.log = opts.log ?? (() => {});
  }

  /** The controller: the lowest broker id (every broker is always live in the sandbox). */
  get controllerId(): number {
    return Math.min(...this.brokers.map((b) => b.id));
  }

  get defaultReplicationFactor(): number {
    return Math.min(3, this.brokers.length);
  }

  broker(id: number): BrokerInfo | undefined {
    return this.brokers.find((b) => b.id === id);
  }

  /** Advertised endpoints by listener name, then broker id (Kafka's advertised.listeners); set by startBroker. */
  readonly listenerEndpoints = new Map<string, Map<number, { host: string; port: number }>>();

  /**
   * Where clients reach broker `id` on listener `listenerName` (the listener a request came in on).
   * A listener startBroker did not register falls back to the broker's own host:port.
   */
  endpoint(id: number, listenerName: string): { host: string; port: number } | undefined {
    const byBroker = this.listenerEndpoints.get(listenerName);
    if (byBroker) return byBroker.get(id);
    const b = this.broker(id);
    return b && { host: b.host, port: b.port };
  }

  /** Attaches a service once, creating it on first use. */
  service<T>(name: string, create: () => T): T {
    let s = this.services.get(name) as T | undefined;
    if (s === undefined) {
      s = create();
      this.services.set(name, s);
    }
    return s;
  }

  /** Saved parts read from dataDir whose owner has not registered yet. */
  readonly unclaimedParts = new Map<string, unknown>();

  /** Registers a part saved with the cluster; if dataDir held data for it, load() runs now. */
  registerPersistentPart(name: string, part: PersistentPart): void {
    this.persistentParts.set(name, part);
    if (this.unclaimedParts.has(name)) {
      const data = this.unclaimedParts.get(name);
      this.unclaimedParts.delete(name);
      part.load(data);
    }
  }

  /**
   * What the sandbox's brokers set in their "server.properties": DescribeConfigs reports these as
   * STATIC_BROKER_CONFIG. min.insync.replicas and default.replication.factor are MSK's defaults
   * (2 and 3 on a 3-AZ cluster, capped by the broker count); the others are the sandbox's own
   * (auto-creation, partition count, internal topics sized to the cluster, no initial rebalance delay).
   */
  staticBrokerConfigs(): Record<string, string> {
    return {
      'auto.create.topics.enable': String(this.autoCreateTopics),
      'num.partitions': String(this.defaultPartitions),
      'default.replication.factor': String(this.defaultReplicationFactor),
      'min.insync.replicas': String(Math.min(2, this.brokers.length)),
      'offsets.topic.replication.factor': String(this.defaultReplicationFactor),
      'transaction.state.log.replication.factor': String(this.defaultReplicationFactor),
      'group.initial.rebalance.delay.ms': '0',
    };
  }

  /** Every broker setting the sandbox reports: Kafka's defaults, then its static settings on top. */
  brokerConfigs(): Record<string, string> {
    return { ...KAFKA_BROKER_DEFAULTS, ...this.staticBrokerConfigs() };
  }

  topicConfigDefault(name: string): string | undefined {
    const def = TOPIC_CONFIG_DEFS[name];
    if (!def) return undefined;
    return typeof def.default === 'function' ? def.default(this) : def.default;
  }

  /** Effective value of a topic config (override, else default). */
  topicConfig(topic: TopicState, name: string): string | undefined {
    return topic.configs.get(name) ?? this.topicConfigDefault(name);
  }

  maxMessageBytes(topic: TopicState): number {
    return Number(this.topicConfig(topic, 'max.message.bytes'));
  }

  partition(topic: string, index: number): PartitionState | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  private newPartition(topic: string, index: number, replicas: number[]): PartitionState {
    return { topic, index, leader: replicas[0], leaderEpoch: 0, replicas, isr: [...replicas], log: new PartitionLog(), producers: new Map() };
  }

  /** Replica lists spread round-robin across brokers, starting at a per-topic offset. */
  private assign(start: number, count: number, rf: number, from = 0): number[][] {
    const ids = this.brokers.map((b) => b.id);
    const out: number[][] = [];
    for (let p = from; p < from + count; p++) {
      const replicas: number[] = [];
      for (let r = 0; r < rf; r++) replicas.push(ids[(start + p + r) % ids.length]);
      out.push(replicas);
    }
    return out;
  }

  private checkAssignments(assignments: number[][], rf: number | null): void {
    for (const replicas of assignments) {
      if (replicas.length === 0) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'a partition has no replicas');
      if (rf !== null && replicas.length !== rf) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'all partitions must have the same number of replicas');
      if (new Set(replicas).size !== replicas.length) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'duplicate broker in a replica assignment');
      for (const id of replicas) if (!this.broker(id)) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `unknown broker ${id} in a replica assignment`);
    }
  }

  /**
   * Creates a topic. partitions/replicationFactor of -1 (or undefined) take the defaults.
   * Throws KafkaError with the Kafka error code on failure. With validateOnly, checks only.
   */
  createTopic(
    name: string,
    opts: { partitions?: number; replicationFactor?: number; configs?: Map<string, string | null>; assignments?: number[][]; validateOnly?: boolean } = {},
  ): TopicState {
    const bad = validateTopicName(name);
    if (bad) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, bad);
    if (this.topics.has(name)) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    const configs = new Map<string, string>();
    for (const [k, v] of opts.configs ?? []) {
      const err = validateConfigValue(k, v);
      if (err) throw new KafkaError(ErrorCode.INVALID_CONFIG, err);
      if (v !== null) configs.set(k, v.trim());
    }
    let replicaLists: number[][];
    let rf: number;
    const start = this.topicCounter;
    if (opts.assignments && opts.assignments.length > 0) {
      if ((opts.partitions ?? -1) !== -1 || (opts.replicationFactor ?? -1) !== -1) {
        throw new KafkaError(ErrorCode.INVALID_REQUEST, 'give either a replica assignment or partitions/replication factor, not both');
      }
      this.checkAssignments(opts.assignments, opts.assignments[0].length);
      replicaLists = opts.assignments;
      rf = opts.assignments[0].length;
    } else {
      const partitions = opts.partitions === undefined || opts.partitions === -1 ? this.defaultPartitions : opts.partitions;
      rf = opts.replicationFactor === undefined || opts.replicationFactor === -1 ? this.defaultReplicationFactor : opts.replicationFactor;
      if (partitions <= 0) throw new KafkaError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
      if (partitions > 100000) throw new KafkaError(ErrorCode.INVALID_PARTITIONS, 'the sandbox allows at most 100000 partitions per topic');
      if (rf <= 0) throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
      if (rf > this.brokers.length) {
        throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, `Replication factor: ${rf} larger than available brokers: ${this.brokers.length}.`);
      }
      replicaLists = this.assign(start, partitions, rf);
    }
    const minIsr = Number(configs.get('min.insync.replicas') ?? 1);
    if (minIsr > rf && configs.has('min.insync.replicas')) {
      throw new KafkaError(ErrorCode.INVALID_CONFIG, `min.insync.replicas (${minIsr}) is larger than the replication factor (${rf})`);
    }
    const topic: TopicState = {
      name,
      id: randomBytes(16).toString('hex'),
      replicationFactor: rf,
      partitions: replicaLists.map((r, i) => this.newPartition(name, i, r)),
      configs,
      internal: name.startsWith('__'),
    };
    if (opts.validateOnly) return topic;
    this.topicCounter++;
    this.topics.set(name, topic);
    this.log(`created topic ${name} (${topic.partitions.length} partitions, RF ${rf})`);
    this.events.emit('topicCreated', topic);
    return topic;
  }

  deleteTopic(name: string): void {
    const topic = this.topics.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host topic '${name}'.`);
    this.topics.delete(name);
    for (const p of topic.partitions) p.log.wake();
    this.log(`deleted topic ${name}`);
    this.events.emit('topicDeleted', topic);
  }

  addPartitions(name: string, count: number, assignments: number[][] | null, validateOnly = false): void {
    const topic = this.topics.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host topic '${name}'.`);
    const have = topic.partitions.length;
    // As createTopic: a request for 2^31 partitions must not exhaust the process (found by fuzzing).
    if (count > 100000) throw new KafkaError(ErrorCode.INVALID_PARTITIONS, 'the sandbox allows at most 100000 partitions per topic');
    if (count <= have) {
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Topic currently has ${have} partitions, ${count} would not be an increase.`);
    }
    let lists: number[][];
    if (assignments) {
      if (assignments.length !== count - have) {
        throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `expected ${count - have} replica assignments, got ${assignments.length}`);
      }
      this.checkAssignments(assignments, topic.replicationFactor);
      lists = assignments;
    } else {
      const start = this.brokers.findIndex((b) => b.id === topic.partitions[0].leader);
      lists = this.assign(Math.max(0, start), count - have, topic.replicationFactor, have);
    }
    if (validateOnly) return;
    lists.forEach((r, i) => topic.partitions.push(this.newPartition(name, have + i, r)));
    this.log(`topic ${name} now has ${count} partitions`);
    this.events.emit('partitionsAdded', topic);
  }

  /** AlterConfigs semantics: the given set replaces all dynamic configs of the topic. */
  replaceTopicConfigs(name: string, entries: Map<string, string | null>, validateOnly = false): void {
    const topic = this.topics.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host topic '${name}'.`);
    const next = new Map<string, string>();
    for (const [k, v] of entries) {
      const err = validateConfigValue(k, v);
      if (err) throw new KafkaError(ErrorCode.INVALID_CONFIG, err);
      if (v !== null) next.set(k, v.trim());
    }
    const minIsr = next.get('min.insync.replicas');
    if (minIsr !== undefined && Number(minIsr) > topic.replicationFactor) {
      throw new KafkaError(ErrorCode.INVALID_CONFIG, `min.insync.replicas (${minIsr}) is larger than the replication factor (${topic.replicationFactor})`);
    }
    if (validateOnly) return;
    topic.configs = next;
  }

  /**
   * DeleteRecords on one partition: records before `offset` (-1: the high watermark) become
   * unreadable; ListOffsets earliest and Fetch follow the new log start offset. Returns the new
   * low watermark. Throws KafkaError as Kafka's broker answers.
   */
  deleteRecords(topicName: string, index: number, offset: number): number {
    const topic = this.topics.get(topicName);
    const p = topic?.partitions[index];
    if (!topic || !p) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host this topic-partition ${topicName}-${index}.`);
    if (!(this.topicConfig(topic, 'cleanup.policy') ?? 'delete').split(',').includes('delete')) {
      throw new KafkaError(ErrorCode.POLICY_VIOLATION, `Records of partition ${topicName}-${index} can not be deleted due to the configured policy`);
    }
    const target = offset === -1 ? p.log.highWatermark : offset;
    if (target < 0 || target > p.log.highWatermark) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `Cannot increment the log start offset to ${offset} of partition ${topicName}-${index} since it is larger than the high watermark ${p.log.highWatermark}`);
    }
    const low = p.log.advanceStartOffset(target);
    this.log(`deleted records of ${topicName}-${index} before offset ${low}`);
    return low;
  }

  /** Allocates a new producer id with epoch 0 (InitProducerId without a transactional id). */
  allocateProducerId(): { producerId: number; epoch: number } {
    const producerId = this.nextProducerId++;
    this.producerEpochs.set(producerId, 0);
    return { producerId, epoch: 0 };
  }
}
