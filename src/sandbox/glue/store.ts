// The Glue Schema Registry emulator's state and its calls, apart from HTTP. Member names, shapes and
// error types follow the AWS Glue API reference as @aws-sdk/client-glue (de)serialises them:
// CreateRegistry, GetRegistry, ListRegistries, CreateSchema, GetSchema, ListSchemas,
// ListSchemaVersions, GetSchemaVersion, GetSchemaByDefinition, RegisterSchemaVersion.
// Times are ISO-8601 text, as Glue's registry calls return them.
import { createHash } from 'node:crypto';

export type GlueErrorType = 'EntityNotFoundException' | 'InvalidInputException' | 'AlreadyExistsException' | 'ResourceNumberLimitExceededException';

export class GlueApiError extends Error {
  constructor(
    readonly type: GlueErrorType,
    message: string,
  ) {
    super(message);
  }
}

export type GlueDataFormat = 'AVRO' | 'JSON' | 'PROTOBUF';
const DATA_FORMATS: readonly GlueDataFormat[] = ['AVRO', 'JSON', 'PROTOBUF'];
const COMPATIBILITIES = ['NONE', 'DISABLED', 'BACKWARD', 'BACKWARD_ALL', 'FORWARD', 'FORWARD_ALL', 'FULL', 'FULL_ALL'];
export const DEFAULT_REGISTRY = 'default-registry';
const MAX_RESULTS = 100;
const NAME = /^[a-zA-Z0-9-_$#.]{1,255}$/;
/** Glue's limit on a schema definition (170 KB). */
const MAX_DEFINITION = 170_000;

interface StoredVersion {
  id: string;
  number: number;
  definition: string;
  created: string;
}

interface StoredSchema {
  name: string;
  arn: string;
  registry: StoredRegistry;
  description?: string;
  dataFormat: GlueDataFormat;
  compatibility: string;
  versions: StoredVersion[];
  created: string;
  updated: string;
  tags: Record<string, string>;
}

interface StoredRegistry {
  name: string;
  arn: string;
  description?: string;
  created: string;
  updated: string;
  tags: Record<string, string>;
  schemas: Map<string, StoredSchema>;
}

/** A schema for the sandbox to hold from the start (its demo seed). */
export interface GlueSeedSchema {
  registryName?: string;
  schemaName: string;
  dataFormat: GlueDataFormat;
  /** One definition per version, oldest first. */
  versions: string[];
  description?: string;
  compatibility?: string;
}

type Body = Record<string, unknown>;

function str(body: Body, key: string, required: true): string;
function str(body: Body, key: string, required?: false): string | undefined;
function str(body: Body, key: string, required = false): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw new GlueApiError('InvalidInputException', `${key} is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw new GlueApiError('InvalidInputException', `${key} must be a string.`);
  return v;
}

function obj(body: Body, key: string): Body | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new GlueApiError('InvalidInputException', `${key} must be an object.`);
  return v as Body;
}

/** Glue compares definitions as given, less surrounding white space; here also JSON re-serialised for AVRO/JSON. */
function normalise(format: GlueDataFormat, definition: string): string {
  const t = definition.trim();
  if (format === 'PROTOBUF') return t;
  try {
    return JSON.stringify(JSON.parse(t));
  } catch {
    return t;
  }
}

export class GlueRegistryStore {
  private readonly registries = new Map<string, StoredRegistry>();
  private readonly versionsById = new Map<string, { schema: StoredSchema; version: StoredVersion }>();
  /** Called on a definition before it is stored; throws (InvalidInputException) when it does not parse. */
  checkDefinition?: (format: GlueDataFormat, definition: string) => Promise<void>;

  constructor(
    readonly opts: { region: string; accountId: string },
    seed: readonly GlueSeedSchema[] = [],
  ) {
    this.createRegistryInternal(DEFAULT_REGISTRY, 'The default registry');
    for (const s of seed) {
      const registryName = s.registryName ?? DEFAULT_REGISTRY;
      const registry = this.registries.get(registryName) ?? this.createRegistryInternal(registryName);
      const schema = this.createSchemaInternal(registry, s.schemaName, s.dataFormat, s.compatibility ?? 'BACKWARD', s.description, {});
      for (const d of s.versions) this.addVersion(schema, d);
    }
  }

  private now(): string {
    return new Date().toISOString();
  }

  private createRegistryInternal(name: string, description?: string, tags: Record<string, string> = {}): StoredRegistry {
    const created = this.now();
    const r: StoredRegistry = { name, arn: `arn:aws:glue:${this.opts.region}:${this.opts.accountId}:registry/${name}`, description, created, updated: created, tags, schemas: new Map() };
    this.registries.set(name, r);
    return r;
  }

  private createSchemaInternal(registry: StoredRegistry, name: string, dataFormat: GlueDataFormat, compatibility: string, description: string | undefined, tags: Record<string, string>): StoredSchema {
    const created = this.now();
    const s: StoredSchema = { name, arn: `arn:aws:glue:${this.opts.region}:${this.opts.accountId}:schema/${registry.name}/${name}`, registry, description, dataFormat, compatibility, versions: [], created, updated: created, tags };
    registry.schemas.set(name, s);
    return s;
  }

  private addVersion(schema: StoredSchema, definition: string): StoredVersion {
    const wanted = normalise(schema.dataFormat, definition);
    const existing = schema.versions.find((v) => normalise(schema.dataFormat, v.definition) === wanted);
    if (existing) return existing;
    const number = schema.versions.length + 1;
    // derived, not random: a sandbox restarted on its --data-dir holds messages naming these ids
    const version: StoredVersion = { id: versionUuid(`${schema.arn}#${number}#${wanted}`), number, definition, created: this.now() };
    schema.versions.push(version);
    schema.updated = version.created;
    this.versionsById.set(version.id, { schema, version });
    return version;
  }

  private registryOf(id: Body | undefined): StoredRegistry {
    const arn = id ? str(id, 'RegistryArn') : undefined;
    const name = arn ? /:registry\/(.+)$/.exec(arn)?.[1] : id ? str(id, 'RegistryName') : undefined;
    if (arn && name === undefined) throw new GlueApiError('InvalidInputException', `${arn} is not a registry ARN.`);
    const r = this.registries.get(name ?? DEFAULT_REGISTRY);
    if (!r) throw new GlueApiError('EntityNotFoundException', `Registry is not found. RegistryName: ${name}`);
    return r;
  }

  private schemaOf(id: Body | undefined): StoredSchema {
    if (!id) throw new GlueApiError('InvalidInputException', 'SchemaId is required.');
    const arn = str(id, 'SchemaArn');
    let registryName: string | undefined;
    let schemaName: string | undefined;
    if (arn) {
      const m = /:schema\/([^/]+)\/(.+)$/.exec(arn);
      if (!m) throw new GlueApiError('InvalidInputException', `${arn} is not a schema ARN.`);
      [, registryName, schemaName] = m;
    } else {
      schemaName = str(id, 'SchemaName');
      registryName = str(id, 'RegistryName');
      if (!schemaName) throw new GlueApiError('InvalidInputException', 'SchemaId needs SchemaArn, or SchemaName (and RegistryName).');
    }
    const r = this.registries.get(registryName ?? DEFAULT_REGISTRY);
    const s = r?.schemas.get(schemaName);
    if (!s) throw new GlueApiError('EntityNotFoundException', `Schema is not found. RegistryName: ${registryName ?? DEFAULT_REGISTRY}, SchemaName: ${schemaName}, SchemaArn: ${arn ?? 'null'}`);
    return s;
  }

  private page<T>(items: T[], body: Body): { page: T[]; NextToken?: string } {
    const max = body.MaxResults ?? MAX_RESULTS;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS) throw new GlueApiError('InvalidInputException', `MaxResults must be an integer from 1 to ${MAX_RESULTS}.`);
    const token = str(body, 'NextToken');
    let start = 0;
    if (token !== undefined) {
      start = Number(Buffer.from(token, 'base64').toString('utf8'));
      if (!Number.isInteger(start) || start < 0 || start > items.length) throw new GlueApiError('InvalidInputException', 'NextToken is not valid.');
    }
    const end = start + max;
    return { page: items.slice(start, end), ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}) };
  }

  private schemaShape(s: StoredSchema) {
    const latest = s.versions.at(-1);
    return {
      RegistryName: s.registry.name,
      RegistryArn: s.registry.arn,
      SchemaName: s.name,
      SchemaArn: s.arn,
      Description: s.description,
      DataFormat: s.dataFormat,
      Compatibility: s.compatibility,
      SchemaCheckpoint: 1,
      LatestSchemaVersion: latest?.number ?? 0,
      NextSchemaVersion: (latest?.number ?? 0) + 1,
      SchemaStatus: 'AVAILABLE',
      CreatedTime: s.created,
      UpdatedTime: s.updated,
    };
  }

  private async checked(format: GlueDataFormat, definition: string): Promise<void> {
    if (definition.length === 0 || definition.length > MAX_DEFINITION) throw new GlueApiError('InvalidInputException', `SchemaDefinition must be 1 to ${MAX_DEFINITION} characters.`);
    if (!this.checkDefinition) return;
    try {
      await this.checkDefinition(format, definition);
    } catch (err) {
      throw new GlueApiError('InvalidInputException', `Schema definition of ${format} data format is invalid: ${(err as Error).message}`);
    }
  }

  createRegistry(body: Body): unknown {
    const name = str(body, 'RegistryName', true);
    if (!NAME.test(name)) throw new GlueApiError('InvalidInputException', 'RegistryName may hold letters, digits and - _ $ # . only (1 to 255).');
    if (this.registries.has(name)) throw new GlueApiError('AlreadyExistsException', `Registry already exists. RegistryName: ${name}`);
    const r = this.createRegistryInternal(name, str(body, 'Description'), (obj(body, 'Tags') as Record<string, string>) ?? {});
    return { RegistryArn: r.arn, RegistryName: r.name, Description: r.description, Tags: r.tags };
  }

  getRegistry(body: Body): unknown {
    const r = this.registryOf(obj(body, 'RegistryId') ?? {});
    return { RegistryName: r.name, RegistryArn: r.arn, Description: r.description, Status: 'AVAILABLE', CreatedTime: r.created, UpdatedTime: r.updated };
  }

  listRegistries(body: Body): unknown {
    const { page, NextToken } = this.page([...this.registries.values()], body);
    return { Registries: page.map((r) => ({ RegistryName: r.name, RegistryArn: r.arn, Description: r.description, Status: 'AVAILABLE', CreatedTime: r.created, UpdatedTime: r.updated })), NextToken };
  }

  async createSchema(body: Body): Promise<unknown> {
    const registry = this.registryOf(obj(body, 'RegistryId'));
    const name = str(body, 'SchemaName', true);
    if (!NAME.test(name)) throw new GlueApiError('InvalidInputException', 'SchemaName may hold letters, digits and - _ $ # . only (1 to 255).');
    const format = str(body, 'DataFormat', true) as GlueDataFormat;
    if (!DATA_FORMATS.includes(format)) throw new GlueApiError('InvalidInputException', `DataFormat must be one of ${DATA_FORMATS.join(', ')}.`);
    const compatibility = str(body, 'Compatibility') ?? 'BACKWARD';
    if (!COMPATIBILITIES.includes(compatibility)) throw new GlueApiError('InvalidInputException', `Compatibility must be one of ${COMPATIBILITIES.join(', ')}.`);
    if (registry.schemas.has(name)) throw new GlueApiError('AlreadyExistsException', `Schema already exists. RegistryName: ${registry.name}, SchemaName: ${name}`);
    const definition = str(body, 'SchemaDefinition');
    if (definition !== undefined) await this.checked(format, definition);
    const schema = this.createSchemaInternal(registry, name, format, compatibility, str(body, 'Description'), (obj(body, 'Tags') as Record<string, string>) ?? {});
    const version = definition !== undefined ? this.addVersion(schema, definition) : undefined;
    return { ...this.schemaShape(schema), CreatedTime: undefined, UpdatedTime: undefined, Tags: schema.tags, SchemaVersionId: version?.id, SchemaVersionStatus: version ? 'AVAILABLE' : undefined };
  }

  getSchema(body: Body): unknown {
    return this.schemaShape(this.schemaOf(obj(body, 'SchemaId')));
  }

  listSchemas(body: Body): unknown {
    const registryId = obj(body, 'RegistryId');
    const schemas = registryId ? [...this.registryOf(registryId).schemas.values()] : [...this.registries.values()].flatMap((r) => [...r.schemas.values()]);
    const { page, NextToken } = this.page(schemas, body);
    return {
      Schemas: page.map((s) => ({ RegistryName: s.registry.name, SchemaName: s.name, SchemaArn: s.arn, Description: s.description, SchemaStatus: 'AVAILABLE', CreatedTime: s.created, UpdatedTime: s.updated })),
      NextToken,
    };
  }

  listSchemaVersions(body: Body): unknown {
    const s = this.schemaOf(obj(body, 'SchemaId'));
    const { page, NextToken } = this.page(s.versions, body);
    return { Schemas: page.map((v) => ({ SchemaArn: s.arn, SchemaVersionId: v.id, VersionNumber: v.number, Status: 'AVAILABLE', CreatedTime: v.created })), NextToken };
  }

  private versionShape(s: StoredSchema, v: StoredVersion) {
    return { SchemaVersionId: v.id, SchemaDefinition: v.definition, DataFormat: s.dataFormat, SchemaArn: s.arn, VersionNumber: v.number, Status: 'AVAILABLE', CreatedTime: v.created };
  }

  getSchemaVersion(body: Body): unknown {
    const versionId = str(body, 'SchemaVersionId');
    const schemaId = obj(body, 'SchemaId');
    if (versionId !== undefined) {
      if (schemaId) throw new GlueApiError('InvalidInputException', 'Give SchemaVersionId, or SchemaId with SchemaVersionNumber, not both.');
      const found = this.versionsById.get(versionId);
      if (!found) throw new GlueApiError('EntityNotFoundException', `Schema version is not found. SchemaVersionId: ${versionId}`);
      return this.versionShape(found.schema, found.version);
    }
    const s = this.schemaOf(schemaId);
    const number = obj(body, 'SchemaVersionNumber');
    if (!number) throw new GlueApiError('InvalidInputException', 'SchemaVersionNumber is required with SchemaId.');
    const latest = number.LatestVersion === true;
    const n = number.VersionNumber;
    if (latest === (n !== undefined)) throw new GlueApiError('InvalidInputException', 'SchemaVersionNumber takes LatestVersion: true or a VersionNumber, one of the two.');
    const v = latest ? s.versions.at(-1) : s.versions.find((x) => x.number === n);
    if (!v) throw new GlueApiError('EntityNotFoundException', `Schema version is not found. SchemaName: ${s.name}, VersionNumber: ${latest ? 'latest' : String(n)}`);
    return this.versionShape(s, v);
  }

  getSchemaByDefinition(body: Body): unknown {
    const s = this.schemaOf(obj(body, 'SchemaId'));
    const definition = str(body, 'SchemaDefinition', true);
    const wanted = normalise(s.dataFormat, definition);
    const v = s.versions.find((x) => normalise(s.dataFormat, x.definition) === wanted);
    if (!v) throw new GlueApiError('EntityNotFoundException', `Schema is not found. RegistryName: ${s.registry.name}, SchemaName: ${s.name}, SchemaArn: ${s.arn}`);
    return { SchemaVersionId: v.id, SchemaArn: s.arn, DataFormat: s.dataFormat, Status: 'AVAILABLE', CreatedTime: v.created };
  }

  async registerSchemaVersion(body: Body): Promise<unknown> {
    const s = this.schemaOf(obj(body, 'SchemaId'));
    const definition = str(body, 'SchemaDefinition', true);
    await this.checked(s.dataFormat, definition);
    const v = this.addVersion(s, definition);
    return { SchemaVersionId: v.id, VersionNumber: v.number, Status: 'AVAILABLE' };
  }

  /** The version ids of a seeded schema, oldest first (for the seed's producers). */
  versionIds(schemaName: string, registryName = DEFAULT_REGISTRY): string[] {
    return this.registries.get(registryName)?.schemas.get(schemaName)?.versions.map((v) => v.id) ?? [];
  }
}

function versionUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
