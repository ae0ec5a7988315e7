// DescribeAcls (key 29), v0-3 (v2+ flexible): the stored bindings that match one filter,
// grouped by resource pattern as Kafka answers.
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { aclStore, invalidFilter, readFilter, writeArray, writeEntry, writeNullableString, writeResource, type AclBinding } from './acls-common';

export const DESCRIBE_ACLS_API_KEY = 29;

interface ResourceGroup {
  resourceType: number;
  resourceName: string;
  patternType: number;
  acls: AclBinding[];
}

function group(bindings: AclBinding[]): ResourceGroup[] {
  const byResource = new Map<string, ResourceGroup>();
  for (const b of bindings) {
    const key = JSON.stringify([b.resourceType, b.resourceName, b.patternType]);
    let g = byResource.get(key);
    if (!g) {
      g = { resourceType: b.resourceType, resourceName: b.resourceName, patternType: b.patternType, acls: [] };
      byResource.set(key, g);
    }
    g.acls.push(b);
  }
  return [...byResource.values()];
}

function respond(v: number, code: number, message: string | null, resources: ResourceGroup[]): Writer {
  const flexible = v >= 2;
  const w = new Writer().int32(0).int16(code); // throttle_time_ms, error_code
  writeNullableString(w, message, flexible);
  writeArray(w, resources, flexible, (w, g) => {
    writeResource(w, g, v, flexible);
    writeArray(w, g.acls, flexible, (w, a) => {
      writeEntry(w, a, flexible);
      if (flexible) w.taggedFields();
    });
    if (flexible) w.taggedFields();
  });
  if (flexible) w.taggedFields();
  return w;
}

export const describeAclsHandler: ApiHandler = {
  apiKey: DESCRIBE_ACLS_API_KEY,
  name: 'DescribeAcls',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 2,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const filter = readFilter(r, v, v >= 2);
    if (v >= 2) r.taggedFields();
    if (ctx.forcedError !== undefined) return respond(v, ctx.forcedError, 'injected fault', []);
    const bad = invalidFilter(filter);
    if (bad) return respond(v, ErrorCode.INVALID_REQUEST, bad, []);
    return respond(v, ErrorCode.NONE, null, group(aclStore(ctx.cluster).list(filter)));
  },
  errorResponse(version: number, code: number): Writer {
    return respond(version, code, 'The request could not be decoded.', []);
  },
};
