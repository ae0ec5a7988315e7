// SaslHandshake (key 17), v0-1: the client names a SASL mechanism; the answer lists the listener's
// enabled mechanisms. v1: the tokens then travel in SaslAuthenticate requests. v0: the client sends
// bare size-prefixed SASL tokens next (no request header), handled by a raw-token hook in the server.
// Re-authentication (KIP-368): once a session with a lifetime is established, a SaslHandshake v1 with
// the same mechanism starts a new exchange on the same connection; the principal must not change.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { authServiceOf } from '../../auth/service';
import { SaslAuthError, type SaslMechanismName, type SaslSession, type SaslStep } from '../../auth/types';
import { RAW_SASL_TOKEN_HOOK, SASL_SESSION_EXPIRES_AT, type RawSaslTokenHook } from '../../server';

/** conn.data key of the SaslSession a successful handshake starts (SaslAuthenticate continues it). */
export const SASL_SESSION = 'sasl.session';

function answer(code: number, mechanisms: readonly string[]): Writer {
  return new Writer(64).int16(code).stringArray(mechanisms);
}

/** conn.data key set while a re-authentication is under way: the principal it must keep. */
export const SASL_REAUTH_PRINCIPAL = 'sasl.reauthPrincipal';

/**
 * Marks the connection authenticated after a finished exchange and returns session_lifetime_ms (0:
 * no expiry). A re-authentication that names another principal fails instead, as in Kafka.
 */
export function completeSasl(ctx: RequestContext, session: SaslSession, step: SaslStep): number {
  const { conn } = ctx;
  const reauth = conn.data.has(SASL_REAUTH_PRINCIPAL);
  const previous = conn.data.get(SASL_REAUTH_PRINCIPAL) as string | undefined;
  conn.data.delete(SASL_REAUTH_PRINCIPAL);
  conn.data.delete(SASL_SESSION);
  if (reauth && previous !== step.principal) {
    throw new SaslAuthError(`Cannot change principals during re-authentication from ${previous}: ${step.principal}`);
  }
  const auth = authServiceOf(ctx.cluster);
  const lifetime = auth?.sessionLifetimeMs(step) ?? 0;
  // Like Kafka, a session expires when the broker caps it or the credential has an end.
  if (auth && (step.expiresAt !== undefined || auth.connectionsMaxReauthMs > 0)) conn.data.set(SASL_SESSION_EXPIRES_AT, auth.now() + lifetime);
  else conn.data.delete(SASL_SESSION_EXPIRES_AT);
  conn.authenticated = true;
  conn.principal = step.principal;
  const until = conn.data.has(SASL_SESSION_EXPIRES_AT) ? `, session lifetime ${lifetime} ms` : '';
  ctx.log(`broker ${ctx.broker.id} (${conn.listener.name}): ${conn.remote} ${reauth ? 're-authenticated' : 'authenticated'} as ${step.principal} with ${session.mechanism}${until}`);
  return lifetime;
}

/** A session that fails at once: re-authentication must keep the mechanism (Kafka's REAUTH_BAD_MECHANISM). */
function badMechanismSession(asked: string, original: string): SaslSession {
  return {
    mechanism: asked as SaslMechanismName,
    step: () => {
      throw new SaslAuthError(`SASL mechanism '${asked}' requested by client is not supported for re-authentication of mechanism '${original}'`);
    },
  };
}

export const saslHandshakeHandler: ApiHandler = {
  apiKey: ApiKey.SaslHandshake,
  name: 'SaslHandshake',
  minVersion: 0,
  maxVersion: 1,
  allowUnauthenticated: true,
  handle(ctx: RequestContext, r: Reader): Writer {
    const mechanism = r.string();
    const { conn } = ctx;
    const enabled = authServiceOf(ctx.cluster)?.mechanisms(conn.listener.name) ?? [];
    if (ctx.forcedError !== undefined) {
      conn.closeAfterResponse = true;
      return answer(ctx.forcedError, enabled);
    }
    // Re-authentication: only on a session that has a lifetime, with SaslAuthenticate headers (v1).
    const reauth = conn.listener.requiresSasl && conn.authenticated && conn.data.has(SASL_SESSION_EXPIRES_AT) && ctx.apiVersion >= 1 && !conn.data.has(SASL_SESSION);
    // Not a SASL listener, already authenticated (no re-authentication), or a second handshake.
    if (!reauth && (!conn.listener.requiresSasl || conn.authenticated || conn.data.has(SASL_SESSION))) {
      ctx.log(`broker ${ctx.broker.id} (${conn.listener.name}): unexpected SaslHandshake from ${conn.remote}`);
      conn.closeAfterResponse = true;
      return answer(ErrorCode.ILLEGAL_SASL_STATE, enabled);
    }
    const auth = authServiceOf(ctx.cluster);
    if (!auth || !enabled.includes(mechanism as SaslMechanismName)) {
      ctx.log(`broker ${ctx.broker.id} (${conn.listener.name}): ${conn.remote} asked for SASL mechanism "${mechanism}"; enabled: ${enabled.join(', ') || 'none'}`);
      conn.closeAfterResponse = true;
      return answer(ErrorCode.UNSUPPORTED_SASL_MECHANISM, enabled);
    }
    if (reauth) {
      conn.data.set(SASL_REAUTH_PRINCIPAL, conn.principal);
      const session = mechanism === conn.saslMechanism ? auth.startSession(mechanism as SaslMechanismName) : badMechanismSession(mechanism, conn.saslMechanism ?? '');
      conn.data.set(SASL_SESSION, session);
      return answer(ErrorCode.NONE, enabled);
    }
    const session = auth.startSession(mechanism as SaslMechanismName);
    conn.saslMechanism = mechanism;
    conn.data.set(SASL_SESSION, session);
    if (ctx.apiVersion === 0) {
      const hook: RawSaslTokenHook = (token) => {
        try {
          const step = session.step(token);
          if (step.done) {
            conn.data.delete(RAW_SASL_TOKEN_HOOK);
            completeSasl(ctx, session, step);
          }
          return step.response;
        } catch (err) {
          if (!(err instanceof SaslAuthError)) throw err;
          conn.data.delete(RAW_SASL_TOKEN_HOOK);
          conn.data.delete(SASL_SESSION);
          ctx.log(`broker ${ctx.broker.id} (${conn.listener.name}): ${conn.remote} failed ${mechanism} authentication: ${err.message}`);
          return null; // SaslHandshake v0 has no way to report the error: the connection closes.
        }
      };
      conn.data.set(RAW_SASL_TOKEN_HOOK, hook);
    }
    return answer(ErrorCode.NONE, enabled);
  },
  errorResponse(_version: number, code: number): Writer {
    return answer(code, []);
  },
};
