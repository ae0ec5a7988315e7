export { startSecretsApi } from './server';
export type { SecretsApiHandle, SecretsApiOptions } from './server';
export { SecretStore, SecretsApiError } from './store';
export type { SecretConfig, StoredSecret } from './store';

/** The sandbox's SCRAM secret, named with the prefix MSK requires of secrets it associates. */
export const SANDBOX_SCRAM_SECRET_NAME = 'AmazonMSK_sandbox';
