// The kafkajs `ssl` and `sasl` settings of each auth mode, and errors that name the mode and what
// to do. A SCRAM secret in Secrets Manager is read by resolveAuth before the client is built.
import type { SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { iamTokenProvider } from './iam';
import { Redactor } from './redact';
import { mtlsConfig, tlsConfig } from './tls';
import { AUTH_MODE_LABEL, type ConnectionAuth, type ScramAuth } from './types';

export type { ConnectionAuth, AuthMode, TlsAuth, MtlsAuth, ScramAuth, IamAuth, PlaintextAuth, ScramSecretSource, AwsCredentialsProvider } from './types';
export { AUTH_MODE_LABEL } from './types';
export { Redactor, REDACTED } from './redact';
export { iamTokenProvider, IAM_TOKEN_LIFETIME_MS, IAM_REFRESH_AT, type IamTokenProvider } from './iam';

export interface KafkaAuthConfig {
  ssl?: ConnectionOptions;
  sasl?: SASLOptions;
}

/** Registers the secrets an auth carries with the redactor. */
export function rememberSecrets(auth: ConnectionAuth | undefined, redactor: Redactor): void {
  if (auth?.mode === 'mtls') redactor.add(auth.passphrase);
  if (auth?.mode === 'sasl_scram') redactor.add(auth.password);
}

/** kafkajs settings for one auth mode. A SCRAM auth must carry its username and password (see resolveAuth). */
export function kafkaAuthConfig(auth: ConnectionAuth | undefined, redactor: Redactor): KafkaAuthConfig {
  rememberSecrets(auth, redactor);
  switch (auth?.mode ?? 'plaintext') {
    case 'plaintext':
      return {};
    case 'tls':
      return { ssl: tlsConfig(auth as Extract<ConnectionAuth, { mode: 'tls' }>) };
    case 'mtls':
      return { ssl: mtlsConfig(auth as Extract<ConnectionAuth, { mode: 'mtls' }>) };
    case 'sasl_scram': {
      const a = auth as ScramAuth;
      if (a.username === undefined || a.password === undefined) {
        throw new Error(a.secret
          ? `The SCRAM secret ${a.secret.secretId} has not been read yet: open the connection with openKafka, which reads it from Secrets Manager.`
          : 'A SASL/SCRAM connection needs a username and password, or a Secrets Manager secret: set them in the connection.');
      }
      return { ssl: tlsConfig(a), sasl: { mechanism: 'scram-sha-512', username: a.username, password: a.password } };
    }
    case 'sasl_iam': {
      const a = auth as Extract<ConnectionAuth, { mode: 'sasl_iam' }>;
      const provider = iamTokenProvider({ region: a.region, credentials: a.credentials, tokenLifetimeMs: a.tokenLifetimeMs, onToken: (t) => redactor.add(t) });
      return { ssl: tlsConfig(a), sasl: { mechanism: 'oauthbearer', oauthBearerProvider: provider } };
    }
  }
}

/** Reads a SCRAM secret from Secrets Manager into the auth; other auths are returned as they are. */
export async function resolveAuth(auth: ConnectionAuth | undefined): Promise<ConnectionAuth | undefined> {
  if (auth?.mode !== 'sasl_scram' || !auth.secret || (auth.username !== undefined && auth.password !== undefined)) return auth;
  const { username, password } = await auth.secret.read();
  return { ...auth, username, password };
}

/** What to check, per mode, when the broker refuses the client. */
const AUTH_HINT: Record<ConnectionAuth['mode'], string> = {
  plaintext: 'If the cluster does not accept plaintext, choose the auth mode its port expects (TLS 9094, SCRAM 9096, IAM 9098).',
  tls: 'Check the port (MSK TLS: 9094) and, for a private CA, the CA file; if the cluster requires a client certificate, use mTLS.',
  mtls: 'Check that the client certificate and key match and are signed by a CA the cluster trusts, and the port (MSK: 9094).',
  sasl_scram: 'Check the username and password (or the Secrets Manager secret), that the secret is associated with the cluster, and the port (MSK SCRAM: 9096).',
  sasl_iam: "Check that the connection's AWS credentials are valid and current (refresh the profile's keys, or run `aws sso login`), that the region is the cluster's, that the IAM policy allows kafka-cluster:Connect, and the port (MSK IAM: 9098).",
};

const TLS_FAILURE = /certificate|self[- ]signed|SSL|TLS|handshake|altnames|unable to verify|ECONNRESET|Closed connection/i;

/**
 * A failure to connect or authenticate, as an error that names the auth mode and what to do next.
 * The message is redacted; errors that are not about connecting pass through unchanged.
 */
export function explainAuthError(err: unknown, auth: ConnectionAuth | undefined, redactor?: Redactor): Error {
  const mode = auth?.mode ?? 'plaintext';
  const e = err instanceof Error ? err : new Error(String(err));
  const isSasl = e.name === 'KafkaJSSASLAuthenticationError' || /SASL .*authentication failed/i.test(e.message);
  const isConnection = e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSNonRetriableError' || e.name === 'KafkaJSConnectionClosedError' || TLS_FAILURE.test(e.message);
  if (!isSasl && !isConnection) return redactor ? redactor.redactError(e) : e;
  const what = isSasl ? 'authentication failed' : 'connection failed';
  const out = new Error(`${AUTH_MODE_LABEL[mode]} ${what}: ${e.message.replace(/[.\s]+$/, '')}. ${AUTH_HINT[mode]}`);
  out.name = isSasl ? 'KafkaAuthenticationError' : 'KafkaConnectionError';
  return redactor ? redactor.redactError(out) : out;
}
