// startSandbox(): the sandbox brokers with MSK's listener layout (plaintext, TLS, SASL/SCRAM, IAM)
// plus the MSK control-plane emulator, wired together so that a cluster discovered through the
// emulator points at the sandbox's real listeners. A Secrets Manager emulator holds the SCRAM user's
// secret (AmazonMSK_sandbox), associated with the provisioned cluster (ListScramSecrets). A Glue
// Schema Registry emulator and a Confluent-compatible registry serve the schemas of its messages.
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { mskListeners } from './auth/listeners';
import { startBroker, type RunningBroker } from './broker';
import { startMskApi, type MskApiHandle } from './msk-api';
import { sandboxClusterConfigs, SANDBOX_PAGE_SIZE } from './msk-api/sandbox-clusters';
import { SANDBOX_FAULT_KEYS, MSK_AUTH_MODES, type EmulatedClusterConfig } from './msk-api/config';
import { SANDBOX_IAM_CREDENTIALS } from './auth/iam';
import { SANDBOX_SCRAM_SECRET_NAME, startSecretsApi, type SecretsApiHandle } from './secrets';
import { startGlueApi, type GlueApiHandle } from './glue';
import { startConfluentRegistry, type ConfluentRegistryHandle } from './confluent-registry';
import { checkSchemaDefinition, DEMO_CONFLUENT_SUBJECTS, DEMO_GLUE_SCHEMAS, seedSchemaTopics } from './schema-seed';

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
  /** Host name the brokers advertise, {id} for the broker id (MSK's b-{id}.<cluster>.<id>.c2.kafka.<region>.amazonaws.com); see StartBrokerOptions. */
  advertisedHost?: string;
  /** 'demo' creates demo topics, messages and a consumer group with lag. */
  seed?: 'demo' | 'none';
  /** Keep topics and messages here across restarts. */
  dataDir?: string;
  region?: string;
  /** SCRAM-SHA-512 and PLAIN user (default SANDBOX_USER). */
  user?: { username: string; password: string };
  /** Largest request after authentication, in bytes (Kafka's socket.request.max.bytes; default 104857600). */
  socketRequestMaxBytes?: number;
  /** Idle connections close after this many ms (Kafka's connections.max.idle.ms; default 600000). */
  connectionsMaxIdleMs?: number;
  /** Memory budget for requests being received, all connections together (default twice socketRequestMaxBytes). */
  queuedMaxRequestBytes?: number;
  /**
   * mTLS: the tls listener accepts only clients presenting a certificate signed by the sandbox's client
   * CA (clientCertFile/clientKeyFile are one), as MSK's 9094 does with TLS client authentication on.
   * The emulated clusters then advertise mtls instead of tls. Default false: server-authenticated TLS.
   */
  requireClientCert?: boolean;
  /**
   * Kafka's connections.max.reauth.ms (KIP-368): sessions on the SASL listeners last at most this long
   * and clients must re-authenticate. Default 0: no cap (an IAM session still ends with its token).
   */
  connectionsMaxReauthMs?: number;
  /** Port of the Secrets Manager emulator (default 0: ephemeral). */
  secretsPort?: number;
  /** Port of the Glue Schema Registry emulator (default 0: ephemeral). */
  gluePort?: number;
  /** Port of the Confluent-compatible schema registry (default 0: ephemeral). */
  registryPort?: number;
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
  /** PEM files of a client certificate and its (unencrypted) key, signed by the client CA, for mTLS. */
  clientCertFile: string;
  clientKeyFile: string;
  /** PEM file of the CA whose client certificates the tls listener accepts with requireClientCert. */
  clientCaFile: string;
  /** True when the tls listener requires a client certificate (requireClientCert). */
  requireClientCert: boolean;
  /**
   * IAM identities whose tokens the sasl_iam listener accepts (it checks their SigV4 signatures): a
   * long-term key (`user`) and temporary credentials with a session token (`role`).
   */
  iamCredentials: typeof SANDBOX_IAM_CREDENTIALS;
  /** Endpoint to give @aws-sdk/client-secrets-manager (`new SecretsManagerClient({ endpoint })`). */
  secretsEndpoint: string;
  /** ARN of the AmazonMSK_sandbox secret: {"username","password"} of the SCRAM user. */
  scramSecretArn: string;
  /** Endpoint to give @aws-sdk/client-kafka (`new KafkaClient({ endpoint })`). */
  mskEndpoint: string;
  /** ARNs of the emulated clusters: one PROVISIONED, one SERVERLESS (IAM only). */
  clusters: string[];
  /** Endpoint to give @aws-sdk/client-glue (`new GlueClient({ endpoint })`): the Glue Schema Registry emulator. */
  glueEndpoint: string;
  /** URL of the Confluent-compatible schema registry (REST: /subjects, /schemas/ids/{id}). */
  registryEndpoint: string;
  region: string;
  /** Access key ids on which the MSK API emulator fails on purpose (AccessDenied, ExpiredToken, throttling). */
  mskFaultKeys: typeof SANDBOX_FAULT_KEYS;
}

