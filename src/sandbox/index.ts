// Entry of the lazily loaded sandbox chunk (dist/sandbox.js). Keep this a small re-export file.
export { startBroker } from './broker';
export type { StartBrokerOptions, RunningBroker } from './broker';
export { startSandbox } from './sandbox';
export type { SandboxOptions, SandboxInfo, RunningSandbox } from './sandbox';
export { SANDBOX_IAM_CREDENTIALS } from './auth/iam';
export type { IamCredential } from './auth/iam';
export { startGlueApi } from './glue';
export type { GlueApiHandle } from './glue';
export { startConfluentRegistry } from './confluent-registry';
export type { ConfluentRegistryHandle } from './confluent-registry';
export { DEMO_SCHEMA_TOPICS, DEMO_GLUE_REGISTRY, DEMO_GLUE_SCHEMA, DEMO_CONFLUENT_SUBJECT } from './schema-seed';
