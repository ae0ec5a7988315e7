// The auth state of one sandbox cluster, attached as the cluster service 'auth': which mechanisms
// each listener offers, the authenticators (user table, SCRAM credentials, IAM token verifier), and
// how long an authenticated session lasts before the client must re-authenticate (KIP-368).
import type { Cluster } from '../cluster';
import { SANDBOX_IAM_CREDENTIALS, type IamCredential } from './iam';
import type { ResolvedListener } from './listeners';
import { OAuthBearerAuthenticator } from './oauthbearer';
import { PlainAuthenticator } from './plain';
import { ScramAuthenticator } from './scram';
import type { SaslMechanismName, SaslSession, SaslStep, SaslUser } from './types';

export const AUTH_SERVICE = 'auth';

export interface AuthOptions {
  listeners: readonly ResolvedListener[];
  users?: readonly SaslUser[];
  /** Credentials whose MSK IAM tokens the OAUTHBEARER listener accepts (default SANDBOX_IAM_CREDENTIALS). */
  iamCredentials?: readonly IamCredential[];
  /** The cluster's region: IAM tokens must be signed for it (default us-east-1). */
  region?: string;
  /**
   * Kafka's connections.max.reauth.ms: an authenticated session lasts at most this long; the client
   * must re-authenticate (KIP-368) or its connection is closed. 0 (the default, as in Kafka): no
   * limit from the broker, though an OAUTHBEARER session still ends when its token expires.
   */
  connectionsMaxReauthMs?: number;
  /** Clock for token expiry checks (tests). */
  now?: () => number;
}

export class AuthService {
  private readonly byListener = new Map<string, readonly SaslMechanismName[]>();
  private readonly plain: PlainAuthenticator;
  private readonly scram: ScramAuthenticator;
  private readonly oauth: OAuthBearerAuthenticator;
  readonly connectionsMaxReauthMs: number;
  readonly now: () => number;

  constructor(opts: AuthOptions) {
    for (const l of opts.listeners) this.byListener.set(l.name, l.mechanisms);
    const users = opts.users ?? [];
    for (const u of users) {
      if (typeof u.username !== 'string' || u.username === '' || typeof u.password !== 'string') throw new Error('users: each user needs a non-empty username and a password');
    }
    const needs = (m: SaslMechanismName) => opts.listeners.some((l) => l.mechanisms.includes(m));
    this.plain = new PlainAuthenticator(needs('PLAIN') ? users : []);
    // Derives each user's salted password once (PBKDF2, 4096 rounds), only when SCRAM is offered.
    this.scram = new ScramAuthenticator(needs('SCRAM-SHA-512') ? users : []);
    const reauth = opts.connectionsMaxReauthMs ?? 0;
    if (!Number.isInteger(reauth) || reauth < 0 || reauth > 2 ** 31 - 1) throw new Error(`connectionsMaxReauthMs must be a whole number from 0 to ${2 ** 31 - 1}, got ${reauth}`);
    this.connectionsMaxReauthMs = reauth;
    this.now = opts.now ?? Date.now;
    const iamCredentials = opts.iamCredentials ?? Object.values(SANDBOX_IAM_CREDENTIALS);
    for (const c of iamCredentials) {
      if (!/^[A-Z0-9]{16,128}$/.test(c.accessKeyId ?? '') || typeof c.secretAccessKey !== 'string' || c.secretAccessKey === '') {
        throw new Error('iamCredentials: each needs an access key id (16-128 upper-case letters and digits) and a secret access key');
      }
    }
    this.oauth = new OAuthBearerAuthenticator({ credentials: iamCredentials, region: opts.region ?? 'us-east-1', now: this.now });
  }

  /**
   * session_lifetime_ms for a finished exchange, as Kafka computes it: the credential's remaining
   * lifetime (an OAUTHBEARER token's expiry), capped by connections.max.reauth.ms when that is set;
   * 0 when neither applies (the session never expires).
   */
  sessionLifetimeMs(step: SaslStep, now = this.now()): number {
    const max = this.connectionsMaxReauthMs;
    if (step.expiresAt === undefined) return max;
    const left = Math.max(0, step.expiresAt - now);
    return max > 0 ? Math.min(left, max) : left;
  }

  /** Mechanisms offered on a listener (none on a non-SASL or unknown listener). */
  mechanisms(listenerName: string): readonly SaslMechanismName[] {
    return this.byListener.get(listenerName) ?? [];
  }

  startSession(mechanism: SaslMechanismName): SaslSession {
    switch (mechanism) {
      case 'PLAIN': return this.plain.session();
      case 'SCRAM-SHA-512': return this.scram.session();
      case 'OAUTHBEARER': return this.oauth.session();
    }
  }
}

export function authServiceOf(cluster: Cluster): AuthService | undefined {
  return cluster.services.get(AUTH_SERVICE) as AuthService | undefined;
}
