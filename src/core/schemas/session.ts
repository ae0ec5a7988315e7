// A session's schema cache: each schema fetched once by its id (Glue version UUID, Confluent id)
// and compiled once. A failed lookup is cached too, so a topic of 100,000 messages with an unknown
// id asks the registry once; `forget()` clears failures (a "retry" in the UI).
import { compileSchema } from './codecs';
import type { CompiledSchema, RegistryKind, SchemaRecord, SchemaSource } from './types';

export interface SchemaSources {
  glue?: SchemaSource;
  confluent?: SchemaSource;
}

export interface CompiledRecord {
  record: SchemaRecord;
  compiled: CompiledSchema;
}

const REGISTRY_LABEL: Record<RegistryKind, string> = { glue: 'AWS Glue Schema Registry', confluent: 'Confluent Schema Registry' };

export class SchemaLookupError extends Error {
  override name = 'SchemaLookupError';
}

export class SchemaSession {
  private readonly byId = new Map<string, Promise<CompiledRecord>>();

  constructor(readonly sources: SchemaSources) {}

  source(kind: RegistryKind): SchemaSource {
    const s = this.sources[kind];
    if (!s) {
      throw new SchemaLookupError(
        kind === 'glue'
          ? `${REGISTRY_LABEL.glue} is not set up for this connection: give the connection a Glue registry (its region and credentials are the connection's).`
          : `${REGISTRY_LABEL.confluent} is not set up for this connection: give the connection the registry's URL (and its user, with the password in SecretStorage).`,
      );
    }
    return s;
  }

  /** The compiled schema of an id on the wire; rejects with the reason the lookup or compile failed. */
  resolveId(kind: RegistryKind, id: string): Promise<CompiledRecord> {
    const key = `${kind}:${id}`;
    let entry = this.byId.get(key);
    if (!entry) {
      entry = (async () => {
        let record: SchemaRecord;
        try {
          record = await this.source(kind).byId(id);
        } catch (err) {
          if (err instanceof SchemaLookupError) throw err;
          throw new SchemaLookupError(`${REGISTRY_LABEL[kind]} has no schema ${kind === 'glue' ? 'version ' : ''}${id} (${(err as Error).message})`);
        }
        return this.compile(record);
      })();
      this.byId.set(key, entry);
    }
    return entry;
  }

  /** A schema named for produce; the result is cached under its id too. */
  async resolveName(kind: RegistryKind, name: string, version: number | 'latest', registryName?: string): Promise<CompiledRecord> {
    let record: SchemaRecord;
    try {
      record = await this.source(kind).byName(name, version, registryName);
    } catch (err) {
      if (err instanceof SchemaLookupError) throw err;
      throw new SchemaLookupError(`${REGISTRY_LABEL[kind]} has no ${kind === 'glue' ? 'schema' : 'subject'} ${name} version ${version} (${(err as Error).message})`);
    }
    const key = `${kind}:${record.id}`;
    const cached = this.byId.get(key);
    if (cached) {
      const ok = await cached.then(
        (c) => c,
        () => undefined,
      );
      if (ok) return ok;
    }
    const entry = this.compile(record);
    this.byId.set(key, entry);
    return entry;
  }

  private async compile(record: SchemaRecord): Promise<CompiledRecord> {
    try {
      return { record, compiled: await compileSchema(record.format, record.definition, record.references) };
    } catch (err) {
      throw new SchemaLookupError(`${record.name} version ${record.version} (${record.id}): ${(err as Error).message}`);
    }
  }

  /** Drops cached failures, so the next message asks the registry again. */
  async forget(): Promise<void> {
    for (const [key, entry] of [...this.byId]) {
      await entry.then(
        () => undefined,
        () => this.byId.delete(key),
      );
    }
  }
}
