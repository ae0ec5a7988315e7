// ApiVersions (key 18), v0-3. v3 is flexible (request header v2), but its response header stays v0.
// The answer is derived from the handler table. An unsupported version gets UNSUPPORTED_VERSION
// with a v0-shaped body listing the ranges, so the client can retry with a version we speak.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';

export const apiVersionsHandler: ApiHandler = {
  apiKey: ApiKey.ApiVersions,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  allowUnauthenticated: true,
  handle(ctx: RequestContext, body: Reader): Writer {
    const v = ctx.apiVersion;
    const apis = ctx.handlers.list();
    const w = new Writer();
    if (v > 3 || v < 0) {
      // v0 shape: error_code, [api_key min max]
      w.int16(ErrorCode.UNSUPPORTED_VERSION);
      w.array(apis, (w, h) => w.int16(h.apiKey).int16(h.minVersion).int16(h.maxVersion));
      return w;
    }
    if (v >= 3) {
      body.compactString(); // client_software_name
      body.compactString(); // client_software_version
      body.taggedFields();
    }
    const error = ctx.forcedError ?? ErrorCode.NONE;
    w.int16(error);
    if (v >= 3) {
      w.compactArray(apis, (w, h) => w.int16(h.apiKey).int16(h.minVersion).int16(h.maxVersion).taggedFields());
      w.int32(0); // throttle_time_ms
      w.taggedFields();
    } else {
      w.array(apis, (w, h) => w.int16(h.apiKey).int16(h.minVersion).int16(h.maxVersion));
      if (v >= 1) w.int32(0);
    }
    return w;
  },
  errorResponse(version: number, code: number): Writer {
    const w = new Writer().int16(code);
    if (version >= 3) w.compactArray([], () => {}).int32(0).taggedFields();
    else {
      w.int32(0);
      if (version >= 1) w.int32(0);
    }
    return w;
  },
};
