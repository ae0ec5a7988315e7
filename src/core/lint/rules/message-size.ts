import { mskHost, SERVERLESS_MAX_MESSAGE_BYTES, splitBrokers } from '../msk';
import { docsPath, type Rule } from './rule';
import { getAll, get, intValue, isProducer } from './util';
import type { ClientConfig } from '../types';

function onServerless(config: ClientConfig): boolean {
  for (const key of ['bootstrap.servers', 'metadata.broker.list']) {
    for (const s of getAll(config, key)) if (splitBrokers(s.value).some((b) => mskHost(b.host)?.serverless)) return true;
  }
  return false;
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
      fixSet: 'Lower {key} to {limit}',
    },
    fixable: true,
  },
  check({ config, maxMessageBytes, report }) {
    if (config.dialect === 'kafkajs' || !isProducer(config)) return;
    const key = config.dialect === 'librdkafka' ? 'message.max.bytes' : 'max.request.size';
    const s = get(config, key);
    const v = intValue(s);
    if (!s || v === undefined) return;
    if (v <= Math.min(maxMessageBytes, SERVERLESS_MAX_MESSAGE_BYTES)) return;
    // the Serverless cap only matters when the limit in force is above it
    const limit = maxMessageBytes > SERVERLESS_MAX_MESSAGE_BYTES && onServerless(config) ? SERVERLESS_MAX_MESSAGE_BYTES : maxMessageBytes;
    if (v > limit) {
      report({ messageId: 'tooLarge', data: { key, value: v, limit }, range: s.valueRange, fix: { titleId: 'fixSet', data: { key, limit }, actions: [{ set: s, value: limit }] } });
    }
  },
};
