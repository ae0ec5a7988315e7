// Helpers shared by the admin APIs.
import { ErrorCode } from '../errors';
import type { RequestContext } from '../handler';
import { KafkaError } from '../../cluster';

/** Topic admin requests must reach the controller, as in ZooKeeper-era Kafka. */
export function notController(ctx: RequestContext): boolean {
  return ctx.broker.id !== ctx.cluster.controllerId;
}

/** Runs a cluster operation and turns its outcome into [error_code, error_message]. */
export function outcome(ctx: RequestContext, op: () => void): [number, string | null] {
  if (ctx.forcedError !== undefined) return [ctx.forcedError, 'injected fault'];
  if (notController(ctx)) return [ErrorCode.NOT_CONTROLLER, 'This is not the correct controller for this cluster.'];
  try {
    op();
    return [ErrorCode.NONE, null];
  } catch (err) {
    if (err instanceof KafkaError) return [err.code, err.message];
    throw err;
  }
}
