// A connection's auth and tunnel as they are kept: the non-secret parts in settings (msk.connections)
// or the global state (an MSK cluster's chosen mode), the secrets (passwords, passphrases) in VS
// Code's SecretStorage under per-connection keys. buildSpec joins them into the connection
// factory's ConnectionSpec when a cluster opens; openClusterApi opens it, every failure explained
// (the mode named, what to do, secrets redacted).
import * as vscode from 'vscode';
import type { ClusterApi } from './explorer/cluster';
import type { ConnectionAuth, ConnectionSpec, TunnelSpec } from '../kafka/index';
import type { AwsCredentialIdentityProvider } from '../aws/credentials';
import { log } from './log';

type KafkaChunk = typeof import('../kafka/index');
type AwsChunk = typeof import('../aws/index');
let kafkaChunk: Promise<KafkaChunk> | undefined;
let awsChunk: Promise<AwsChunk> | undefined;
export const loadKafka = () => (kafkaChunk ??= import('../kafka/index'));
export const loadAws = () => (awsChunk ??= import('../aws/index'));

export type AuthModeName = ConnectionAuth['mode'];

interface TlsSetting {
  /** A CA to trust in place of the system's (PEM file). */
  caFile?: string;
  /** TLS server name when it differs from the broker host. */
  servername?: string;
}

/** The settings form of a connection's auth: never a secret. */
export type AuthSetting =
  | { mode: 'plaintext' }
  | ({ mode: 'tls' } & TlsSetting)
  | ({ mode: 'mtls'; certFile: string; keyFile: string } & TlsSetting)
  | ({ mode: 'sasl_scram'; username?: string; secretArn?: string; profile?: string } & TlsSetting)
  | ({ mode: 'sasl_iam'; region?: string; profile?: string } & TlsSetting);

/** The settings form of a tunnel: never a secret. */
export type TunnelSetting =
  | { kind: 'ssh'; host: string; port?: number; username: string; privateKeyPath?: string; useAgent?: boolean; knownHostsFile?: string; hostKeyFingerprint?: string }
  | { kind: 'socks5'; host: string; port: number; username?: string };

/** What SecretStorage holds for a connection, one key each. */
export type SecretKind = 'scramPassword' | 'keyPassphrase' | 'sshPassphrase' | 'socksPassword';
export const SECRET_KINDS: readonly SecretKind[] = ['scramPassword', 'keyPassphrase', 'sshPassphrase', 'socksPassword'];

/** The SecretStorage key of one secret of a connection (`connection:<name>`) or an MSK cluster (`cluster:<arn>`). */
export const secretKey = (scope: string, kind: SecretKind) => `msk.${scope}.${kind}`;
export const connectionScope = (name: string) => `connection:${name}`;
export const clusterScope = (arn: string) => `cluster:${arn}`;

export type SecretStore = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete'>;

export async function deleteSecrets(secrets: SecretStore, scope: string): Promise<void> {
  await Promise.all(SECRET_KINDS.map((k) => secrets.delete(secretKey(scope, k))));
}

/** Where the AWS parts come from: an AWS connection's own credentials and the cluster's region. */
export interface AwsContext {
  credentials: AwsCredentialIdentityProvider;
  region: string;
}

/** msk.aws.secretsEndpoint: a Secrets Manager endpoint in place of AWS's (the sandbox's secretsEndpoint). */
function secretsEndpoint(): string | undefined {
  return vscode.workspace.getConfiguration('msk').get<string>('aws.secretsEndpoint')?.trim() || undefined;
}

/** The region of an ARN (arn:aws:<service>:<region>:…). */
export const arnRegion = (arn: string): string | undefined => arn.split(':')[3] || undefined;

/** The region of an MSK broker host name (b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com), if it is one. */
export function regionOfBootstrap(bootstrap: string): string | undefined {
  return /\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com/.exec(bootstrap)?.[1];
}

async function credentialsFor(profile: string | undefined, aws: AwsContext | undefined): Promise<AwsCredentialIdentityProvider> {
  if (aws) return aws.credentials;
  const a = await loadAws();
  return (await a.resolveCredentials({ profile })).provider;
}

