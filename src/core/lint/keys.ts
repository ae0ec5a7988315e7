// Which keys make a file a producer, consumer or broker config. The lists are deliberately explicit:
// detection must be deterministic and documented (docs/lint.md, "What counts as a producer config").

/** Keys only a producer reads (Java and librdkafka names). One of these makes a client config a producer config. */
export const PRODUCER_KEYS: ReadonlySet<string> = new Set([
  'key.serializer', 'value.serializer', 'acks', 'request.required.acks', 'enable.idempotence',
  'max.request.size', 'batch.size', 'linger.ms', 'compression.type', 'compression.codec', 'transactional.id',
  'transaction.timeout.ms', 'delivery.timeout.ms', 'max.in.flight.requests.per.connection', 'max.in.flight',
  'buffer.memory', 'partitioner.class', 'partitioner.ignore.keys', 'partitioner.adaptive.partitioning.enable',
  'max.block.ms', 'queue.buffering.max.ms', 'queue.buffering.max.messages', 'queue.buffering.max.kbytes',
  'message.send.max.retries', 'batch.num.messages', 'message.timeout.ms', 'enable.gapless.guarantee',
  'sticky.partitioning.linger.ms', 'compression.level',
]);

/** Keys only a consumer reads. */
export const CONSUMER_KEYS: ReadonlySet<string> = new Set([
  'group.id', 'group.instance.id', 'group.protocol', 'key.deserializer', 'value.deserializer', 'auto.offset.reset',
  'enable.auto.commit', 'auto.commit.interval.ms', 'auto.commit.enable', 'enable.auto.offset.store',
  'fetch.min.bytes', 'fetch.max.bytes', 'fetch.max.wait.ms', 'fetch.wait.max.ms', 'max.poll.records',
  'max.poll.interval.ms', 'session.timeout.ms', 'heartbeat.interval.ms', 'isolation.level',
  'partition.assignment.strategy', 'max.partition.fetch.bytes', 'check.crcs', 'queued.min.messages',
  'exclude.internal.topics', 'enable.partition.eof',
]);

/** Keys every Kafka client reads (admin, producer, consumer). Alone they make a `client` config. */
export const CLIENT_KEYS: ReadonlySet<string> = new Set([
  'bootstrap.servers', 'metadata.broker.list', 'client.id', 'security.protocol', 'sasl.mechanism', 'sasl.mechanisms',
  'sasl.jaas.config', 'sasl.client.callback.handler.class', 'sasl.login.callback.handler.class', 'sasl.username',
  'sasl.password', 'request.timeout.ms', 'retry.backoff.ms', 'retries', 'metadata.max.age.ms',
  'connections.max.idle.ms', 'reconnect.backoff.ms', 'message.max.bytes', 'socket.timeout.ms',
  'ssl.truststore.location', 'ssl.truststore.password', 'ssl.keystore.location', 'ssl.keystore.password',
  'ssl.key.password', 'ssl.ca.location', 'ssl.certificate.location', 'ssl.key.location', 'ssl.endpoint.identification.algorithm',
  'default.api.timeout.ms',
]);

/**
 * Keys that only appear in broker, topic, Connect worker or Streams configs. Any of them means the file
 * is not a plain client config, and nothing in it is linted (precision first).
 */
export const NON_CLIENT_MARKERS: ReadonlySet<string> = new Set([
  'broker.id', 'node.id', 'process.roles', 'log.dirs', 'log.dir', 'listeners', 'advertised.listeners',
  'zookeeper.connect', 'controller.quorum.voters', 'controller.listener.names', 'num.partitions',
  'default.replication.factor', 'log.retention.hours', 'log.retention.ms', 'log.segment.bytes', 'retention.ms',
  'retention.bytes', 'cleanup.policy', 'min.insync.replicas', 'max.message.bytes', 'segment.bytes',
  'unclean.leader.election.enable', 'auto.create.topics.enable', 'num.network.threads', 'num.io.threads',
  'inter.broker.listener.name', 'replica.fetch.max.bytes', 'offsets.topic.replication.factor',
  'transaction.state.log.replication.factor', 'key.converter', 'value.converter', 'offset.storage.topic',
  'config.storage.topic', 'status.storage.topic', 'plugin.path', 'connector.class', 'tasks.max',
  'application.id', 'processing.guarantee', 'default.key.serde', 'default.value.serde',
]);

/** Keys that only librdkafka understands; any of them (and no Java-only key) makes the dialect librdkafka. */
const LIBRDKAFKA_KEYS: ReadonlySet<string> = new Set([
  'request.required.acks', 'queue.buffering.max.ms', 'queue.buffering.max.messages', 'queue.buffering.max.kbytes',
  'message.send.max.retries', 'compression.codec', 'batch.num.messages', 'metadata.broker.list', 'sasl.mechanisms',
  'message.max.bytes', 'max.in.flight', 'message.timeout.ms', 'enable.gapless.guarantee', 'socket.timeout.ms',
  'ssl.ca.location', 'ssl.certificate.location', 'ssl.key.location', 'sasl.username', 'sasl.password',
  'enable.partition.eof', 'queued.min.messages', 'fetch.wait.max.ms', 'auto.commit.enable',
]);

const JAVA_KEYS: ReadonlySet<string> = new Set([
  'key.serializer', 'value.serializer', 'key.deserializer', 'value.deserializer', 'max.request.size',
  'buffer.memory', 'max.block.ms', 'delivery.timeout.ms', 'sasl.jaas.config', 'sasl.client.callback.handler.class',
  'ssl.truststore.location', 'ssl.keystore.location', 'partitioner.class',
]);

