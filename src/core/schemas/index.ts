// Glue and Confluent schema registry messages: wire formats, codecs (lazily loaded per format),
// the session cache and the decode/encode API for peek and produce. No network here: registries
// come in as SchemaSource objects (src/aws/glue.ts, src/kafka/schema-registry.ts).
export * from './types';
export * from './wire';
export { SchemaSession, SchemaLookupError } from './session';
export type { SchemaSources, CompiledRecord } from './session';
export { compileSchema, loadCompiler } from './codecs';
export { decodeValue, decodeValueNow, encodeValue, encodeValues, prepareEncoder, SchemaValidationError } from './decode';
export type { DecodeOptions, DecodeResult, SchemaEncoder, RecordIssue, EncodeValuesResult } from './decode';
export { toJsonReady, pointer } from './json-ready';
export { schemaLabel, jsonlSchemaParts } from './present';
export type { JsonlSchemaParts } from './present';
export { parseValueSchema, parseValueSchemaEntry, describeValueSchema, topicSchemaRules, topicSchemaRule, valueSchemaForTopic, mayNeedDecoding, AUTO_VALUE_SCHEMA, VALUE_SCHEMA_REGISTRIES } from './topic-settings';
export type { TopicSchemaRule, ParsedValueSchema } from './topic-settings';
export { parseSchemaRef, formatSchemaRef, isSchemaRefProblem, SCHEMA_REF_EXAMPLES } from './ref';
export { encodeForProduce, encodeSchemaMessages } from './produce';
export type { SchemaProduceItem, SchemaProblem, SchemaProduceResult, SchemaMessageLike } from './produce';
