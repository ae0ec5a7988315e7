// MSK IAM: SASL/OAUTHBEARER with tokens from aws-msk-iam-sasl-signer-js (a presigned
// kafka-cluster:Connect URL, SigV4 with the connection's credentials), cached and refreshed before
// they expire, so that KIP-368 re-authentication on a long-lived connection gets a fresh token.
import type { AwsCredentialsProvider as AwsCredentialIdentityProvider } from './types';

type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** The signer's own token lifetime (X-Amz-Expires). */
export const IAM_TOKEN_LIFETIME_MS = 900_000;
/** A token is replaced once this share of its lifetime has passed. */
export const IAM_REFRESH_AT = 0.8;

export interface IamTokenProviderOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** See IamAuth.tokenLifetimeMs. */
  tokenLifetimeMs?: number;
  /** Each newly signed token, so that it can be redacted wherever it might appear. */
  onToken?: (token: string) => void;
  now?: () => number;
}

export interface IamTokenProvider {
  /** kafkajs's oauthBearerProvider. */
  (): Promise<{ value: string }>;
  /** Tokens signed so far (tests, diagnostics). */
  readonly signed: number;
}

export function iamTokenProvider(opts: IamTokenProviderOptions): IamTokenProvider {
  const now = opts.now ?? Date.now;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<{ token: string; refreshAt: number }> | undefined;
  let signed = 0;

  async function sign(): Promise<{ token: string; refreshAt: number }> {
    const start = now();
    let credsExpireAt: number | undefined;
    // The signer derives X-Amz-Expires from `expiration` as (expiration - now) / 1000, a fraction of
    // a second that MSK (and the sandbox) refuse. So it signs with the credentials minus
    // `expiration` (a whole 900 s), and the cache below stops using the token before they expire.
    const withoutExpiration: AwsCredentialIdentityProvider = async (props) => {
      const c: AwsCredentialIdentity = await opts.credentials(props);
      credsExpireAt = c.expiration?.getTime();
      const { expiration: _dropped, ...rest } = c;
      return rest;
    };
    // the signer is in the control-plane chunk (aws.js), with the AWS SDK parts it shares: only IAM connections load it
    const { generateAuthTokenFromCredentialsProvider } = await import('../../aws/index');
    const { token, expiryTime } = await generateAuthTokenFromCredentialsProvider({ region: opts.region, awsCredentialsProvider: withoutExpiration });
    signed++;
    opts.onToken?.(token);
    let expiresAt = Math.min(expiryTime, start + (opts.tokenLifetimeMs ?? IAM_TOKEN_LIFETIME_MS));
    if (credsExpireAt !== undefined) expiresAt = Math.min(expiresAt, credsExpireAt);
    return { token, refreshAt: start + (expiresAt - start) * IAM_REFRESH_AT };
  }

  const provider = async (): Promise<{ value: string }> => {
    if (cached && now() < cached.refreshAt) return { value: cached.token };
    // One signing at a time: every broker connection re-authenticating at once shares it.
    pending ??= sign().finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return { value: cached.token };
  };
  Object.defineProperty(provider, 'signed', { get: () => signed });
  return provider as IamTokenProvider;
}
