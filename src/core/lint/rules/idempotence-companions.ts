import { docsPath, type Rule } from './rule';
import { ACKS_KEYS, get, intValue, isProducer, isTrue, text } from './util';

export const idempotenceCompanions: Rule = {
  meta: {
    id: 'MSK004',
    slug: 'idempotence-defeated',
    description: 'Idempotence turned on, and defeated by a setting beside it.',
    defaultSeverity: 'error',
    docs: docsPath('MSK004'),
    messages: {
      acks: 'enable.idempotence=true needs acks=all, but {key}={value}: the client refuses the config, or (older clients) silently drops idempotence.',
      inFlight: 'enable.idempotence=true allows at most 5 in-flight requests per connection, but {key}={value}. Use 5 or fewer.',
      retries: 'enable.idempotence=true needs retries above 0, but {key}=0: the first transient error fails the send.',
      kafkajsInFlight: 'An idempotent kafkajs producer is only safe with maxInFlightRequests: 1, but it is {value}: records can be reordered or rejected.',
      fixAcks: 'Set acks=all',
      fixInFlight: 'Set {key}=5',
      fixRetries: 'Set {key}=2147483647 (the default)',
      fixKafkajs: 'Set maxInFlightRequests: 1',
    },
    fixable: true,
  },
  check({ config, report }) {
    if (config.dialect === 'kafkajs') {
      if (config.kafkajs?.call !== 'producer' || !isTrue(get(config, 'idempotent'))) return;
      const s = get(config, 'maxInFlightRequests');
      const v = intValue(s);
      if (s && v !== undefined && v > 1) report({ messageId: 'kafkajsInFlight', data: { value: v }, range: s.valueRange, fix: { titleId: 'fixKafkajs', actions: [{ set: s, value: 1 }] } });
      return;
    }
    if (!isProducer(config) || !isTrue(get(config, 'enable.idempotence'))) return;
    for (const s of config.settings) {
      if (!(ACKS_KEYS[config.dialect] ?? ['acks']).includes(s.key)) continue;
      const v = text(s);
      if (v === '0' || v === '1') report({ messageId: 'acks', data: { key: s.key, value: v }, range: s.valueRange, fix: { titleId: 'fixAcks', actions: [{ set: s, value: 'all' }] } });
    }
    const inflightKeys = config.dialect === 'librdkafka' ? ['max.in.flight.requests.per.connection', 'max.in.flight'] : ['max.in.flight.requests.per.connection'];
    const inflight = get(config, ...inflightKeys);
    const n = intValue(inflight);
    if (inflight && n !== undefined && n > 5) {
      report({ messageId: 'inFlight', data: { key: inflight.key, value: n }, range: inflight.valueRange, fix: { titleId: 'fixInFlight', data: { key: inflight.key }, actions: [{ set: inflight, value: 5 }] } });
    }
    const retryKeys = config.dialect === 'librdkafka' ? ['retries', 'message.send.max.retries'] : ['retries'];
    const retries = get(config, ...retryKeys);
    if (retries && intValue(retries) === 0) {
      report({ messageId: 'retries', data: { key: retries.key }, range: retries.valueRange, fix: { titleId: 'fixRetries', data: { key: retries.key }, actions: [{ set: retries, value: 2147483647 }] } });
    }
  },
};
