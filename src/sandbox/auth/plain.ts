// SASL/PLAIN (RFC 4616), server side: one message "authzid NUL authcid NUL passwd", checked against
// the configured user table. An authorization id, when given, must equal the user name (as in Kafka).
import { createHash, timingSafeEqual } from 'node:crypto';
import { SaslAuthError, type SaslSession, type SaslStep, type SaslUser } from './types';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export class PlainAuthenticator {
  private readonly passwords = new Map<string, Buffer>();

  constructor(users: readonly SaslUser[]) {
    for (const u of users) this.passwords.set(u.username, digest(u.password));
  }

  session(): SaslSession {
    return {
      mechanism: 'PLAIN',
      step: (token) => this.verify(token),
    };
  }

  verify(token: Buffer): SaslStep {
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) throw new SaslAuthError('Invalid SASL/PLAIN message: expected "authzid\\0username\\0password".');
    const [authzid, username, password] = parts;
    if (username === '') throw new SaslAuthError('Invalid SASL/PLAIN message: the username is empty.');
    if (authzid !== '' && authzid !== username) {
      throw new SaslAuthError(`Authentication failed: the authorization id "${authzid}" differs from the username.`);
    }
    const expected = this.passwords.get(username);
    const ok = expected !== undefined && timingSafeEqual(expected, digest(password));
    if (!ok) throw new SaslAuthError('Authentication failed: invalid username or password (SASL/PLAIN).');
    return { response: Buffer.alloc(0), done: true, principal: `User:${username}` };
  }
}