export interface RunningSandbox extends SandboxInfo {
  broker: RunningBroker;
  mskApi: MskApiHandle;
  secretsApi: SecretsApiHandle;
  glueApi: GlueApiHandle;
  confluentRegistry: ConfluentRegistryHandle;
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
    advertisedHost: options.advertisedHost,
    dataDir: options.dataDir,
    socketRequestMaxBytes: options.socketRequestMaxBytes,
    connectionsMaxIdleMs: options.connectionsMaxIdleMs,
    queuedMaxRequestBytes: options.queuedMaxRequestBytes,
    listeners: [
      ...mskListeners({ ports: { plaintext: portOf('plaintext'), tls: portOf('tls'), sasl_scram: portOf('sasl_scram'), sasl_iam: portOf('sasl_iam') }, requireClientCert: options.requireClientCert }),
      { name: 'sasl_plain', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN'], port: portOf('sasl_plain') },
    ],
    users: [user],
    iamCredentials: Object.values(SANDBOX_IAM_CREDENTIALS),
    region,
    connectionsMaxReauthMs: options.connectionsMaxReauthMs,
    log,
  });
  const caDir = mkdtempSync(join(tmpdir(), 'msk-sandbox-ca-'));
  const caFile = join(caDir, 'ca.pem');
  writeFileSync(caFile, broker.tls!.caPem);
  const clientCertFile = join(caDir, 'client-cert.pem');
  const clientKeyFile = join(caDir, 'client-key.pem');
  const clientCaFile = join(caDir, 'client-ca.pem');
  writeFileSync(clientCertFile, broker.tls!.clientCertPem);
  writeFileSync(clientKeyFile, broker.tls!.clientKeyPem, { mode: 0o600 });
  writeFileSync(clientCaFile, broker.tls!.clientCaPem);
  const listeners = {
    plaintext: broker.listeners.plaintext.bootstrap,
    tls: broker.listeners.tls.bootstrap,
    sasl_scram: broker.listeners.sasl_scram.bootstrap,
    sasl_iam: broker.listeners.sasl_iam.bootstrap,
    sasl_plain: broker.listeners.sasl_plain.bootstrap,
  };
  let mskApi: MskApiHandle | undefined;
  let secretsApi: SecretsApiHandle | undefined;
  let glueApi: GlueApiHandle | undefined;
  let confluentRegistry: ConfluentRegistryHandle | undefined;
  try {
    // the demo's schemas are there from the start, so the demo topics' messages name existing ids
    const demo = options.seed === 'demo';
    glueApi = await startGlueApi({ port: options.gluePort ?? 0, host: options.host, region, schemas: demo ? DEMO_GLUE_SCHEMAS : [], checkDefinition: checkSchemaDefinition });
    confluentRegistry = await startConfluentRegistry({
      port: options.registryPort ?? 0,
      host: options.host,
      subjects: demo ? DEMO_CONFLUENT_SUBJECTS : [],
      checkSchema: (type, schema, references) => checkSchemaDefinition(type, schema, references),
    });
    secretsApi = await startSecretsApi({
      port: options.secretsPort ?? 0,
      host: options.host,
      region,
      secrets: [
        {
          name: SANDBOX_SCRAM_SECRET_NAME,
          value: JSON.stringify({ username: user.username, password: user.password }),
          description: 'SASL/SCRAM credentials of the MSK Tools sandbox (msk-sandbox cluster)',
        },
        // Not an MSK secret (no AmazonMSK_ prefix): clients that offer SCRAM secrets must filter it out.
        { name: 'msk-sandbox/app-config', value: JSON.stringify({ featureFlags: ['demo'] }), description: 'An application secret that MSK cannot use' },
      ],
    });
    const scramSecretArn = secretsApi.store.find(SANDBOX_SCRAM_SECRET_NAME).arn;
    const clusters = sandboxClusterConfigs({
      brokers: broker.brokers,
      listeners: { plaintext: listeners.plaintext, tls: listeners.tls, sasl_scram: listeners.sasl_scram, sasl_iam: listeners.sasl_iam },
    }).map((c) => withSandboxAuth(c, scramSecretArn, options.requireClientCert === true));
    mskApi = await startMskApi({
      port: options.apiPort ?? 0,
      host: options.host,
      region,
      defaultPageSize: SANDBOX_PAGE_SIZE,
      clusters,
    });
    if (options.seed === 'demo') {
      const { seedDemo } = await import('./seed');
      await seedDemo(listeners.plaintext, log);
      await seedSchemaTopics(listeners.plaintext, { glue: glueApi.store, confluent: confluentRegistry.store }, log);
    }
  } catch (err) {
    await confluentRegistry?.stop();
    await glueApi?.stop();
    await mskApi?.stop();
    await secretsApi?.stop();
    await broker.stop();
    rmSync(caDir, { recursive: true, force: true });
    throw err;
  }
  const api = mskApi;
  const secrets = secretsApi;
  const glue = glueApi;
  const registry = confluentRegistry;
  let stopping: Promise<void> | undefined;
  return {
    bootstrap: listeners.plaintext,
    listeners,
    caFile,
    clientCertFile,
    clientKeyFile,
    clientCaFile,
    requireClientCert: options.requireClientCert === true,
    iamCredentials: SANDBOX_IAM_CREDENTIALS,
    secretsEndpoint: secrets.endpoint,
    scramSecretArn: secrets.store.find(SANDBOX_SCRAM_SECRET_NAME).arn,
    mskEndpoint: api.endpoint,
    clusters: api.clusterArns,
    region,
    mskFaultKeys: SANDBOX_FAULT_KEYS,
    glueEndpoint: glue.endpoint,
    registryEndpoint: registry.endpoint,
    broker,
    mskApi: api,
    secretsApi: secrets,
    glueApi: glue,
    confluentRegistry: registry,
    stop() {
      stopping ??= Promise.all([api.stop(), secrets.stop(), glue.stop(), registry.stop(), broker.stop()]).then(() => rmSync(caDir, { recursive: true, force: true }));
      return stopping;
    },
  };
}

/**
 * The sandbox's auth wiring of an emulated cluster: its SCRAM secret (ListScramSecrets) where it has a
 * SCRAM listener, and with requireClientCert, mtls in place of tls (the tls listener then requires a
 * client certificate, so advertising unauthenticated TLS would be untrue).
 */
function withSandboxAuth(c: EmulatedClusterConfig, scramSecretArn: string, requireClientCert: boolean): EmulatedClusterConfig {
  const out: EmulatedClusterConfig = { ...c };
  if (c.type === 'PROVISIONED' && c.listeners.sasl_scram !== undefined) out.scramSecretArns = [scramSecretArn];
  if (requireClientCert && c.listeners.tls !== undefined) {
    const modes = c.authModes ?? MSK_AUTH_MODES.filter((m) => m !== 'mtls' && c.listeners[m] !== undefined);
    out.authModes = modes.map((m) => (m === 'tls' ? 'mtls' : m));
  }
  return out;
}
