import { docsPath, type Rule } from './rule';
import { canReportMissing, get, isFalse, isProducer } from './util';

export const idempotence: Rule = {
  meta: {
    id: 'MSK001',
    slug: 'idempotence-disabled',
    description: 'A producer config that does not enable idempotence.',
    defaultSeverity: 'error',
    docs: docsPath('MSK001'),
    messages: {
      disabled: 'Idempotence is disabled: a retried send can write the record twice. Set enable.idempotence=true.',
      missing: 'This producer config does not set enable.idempotence=true: older clients and conflicting settings leave idempotence off, and a retried send can write the record twice.',
      kafkajsDisabled: 'This kafkajs producer sets idempotent: false: a retried send can write the record twice. Use idempotent: true.',
      kafkajsMissing: 'This kafkajs producer is not idempotent (the default is false): a retried send can write the record twice. Pass idempotent: true.',
      fixSet: 'Set enable.idempotence=true',
      fixAdd: 'Add enable.idempotence=true',
      fixKafkajs: 'Add idempotent: true',
    },
    fixable: true,
  },
  check({ config, report }) {
    if (config.dialect === 'kafkajs') {
      if (config.kafkajs?.call !== 'producer') return;
      const s = get(config, 'idempotent');
      if (s) {
        if (isFalse(s)) report({ messageId: 'kafkajsDisabled', range: s.valueRange, fix: { titleId: 'fixKafkajs', actions: [{ set: s, value: true }] } });
      } else if (canReportMissing(config)) {
        report({ messageId: 'kafkajsMissing', range: config.anchor, fix: { titleId: 'fixKafkajs', actions: [{ insert: 'idempotent', value: true }] } });
      }
      return;
    }
    if (!isProducer(config)) return;
    const s = get(config, 'enable.idempotence');
    if (s) {
      if (isFalse(s)) report({ messageId: 'disabled', range: s.valueRange, fix: { titleId: 'fixSet', actions: [{ set: s, value: true }] } });
    } else if (canReportMissing(config)) {
      report({ messageId: 'missing', range: config.anchor, fix: { titleId: 'fixAdd', actions: [{ insert: 'enable.idempotence', value: true }] } });
    }
  },
};
