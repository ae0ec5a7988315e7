export { startMskApi } from './server';
export type { MskApiHandle } from './server';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  MSK_AUTH_MODES,
  MskApiConfigError,
  parseBootstrapString,
} from './config';
export type {
  BootstrapString,
  EmulatedBroker,
  EmulatedClusterConfig,
  MskApiOptions,
  MskAuthMode,
  MskClusterState,
  MskClusterType,
} from './config';
export { sandboxClusterConfigs, SANDBOX_CLUSTER_NAME, SANDBOX_SERVERLESS_CLUSTER_NAME } from './sandbox-clusters';
export type { SandboxListeners } from './sandbox-clusters';
