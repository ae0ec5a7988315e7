// DeleteAcls (key 31), v0-3 (v2+ flexible): removes the stored bindings that match each filter
// and lists them per filter, as Kafka answers.
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { aclStore, invalidFilter, readArray, readFilter, writeArray, writeEntry, writeNullableString, writeResource, type AclBinding } from './acls-common';

export const DELETE_ACLS_API_KEY = 31;

interface FilterResult {
  code: number;
  message: string | null;
  matching: AclBinding[];
}

export const deleteAclsHandler: ApiHandler = {
  apiKey: DELETE_ACLS_API_KEY,
  name: 'DeleteAcls',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 2,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const flexible = v >= 2;
    const filters = readArray(r, flexible, (r) => {
      const f = readFilter(r, v, flexible);
      if (flexible) r.taggedFields();
      return f;
    });
    if (flexible) r.taggedFields();

    const store = aclStore(ctx.cluster);
    const results = filters.map((f): FilterResult => {
      if (ctx.forcedError !== undefined) return { code: ctx.forcedError, message: 'injected fault', matching: [] };
      const bad = invalidFilter(f);
      if (bad) return { code: ErrorCode.INVALID_REQUEST, message: bad, matching: [] };
      return { code: ErrorCode.NONE, message: null, matching: store.remove(f) };
    });

    const w = new Writer().int32(0); // throttle_time_ms
    writeArray(w, results, flexible, (w, res) => {
      w.int16(res.code);
      writeNullableString(w, res.message, flexible);
      writeArray(w, res.matching, flexible, (w, a) => {
        w.int16(ErrorCode.NONE);
        writeNullableString(w, null, flexible);
        writeResource(w, a, v, flexible);
        writeEntry(w, a, flexible);
        if (flexible) w.taggedFields();
      });
      if (flexible) w.taggedFields();
    });
    if (flexible) w.taggedFields();
    return w;
  },
};
