// MSK IAM token verification: the token is a SigV4-presigned URL (see oauthbearer.ts for its shape).
// Verifying it means recomputing the query-string signature with the secret key of the access key id
// in X-Amz-Credential, as the IAM service behind MSK does. The sandbox knows a few credentials of its
// own (SANDBOX_IAM_CREDENTIALS, printed by `msk-tools sandbox`); a token signed with any other key, for
// another region, or altered after signing is refused with a SASL authentication error.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { checkMskIamToken, type MskIamTokenInfo, type TokenCheckOptions } from './oauthbearer';
import { SaslAuthError } from './types';

export interface IamCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for temporary (STS) credentials: the token must carry it as X-Amz-Security-Token. */
  sessionToken?: string;
  /** When temporary credentials stop working (ms since the epoch); tokens signed with them fail after. */
  expiresAt?: number;
  /** The Kafka principal a connection authenticated with this key gets (default User:<access key id>). */
  principal?: string;
}

/**
 * The sandbox's IAM identities: a long-term user key and temporary role credentials. A local sandbox
 * only: these are printed by `msk-tools sandbox` and are worth nothing anywhere else.
 */
export const SANDBOX_IAM_CREDENTIALS = {
  user: {
    accessKeyId: 'AKIAMSKSANDBOXUSER01',
    secretAccessKey: 'msk-sandbox/IAM-secret-key/local-only/000',
    principal: 'User:arn:aws:iam::123456789012:user/msk-sandbox',
  },
  role: {
    accessKeyId: 'ASIAMSKSANDBOXROLE01',
    secretAccessKey: 'msk-sandbox/IAM-role-secret/local-only/00',
    sessionToken: 'msk-sandbox-session-token/local-only',
    principal: 'User:arn:aws:sts::123456789012:assumed-role/msk-sandbox-role/msk-sandbox-session',
  },
} as const satisfies Record<string, IamCredential>;

export interface IamVerifyOptions extends TokenCheckOptions {
  credentials: readonly IamCredential[];
  /** The cluster's region: tokens must be signed for kafka.<region>.amazonaws.com. */
  region: string;
}

export interface VerifiedIamToken extends MskIamTokenInfo {
  principal: string;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XX (upper case). */
function sigv4Encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * The SigV4 signature of a presigned GET https://<host>/?<query> signing only the host header, over
 * every query parameter but X-Amz-Signature and User-Agent (the MSK signer adds User-Agent after
 * signing). Exported for tests, which sign tokens of their own with it.
 */
export function presignedSignature(host: string, params: ReadonlyMap<string, string>, secretAccessKey: string): string {
  const canonicalQuery = [...params]
    .filter(([k]) => k !== 'X-Amz-Signature' && k !== 'User-Agent')
    .map(([k, v]) => [sigv4Encode(k), sigv4Encode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}`, '', 'host', EMPTY_SHA256].join('\n');
  const amzDate = params.get('X-Amz-Date') ?? '';
  const [, date, region, service] = (params.get('X-Amz-Credential') ?? '').split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
}

/**
 * Checks the token's shape and validity window (checkMskIamToken), then who signed it: a key the
 * sandbox knows, for this region, with a matching session token, and a signature that matches.
 * Throws SaslAuthError naming the first problem, with what to do about it.
 */
export function verifyMskIamToken(token: string, opts: IamVerifyOptions): VerifiedIamToken {
  const info = checkMskIamToken(token, opts);
  const bad = (why: string): never => {
    throw new SaslAuthError(`Invalid MSK IAM token: ${why}.`);
  };
  if (info.region !== opts.region) bad(`it is signed for region ${info.region}, but this cluster is in ${opts.region}; sign tokens for ${opts.region}`);
  const cred = opts.credentials.find((c) => c.accessKeyId === info.accessKeyId);
  if (!cred) bad(`the access key id ${info.accessKeyId} is not known to this cluster; sign with the iamCredentials that msk-tools sandbox prints`);
  const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
  const params = new Map(url.searchParams);
  if (params.get('X-Amz-SignedHeaders') !== 'host') bad('X-Amz-SignedHeaders must be "host" (the MSK signer signs only the host)');
  const sessionToken = params.get('X-Amz-Security-Token');
  if (cred!.sessionToken === undefined && sessionToken !== undefined) bad(`X-Amz-Security-Token is set, but ${info.accessKeyId} is a long-term access key`);
  if (cred!.sessionToken !== undefined && sessionToken === undefined) bad(`${info.accessKeyId} is a temporary access key: the token needs its session token (X-Amz-Security-Token)`);
  const expected = Buffer.from(presignedSignature(url.hostname, params, cred!.secretAccessKey), 'utf8');
  const given = Buffer.from(params.get('X-Amz-Signature')!, 'utf8');
  // Same length is guaranteed by checkMskIamToken (64 hex digits); compare in constant time.
  if (!timingSafeEqual(expected, given)) bad('the signature does not match (the token was altered, or signed with another secret key)');
  if (cred!.sessionToken !== undefined && !timingSafeEqual(createHash('sha256').update(sessionToken!).digest(), createHash('sha256').update(cred!.sessionToken).digest())) {
    bad('the session token is not the one issued with this access key');
  }
  const now = opts.now ?? Date.now();
  if (cred!.expiresAt !== undefined && now >= cred!.expiresAt) bad(`the temporary credentials ${info.accessKeyId} expired at ${new Date(cred!.expiresAt).toISOString()}; get new ones`);
  return { ...info, principal: cred!.principal ?? `User:${info.accessKeyId}` };
}
