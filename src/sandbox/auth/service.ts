// The auth state of one sandbox cluster, attached as the cluster service 'auth': which mechanisms
// each listener offers, and the authenticators (user table, SCRAM credentials, token checker).
import type { Cluster } from '../cluster';
import type { ResolvedListener } from './listeners';
import { OAuthBearerAuthenticator } from './oauthbearer';
import { PlainAuthenticator } from './plain';
import { ScramAuthenticator } from './scram';
import type { SaslMechanismName, SaslSession, SaslUser } from './types';

export const AUTH_SERVICE = 'auth';

export interface AuthOptions {
  listeners: readonly ResolvedListener[];
  users?: readonly SaslUser[];
  /** Clock for token expiry checks (tests). */
  now?: () => number;
}

export class AuthService {
  private readonly byListener = new Map<string, readonly SaslMechanismName[]>();
  private readonly plain: PlainAuthenticator;
  private readonly scram: ScramAuthenticator;
  private readonly oauth: OAuthBearerAuthenticator;

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
    this.oauth = new OAuthBearerAuthenticator({ now: opts.now });
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
