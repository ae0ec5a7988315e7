// CreateAcls (key 30), v0-3 (v2+ flexible). Bindings are stored (see acls-common.ts), not enforced.
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { aclStore, invalidBinding, readArray, readBinding, writeArray, writeNullableString } from './acls-common';

export const CREATE_ACLS_API_KEY = 30;

export const createAclsHandler: ApiHandler = {
  apiKey: CREATE_ACLS_API_KEY,
  name: 'CreateAcls',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 2,
  handle(ctx: RequestContext, r: Reader): Writer {
    const v = ctx.apiVersion;
    const flexible = v >= 2;
    const creations = readArray(r, flexible, (r) => {
      const b = readBinding(r, v, flexible);
      if (flexible) r.taggedFields();
      return b;
    });
    if (flexible) r.taggedFields();

    const store = aclStore(ctx.cluster);
    // Validate everything first: like Kafka, each creation gets its own result.
    const results = creations.map((b): [number, string | null] => {
      if (ctx.forcedError !== undefined) return [ctx.forcedError, 'injected fault'];
      const bad = invalidBinding(b);
      if (bad) return [ErrorCode.INVALID_REQUEST, bad];
      store.add(b);
      return [ErrorCode.NONE, null];
    });
    const w = new Writer().int32(0); // throttle_time_ms
    writeArray(w, results, flexible, (w, [code, message]) => {
      w.int16(code);
      writeNullableString(w, message, flexible);
      if (flexible) w.taggedFields();
    });
    if (flexible) w.taggedFields();
    return w;
  },
};
