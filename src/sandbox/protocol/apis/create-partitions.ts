// CreatePartitions (key 37), v0-1 (v1 only changes throttling semantics).
import { ApiKey } from '../api-keys';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { outcome } from './admin-common';

export const createPartitionsHandler: ApiHandler = {
  apiKey: ApiKey.CreatePartitions,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 1,
  handle(ctx: RequestContext, r: Reader): Writer {
    const topics = r.array((r) => ({
      name: r.string(),
      count: r.int32(),
      assignments: r.nullableArray((r) => r.int32Array()),
    }));
    r.int32(); // timeout_ms
    const validateOnly = r.bool();
    const w = new Writer().int32(0);
    w.array(topics, (w, t) => {
      const [error, message] = outcome(ctx, () => ctx.cluster.addPartitions(t.name, t.count, t.assignments, validateOnly));
      w.string(t.name).int16(error).nullableString(message);
    });
    return w;
  },
};
