// DescribeGroups (key 15), v0-4. v1 adds throttle_time_ms; v3 asks for authorized operations
// (reported as "not provided", -2^31); v4 adds group_instance_id per member. A group nobody
// knows is described as state "Dead" with no error, as Kafka does.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import type { GroupDescription } from '../../groups/coordinator';
import { coordinatesHere, groupCoordinator } from '../../groups/service';

const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

function encode(v: number, groups: (GroupDescription & { errorCode: number })[]): Writer {
  const w = new Writer(512);
  if (v >= 1) w.int32(0); // throttle_time_ms
  w.array(groups, (w, g) => {
    w.int16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocolData);
    w.array(g.members, (w, m) => {
      w.string(m.memberId);
      if (v >= 4) w.nullableString(m.groupInstanceId);
      w.string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
    });
    if (v >= 3) w.int32(AUTHORIZED_OPERATIONS_OMITTED);
  });
  return w;
}

function failed(groupId: string, errorCode: number): GroupDescription & { errorCode: number } {
  return { groupId, errorCode, state: '' as GroupDescription['state'], protocolType: '', protocolData: '', members: [] };
}

export const describeGroupsHandler: ApiHandler = {
  apiKey: ApiKey.DescribeGroups,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 4,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const ids = r.stringArray();
    if (v >= 3) r.bool(); // include_authorized_operations
    const coordinator = groupCoordinator(ctx.cluster);
    return encode(
      v,
      ids.map((id) => {
        if (ctx.forcedError !== undefined) return failed(id, ctx.forcedError);
        if (!coordinatesHere(ctx, id)) return failed(id, ErrorCode.NOT_COORDINATOR);
        return { ...coordinator.describe(id), errorCode: ErrorCode.NONE };
      }),
    );
  },
  // No top-level error field: a malformed request closes the connection, as in Kafka.
  errorResponse(): null {
    return null;
  },
};