/** The connection factory's spec: settings and SecretStorage joined. Nothing of it is stored. */
export async function buildSpec(
  input: { name: string; bootstrap: string; auth?: AuthSetting; tunnel?: TunnelSetting; scope: string; aws?: AwsContext },
  secrets: SecretStore,
): Promise<ConnectionSpec> {
  const secret = (kind: SecretKind) => secrets.get(secretKey(input.scope, kind)).then((v) => v ?? undefined);
  const a = input.auth;
  const tls = a && a.mode !== 'plaintext' ? { ...(a.caFile ? { caFile: a.caFile } : {}), ...(a.servername ? { servername: a.servername } : {}) } : {};
  let auth: ConnectionAuth | undefined;
  switch (a?.mode) {
    case undefined:
    case 'plaintext':
      auth = undefined;
      break;
    case 'tls':
      auth = { mode: 'tls', ...tls };
      break;
    case 'mtls': {
      const passphrase = await secret('keyPassphrase');
      auth = { mode: 'mtls', certFile: a.certFile, keyFile: a.keyFile, ...tls, ...(passphrase !== undefined ? { passphrase } : {}) };
      break;
    }
    case 'sasl_scram': {
      if (a.secretArn) {
        const region = arnRegion(a.secretArn) ?? input.aws?.region;
        if (!region) throw new Error(`The SCRAM secret "${a.secretArn}" is not an ARN with a region: give the secret's full ARN (arn:aws:secretsmanager:<region>:…).`);
        const credentials = await credentialsFor(a.profile, input.aws);
        const endpoint = secretsEndpoint();
        const { scramSecretSource } = await loadAws();
        auth = { mode: 'sasl_scram', ...tls, secret: scramSecretSource(a.secretArn, { region, credentials, ...(endpoint ? { endpoint } : {}) }) };
      } else {
        const password = await secret('scramPassword');
        if (password === undefined) throw new Error(`No SCRAM password is stored for ${input.name}: remove the connection and add it again (passwords live in VS Code's secret storage, not in settings).`);
        auth = { mode: 'sasl_scram', ...tls, username: a.username ?? '', password };
      }
      break;
    }
    case 'sasl_iam': {
      const region = input.aws?.region ?? a.region ?? regionOfBootstrap(input.bootstrap);
      if (!region) throw new Error(`The IAM connection ${input.name} has no region: set "region" in its auth settings (msk.connections).`);
      auth = { mode: 'sasl_iam', region, credentials: await credentialsFor(a.profile, input.aws), ...tls };
      break;
    }
  }
  let tunnel: TunnelSpec | undefined;
  const t = input.tunnel;
  if (t?.kind === 'ssh') {
    const passphrase = await secret('sshPassphrase');
    tunnel = {
      kind: 'ssh', host: t.host, username: t.username, ...(t.port ? { port: t.port } : {}),
      ...(t.privateKeyPath ? { privateKeyPath: t.privateKeyPath } : {}),
      ...(t.useAgent && process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
      ...(t.knownHostsFile ? { knownHostsFile: t.knownHostsFile } : {}),
      ...(t.hostKeyFingerprint ? { hostKeyFingerprint: t.hostKeyFingerprint } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
    };
  } else if (t?.kind === 'socks5') {
    const password = await secret('socksPassword');
    tunnel = { kind: 'socks5', host: t.host, port: t.port, ...(t.username ? { username: t.username } : {}), ...(password !== undefined ? { password } : {}) };
  }
  return { name: input.name, bootstrap: input.bootstrap, ...(auth ? { auth } : {}), ...(tunnel ? { tunnel } : {}) };
}

/** A cluster client for the explorer through the connection factory; its errors name the mode and what to do. */
export async function openClusterApi(spec: ConnectionSpec): Promise<ClusterApi> {
  const k = await loadKafka();
  const redactor = new k.Redactor();
  const explain = (err: unknown) => k.explainConnectionError(err, spec, redactor);
  let kafka;
  try {
    kafka = await k.openKafka(spec, (level, msg) => log()[level](`kafka: ${msg}`), redactor);
  } catch (err) {
    throw explain(err);
  }
  return k.createClusterAdmin(kafka, { explain });
}

/** The mode's name in the UI. */
export const MODE_LABEL: Record<AuthModeName, string> = {
  plaintext: 'Plaintext',
  tls: 'TLS',
  mtls: 'mTLS (client certificate)',
  sasl_scram: 'SASL/SCRAM-SHA-512',
  sasl_iam: 'IAM',
};
