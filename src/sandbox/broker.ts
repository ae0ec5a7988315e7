// startBroker(): N Kafka-compatible brokers in this process, one TCP listener each on 127.0.0.1
// (one per broker per listener when `listeners` names several, e.g. MSK's plaintext/tls/sasl_* set).
import { Cluster, type BrokerInfo } from './cluster';
import { Faults } from './faults';
import { BrokerServer, DEFAULT_CONNECTIONS_MAX_IDLE_MS, DEFAULT_SOCKET_REQUEST_MAX_BYTES, UNAUTHENTICATED_MAX_FRAME_BYTES, type ConnectionLimits } from './server';
import { ReceiveBudget } from './receive-budget';
import { HandlerTable } from './protocol/handlers';
import type { ApiHandler } from './protocol/handler';
import { loadCluster, saveCluster } from './persistence';
import { resolveListeners, type ListenerSpec, type SecurityProtocol } from './auth/listeners';
import { AUTH_SERVICE, AuthService } from './auth/service';
import { generateSandboxTls, type SandboxTls } from './auth/tls';
import type { SaslMechanismName, SaslUser } from './auth/types';
import type { IamCredential } from './auth/iam';

export interface StartBrokerOptions {
  /** Number of brokers (default 3). Broker ids are 1..N. */
  brokers?: number;
  /** First port; brokers take port, port+1, … . 0 (default) = an ephemeral port for each. Without `listeners` only. */
  port?: number;
  /**
   * Listeners, each on its own port per broker (see auth/listeners.ts, mskListeners()). Default: one
   * PLAINTEXT listener named 'plaintext' on `port`. `bootstrap`/`brokers` describe the first one.
   */
  listeners?: ListenerSpec[];
  /** Users for SASL/PLAIN and SCRAM-SHA-512 (OAUTHBEARER uses iamCredentials instead). */
  users?: SaslUser[];
  /** Credentials whose MSK IAM tokens OAUTHBEARER accepts (default SANDBOX_IAM_CREDENTIALS); tokens are signature-checked. */
  iamCredentials?: IamCredential[];
  /** Region IAM tokens must be signed for (default us-east-1). */
  region?: string;
  /** Kafka's connections.max.reauth.ms (KIP-368; default 0: sessions end only when an OAUTHBEARER token expires). */
  connectionsMaxReauthMs?: number;
  /** Generate a CA and server certificate at start (implied by an SSL or SASL_SSL listener). */
  tls?: boolean;
  /** Address to bind and to advertise (default 127.0.0.1). */
  host?: string;
  /**
   * Host name each broker advertises in place of `host`, with {id} replaced by the broker id, e.g.
   * b-{id}.msk-sandbox.abc123.c2.kafka.us-east-1.amazonaws.com (MSK's form); the names must resolve
   * to `host` for clients (e.g. /etc/hosts). The TLS certificate names them too.
   */
  advertisedHost?: string;
  /** When set, state is loaded from here on start and written here on a clean stop. */
  dataDir?: string;
  /** Partitions of auto-created topics and of CreateTopics with -1 (default 3). */
  defaultPartitions?: number;
  /** Extra or replacement API handlers (e.g. SASL); registered after the defaults. */
  handlers?: ApiHandler[];
  /** Largest request frame after authentication, in bytes: Kafka's socket.request.max.bytes (default 104857600). */
  socketRequestMaxBytes?: number;
  /** Connections with no traffic for this long are closed: Kafka's connections.max.idle.ms (default 600000). */
  connectionsMaxIdleMs?: number;
  /**
   * Memory budget, in bytes, for request frames being received or waiting to be handled, all
   * connections together: Kafka's queued.max.request.bytes. Past it, connections stop reading until
   * frames are handled. Default: twice socketRequestMaxBytes.
   */
  queuedMaxRequestBytes?: number;
  log?: (msg: string) => void;
}

