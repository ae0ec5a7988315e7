// The Confluent-compatible registry's state, apart from HTTP. Ids are global: the same schema (type,
// text and references) under two subjects has one id, as Confluent's registry does. Error codes are
// Confluent's (40401 subject not found, 40402 version not found, 40403 schema not found, 40408 no
// subject config, 42201 invalid schema, 42202 invalid version).

export type ConfluentSchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';
const TYPES: readonly ConfluentSchemaType[] = ['AVRO', 'JSON', 'PROTOBUF'];
const COMPATIBILITY = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'];

export class RegistryApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

interface StoredSchema {
  id: number;
  schemaType: ConfluentSchemaType;
  schema: string;
  references: SchemaReference[];
}

interface SubjectVersion {
  version: number;
  id: number;
}

/** A subject for the sandbox to hold from the start (its demo seed). */
export interface ConfluentSeedSubject {
  subject: string;
  schemaType: ConfluentSchemaType;
  /** One schema text per version, oldest first. */
  versions: string[];
}

type Body = Record<string, unknown>;

export class ConfluentRegistryStore {
  private readonly schemas: StoredSchema[] = [];
  private readonly subjects = new Map<string, SubjectVersion[]>();
  private readonly config = new Map<string, string>();
  private globalCompatibility = 'BACKWARD';
  /** Parses a schema before it is stored; throws when it does not parse. */
  checkSchema?: (type: ConfluentSchemaType, schema: string, references: { name: string; schema: string }[]) => Promise<void>;

  constructor(seed: readonly ConfluentSeedSubject[] = []) {
    for (const s of seed) for (const v of s.versions) this.registerInternal(s.subject, s.schemaType, v, []);
  }

  private key(type: ConfluentSchemaType, schema: string, refs: readonly SchemaReference[]): string {
    return JSON.stringify([type, normalise(type, schema), refs.map((r) => [r.name, r.subject, r.version])]);
  }

  private registerInternal(subject: string, schemaType: ConfluentSchemaType, schema: string, references: SchemaReference[]): { id: number; version: number } {
    const k = this.key(schemaType, schema, references);
    let stored = this.schemas.find((s) => this.key(s.schemaType, s.schema, s.references) === k);
    if (!stored) {
      stored = { id: this.schemas.length + 1, schemaType, schema, references };
      this.schemas.push(stored);
    }
    const versions = this.subjects.get(subject) ?? [];
    this.subjects.set(subject, versions);
    const existing = versions.find((v) => v.id === stored.id);
    if (existing) return { id: stored.id, version: existing.version };
    const version = (versions.at(-1)?.version ?? 0) + 1;
    versions.push({ version, id: stored.id });
    return { id: stored.id, version };
  }

  private subjectVersions(subject: string): SubjectVersion[] {
    const v = this.subjects.get(subject);
    if (!v || v.length === 0) throw new RegistryApiError(404, 40401, `Subject '${subject}' not found.`);
    return v;
  }

  private byId(id: number): StoredSchema {
    const s = this.schemas.find((x) => x.id === id);
    if (!s) throw new RegistryApiError(404, 40403, 'Schema not found');
    return s;
  }

  private version(subject: string, version: string): SubjectVersion {
    const versions = this.subjectVersions(subject);
    if (version === 'latest' || version === '-1') return versions.at(-1)!;
    if (!/^\d+$/.test(version) || Number(version) < 1 || Number(version) > 2 ** 31 - 1) {
      throw new RegistryApiError(422, 42202, 'The specified version is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"');
    }
    const v = versions.find((x) => x.version === Number(version));
    if (!v) throw new RegistryApiError(404, 40402, `Version ${version} not found.`);
    return v;
  }

  private shape(subject: string, v: SubjectVersion) {
    const s = this.byId(v.id);
    return { subject, version: v.version, id: s.id, ...(s.schemaType !== 'AVRO' ? { schemaType: s.schemaType } : {}), ...(s.references.length ? { references: s.references } : {}), schema: s.schema };
  }

  listSubjects(): string[] {
    return [...this.subjects.entries()].filter(([, v]) => v.length > 0).map(([k]) => k);
  }

  listVersions(subject: string): number[] {
    return this.subjectVersions(subject).map((v) => v.version);
  }

  getVersion(subject: string, version: string): unknown {
    return this.shape(subject, this.version(subject, version));
  }

  getVersionSchema(subject: string, version: string): string {
    return this.byId(this.version(subject, version).id).schema;
  }

