// JoinGroup (key 11), v0-5. v1 adds rebalance_timeout_ms; v2 adds throttle_time_ms to the answer;
// v4 means "a first join gets MEMBER_ID_REQUIRED and an id to rejoin with"; v5 adds
// group_instance_id (accepted, but static membership is not modelled). The answer is deferred
// until the group's join barrier completes (see groups/coordinator.ts).
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import type { JoinResult } from '../../groups/coordinator';
import { clientHostOf, coordinatesHere, groupCoordinator } from '../../groups/service';

function encode(v: number, res: JoinResult): Writer {
  const w = new Writer(256);
  if (v >= 2) w.int32(0); // throttle_time_ms
  w.int16(res.errorCode).int32(res.generationId);
  w.string(res.protocolName ?? '').string(res.leader).string(res.memberId);
  w.array(res.members, (w, m) => {
    w.string(m.memberId);
    if (v >= 5) w.nullableString(m.groupInstanceId);
    w.bytes(m.metadata);
  });
  return w;
}

function failure(errorCode: number, memberId = ''): JoinResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] };
}

export const joinGroupHandler: ApiHandler = {
  apiKey: ApiKey.JoinGroup,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  handle(ctx: RequestContext, r: Reader): Writer | Promise<Writer> {
    const v = ctx.apiVersion;
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = v >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const groupInstanceId = v >= 5 ? r.nullableString() : null;
    const protocolType = r.string();
    // Copy: the metadata outlives this request (the leader receives it in a later answer).
    const protocols = r.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));

    if (ctx.forcedError !== undefined) return encode(v, failure(ctx.forcedError, memberId));
    if (!coordinatesHere(ctx, groupId)) return encode(v, failure(ErrorCode.NOT_COORDINATOR, memberId));

    return new Promise<Writer>((resolve) => {
      groupCoordinator(ctx.cluster).join(
        {
          groupId,
          memberId,
          groupInstanceId,
          clientId: ctx.clientId ?? '',
          clientHost: clientHostOf(ctx.conn.remote),
          sessionTimeoutMs,
          rebalanceTimeoutMs,
          protocolType,
          protocols,
          requireKnownMemberId: v >= 4,
        },
        (res) => resolve(encode(v, res)),
      );
    });
  },
  errorResponse(version: number, code: number): Writer {
    return encode(version, failure(code));
  },
};
