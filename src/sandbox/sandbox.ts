// startSandbox(): the sandbox brokers with MSK's listener layout (plaintext, TLS, SASL/SCRAM, IAM)
// plus the MSK control-plane emulator, wired together so that a cluster discovered through the
// emulator points at the sandbox's real listeners.
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { mskListeners } from './auth/listeners';
import { startBroker, type RunningBroker } from './broker';
import { startMskApi, type MskApiHandle } from './msk-api';
import { sandboxClusterConfigs } from './msk-api/sandbox-clusters';

/** The sandbox's SCRAM-SHA-512 (and PLAIN) user unless options say otherwise. A local sandbox only. */
export const SANDBOX_USER = { username: 'msk-sandbox', password: 'msk-sandbox-secret' } as const;

/**
 * Each listener's first port is the base port plus this offset (19092, 19192, 19292, 19392, 19492 by
 * default). The first four are MSK's listeners; sasl_plain (SASL/PLAIN without TLS) is a sandbox extra
 * for clients that only speak PLAIN, and the MSK API emulator does not advertise it.
 */
export const LISTENER_PORT_OFFSETS = { plaintext: 0, tls: 100, sasl_scram: 200, sasl_iam: 300, sasl_plain: 400 } as const;

export interface SandboxOptions {
  /** Number of brokers (default 3, at most 64, so that listener port ranges never overlap). */
  brokers?: number;
  /**
   * Base port: the plaintext listener's brokers take port, port+1, …; TLS, SCRAM and IAM listeners
   * start at port+100, +200 and +300. Default 0: ephemeral ports everywhere.
   */
  port?: number;
  /** Port of the MSK API emulator (default 0: ephemeral). */
  apiPort?: number;
  host?: string;
  /** 'demo' creates demo topics, messages and a consumer group with lag. */
  seed?: 'demo' | 'none';
  /** Keep topics and messages here across restarts. */
  dataDir?: string;
  region?: string;
  /** SCRAM-SHA-512 and PLAIN user (default SANDBOX_USER). */
  user?: { username: string; password: string };
  log?: (msg: string) => void;
}

export interface SandboxInfo {
  /** Plaintext bootstrap, "host:port,…". */
  bootstrap: string;
  /**
   * Bootstrap per listener: plaintext, tls, sasl_scram (SASL_SSL SCRAM-SHA-512), sasl_iam (SASL_SSL
   * OAUTHBEARER), sasl_plain (SASL_PLAINTEXT PLAIN).
   */
  listeners: Record<keyof typeof LISTENER_PORT_OFFSETS, string>;
  /** PEM file of the CA that signed the TLS listeners' certificate (generated at start-up). */
  caFile: string;
  /** Endpoint to give @aws-sdk/client-kafka (`new KafkaClient({ endpoint })`). */
  mskEndpoint: string;
  /** ARNs of the emulated clusters: one PROVISIONED, one SERVERLESS (IAM only). */
  clusters: string[];
  region: string;
}

export interface RunningSandbox extends SandboxInfo {
  broker: RunningBroker;
  mskApi: MskApiHandle;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const log = options.log ?? (() => {});
  const region = options.region ?? 'us-east-1';
  const brokers = options.brokers ?? 3;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 64) throw new Error(`brokers must be between 1 and 64, got ${options.brokers}`);
  const base = options.port ?? 0;
  const portOf = (name: keyof typeof LISTENER_PORT_OFFSETS) => (base === 0 ? 0 : base + LISTENER_PORT_OFFSETS[name]);
  const user = options.user ?? SANDBOX_USER;
  const broker = await startBroker({
    brokers,
    host: options.host,
    dataDir: options.dataDir,
    listeners: [
      ...mskListeners({ ports: { plaintext: portOf('plaintext'), tls: portOf('tls'), sasl_scram: portOf('sasl_scram'), sasl_iam: portOf('sasl_iam') } }),
      { name: 'sasl_plain', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN'], port: portOf('sasl_plain') },
    ],
    users: [user],
    log,
  });
  const caDir = mkdtempSync(join(tmpdir(), 'msk-sandbox-ca-'));
  const caFile = join(caDir, 'ca.pem');
  writeFileSync(caFile, broker.tls!.caPem);
  const listeners = {
    plaintext: broker.listeners.plaintext.bootstrap,
    tls: broker.listeners.tls.bootstrap,
    sasl_scram: broker.listeners.sasl_scram.bootstrap,
    sasl_iam: broker.listeners.sasl_iam.bootstrap,
    sasl_plain: broker.listeners.sasl_plain.bootstrap,
  };
  let mskApi: MskApiHandle | undefined;
  try {
    mskApi = await startMskApi({
      port: options.apiPort ?? 0,
      host: options.host,
      region,
      clusters: sandboxClusterConfigs({
        brokers: broker.brokers,
        listeners: { plaintext: listeners.plaintext, tls: listeners.tls, sasl_scram: listeners.sasl_scram, sasl_iam: listeners.sasl_iam },
      }),
    });
    if (options.seed === 'demo') {
      const { seedDemo } = await import('./seed');
      await seedDemo(listeners.plaintext, log);
    }
  } catch (err) {
    await mskApi?.stop();
    await broker.stop();
    rmSync(caDir, { recursive: true, force: true });
    throw err;
  }
  const api = mskApi;
  let stopping: Promise<void> | undefined;
  return {
    bootstrap: listeners.plaintext,
    listeners,
    caFile,
    mskEndpoint: api.endpoint,
    clusters: api.clusterArns,
    region,
    broker,
    mskApi: api,
    stop() {
      stopping ??= Promise.all([api.stop(), broker.stop()]).then(() => rmSync(caDir, { recursive: true, force: true }));
      return stopping;
    },
  };
}
