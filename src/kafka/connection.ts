// Connection factory for the data plane. Plaintext bootstrap connections today; IAM, SCRAM, TLS and
// mTLS plug in here (one place), so views never touch the transport.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { parseBootstrap } from '../core/bootstrap';

export interface ConnectionSpec {
  /** Shown in the explorer. */
  name: string;
  /** "host:port,host:port". */
  bootstrap: string;
}

export function createKafka(spec: ConnectionSpec, log?: (level: 'error' | 'warn' | 'info', msg: string) => void): Kafka {
  const brokers = parseBootstrap(spec.bootstrap);
  return new Kafka({
    clientId: 'msk-tools',
    brokers,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 2 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry) => {
      if (!log) return;
      const level = entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'info';
      log(level, `${entry.namespace}: ${entry.log.message}`);
    },
  });
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
