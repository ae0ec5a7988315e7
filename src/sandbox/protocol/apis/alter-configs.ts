// AlterConfigs (key 33), v0-1: replaces the whole set of dynamic configs of a topic (the
// non-incremental semantics). Broker settings are read-only in the sandbox.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';
import { KafkaError } from '../../cluster';
import { ResourceType } from './configs-common';

export const alterConfigsHandler: ApiHandler = {
  apiKey: ApiKey.AlterConfigs,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  handle(ctx: RequestContext, r: Reader): Writer {
    const resources = r.array((r) => ({
      type: r.int8(),
      name: r.string(),
      configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
    }));
    const validateOnly = r.bool();
    const w = new Writer().int32(0);
    w.array(resources, (w, res) => {
      let error: number = ErrorCode.NONE;
      let message: string | null = null;
      if (ctx.forcedError !== undefined) {
        error = ctx.forcedError;
        message = 'injected fault';
      } else if (res.type === ResourceType.TOPIC) {
        try {
          ctx.cluster.replaceTopicConfigs(res.name, new Map(res.configs.map((c) => [c.name, c.value])), validateOnly);
        } catch (err) {
          if (!(err instanceof KafkaError)) throw err;
          error = err.code;
          message = err.message;
        }
      } else if (res.type === ResourceType.BROKER) {
        error = ErrorCode.POLICY_VIOLATION;
        message = 'broker settings are read-only in the sandbox';
      } else {
        error = ErrorCode.INVALID_REQUEST;
        message = `resource type ${res.type} is not supported by the sandbox`;
      }
      w.int16(error).nullableString(message).int8(res.type).string(res.name);
    });
    return w;
  },
};
