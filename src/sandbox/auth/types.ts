// Shared types of the sandbox's SASL mechanisms (server side). One SaslSession per connection
// and authentication attempt; the SaslAuthenticate handler (or the v0 raw-token path) feeds it tokens.

/** The SASL mechanisms the sandbox offers, named as on the wire. */
export type SaslMechanismName = 'PLAIN' | 'SCRAM-SHA-512' | 'OAUTHBEARER';
export const SASL_MECHANISMS: readonly SaslMechanismName[] = ['PLAIN', 'SCRAM-SHA-512', 'OAUTHBEARER'];

/** A user for PLAIN and SCRAM-SHA-512. */
export interface SaslUser {
  username: string;
  password: string;
}

export interface SaslStep {
  /** Bytes for the client (the challenge, or the server's final message; may be empty). */
  response: Buffer;
  /** True when the exchange succeeded: the connection is authenticated as `principal`. */
  done: boolean;
  /** Kafka principal, e.g. "User:alice". Set when done. */
  principal?: string;
  /** When the credential used expires (ms since the epoch; an OAUTHBEARER token's expiry): bounds the session. */
  expiresAt?: number;
}

/** One server-side authentication exchange. step() throws SaslAuthError when authentication fails. */
export interface SaslSession {
  readonly mechanism: SaslMechanismName;
  step(token: Buffer): SaslStep;
}

/** Authentication failed (Kafka answers SASL_AUTHENTICATION_FAILED with this message and closes). */
export class SaslAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaslAuthError';
  }
}
