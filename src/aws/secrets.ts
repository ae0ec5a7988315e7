// SASL/SCRAM credentials from Secrets Manager (MSK's AmazonMSK_ secrets: a JSON
// {"username","password"}), and the secrets associated with an MSK cluster (ListScramSecrets).
// Errors name the secret and what to do; they never carry the secret's value.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { KafkaClient, paginateListScramSecrets } from '@aws-sdk/client-kafka';
import type { AwsCredentialIdentityProvider } from './credentials';

export interface SecretsOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** An emulator or another endpoint (the sandbox's secretsEndpoint / mskEndpoint). */
  endpoint?: string;
}

export interface ScramCredentials {
  username: string;
  password: string;
}

export class SecretError extends Error {
  override name = 'SecretError';
}

/** Reads and checks a SCRAM secret; throws SecretError naming the secret (never its value). */
export async function getScramCredentials(secretId: string, opts: SecretsOptions): Promise<ScramCredentials> {
  const client = new SecretsManagerClient({ region: opts.region, credentials: opts.credentials, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}), maxAttempts: 2 });
  let text: string | undefined;
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    text = out.SecretString;
  } catch (err) {
    const e = err as Error;
    // The SDK's message is the service's ("Secrets Manager can't find the specified secret.") and holds no value.
    throw new SecretError(`Cannot read the SCRAM secret ${secretId} from Secrets Manager (${e.name}: ${e.message}). Check the secret's ARN or name, the region and that your credentials may call secretsmanager:GetSecretValue (and kms:Decrypt for its key).`);
  } finally {
    client.destroy();
  }
  return parseScramSecret(secretId, text);
}

export function parseScramSecret(secretId: string, text: string | undefined): ScramCredentials {
  if (text === undefined) {
    throw new SecretError(`The secret ${secretId} has no SecretString: MSK SCRAM secrets are JSON text {"username": …, "password": …}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text, which is the secret.
    throw new SecretError(`The secret ${secretId} is not valid JSON: MSK SCRAM secrets are {"username": …, "password": …}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SecretError(`The secret ${secretId} is not a JSON object: MSK SCRAM secrets are {"username": …, "password": …}.`);
  }
  const o = value as Record<string, unknown>;
  for (const key of ['username', 'password'] as const) {
    if (typeof o[key] !== 'string' || o[key] === '') {
      throw new SecretError(`The secret ${secretId} has no "${key}" string: MSK SCRAM secrets are {"username": …, "password": …}.`);
    }
  }
  return { username: o.username as string, password: o.password as string };
}

/** A SCRAM auth's `secret` (src/kafka/auth/types.ts ScramSecretSource): read when the connection opens. */
export function scramSecretSource(secretId: string, opts: SecretsOptions): { secretId: string; read(): Promise<ScramCredentials> } {
  return { secretId, read: () => getScramCredentials(secretId, opts) };
}

/** ARNs of the Secrets Manager secrets associated with an MSK cluster for SASL/SCRAM. */
export async function listScramSecrets(clusterArn: string, opts: SecretsOptions): Promise<string[]> {
  const client = new KafkaClient({ region: opts.region, credentials: opts.credentials, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}), maxAttempts: 2 });
  try {
    const arns: string[] = [];
    for await (const page of paginateListScramSecrets({ client }, { ClusterArn: clusterArn })) arns.push(...(page.SecretArnList ?? []));
    return arns;
  } finally {
    client.destroy();
  }
}
