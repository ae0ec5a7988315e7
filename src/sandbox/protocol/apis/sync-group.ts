// SyncGroup (key 14), v0-3. v1 adds throttle_time_ms to the answer; v3 adds group_instance_id.
// Followers' answers wait until the leader sends the assignment (see groups/coordinator.ts).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { groupCoordinator, coordinatesHere } from '../../groups/service';

function encode(v: number, errorCode: number, assignment: Buffer): Writer {
  const w = new Writer(64 + assignment.length);
  if (v >= 1) w.int32(0); // throttle_time_ms
  return w.int16(errorCode).bytes(assignment);
}

export const syncGroupHandler: ApiHandler = {
  apiKey: ApiKey.SyncGroup,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx: RequestContext, r: Reader): Writer | Promise<Writer> {
    const v = ctx.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString(); // group_instance_id
    const assignments = r.array((r) => ({ memberId: r.string(), assignment: Buffer.from(r.bytes()) }));

    if (ctx.forcedError !== undefined) return encode(v, ctx.forcedError, Buffer.alloc(0));
    if (!coordinatesHere(ctx, groupId)) return encode(v, ErrorCode.NOT_COORDINATOR, Buffer.alloc(0));
    return new Promise<Writer>((resolve) => {
      groupCoordinator(ctx.cluster).sync({ groupId, generationId, memberId, assignments }, (res) =>
        resolve(encode(v, res.errorCode, res.assignment)),
      );
    });
  },
  errorResponse(version: number, code: number): Writer {
    return encode(version, code, Buffer.alloc(0));
  },
};