/** Checks a limit option: a whole number from 1 to max. */
function limitOption(name: string, value: number | undefined, dflt: number, max = 2 ** 31 - 1): number {
  if (value === undefined) return dflt;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got ${value}`);
  return value;
}

export function connectionLimits(options: Pick<StartBrokerOptions, 'socketRequestMaxBytes' | 'connectionsMaxIdleMs' | 'queuedMaxRequestBytes'>): ConnectionLimits {
  const socketRequestMaxBytes = limitOption('socketRequestMaxBytes', options.socketRequestMaxBytes, DEFAULT_SOCKET_REQUEST_MAX_BYTES);
  return {
    socketRequestMaxBytes,
    // Never above the cap after authentication.
    unauthenticatedMaxBytes: Math.min(UNAUTHENTICATED_MAX_FRAME_BYTES, socketRequestMaxBytes),
    connectionsMaxIdleMs: limitOption('connectionsMaxIdleMs', options.connectionsMaxIdleMs, DEFAULT_CONNECTIONS_MAX_IDLE_MS),
    budget: new ReceiveBudget(limitOption('queuedMaxRequestBytes', options.queuedMaxRequestBytes, 2 * socketRequestMaxBytes, Number.MAX_SAFE_INTEGER)),
  };
}

export interface RunningListener {
  name: string;
  security: SecurityProtocol;
  mechanisms: SaslMechanismName[];
  /** "host:port,host:port,…" of this listener. */
  bootstrap: string;
  brokers: { id: number; host: string; port: number }[];
}

export interface RunningBroker {
  /** "host:port,host:port,…" for clients (the first listener). */
  bootstrap: string;
  /** Every listener by name, with its own bootstrap string. */
  listeners: Record<string, RunningListener>;
  /** Present when TLS is on: clients trust `caPem`. */
  tls?: SandboxTls;
  brokers: { id: number; host: string; port: number }[];
  cluster: Cluster;
  faults: Faults;
  handlers: HandlerTable;
  servers: BrokerServer[];
  /** Frame caps, idle timeout and the receive budget shared by every listener. */
  limits: ConnectionLimits;
  /** Closes listeners and connections; writes state to dataDir when one was given. */
  stop(): Promise<void>;
}

export async function startBroker(options: StartBrokerOptions = {}): Promise<RunningBroker> {
  const count = options.brokers ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`brokers must be between 1 and 64, got ${options.brokers}`);
  const host = options.host ?? '127.0.0.1';
  const limits = connectionLimits(options);
  const log = options.log ?? (() => {});
  if (options.listeners && options.port !== undefined) throw new Error('startBroker: give ports in listeners[].port, not port, when listeners are set');
  const listeners = resolveListeners(options.listeners, options.port ?? 0, count);
  const wantsTls = listeners.some((l) => l.usesTls);
  if (wantsTls && options.tls === false) throw new Error('startBroker: tls is false but an SSL or SASL_SSL listener needs it');
  const advertised = (id: number) => (options.advertisedHost ? options.advertisedHost.replace(/\{id\}/g, String(id)) : host);
  const advertisedNames = options.advertisedHost ? Array.from({ length: count }, (_, i) => advertised(i + 1)) : [];
  const tls = wantsTls || options.tls ? await generateSandboxTls(host, undefined, advertisedNames) : undefined;
  const infos: BrokerInfo[] = [];
  for (let i = 0; i < count; i++) infos.push({ id: i + 1, host: advertised(i + 1), port: 0, rack: `use1-az${(i % 3) + 1}` });
  const cluster = new Cluster({ brokers: infos, defaultPartitions: options.defaultPartitions, log });
  cluster.services.set(AUTH_SERVICE, new AuthService({ listeners, users: options.users, iamCredentials: options.iamCredentials, region: options.region, connectionsMaxReauthMs: options.connectionsMaxReauthMs }));
  const handlers = new HandlerTable();
  for (const h of options.handlers ?? []) handlers.register(h);
  const faults = new Faults();
  const servers: BrokerServer[] = [];
  try {
    // Listener-major order: servers[i] is broker i+1 on the first listener.
    for (const l of listeners) {
      const endpoints = new Map<number, { host: string; port: number }>();
      cluster.listenerEndpoints.set(l.name, endpoints);
      for (const [i, info] of infos.entries()) {
        // clientAuth 'required' (mTLS): the handshake fails without a certificate from the client CA.
        const mtls = l.clientAuth === 'required' && tls ? { requestCert: true, rejectUnauthorized: true, ca: [tls.clientCaPem] } : {};
        const transport = l.usesTls && tls ? { tls: { key: tls.keyPem, cert: tls.certPem, ...mtls } } : {};
        const server = new BrokerServer(info, { cluster, handlers, faults, log, limits }, { name: l.name, host: info.host, requiresSasl: l.requiresSasl }, transport);
        const port = await server.listen(l.port === 0 ? 0 : l.port + i, host);
        servers.push(server);
        endpoints.set(info.id, { host: info.host, port });
        if (l === listeners[0]) info.port = port;
      }
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  if (options.dataDir) {
    try {
      await loadCluster(cluster, options.dataDir);
    } catch (err) {
      // Nothing is saved on this path, so the data directory stays as it was for the user to inspect.
      await Promise.all(servers.map((s) => s.close()));
      for (const service of cluster.services.values()) (service as { close?: () => void }).close?.();
      throw err;
    }
  }
  faults.closeConnections = (brokerId) =>
    servers.filter((s) => brokerId === undefined || s.broker.id === brokerId).reduce((n, s) => n + s.dropConnections(), 0);
  let stopped: Promise<void> | undefined;
  const bootstrap = infos.map((b) => `${b.host}:${b.port}`).join(',');
  const running: Record<string, RunningListener> = {};
  for (const l of listeners) {
    const brokers = infos.map((b) => ({ id: b.id, ...cluster.listenerEndpoints.get(l.name)!.get(b.id)! }));
    running[l.name] = { name: l.name, security: l.security, mechanisms: l.mechanisms, bootstrap: brokers.map((b) => `${b.host}:${b.port}`).join(','), brokers };
    if (listeners.length > 1) log(`sandbox broker: listener ${l.name} (${l.security}${l.mechanisms.length ? ' ' + l.mechanisms.join('/') : ''}) at ${running[l.name].bootstrap}`);
  }
  log(`sandbox broker: ${count} broker(s) at ${bootstrap}`);
  return {
    bootstrap,
    listeners: running,
    tls,
    brokers: infos.map((b) => ({ id: b.id, host: b.host, port: b.port })),
    cluster,
    faults,
    handlers,
    servers,
    limits,
    stop() {
      stopped ??= (async () => {
        await Promise.all(servers.map((s) => s.close()));
        // services (the group coordinator…) release waiting requests and timers
        for (const service of cluster.services.values()) (service as { close?: () => void }).close?.();
        if (options.dataDir) await saveCluster(cluster, options.dataDir);
        log('sandbox broker stopped');
      })();
      return stopped;
    },
  };
}
