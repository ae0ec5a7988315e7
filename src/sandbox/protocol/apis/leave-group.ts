// LeaveGroup (key 13), v0-3. v1 adds throttle_time_ms to the answer; v3 leaves several members
// at once (a list of member_id/group_instance_id) and answers with an error per member.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { coordinatesHere, groupCoordinator } from '../../groups/service';

interface Leaving {
  memberId: string;
  groupInstanceId: string | null;
}

function encode(v: number, errorCode: number, members: (Leaving & { errorCode: number })[]): Writer {
  const w = new Writer(64);
  if (v >= 1) w.int32(0); // throttle_time_ms
  w.int16(errorCode);
  if (v >= 3) {
    w.array(members, (w, m) => w.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode));
  }
  return w;
}

export const leaveGroupHandler: ApiHandler = {
  apiKey: ApiKey.LeaveGroup,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const groupId = r.string();
    const leaving: Leaving[] =
      v >= 3 ? r.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() })) : [{ memberId: r.string(), groupInstanceId: null }];

    const groupError = ctx.forcedError ?? (coordinatesHere(ctx, groupId) ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR);
    if (groupError !== ErrorCode.NONE) {
      return encode(v, groupError, v >= 3 && ctx.forcedError !== undefined ? leaving.map((m) => ({ ...m, errorCode: groupError })) : []);
    }
    const codes = groupCoordinator(ctx.cluster).leave(groupId, leaving.map((m) => m.memberId));
    if (v < 3) return encode(v, codes[0], []);
    return encode(v, ErrorCode.NONE, leaving.map((m, i) => ({ ...m, errorCode: codes[i] })));
  },
  errorResponse(version: number, code: number): Writer {
    return encode(version, code, []);
  },
};
