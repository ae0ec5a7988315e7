// Entry of the lazily loaded control-plane chunk (dist/aws.js): the AWS SDK and what uses it.
// The extension and the CLI reach it only through `await import('../aws/index')`.
export { AwsConnection } from './connection';
export type { AwsConnectionSpec, RegionDiscovery } from './connection';
export { MskControlPlane, DEFAULT_MAX_ATTEMPTS } from './msk';
export type { DiscoveredCluster, MskControlPlaneOptions } from './msk';
export { resolveCredentials, connectionRegions, defaultChainSources } from './credentials';
export type { CredentialOptions, ResolvedCredentials } from './credentials';
export { listProfiles, findProfile, sharedFilePaths } from './profiles';
export type { AwsProfile, ProfileKind, SharedFiles } from './profiles';
export { AwsError, classifyAwsError, ssoLoginRequired } from './errors';
export type { AwsErrorAction, AwsErrorCode, ErrorContext } from './errors';
export { clusterFromSdk, bootstrapFromSdk, brokerNodesFromSdk, authModesOf, pickBootstrap, consoleUrl, arnParts } from './model';
export type { MskCluster, MskAuthMode, BootstrapAccess, BootstrapEntry, MskBrokerNode } from './model';
export { scramSecretSource, getScramCredentials, listScramSecrets, parseScramSecret, SecretError } from './secrets';
export type { SecretsOptions, ScramCredentials } from './secrets';
export { generateAuthTokenFromCredentialsProvider } from './iam-signer';
export { GlueSchemaRegistry, GlueRegistryError, GLUE_DEFAULT_REGISTRY, schemaArnParts } from './glue';
export type { GlueRegistryOptions, GlueSchemaSummary, GlueVersionSummary } from './glue';
