import { docsPath, type Rule } from './rule';
import { get, isFalse, isProducer, text } from './util';

export const transactions: Rule = {
  meta: {
    id: 'MSK007',
    slug: 'transactions-without-idempotence',
    description: 'transactional.id with idempotence disabled.',
    defaultSeverity: 'error',
    docs: docsPath('MSK007'),
    messages: {
      disabled: '{key} is set but idempotence is disabled: transactions require an idempotent producer, and the client refuses to start.',
      kafkajs: 'transactionalId is set but the producer is not idempotent: kafkajs transactions require idempotent: true.',
      fixSet: 'Set enable.idempotence=true',
      fixKafkajs: 'Set idempotent: true',
    },
    fixable: true,
  },
  check({ config, report }) {
    if (config.dialect === 'kafkajs') {
      if (config.kafkajs?.call !== 'producer') return;
      const tx = get(config, 'transactionalId');
      if (!tx || tx.kind === 'null' || (tx.kind === 'string' && tx.value === '')) return;
      const idem = get(config, 'idempotent');
      if (idem && isFalse(idem)) report({ messageId: 'kafkajs', range: tx.keyRange, fix: { titleId: 'fixKafkajs', actions: [{ set: idem, value: true }] } });
      else if (!idem && config.kafkajs.complete) report({ messageId: 'kafkajs', range: tx.keyRange, fix: { titleId: 'fixKafkajs', actions: [{ insert: 'idempotent', value: true }] } });
      return;
    }
    if (!isProducer(config)) return;
    const tx = get(config, 'transactional.id');
    if (!tx || !text(tx)) return;
    const idem = get(config, 'enable.idempotence');
    if (idem && isFalse(idem)) {
      report({ messageId: 'disabled', data: { key: config.dialect === 'spring' ? tx.rawKey : 'transactional.id' }, range: tx.keyRange, fix: { titleId: 'fixSet', actions: [{ set: idem, value: true }] } });
    }
  },
};
