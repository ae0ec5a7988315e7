// InitProducerId (key 22), v0-1: allocates a producer id with epoch 0 for idempotent producers.
// Transactions are not supported: a transactional id is refused with a clear error.
import { ApiKey } from '../api-keys';
import { ErrorCode } from '../errors';
import type { ApiHandler, RequestContext } from '../handler';
import { Reader, Writer } from '../primitives';

export const initProducerIdHandler: ApiHandler = {
  apiKey: ApiKey.InitProducerId,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle(ctx: RequestContext, r: Reader): Writer {
    const transactionalId = r.nullableString();
    r.int32(); // transaction_timeout_ms
    const w = new Writer().int32(0);
    if (ctx.forcedError !== undefined) return w.int16(ctx.forcedError).int64(-1).int16(-1);
    if (transactionalId !== null) {
      ctx.log(`InitProducerId: transactional id "${transactionalId}" refused: the sandbox does not support transactions`);
      return w.int16(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED).int64(-1).int16(-1);
    }
    const { producerId, epoch } = ctx.cluster.allocateProducerId();
    return w.int16(ErrorCode.NONE).int64(producerId).int16(epoch);
  },
  errorResponse(_version: number, code: number): Writer {
    return new Writer().int32(0).int16(code).int64(-1).int16(-1);
  },
};
