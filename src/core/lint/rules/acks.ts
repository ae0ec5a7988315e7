import { docsPath, type Rule } from './rule';
import { ACKS_KEYS, canReportMissing, isProducer, text } from './util';

export const acks: Rule = {
  meta: {
    id: 'MSK002',
    slug: 'acks-not-all',
    description: 'A producer config without acks=all.',
    defaultSeverity: 'error',
    docs: docsPath('MSK002'),
    messages: {
      weak: '{key}={value} acknowledges a write before the in-sync replicas have it: a broker failure loses acknowledged records. Use acks=all.',
      missing: 'This producer config does not set acks=all: older clients default to acks=1, which loses acknowledged records when a leader fails.',
      kafkajsWeak: 'acks: {value} acknowledges a write before the in-sync replicas have it: a broker failure loses acknowledged records. Use acks: -1 (the kafkajs default), or leave it out.',
      fixSet: 'Set acks=all',
      fixAdd: 'Add acks=all',
      fixKafkajs: 'Set acks: -1',
    },
    fixable: true,
  },
  check({ config, report }) {
    if (config.dialect === 'kafkajs') {
      if (config.kafkajs?.call !== 'send') return;
      for (const s of config.settings) {
        if (s.key !== 'acks') continue;
        const v = text(s);
        if (v === '0' || v === '1') report({ messageId: 'kafkajsWeak', data: { value: v }, range: s.valueRange, fix: { titleId: 'fixKafkajs', actions: [{ set: s, value: -1 }] } });
      }
      return;
    }
    if (!isProducer(config)) return;
    const keys = ACKS_KEYS[config.dialect] ?? ['acks'];
    let present = false;
    for (const s of config.settings) {
      if (!keys.includes(s.key)) continue;
      present = true;
      const v = text(s);
      if (v === '0' || v === '1') report({ messageId: 'weak', data: { key: s.key, value: v }, range: s.valueRange, fix: { titleId: 'fixSet', actions: [{ set: s, value: 'all' }] } });
    }
    if (!present && canReportMissing(config)) {
      report({ messageId: 'missing', range: config.anchor, fix: { titleId: 'fixAdd', actions: [{ insert: 'acks', value: 'all' }] } });
    }
  },
};
