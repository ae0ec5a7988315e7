import { AUTH_LABEL, listenerMode, mskHost, PORTS, SERVERLESS_PORTS, splitBrokers, type AuthMode } from '../msk';
import type { ClientConfig } from '../types';
import { docsPath, type Rule } from './rule';
import { get, getAll, text } from './util';

/** The auth mode of a config; `implicit` when it is plaintext only because the config sets no security at all. */
interface Auth {
  mode: AuthMode;
  implicit: boolean;
}

/** Any setting about security: with one, a config without security.protocol is a mistake of another kind (MSK005), not a plaintext client. */
const SECURITY_KEY = /(?:^|\.)(?:security|ssl|sasl|jaas)(?:\.|$)/i;

/** The auth mode a config asks for, or undefined when the config does not say it in full. */
function authOf(config: ClientConfig): Auth | undefined {
  if (config.dialect === 'kafkajs') {
    if (!config.kafkajs?.complete) return undefined;
    const sasl = get(config, 'sasl');
    const ssl = get(config, 'ssl');
    if (sasl) {
      if (sasl.kind !== 'object') return undefined;
      const mech = text(get(config, 'sasl.mechanism'))?.toLowerCase();
      if (mech === 'oauthbearer') return { mode: 'iam', implicit: false };
      if (mech === 'scram-sha-512') return { mode: 'scram', implicit: false };
      return undefined;
    }
    // kafkajs connects in plaintext unless told otherwise
    if (!ssl) return { mode: 'plaintext', implicit: true };
    if (ssl.kind === 'boolean' && ssl.value === 'false') return { mode: 'plaintext', implicit: false };
    if ((ssl.kind === 'boolean' && ssl.value === 'true') || ssl.kind === 'object') return { mode: 'tls', implicit: false };
    return undefined;
  }
  const proto = text(get(config, 'security.protocol'))?.toUpperCase();
  if (!proto) {
    // PLAINTEXT is the default of the Java client and of librdkafka. Only a whole config that sets
    // no security at all counts: a section of a larger file, or a Spring profile file, may take its
    // security settings from elsewhere
    if (config.standalone && !config.settings.some((s) => SECURITY_KEY.test(s.key))) return { mode: 'plaintext', implicit: true };
    return undefined;
  }
  if (proto === 'PLAINTEXT') return { mode: 'plaintext', implicit: false };
  if (proto === 'SSL') return { mode: 'tls', implicit: false };
  if (proto !== 'SASL_SSL') return undefined;
  const mech = text(get(config, 'sasl.mechanism', 'sasl.mechanisms'))?.toUpperCase();
  if (mech === 'SCRAM-SHA-512') return { mode: 'scram', implicit: false };
  if (mech === 'AWS_MSK_IAM' || mech === 'OAUTHBEARER') return { mode: 'iam', implicit: false };
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
      serverlessAuth: 'MSK Serverless ({host}) accepts IAM only, but this config connects with {mode}: the connection fails. Use SASL_SSL with IAM (kafkajs: ssl: true and the oauthbearer mechanism).',
      noSecurity: "Port {port} on {host} is MSK's {listener} listener, but this config sets no security.protocol, so the client connects in plaintext (its default): the connection fails or hangs. Set security.protocol (SSL for TLS, SASL_SSL for SCRAM and IAM), or use port 9092 if the cluster allows plaintext.",
      kafkajsNoSecurity: "Port {port} on {host} is MSK's {listener} listener, but this client sets neither ssl nor sasl, so kafkajs connects in plaintext: the connection fails or hangs. Set ssl (and sasl for SCRAM or IAM), or use port 9092 if the cluster allows plaintext.",
      fixPort: 'Use port {port}',
      fixPlaintextPort: 'Use port 9092 (plaintext)',
    },
    fixable: true,
  },
  check({ config, report }) {
    if (config.kafkajs && config.kafkajs.call !== 'client') return;
    const keys = config.dialect === 'kafkajs' ? ['brokers'] : ['bootstrap.servers', 'metadata.broker.list'];
    const lists = keys.flatMap((k) => getAll(config, k)).filter((s) => s.kind === 'string');
    if (lists.length === 0) return;
    let auth: Auth | undefined | null = null;
    for (const s of lists) {
      for (const b of splitBrokers(s.value)) {
        const host = mskHost(b.host);
        if (!host || b.port === undefined) continue;
        if (auth === null) auth = authOf(config);
        const range = s.subRange?.(b.start, b.end) ?? s.valueRange;
        const portRange = s.subRange?.(b.portStart, b.end);
        const portFix = (port: number, suggestion: boolean) =>
          portRange ? { titleId: suggestion ? 'fixPlaintextPort' : 'fixPort', data: { port }, suggestion, actions: [{ edits: [{ range: portRange, newText: String(port) }] }] } : undefined;
        if (host.serverless) {
          if (!SERVERLESS_PORTS.includes(b.port)) report({ messageId: 'serverless', data: { port: b.port, host: b.host }, range, fix: portFix(SERVERLESS_PORTS[0], false) });
          else if (auth && auth.mode !== 'iam') {
            // no fix: the way to IAM is a rewrite of the auth settings (see MSK005)
            report({ messageId: 'serverlessAuth', data: { host: b.host, mode: AUTH_LABEL[auth.mode] + (auth.implicit ? ' (it sets no security)' : '') }, range });
          }
          continue;
        }
        if (!auth) continue;
        if (auth.implicit) {
          // a client with no security pointed at a TLS, SCRAM or IAM listener; other ports say nothing of what was meant
          const listener = listenerMode(b.port);
          if (!listener || listener === 'plaintext') continue;
          // the plaintext port is one way out, if the cluster allows it; setting up auth is the other, so this is a suggestion
          report({ messageId: config.dialect === 'kafkajs' ? 'kafkajsNoSecurity' : 'noSecurity', data: { port: b.port, host: b.host, listener: AUTH_LABEL[listener] }, range, fix: portFix(PORTS.plaintext[0], true) });
          continue;
        }
        const expected = PORTS[auth.mode];
        if (expected.includes(b.port)) continue;
        report({ messageId: 'mismatch', data: { port: b.port, host: b.host, mode: AUTH_LABEL[auth.mode], expected: expected.join(' (or ') + (expected.length > 1 ? ' with public access)' : '') }, range, fix: portFix(expected[0], false) });
      }
    }
  },
};
