export { startMskApi, MAX_BODY_BYTES } from './server';
export type { MskApiHandle } from './server';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  MSK_AUTH_MODES,
  MskApiConfigError,
  parseBootstrapString,
  SANDBOX_FAULT_KEYS,
  defaultAccessKeyFaults,
} from './config';
export type {
  BootstrapString,
  EmulatedBroker,
  EmulatedClusterConfig,
  MskApiOptions,
  MskAuthMode,
  MskClusterState,
  MskClusterType,
  MskOperation,
  AccessKeyFault,
} from './config';
export {
  sandboxClusterConfigs,
  SANDBOX_CLUSTER_NAME,
  SANDBOX_SERVERLESS_CLUSTER_NAME,
  SANDBOX_PUBLIC_CLUSTER_NAME,
  SANDBOX_PAGE_SIZE,
} from './sandbox-clusters';
export type { SandboxListeners } from './sandbox-clusters';
