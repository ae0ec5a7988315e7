// DeleteGroups (key 42), v0-1 (v1 only changes how the client treats throttling). Deleting a
// group drops its committed offsets; a group with members is refused with NON_EMPTY_GROUP.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { coordinatesHere, groupCoordinator } from '../../groups/service';

function encode(results: { groupId: string; errorCode: number }[]): Writer {
  const w = new Writer(128);
  w.int32(0); // throttle_time_ms
  w.array(results, (w, x) => w.string(x.groupId).int16(x.errorCode));
  return w;
}

export const deleteGroupsHandler: ApiHandler = {
  apiKey: ApiKey.DeleteGroups,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  handle(ctx: RequestContext, r: Reader): Writer {
    const ids = r.stringArray();
    const coordinator = groupCoordinator(ctx.cluster);
    return encode(
      ids.map((groupId) => {
        if (ctx.forcedError !== undefined) return { groupId, errorCode: ctx.forcedError };
        if (!coordinatesHere(ctx, groupId)) return { groupId, errorCode: ErrorCode.NOT_COORDINATOR };
        return { groupId, errorCode: coordinator.deleteGroup(groupId) };
      }),
    );
  },
  // No top-level error field: a malformed request closes the connection, as in Kafka.
  errorResponse(): null {
    return null;
  },
};
