// Entry of the wire chunk (dist/wire.js): the peek and produce engines and the wire client they
// share, loaded by `msk-tools peek` and `produce` without the kafka chunk or kafkajs, and by the
// kafka chunk when the extension peeks or produces. One chunk, so the wire client is packaged once.
export { readHeaders, runPeek } from './peek-engine';
// the kernels the engines stage record batches in: a sink that scans them in place needs these, not its own bundle's copy
export { wasmKernels } from '../../core/protocol/wasm';
export { connectForProduce, findOversize, OversizeMessagesError, ProduceFailedError, readTopicMaxMessageBytes, runProduce } from './produce-engine';
