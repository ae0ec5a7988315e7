import { TEMPLATE_TOPIC_KEY } from '../keys';
import { mskHost, SERVERLESS_MAX_MESSAGE_BYTES, splitBrokers } from '../msk';
import type { ConnectedCluster } from '../settings';
import { docsPath, type Rule } from './rule';
import { getAll, get, intValue, isProducer } from './util';
import type { ClientConfig } from '../types';

function onServerless(config: ClientConfig): boolean {
  for (const key of ['bootstrap.servers', 'metadata.broker.list']) {
    for (const s of getAll(config, key)) if (splitBrokers(s.value).some((b) => mskHost(b.host)?.serverless)) return true;
  }
  return false;
}

const sameHost = (h: string) => (h === 'localhost' || h === '::1' || h === '[::1]' ? '127.0.0.1' : h.toLowerCase());

/**
 * The connected cluster this config talks to: the one sharing a broker with its bootstrap servers,
 * or, when the config names no brokers, the only cluster connected. Otherwise none.
 */
function clusterOf(config: ClientConfig, clusters: readonly ConnectedCluster[]): ConnectedCluster | undefined {
  const boot = get(config, 'bootstrap.servers', 'metadata.broker.list');
  if (!boot) return clusters.length === 1 ? clusters[0] : undefined;
  const wanted = new Set(splitBrokers(boot.value).filter((b) => b.port !== undefined).map((b) => `${sameHost(b.host)}:${b.port}`));
  return clusters.find((c) => c.brokers.some((b) => {
    const i = b.lastIndexOf(':');
    return wanted.has(`${sameHost(b.slice(0, i))}:${b.slice(i + 1)}`);
  }));
}

export const messageSize: Rule = {
  meta: {
    id: 'MSK003',
    slug: 'request-size-above-limit',
    description: 'A configured request or message size above the max message size in force.',
    defaultSeverity: 'error',
    docs: docsPath('MSK003'),
    messages: {
      tooLarge: '{key}={value} is above the max message size in force ({limit} bytes): the broker rejects such batches with MESSAGE_TOO_LARGE. Lower it to {limit}, or raise the topic\'s max.message.bytes first.',
      tooLargeForTopic: '{key}={value} is above the max.message.bytes of topic {topic} on {cluster} ({limit} bytes): the broker rejects such batches with MESSAGE_TOO_LARGE. Lower it to {limit}, or raise the topic\'s max.message.bytes first.',
      fixSet: 'Lower {key} to {limit}',
    },
    fixable: true,
  },
  check({ config, maxMessageBytes, clusters, report }) {
    if (config.dialect === 'kafkajs' || !isProducer(config)) return;
    const key = config.dialect === 'librdkafka' ? 'message.max.bytes' : 'max.request.size';
    const s = get(config, key);
    const v = intValue(s);
    if (!s || v === undefined) return;
    // connected: the named topic's real limit replaces the configured one
    const topic = get(config, TEMPLATE_TOPIC_KEY)?.value;
    const cluster = topic && clusters.length ? clusterOf(config, clusters) : undefined;
    const topicLimit = topic && cluster ? cluster.topicMaxMessageBytes[topic] : undefined;
    if (topic && cluster && topicLimit !== undefined) {
      if (v > topicLimit) {
        report({ messageId: 'tooLargeForTopic', data: { key, value: v, limit: topicLimit, topic, cluster: cluster.name }, range: s.valueRange,
          fix: { titleId: 'fixSet', data: { key, limit: topicLimit }, actions: [{ set: s, value: topicLimit }] } });
      }
      return;
    }
    if (v <= Math.min(maxMessageBytes, SERVERLESS_MAX_MESSAGE_BYTES)) return;
    // the Serverless cap only matters when the limit in force is above it
    const limit = maxMessageBytes > SERVERLESS_MAX_MESSAGE_BYTES && onServerless(config) ? SERVERLESS_MAX_MESSAGE_BYTES : maxMessageBytes;
    if (v > limit) {
      report({ messageId: 'tooLarge', data: { key, value: v, limit }, range: s.valueRange, fix: { titleId: 'fixSet', data: { key, limit }, actions: [{ set: s, value: limit }] } });
    }
  },
};
