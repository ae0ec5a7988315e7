// Connection factory for the data plane. Plaintext bootstrap connections today; IAM, SCRAM, TLS and
// mTLS plug in here (one place), so views never touch the transport.
import { connect as netConnect, isIP, type OnReadOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Admin, ISocketFactory, Kafka } from 'kafkajs';
import { parseBootstrap } from '../core/bootstrap';
import { tunnelSocketFactory, type TunnelSpec } from './tunnels';
import { explainAuthError, kafkaAuthConfig, Redactor, resolveAuth, type ConnectionAuth } from './auth';
import { tunnelError, unreachableError } from './unreachable';

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
 * kafkajs, loaded on the first client made (it takes ~50-100 ms to load): the wire client of peek and
 * produce opens its sockets through this module without ever needing it.
 */
function kafkajs(): typeof import('kafkajs') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('kafkajs') as typeof import('kafkajs');
}

/**
 * A kafkajs client for the spec. A SCRAM auth given as a Secrets Manager secret must be read first:
 * use openKafka. `redactor` (optional) collects the connection's secrets, e.g. to redact errors.
 */
export function createKafka(spec: ConnectionSpec, log?: KafkaLog, redactor: Redactor = new Redactor()): Kafka {
  const brokers = parseBootstrap(spec.bootstrap);
  const auth = kafkaAuthConfig(spec.auth, redactor);
  redactor.add(spec.tunnel?.kind === 'ssh' ? spec.tunnel.passphrase : spec.tunnel?.password);
  const { Kafka, logLevel } = kafkajs();
  return new Kafka({
    clientId: 'msk-tools',
    brokers,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 2 },
    ...auth,
    socketFactory: brokerSocketFactory(spec),
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry) => {
      if (!log) return;
      const level = entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'info';
      log(level, redactor.redact(`${entry.namespace}: ${entry.log.message}`));
    },
  });
}

/**
 * Opens one broker socket (TCP, TLS end to end, through the spec's tunnel if any), in kafkajs's
 * socketFactory shape: kafkajs and our wire client (src/kafka/wire) both open every broker
 * connection through it.
 */
export function brokerSocketFactory(spec: Pick<ConnectionSpec, 'tunnel'>): ISocketFactory {
  return spec.tunnel ? tunnelSocketFactory(spec.tunnel) : directSocketFactory;
}

/** What kafkajs does by default: TLS with the broker's name for SNI and hostname verification. */
const directSocketFactory: ISocketFactory = (args) => {
  const { host, port, ssl, onConnect } = args;
  // plain TCP: reads may go straight into the caller's buffers (openBrokerSocket's onread)
  const onread = (args as { onread?: OnReadOpts }).onread;
  return ssl
    ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : netConnect({ host, port, ...(onread ? { onread } : {}) }, onConnect);
};

/**
 * A connected broker socket from the factory; rejects on a connect or TLS error, or after timeoutMs.
 * `onread` (net.Socket's option) is honoured by plain TCP sockets only: others emit 'data' as usual.
 */
export function openBrokerSocket(factory: ISocketFactory, host: string, port: number, ssl: ConnectionOptions | undefined, timeoutMs = 10000, onread?: OnReadOpts): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`Connection to ${host}:${port} timed out after ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const socket: Duplex = factory({
      host, port, ssl: ssl as never, ...(onread ? { onread } : {}),
      onConnect: () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('error', fail);
        resolve(socket);
      },
    });
    socket.once('error', fail);
  });
}

/** createKafka after reading a SCRAM secret from Secrets Manager; its errors name the secret, never its value. */
export async function openKafka(spec: ConnectionSpec, log?: KafkaLog, redactor: Redactor = new Redactor()): Promise<Kafka> {
  const auth = await resolveAuth(spec.auth);
  return createKafka(auth === spec.auth ? spec : { ...spec, auth }, log, redactor);
}

/**
 * A connect or authentication failure of this spec, naming its auth mode and what to do; redacted.
 * Brokers (or a tunnel) that cannot be reached at all give a KafkaUnreachableError naming what was
 * tried and the ways into a VPC (src/kafka/unreachable.ts).
 */
export function explainConnectionError(err: unknown, spec: ConnectionSpec, redactor?: Redactor): Error {
  const name = (err as Error | undefined)?.name;
  if (name === 'KafkaUnreachableError' || name === 'KafkaTunnelError') return err as Error;
  const unreachable = tunnelError(err, spec) ?? unreachableError(err, spec);
  if (unreachable) return redactor ? redactor.redactError(unreachable) : unreachable;
  return explainAuthError(err, spec.auth, redactor);
}

/** `explain` (optional) turns a failure into what the user sees, e.g. `(e) => explainConnectionError(e, spec, redactor)`. */
export async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>, explain?: (err: unknown) => unknown): Promise<T> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect();
    }
  } catch (err) {
    throw explain ? explain(err) : err;
  }
}
