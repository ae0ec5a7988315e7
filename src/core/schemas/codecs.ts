// The codec of each format, each in its own lazily loaded chunk (scripts/build.mjs): a topic of
// Avro messages never loads protobufjs or ajv, and a plain topic loads none of them.
import type { CompiledSchema, ResolvedReference, SchemaFormat } from './types';

export type SchemaCompiler = (definition: string, references?: readonly ResolvedReference[]) => CompiledSchema;

export async function loadCompiler(format: SchemaFormat): Promise<SchemaCompiler> {
  switch (format) {
    case 'AVRO':
      return (await import('./avro')).compileAvro;
    case 'JSON':
      return (await import('./json-schema')).compileJsonSchema;
    case 'PROTOBUF':
      return (await import('./protobuf')).compileProtobuf;
    default:
      throw new Error(`Unknown schema format ${String(format)}: MSK Tools reads AVRO, JSON and PROTOBUF.`);
  }
}

/** Compiles a schema's text; the error names the format and the parser's reason. */
export async function compileSchema(format: SchemaFormat, definition: string, references?: readonly ResolvedReference[]): Promise<CompiledSchema> {
  const compile = await loadCompiler(format);
  try {
    return compile(definition, references);
  } catch (err) {
    throw new Error(`The ${format} schema does not compile: ${(err as Error).message}`, { cause: err });
  }
}
