// SaslHandshake (key 17), v0-1: the client names a SASL mechanism; the answer lists the listener's
// enabled mechanisms. v1: the tokens then travel in SaslAuthenticate requests. v0: the client sends
// bare size-prefixed SASL tokens next (no request header), handled by a raw-token hook in the server.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { authServiceOf } from '../../auth/service';
import { SaslAuthError, type SaslMechanismName, type SaslSession } from '../../auth/types';
import { RAW_SASL_TOKEN_HOOK, type RawSaslTokenHook } from '../../server';

/** conn.data key of the SaslSession a successful handshake starts (SaslAuthenticate continues it). */
export const SASL_SESSION = 'sasl.session';

function answer(code: number, mechanisms: readonly string[]): Writer {
  return new Writer(64).int16(code).stringArray(mechanisms);
}

/** Marks the connection authenticated after a finished exchange. */
export function completeSasl(ctx: RequestContext, session: SaslSession, principal: string | undefined): void {
  ctx.conn.authenticated = true;
  ctx.conn.principal = principal;
  ctx.conn.data.delete(SASL_SESSION);
  ctx.log(`broker ${ctx.broker.id} (${ctx.conn.listener.name}): ${ctx.conn.remote} authenticated as ${principal} with ${session.mechanism}`);
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
    // Not a SASL listener, already authenticated (no re-authentication), or a second handshake.
    if (!conn.listener.requiresSasl || conn.authenticated || conn.data.has(SASL_SESSION)) {
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
    const session = auth.startSession(mechanism as SaslMechanismName);
    conn.saslMechanism = mechanism;
    conn.data.set(SASL_SESSION, session);
    if (ctx.apiVersion === 0) {
      const hook: RawSaslTokenHook = (token) => {
        try {
          const step = session.step(token);
          if (step.done) {
            conn.data.delete(RAW_SASL_TOKEN_HOOK);
            completeSasl(ctx, session, step.principal);
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
