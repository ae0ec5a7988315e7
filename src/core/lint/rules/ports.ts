import { AUTH_LABEL, mskHost, PORTS, SERVERLESS_PORTS, splitBrokers, type AuthMode } from '../msk';
import type { ClientConfig } from '../types';
import { docsPath, type Rule } from './rule';
import { get, getAll, text } from './util';

/** The auth mode a config asks for, or undefined when the config does not say it in full. */
function authMode(config: ClientConfig): AuthMode | undefined {
  if (config.dialect === 'kafkajs') {
    if (!config.kafkajs?.complete) return undefined;
    const sasl = get(config, 'sasl');
    const ssl = get(config, 'ssl');
    if (sasl) {
      if (sasl.kind !== 'object') return undefined;
      const mech = text(get(config, 'sasl.mechanism'))?.toLowerCase();
      if (mech === 'oauthbearer') return 'iam';
      if (mech === 'scram-sha-512') return 'scram';
      return undefined;
    }
    if (!ssl || (ssl.kind === 'boolean' && ssl.value === 'false')) return 'plaintext';
    if ((ssl.kind === 'boolean' && ssl.value === 'true') || ssl.kind === 'object') return 'tls';
    return undefined;
  }
  // Java, Spring and librdkafka: only an explicit security.protocol counts, because the rest of the
  // connection settings often come from another file or the environment
  const proto = text(get(config, 'security.protocol'))?.toUpperCase();
  if (!proto) return undefined;
  if (proto === 'PLAINTEXT') return 'plaintext';
  if (proto === 'SSL') return 'tls';
  if (proto !== 'SASL_SSL') return undefined;
  const mech = text(get(config, 'sasl.mechanism', 'sasl.mechanisms'))?.toUpperCase();
  if (mech === 'SCRAM-SHA-512') return 'scram';
  if (mech === 'AWS_MSK_IAM' || mech === 'OAUTHBEARER') return 'iam';
  return undefined;
}

export const ports: Rule = {
  meta: {
    id: 'MSK006',
    slug: 'port-auth-mismatch',
    description: 'A broker port that does not match the auth mode, for MSK host names.',
    defaultSeverity: 'error',
    docs: docsPath('MSK006'),
    messages: {
      mismatch: 'Port {port} on {host} does not match {mode} authentication: MSK listens for {mode} on {expected}. The connection fails or hangs.',
      serverless: 'Port {port} on {host}: MSK Serverless listens on 9098 only (IAM).',
      fixPort: 'Use port {port}',
    },
    fixable: true,
  },
  check({ config, report }) {
    if (config.kafkajs && config.kafkajs.call !== 'client') return;
    const keys = config.dialect === 'kafkajs' ? ['brokers'] : ['bootstrap.servers', 'metadata.broker.list'];
    const lists = keys.flatMap((k) => getAll(config, k)).filter((s) => s.kind === 'string');
    if (lists.length === 0) return;
    let mode: AuthMode | undefined | null = null;
    for (const s of lists) {
      for (const b of splitBrokers(s.value)) {
        const host = mskHost(b.host);
        if (!host || b.port === undefined) continue;
        if (mode === null) mode = authMode(config);
        const expected = host.serverless ? SERVERLESS_PORTS : mode ? PORTS[mode] : undefined;
        if (!expected || expected.includes(b.port)) continue;
        const range = s.subRange?.(b.start, b.end) ?? s.valueRange;
        const portRange = s.subRange?.(b.portStart, b.end);
        const fix = portRange ? { titleId: 'fixPort', data: { port: expected[0] }, actions: [{ edits: [{ range: portRange, newText: String(expected[0]) }] }] } : undefined;
        if (host.serverless) report({ messageId: 'serverless', data: { port: b.port, host: b.host }, range, fix });
        else report({ messageId: 'mismatch', data: { port: b.port, host: b.host, mode: AUTH_LABEL[mode!], expected: expected.join(' (or ') + (expected.length > 1 ? ' with public access)' : '') }, range, fix });
      }
    }
  },
};
