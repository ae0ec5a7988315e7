// Moved to src/core/protocol (one codec for the sandbox and the client).
export * from '../../core/protocol/errors';
