// Connection factory for the data plane. Plaintext bootstrap connections today; IAM, SCRAM, TLS and
// mTLS plug in here (one place), so views never touch the transport.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { parseBootstrap } from '../core/bootstrap';
import { tunnelSocketFactory, type TunnelSpec } from './tunnels';
import { explainAuthError, kafkaAuthConfig, Redactor, resolveAuth, type ConnectionAuth } from './auth';

export interface ConnectionSpec {
  /** Shown in the explorer. */
  name: string;
  /** "host:port,host:port". */
  bootstrap: string;
  /** Reach the brokers through an SSH bastion or a SOCKS5 proxy (clusters inside a VPC). */
  tunnel?: TunnelSpec;
  /** How to authenticate (src/kafka/auth/types.ts); default plaintext. Secrets are values here, never settings. */
  auth?: ConnectionAuth;
}

export type KafkaLog = (level: 'error' | 'warn' | 'info', msg: string) => void;

/**
 * A kafkajs client for the spec. A SCRAM auth given as a Secrets Manager secret must be read first:
 * use openKafka. `redactor` (optional) collects the connection's secrets, e.g. to redact errors.
 */
export function createKafka(spec: ConnectionSpec, log?: KafkaLog, redactor: Redactor = new Redactor()): Kafka {
  const brokers = parseBootstrap(spec.bootstrap);
  const auth = kafkaAuthConfig(spec.auth, redactor);
  redactor.add(spec.tunnel?.kind === 'ssh' ? spec.tunnel.passphrase : spec.tunnel?.password);
  return new Kafka({
    clientId: 'msk-tools',
    brokers,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 2 },
    ...auth,
    ...(spec.tunnel ? { socketFactory: tunnelSocketFactory(spec.tunnel) } : {}),
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry) => {
      if (!log) return;
      const level = entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'info';
      log(level, redactor.redact(`${entry.namespace}: ${entry.log.message}`));
    },
  });
}

/** createKafka after reading a SCRAM secret from Secrets Manager; its errors name the secret, never its value. */
export async function openKafka(spec: ConnectionSpec, log?: KafkaLog, redactor: Redactor = new Redactor()): Promise<Kafka> {
  const auth = await resolveAuth(spec.auth);
  return createKafka(auth === spec.auth ? spec : { ...spec, auth }, log, redactor);
}

/** A connect or authentication failure of this spec, naming its auth mode and what to do; redacted. */
export function explainConnectionError(err: unknown, spec: ConnectionSpec, redactor?: Redactor): Error {
  return explainAuthError(err, spec.auth, redactor);
}

export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}