  getSchemaById(id: string): unknown {
    if (!/^\d+$/.test(id)) throw new RegistryApiError(404, 40403, 'Schema not found');
    const s = this.byId(Number(id));
    return { ...(s.schemaType !== 'AVRO' ? { schemaType: s.schemaType } : {}), ...(s.references.length ? { references: s.references } : {}), schema: s.schema };
  }

  getSubjectsOfId(id: string): string[] {
    const n = Number(id);
    this.byId(n);
    return [...this.subjects.entries()].filter(([, vs]) => vs.some((v) => v.id === n)).map(([k]) => k);
  }

  getVersionsOfId(id: string): { subject: string; version: number }[] {
    const n = Number(id);
    this.byId(n);
    return [...this.subjects.entries()].flatMap(([subject, vs]) => vs.filter((v) => v.id === n).map((v) => ({ subject, version: v.version })));
  }

  private parseBody(body: Body): { schemaType: ConfluentSchemaType; schema: string; references: SchemaReference[] } {
    const schema = body.schema;
    if (typeof schema !== 'string' || schema.length === 0) throw new RegistryApiError(422, 42201, 'Invalid schema: the body needs "schema", the schema text.');
    const schemaType = (body.schemaType ?? 'AVRO') as ConfluentSchemaType;
    if (!TYPES.includes(schemaType)) throw new RegistryApiError(422, 42201, `Invalid schema: unknown schemaType ${JSON.stringify(body.schemaType)} (AVRO, JSON or PROTOBUF).`);
    const refs = body.references ?? [];
    if (!Array.isArray(refs)) throw new RegistryApiError(422, 42201, 'Invalid schema: "references" must be a list.');
    const references = refs.map((r: unknown) => {
      const o = r as Record<string, unknown>;
      if (typeof o?.name !== 'string' || typeof o.subject !== 'string' || !Number.isInteger(o.version)) throw new RegistryApiError(422, 42201, 'Invalid schema: each reference has name, subject and version.');
      return { name: o.name, subject: o.subject, version: o.version as number };
    });
    return { schemaType, schema, references };
  }

  /** The referenced schemas' texts, checking that each exists. */
  resolveReferences(references: readonly SchemaReference[]): { name: string; schema: string }[] {
    return references.map((r) => {
      try {
        return { name: r.name, schema: this.getVersionSchema(r.subject, String(r.version)) };
      } catch {
        throw new RegistryApiError(422, 42201, `Invalid schema: the reference ${r.name} names ${r.subject} version ${r.version}, which does not exist.`);
      }
    });
  }

  async register(subject: string, body: Body): Promise<{ id: number }> {
    const { schemaType, schema, references } = this.parseBody(body);
    const refs = this.resolveReferences(references);
    if (this.checkSchema) {
      try {
        await this.checkSchema(schemaType, schema, refs);
      } catch (err) {
        throw new RegistryApiError(422, 42201, `Invalid schema: ${(err as Error).message}`);
      }
    }
    return { id: this.registerInternal(subject, schemaType, schema, references).id };
  }

  lookup(subject: string, body: Body): unknown {
    const { schemaType, schema, references } = this.parseBody(body);
    const versions = this.subjectVersions(subject);
    const k = this.key(schemaType, schema, references);
    const v = versions.find((x) => {
      const s = this.byId(x.id);
      return this.key(s.schemaType, s.schema, s.references) === k;
    });
    if (!v) throw new RegistryApiError(404, 40403, 'Schema not found');
    return this.shape(subject, v);
  }

  getConfig(subject?: string): unknown {
    if (subject === undefined) return { compatibilityLevel: this.globalCompatibility };
    const c = this.config.get(subject);
    if (!c) throw new RegistryApiError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`);
    return { compatibilityLevel: c };
  }

  setConfig(subject: string | undefined, body: Body): unknown {
    const c = body.compatibility;
    if (typeof c !== 'string' || !COMPATIBILITY.includes(c)) throw new RegistryApiError(422, 42203, `Invalid compatibility level. Valid values are ${COMPATIBILITY.join(', ')}`);
    if (subject === undefined) this.globalCompatibility = c;
    else this.config.set(subject, c);
    return { compatibility: c };
  }

  /** The ids of a seeded subject's versions, oldest first. */
  idsOf(subject: string): number[] {
    return (this.subjects.get(subject) ?? []).map((v) => v.id);
  }
}

function normalise(type: ConfluentSchemaType, schema: string): string {
  if (type === 'PROTOBUF') return schema.trim();
  try {
    return JSON.stringify(JSON.parse(schema));
  } catch {
    return schema.trim();
  }
}
