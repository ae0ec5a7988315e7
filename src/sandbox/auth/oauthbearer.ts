// SASL/OAUTHBEARER (RFC 7628), server side, accepting the tokens aws-msk-iam-sasl-signer-js makes
// for MSK IAM: base64url (no padding) of a SigV4-presigned URL
// https://kafka.<region>.amazonaws.com/?Action=kafka-cluster%3AConnect&X-Amz-...
// checkMskIamToken checks the shape and time window; iam.ts then checks the signature against the
// credentials the sandbox knows.
import { verifyMskIamToken, type IamCredential } from './iam';
import { SaslAuthError, type SaslSession, type SaslStep } from './types';

export interface MskIamTokenInfo {
  accessKeyId: string;
  region: string;
  /** X-Amz-Date. */
  signedAt: Date;
  /** X-Amz-Date + X-Amz-Expires. */
  expiresAt: Date;
  /** True when the URL carries X-Amz-Security-Token (temporary credentials). */
  temporaryCredentials: boolean;
}

export interface TokenCheckOptions {
  /** Current time in ms (default Date.now()). */
  now?: number;
  /** How far X-Amz-Date may lie in the future (default 5 minutes, as SigV4 allows). */
  clockSkewMs?: number;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
/** MSK's signer presigns for at most 15 minutes. */
export const MAX_TOKEN_LIFETIME_SECONDS = 900;

function parseAmzDate(s: string): Date | null {
  const m = AMZ_DATE.exec(s);
  if (!m) return null;
  const [y, mo, d, hh, mm, ss] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, hh, mm, ss);
  const date = new Date(t);
  // Reject dates that Date.UTC silently normalises (month 13, 31 February …).
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || hh > 23 || mm > 59 || ss > 59) return null;
  return date;
}

/**
 * Checks that `token` has the shape of an MSK IAM auth token and is inside its validity window.
 * Throws SaslAuthError naming the first problem found.
 */
export function checkMskIamToken(token: string, opts: TokenCheckOptions = {}): MskIamTokenInfo {
  const bad = (why: string): never => {
    throw new SaslAuthError(`Invalid MSK IAM token: ${why}.`);
  };
  if (token.length === 0) bad('the token is empty');
  if (token.length > 8192) bad('the token is too long');
  if (!BASE64URL.test(token)) bad('it is not base64url without padding (characters A-Z a-z 0-9 - _ only)');
  const text = Buffer.from(token, 'base64url').toString('utf8');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('it does not decode to a URL');
  }
  if (url.protocol !== 'https:') bad(`the URL scheme is "${url.protocol.replace(/:$/, '')}", expected https`);
  const host = /^kafka\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname);
  if (!host || !REGION.test(host[1])) bad(`the host is "${url.hostname}", expected kafka.<region>.amazonaws.com`);
  const region = host![1];
  if (url.port !== '' || url.pathname !== '/' || url.username !== '' || url.hash !== '') bad('the URL must be https://kafka.<region>.amazonaws.com/?<query>');

  const params = new Map<string, string>();
  for (const [k, v] of url.searchParams) {
    if (params.has(k)) bad(`the query parameter ${k} appears twice`);
    params.set(k, v);
  }
  const need = (k: string): string => params.get(k) ?? bad(`the query parameter ${k} is missing`);
  if (need('Action') !== 'kafka-cluster:Connect') bad(`Action is "${params.get('Action')}", expected kafka-cluster:Connect`);
  if (need('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') bad(`X-Amz-Algorithm is "${params.get('X-Amz-Algorithm')}", expected AWS4-HMAC-SHA256`);

  const amzDate = need('X-Amz-Date');
  const signedAt = parseAmzDate(amzDate) ?? bad(`X-Amz-Date "${amzDate}" is not a yyyymmddThhmmssZ date`);

  const scope = need('X-Amz-Credential').split('/');
  if (scope.length !== 5) bad('X-Amz-Credential must be <access key id>/<yyyymmdd>/<region>/kafka-cluster/aws4_request');
  const [accessKeyId, scopeDate, scopeRegion, service, terminator] = scope;
  if (!ACCESS_KEY_ID.test(accessKeyId)) bad('the access key id in X-Amz-Credential is malformed');
  if (scopeDate !== amzDate.slice(0, 8)) bad(`the credential scope date ${scopeDate} does not match X-Amz-Date ${amzDate}`);
  if (scopeRegion !== region) bad(`the credential scope region ${scopeRegion} does not match the host's region ${region}`);
  if (service !== 'kafka-cluster') bad(`the credential scope service is "${service}", expected kafka-cluster`);
  if (terminator !== 'aws4_request') bad('the credential scope must end with aws4_request');

  const expiresText = need('X-Amz-Expires');
  const expires = /^\d{1,6}$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 1 && expires <= MAX_TOKEN_LIFETIME_SECONDS)) bad(`X-Amz-Expires "${expiresText}" must be a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`);
  const signedHeaders = need('X-Amz-SignedHeaders').split(';');
  if (!signedHeaders.includes('host')) bad('X-Amz-SignedHeaders must include host');
  if (!SIGNATURE.test(need('X-Amz-Signature'))) bad('X-Amz-Signature must be 64 lowercase hex digits');

  const now = opts.now ?? Date.now();
  const skew = opts.clockSkewMs ?? 5 * 60_000;
  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  if (signedAt.getTime() > now + skew) bad(`it was signed in the future (X-Amz-Date ${amzDate})`);
  if (now >= expiresAt.getTime()) bad(`it expired at ${expiresAt.toISOString()}`);
  return { accessKeyId, region, signedAt, expiresAt, temporaryCredentials: params.has('X-Amz-Security-Token') };
}

