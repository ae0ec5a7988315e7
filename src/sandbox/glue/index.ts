export { startGlueApi } from './server';
export type { GlueApiHandle, GlueApiOptions } from './server';
export { GlueRegistryStore, GlueApiError, DEFAULT_REGISTRY } from './store';
export type { GlueDataFormat, GlueSeedSchema } from './store';
