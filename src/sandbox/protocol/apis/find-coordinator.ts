// FindCoordinator (key 10), v0-2. v1 adds key_type (0 group, 1 transaction) and, in the answer,
// throttle_time_ms and error_message; v2 only changes how the client treats throttling.
// Group coordinators are spread over the brokers by group id (see groups/service.ts).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { coordinatorIdFor } from '../../groups/service';

const KEY_TYPE_GROUP = 0;
const KEY_TYPE_TRANSACTION = 1;

function answer(v: number, code: number, message: string | null, node?: { id: number; host: string; port: number }): Writer {
  const w = new Writer(64);
  if (v >= 1) w.int32(0); // throttle_time_ms
  w.int16(code);
  if (v >= 1) w.nullableString(message);
  w.int32(node?.id ?? -1).string(node?.host ?? '').int32(node?.port ?? -1);
  return w;
}

export const findCoordinatorHandler: ApiHandler = {
  apiKey: ApiKey.FindCoordinator,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const key = r.string();
    const keyType = v >= 1 ? r.int8() : KEY_TYPE_GROUP;
    if (ctx.forcedError !== undefined) return answer(v, ctx.forcedError, null);
    if (keyType === KEY_TYPE_TRANSACTION) {
      // The sandbox has no transaction coordinator; clients retry this code until they give up.
      return answer(v, ErrorCode.COORDINATOR_NOT_AVAILABLE, 'The sandbox does not support transactions.');
    }
    if (keyType !== KEY_TYPE_GROUP) return answer(v, ErrorCode.INVALID_REQUEST, `Unknown key type ${keyType}.`);
    if (key === '') return answer(v, ErrorCode.INVALID_GROUP_ID, 'The group id is empty.');
    const id = coordinatorIdFor(ctx.cluster, key);
    // On the broker the client is talking to, answer with the very listener it used.
    const node =
      id === ctx.broker.id
        ? { id, host: ctx.conn.listener.host, port: ctx.conn.listener.port }
        : ctx.cluster.endpoint(id, ctx.conn.listener.name);
    if (!node) return answer(v, ErrorCode.COORDINATOR_NOT_AVAILABLE, `Broker ${id} is not available.`);
    return answer(v, ErrorCode.NONE, null, { id, host: node.host, port: node.port });
  },
  errorResponse(version: number, code: number): Writer {
    return answer(version, code, null);
  },
};
