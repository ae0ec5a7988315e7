export { startConfluentRegistry } from './server';
export type { ConfluentRegistryHandle, ConfluentRegistryOptions } from './server';
export { ConfluentRegistryStore, RegistryApiError } from './store';
export type { ConfluentSchemaType, ConfluentSeedSubject, SchemaReference } from './store';
