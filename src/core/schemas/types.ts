// The shapes shared by the wire formats, the codecs, the registries and the decode/encode API.
// Pure data: no registry client or codec library is imported here.

/** The registry's word for the serialisation, as Glue's DataFormat and Confluent's schemaType spell it. */
export type SchemaFormat = 'AVRO' | 'JSON' | 'PROTOBUF';
export const SCHEMA_FORMATS: readonly SchemaFormat[] = ['AVRO', 'JSON', 'PROTOBUF'];

/** Which wire format (and so which kind of registry) a message uses. */
export type RegistryKind = 'glue' | 'confluent';

/**
 * How a topic's values are read (peek's --value-schema, the viewer's msk.schemas.topics): 'auto'
 * decodes each value by its header; 'none' shows the raw bytes whatever the header; a registry
 * decodes that registry's header only, and a value without it is reported, not passed as plain data.
 * `format`, when given, is checked against the format the registry gives the schema.
 */
export interface ValueSchemaSetting {
  registry: RegistryKind | 'auto' | 'none';
  format?: SchemaFormat;
}

/** A schema (one version of it) as a registry returned it. */
export interface SchemaRecord {
  registry: RegistryKind;
  /** Glue: the registry's name; Confluent: the registry's URL or the name the connection gave it. */
  registryName: string;
  /** Glue: the schema's name; Confluent: the subject. */
  name: string;
  version: number;
  format: SchemaFormat;
  /** Glue: the schema version's UUID; Confluent: the schema id, as decimal text. */
  id: string;
  definition: string;
  /** Confluent: schemas that this one imports (Protobuf) or names (Avro, JSON), resolved already. */
  references?: ResolvedReference[];
}

export interface ResolvedReference {
  /** The import path (Protobuf) or the referenced name, as the referencing schema writes it. */
  name: string;
  definition: string;
}

/** What a decoded message says about its schema (shown beside the value). */
export interface SchemaInfo {
  registry: RegistryKind;
  registryName: string;
  name: string;
  version: number;
  format: SchemaFormat;
  id: string;
  /** Protobuf: the full name of the message type the payload was read as. */
  messageType?: string;
}

/** One registry as the decoder sees it: fetch a schema by the id on the wire, or by name and version. */
export interface SchemaSource {
  readonly kind: RegistryKind;
  /** Glue: a schema version UUID; Confluent: a schema id (decimal text). */
  byId(id: string): Promise<SchemaRecord>;
  /** Glue: the schema name (in this source's registry unless `registryName` says otherwise); Confluent: the subject. */
  byName(name: string, version: number | 'latest', registryName?: string): Promise<SchemaRecord>;
}

/** Names a schema for produce: a recipe block's or a JSONL file's `schema`. */
export interface SchemaRef {
  registry: RegistryKind;
  /** Glue: the schema name; Confluent: the subject. */
  schemaName: string;
  version: number | 'latest';
  /** Glue: the registry, when not the source's own. */
  registryName?: string;
  /** Protobuf: the message type to encode (full or short name); default the first message of the file. */
  messageType?: string;
  /** Glue: compress the payload with zlib (the Glue SerDe's COMPRESSION=ZLIB). Default false. */
  compress?: boolean;
}

/** One validation failure: a JSON Pointer into the value ('' for the value itself) and the schema's own wording. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** A compiled schema: decodes payloads and validates/encodes values. Built by the codec of its format. */
export interface CompiledSchema {
  readonly format: SchemaFormat;
  /** Decodes a payload (after the wire header) into a JSON-ready value; throws on a payload that does not match. */
  decode(payload: Buffer, messagePath?: MessagePath): { value: unknown; messageType?: string };
  /**
   * The decoded payload as JSON text in UTF-8, the same as JSON.stringify of decode()'s value (Avro
   * writes it straight from the bytes, without building the value); throws as decode does.
   */
  decodeJson?(payload: Buffer): Buffer;
  /** Every reason the value does not match, empty when it does. */
  validate(value: unknown, messageType?: string): SchemaIssue[];
  /**
   * Encodes a valid value (validate first); throws on an invalid one. Protobuf: `wire` says which
   * registry's message path to return with the payload.
   */
  encode(value: unknown, messageType?: string, wire?: RegistryKind): { payload: Buffer; messagePath?: MessagePath };
}

/**
 * Where a Protobuf message type sits in its schema file. Confluent: the index path (top-level
 * message, then nested ones, in declaration order). Glue: one index into the file's message types
 * listed level by level and sorted by full name.
 */
export type MessagePath = { kind: 'confluent'; indexes: number[] } | { kind: 'glue'; index: number };