export function isKafkaKey(key: string): boolean {
  return PRODUCER_KEYS.has(key) || CONSUMER_KEYS.has(key) || CLIENT_KEYS.has(key);
}

export function detectDialect(keys: Iterable<string>): 'java' | 'librdkafka' {
  let librdkafka = false;
  for (const k of keys) {
    if (JAVA_KEYS.has(k)) return 'java';
    if (LIBRDKAFKA_KEYS.has(k)) librdkafka = true;
  }
  return librdkafka ? 'librdkafka' : 'java';
}

/** Role of a flat (non-Spring) key set, or undefined when it is not a client config at all. */
export function classify(keys: Iterable<string>): 'producer' | 'mixed' | 'client' | undefined {
  let producer = false;
  let consumer = false;
  let client = false;
  for (const k of keys) {
    if (NON_CLIENT_MARKERS.has(k)) return undefined;
    if (PRODUCER_KEYS.has(k)) producer = true;
    else if (CONSUMER_KEYS.has(k)) consumer = true;
    else if (CLIENT_KEYS.has(k)) client = true;
  }
  if (producer) return consumer ? 'mixed' : 'producer';
  if (consumer || client) return 'client';
  return undefined;
}

/**
 * Splits a key path the way Spring Boot reads it: dots separate segments, and `[a.b]` is one segment
 * holding dots. `spring.kafka.producer.properties[enable.idempotence]` → [spring, kafka, producer,
 * properties, enable.idempotence].
 */
export function splitPath(key: string): string[] {
  if (!key.includes('[')) return key === '' ? [] : key.split('.');
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === '[') {
      const close = key.indexOf(']', i + 1);
      if (close < 0) {
        cur += key.slice(i);
        break;
      }
      if (cur) out.push(cur);
      cur = '';
      out.push(key.slice(i + 1, close));
      i = close;
      if (key[i + 1] === '.') i++;
    } else if (c === '.') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur || key.endsWith('.')) out.push(cur);
  return out;
}

/** Spring Boot relaxed names for `spring.kafka.producer.<name>`, normalised (lowercase, no - or _). */
const SPRING_PRODUCER_FIELDS: Record<string, string> = {
  acks: 'acks',
  batchsize: 'batch.size',
  buffermemory: 'buffer.memory',
  compressiontype: 'compression.type',
  keyserializer: 'key.serializer',
  valueserializer: 'value.serializer',
  retries: 'retries',
  transactionidprefix: 'transactional.id',
  bootstrapservers: 'bootstrap.servers',
  clientid: 'client.id',
};

const SPRING_FIELD_FOR_KEY: Record<string, string> = {
  acks: 'acks',
  'batch.size': 'batch-size',
  'buffer.memory': 'buffer-memory',
  'compression.type': 'compression-type',
  retries: 'retries',
  'bootstrap.servers': 'bootstrap-servers',
};

export interface SpringKey {
  key: string;
  scope: 'producer' | 'global';
  precedence: number;
}

/** The setting that names a Spring producer's topic (`spring.kafka.template.default-topic`). */
export const TEMPLATE_TOPIC_KEY = 'spring.template.default-topic';

function norm(s: string): string {
  return s.toLowerCase().replace(/[-_]/g, '');
}

/** Maps a `spring.kafka.*` path to the Kafka key it sets for the producer, or undefined (consumer, admin…). */
export function springKey(segments: string[]): SpringKey | undefined {
  if (segments.length < 3 || norm(segments[0]) !== 'spring' || norm(segments[1]) !== 'kafka') return undefined;
  const rest = segments.slice(2);
  const head = norm(rest[0]);
  if (head === 'properties' && rest.length > 1) return { key: rest.slice(1).join('.'), scope: 'global', precedence: 1 };
  if (head === 'bootstrapservers' && rest.length === 1) return { key: 'bootstrap.servers', scope: 'global', precedence: 0 };
  if (head === 'security' && rest.length === 2 && norm(rest[1]) === 'protocol')
    return { key: 'security.protocol', scope: 'global', precedence: 0 };
  // the topic a KafkaTemplate sends to: MSK003 checks it against that topic's real limit when connected
  if (head === 'template' && rest.length === 2 && norm(rest[1]) === 'defaulttopic') return { key: TEMPLATE_TOPIC_KEY, scope: 'global', precedence: 0 };
  if (head !== 'producer' || rest.length < 2) return undefined;
  const field = norm(rest[1]);
  if (field === 'properties' && rest.length > 2) return { key: rest.slice(2).join('.'), scope: 'producer', precedence: 4 };
  if (field === 'security' && rest.length === 3 && norm(rest[2]) === 'protocol')
    return { key: 'security.protocol', scope: 'producer', precedence: 3 };
  if (rest.length === 2 && SPRING_PRODUCER_FIELDS[field]) return { key: SPRING_PRODUCER_FIELDS[field], scope: 'producer', precedence: 3 };
  // an unknown producer field still marks the section as a producer config
  return { key: `spring.producer.${rest.slice(1).join('.')}`, scope: 'producer', precedence: 3 };
}

/** The Spring path segments that set `key` for the producer. */
export function springPathFor(key: string, scope: 'producer' | 'global'): string[] {
  if (scope === 'global') {
    if (key === 'security.protocol') return ['spring', 'kafka', 'security', 'protocol'];
    return ['spring', 'kafka', 'properties', key];
  }
  const field = SPRING_FIELD_FOR_KEY[key];
  if (field) return ['spring', 'kafka', 'producer', field];
  return ['spring', 'kafka', 'producer', 'properties', key];
}
