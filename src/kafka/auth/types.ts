// The runtime form of a connection's authentication: what the factory needs to open it. Secrets
// (passwords, passphrases, credential providers) are values here, handed in by the caller from
// SecretStorage or the AWS credential chain; this is not the settings form and is never persisted.
// kafka/ uses core/ only (README, architecture): AWS types come from the signer package, and a
// Secrets Manager read is handed in as a function (src/aws/secrets.ts: scramSecretSource).
import type { GenerateAuthTokenFromCredentialOptions } from 'aws-msk-iam-sasl-signer-js';

/** The same shape as src/aws/credentials.ts's provider. */
export type AwsCredentialsProvider = GenerateAuthTokenFromCredentialOptions['awsCredentialsProvider'];

/** Server-authenticated TLS. Hostname verification always stays on. */
export interface TlsOptions {
  /** PEM file of a CA to trust in place of the system's (a private CA, the sandbox's caFile). */
  caFile?: string;
  /** TLS server name (SNI and the name checked in the certificate), when it differs from the broker host. */
  servername?: string;
}

export interface PlaintextAuth {
  mode: 'plaintext';
}

export interface TlsAuth extends TlsOptions {
  mode: 'tls';
}

export interface MtlsAuth extends TlsOptions {
  mode: 'mtls';
  /** PEM files of the client certificate and its key. */
  certFile: string;
  keyFile: string;
  /** Passphrase of an encrypted key (from SecretStorage). Never logged. */
  passphrase?: string;
}

/** A SCRAM secret in Secrets Manager (a JSON {"username","password"}); src/aws/secrets.ts's scramSecretSource makes one. */
export interface ScramSecretSource {
  /** ARN or name of the secret (MSK requires the AmazonMSK_ prefix), for messages. */
  secretId: string;
  /** Reads it; errors name the secret, never its value. */
  read(): Promise<{ username: string; password: string }>;
}

export interface ScramAuth extends TlsOptions {
  mode: 'sasl_scram';
  /** Typed by the user (SecretStorage) … */
  username?: string;
  password?: string;
  /** … or read from Secrets Manager when the connection opens. */
  secret?: ScramSecretSource;
}

export interface IamAuth extends TlsOptions {
  mode: 'sasl_iam';
  region: string;
  /** The connection's AWS credentials (src/aws/credentials.ts: profile, SSO, assume-role, default chain). */
  credentials: AwsCredentialsProvider;
  /**
   * How long the factory uses one token before it signs a new one (default: the token's own lifetime,
   * 15 min, or less when the credentials expire sooner). Tokens are refreshed at 80% of it.
   */
  tokenLifetimeMs?: number;
}

export type ConnectionAuth = PlaintextAuth | TlsAuth | MtlsAuth | ScramAuth | IamAuth;
export type AuthMode = ConnectionAuth['mode'];

/** How each mode is named in messages. */
export const AUTH_MODE_LABEL: Record<AuthMode, string> = {
  plaintext: 'plaintext',
  tls: 'TLS',
  mtls: 'mTLS',
  sasl_scram: 'SASL/SCRAM-SHA-512',
  sasl_iam: 'IAM (SASL/OAUTHBEARER)',
};
