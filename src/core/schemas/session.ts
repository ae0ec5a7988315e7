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

/**
 * Why a registry could not be asked at all (credentials, permission, no answer), as opposed to
 * answering that it has no such schema; undefined for the latter and for anything not known to be
 * so. Duck-typed: src/aws's GlueRegistryError (`failure`) and AwsError (`userMessage`), and a
 * Confluent registry's status (0 when it did not answer, 401/403).
 */
export function unaskedReason(err: unknown): string | undefined {
  const e = (err ?? {}) as { name?: string; message?: string; failure?: string; userMessage?: string; status?: number };
  if (e.name === 'GlueRegistryError') return e.failure === 'credentials' || e.failure === 'access-denied' || e.failure === 'endpoint' ? e.message : undefined;
  if (e.name === 'AwsError') return e.userMessage ?? e.message;
  if (e.name === 'ConfluentRegistryError' && (e.status === 401 || e.status === 403 || (e.status === 0 && /did not answer/.test(e.message ?? '')))) return e.message;
  return undefined;
}

function lookupFailure(kind: RegistryKind, what: string, err: unknown): SchemaLookupError {
  const unasked = unaskedReason(err);
  // nothing was learnt about the schema: say so, and what to fix, not that it is missing
  // (a GlueRegistryError names the call and the schema itself)
  if (unasked !== undefined) return new SchemaLookupError(`Could not ask the ${REGISTRY_LABEL[kind]}${(err as Error).name === 'GlueRegistryError' ? '' : ` for ${what}`}: ${unasked}`);
  return new SchemaLookupError(`${REGISTRY_LABEL[kind]} has no ${what} (${(err as Error).message})`);
}

export class SchemaSession {
  private readonly byId = new Map<string, Promise<CompiledRecord>>();
  /** The lookups that have succeeded, by kind then id, for decodeValueNow (no promise turn per message). */
  private readonly ready: Record<RegistryKind, Map<string, CompiledRecord>> = { glue: new Map(), confluent: new Map() };

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
          throw lookupFailure(kind, `schema ${kind === 'glue' ? 'version ' : ''}${id}`, err);
        }
        return this.compile(record);
      })();
      this.byId.set(key, entry);
      this.remember(kind, id, entry);
    }
    return entry;
  }

  /** The compiled schema of an id when its lookup has already succeeded; undefined otherwise (use resolveId). */
  resolvedId(kind: RegistryKind, id: string): CompiledRecord | undefined {
    return this.ready[kind].get(id);
  }

  private remember(kind: RegistryKind, id: string, entry: Promise<CompiledRecord>): void {
    entry.then(
      (c) => this.ready[kind].set(id, c),
      () => undefined,
    );
  }

  /** A schema named for produce; the result is cached under its id too. */
  async resolveName(kind: RegistryKind, name: string, version: number | 'latest', registryName?: string): Promise<CompiledRecord> {
    let record: SchemaRecord;
    try {
      record = await this.source(kind).byName(name, version, registryName);
    } catch (err) {
      if (err instanceof SchemaLookupError) throw err;
      throw lookupFailure(kind, `${kind === 'glue' ? 'schema' : 'subject'} ${name} version ${version}`, err);
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
    this.remember(kind, record.id, entry);
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
