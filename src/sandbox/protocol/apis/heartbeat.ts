// Heartbeat (key 12), v0-3. v1 adds throttle_time_ms to the answer; v3 adds group_instance_id.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { coordinatesHere, groupCoordinator } from '../../groups/service';

function encode(v: number, errorCode: number): Writer {
  const w = new Writer(16);
  if (v >= 1) w.int32(0); // throttle_time_ms
  return w.int16(errorCode);
}

export const heartbeatHandler: ApiHandler = {
  apiKey: ApiKey.Heartbeat,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString(); // group_instance_id
    if (ctx.forcedError !== undefined) return encode(v, ctx.forcedError);
    if (!coordinatesHere(ctx, groupId)) return encode(v, ErrorCode.NOT_COORDINATOR);
    return encode(v, groupCoordinator(ctx.cluster).heartbeat(groupId, memberId, generationId));
  },
  errorResponse(version: number, code: number): Writer {
    return encode(version, code);
  },
};
