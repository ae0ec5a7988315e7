// SaslAuthenticate (key 36), v0-1: carries one SASL token each way for the mechanism chosen by
// SaslHandshake v1. A failure answers SASL_AUTHENTICATION_FAILED with a message and closes the
// connection, as Kafka does. v1 adds session_lifetime_ms (0: no re-authentication required): the
// client must re-authenticate within it (KIP-368), or the server closes the connection.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { SaslAuthError, type SaslSession } from '../../auth/types';
import { completeSasl, SASL_REAUTH_PRINCIPAL, SASL_SESSION } from './sasl-handshake';

function answer(v: number, code: number, message: string | null, bytes: Buffer = Buffer.alloc(0), sessionLifetimeMs = 0): Writer {
  const w = new Writer(64 + bytes.length).int16(code).nullableString(message).bytes(bytes);
  if (v >= 1) w.int64(sessionLifetimeMs);
  return w;
}

export const saslAuthenticateHandler: ApiHandler = {
  apiKey: ApiKey.SaslAuthenticate,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 1,
  allowUnauthenticated: true,
  handle(ctx: RequestContext, r: Reader): Writer {
    const token = r.bytes();
    const { conn } = ctx;
    const session = conn.data.get(SASL_SESSION) as SaslSession | undefined;
    if (ctx.forcedError !== undefined) {
      conn.closeAfterResponse = true;
      return answer(ctx.apiVersion, ctx.forcedError, null);
    }
    if (!session || (conn.authenticated && !conn.data.has(SASL_REAUTH_PRINCIPAL))) {
      conn.closeAfterResponse = true;
      return answer(ctx.apiVersion, ErrorCode.ILLEGAL_SASL_STATE, 'SaslAuthenticate without a SaslHandshake v1 on a SASL listener.');
    }
    try {
      const step = session.step(token);
      const lifetime = step.done ? completeSasl(ctx, session, step) : 0;
      return answer(ctx.apiVersion, ErrorCode.NONE, null, step.response, lifetime);
    } catch (err) {
      if (!(err instanceof SaslAuthError)) throw err;
      conn.data.delete(SASL_SESSION);
      conn.data.delete(SASL_REAUTH_PRINCIPAL);
      conn.closeAfterResponse = true;
      ctx.log(`broker ${ctx.broker.id} (${conn.listener.name}): ${conn.remote} failed ${session.mechanism} authentication: ${err.message}`);
      return answer(ctx.apiVersion, ErrorCode.SASL_AUTHENTICATION_FAILED, err.message);
    }
  },
  errorResponse(version: number, code: number): Writer {
    return answer(version, code, null);
  },
};
