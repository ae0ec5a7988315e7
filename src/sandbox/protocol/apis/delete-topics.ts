// DeleteTopics (key 20), v0-3.
import { ApiKey } from '../api-keys';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { outcome } from './admin-common';

export const deleteTopicsHandler: ApiHandler = {
  apiKey: ApiKey.DeleteTopics,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 3,
  handle(ctx: RequestContext, r: Reader): Writer {
    const names = r.stringArray();
    r.int32(); // timeout_ms
    const w = new Writer();
    if (ctx.apiVersion >= 1) w.int32(0);
    w.array(names, (w, name) => {
      const [error] = outcome(ctx, () => ctx.cluster.deleteTopic(name));
      w.string(name).int16(error);
    });
    return w;
  },
};
