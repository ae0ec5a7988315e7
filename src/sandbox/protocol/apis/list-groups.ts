// ListGroups (key 16), v0-2. v1 adds throttle_time_ms. Each broker lists only the groups it
// coordinates: clients (kafkajs admin.listGroups) ask every broker and concatenate.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { coordinatesHere, groupCoordinator } from '../../groups/service';

function encode(v: number, errorCode: number, groups: { groupId: string; protocolType: string }[]): Writer {
  const w = new Writer(128);
  if (v >= 1) w.int32(0); // throttle_time_ms
  w.int16(errorCode);
  w.array(groups, (w, g) => w.string(g.groupId).string(g.protocolType));
  return w;
}

export const listGroupsHandler: ApiHandler = {
  apiKey: ApiKey.ListGroups,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(ctx: RequestContext, _r: Reader): Writer {
    const v = ctx.apiVersion;
    if (ctx.forcedError !== undefined) return encode(v, ctx.forcedError, []);
    const groups = groupCoordinator(ctx.cluster)
      .listGroups()
      .filter((g) => coordinatesHere(ctx, g.groupId));
    return encode(v, ErrorCode.NONE, groups);
  },
  errorResponse(version: number, code: number): Writer {
    return encode(version, code, []);
  },
};