/** Splits the RFC 7628 client message "gs2-header \x01 key=value \x01 … \x01\x01"; returns the bearer token. */
export function parseOAuthBearerMessage(msg: string): { token: string; authzid: string; extensions: Map<string, string> } {
  const bad = (why: string): never => {
    throw new SaslAuthError(`Invalid OAUTHBEARER message: ${why}.`);
  };
  // eslint-disable-next-line no-control-regex -- \x01 is the field separator of RFC 7628's message
  const m = /^([ny]),(a=[^,]*)?,\x01(.*)\x01\x01$/s.exec(msg);
  if (!m) return bad('expected "n,,\\x01auth=Bearer <token>\\x01\\x01"');
  const extensions = new Map<string, string>();
  let token: string | undefined;
  for (const kv of m[3].split('\x01')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) bad(`malformed key/value "${kv}"`);
    const key = kv.slice(0, eq);
    const value = kv.slice(eq + 1);
    if (key === 'auth') {
      const bearer = /^Bearer +(\S+)$/i.exec(value);
      if (!bearer) bad('the auth value must be "Bearer <token>"');
      token = bearer![1];
    } else {
      extensions.set(key, value);
    }
  }
  if (token === undefined) return bad('no auth=Bearer value');
  return { token, authzid: m[2] ? m[2].slice(2) : '', extensions };
}

export interface OAuthBearerOptions {
  /** The credentials whose signatures are accepted. */
  credentials: readonly IamCredential[];
  /** The cluster's region (tokens for another region are refused). */
  region: string;
  now?: () => number;
  clockSkewMs?: number;
}

export class OAuthBearerAuthenticator {
  constructor(private readonly opts: OAuthBearerOptions) {}

  session(): SaslSession {
    return { mechanism: 'OAUTHBEARER', step: (token) => this.verify(token) };
  }

  verify(raw: Buffer): SaslStep {
    const { token, authzid } = parseOAuthBearerMessage(raw.toString('utf8'));
    const info = verifyMskIamToken(token, { credentials: this.opts.credentials, region: this.opts.region, now: this.opts.now?.(), clockSkewMs: this.opts.clockSkewMs });
    if (authzid !== '' && authzid !== info.accessKeyId) {
      throw new SaslAuthError(`Authentication failed: the authorization id "${authzid}" differs from the token's access key id.`);
    }
    // The token's expiry is the credential's lifetime: it bounds the session (KIP-368), as in Kafka.
    return { response: Buffer.alloc(0), done: true, principal: info.principal, expiresAt: info.expiresAt.getTime() };
  }
}
