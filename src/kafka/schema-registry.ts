// A Confluent Schema Registry client over its REST API (/schemas/ids/{id}, /subjects/…), with
// optional HTTP basic auth. The password is passed in (the VS Code face reads it from SecretStorage)
// and never appears in an error or a log line. As a SchemaSource it feeds src/core/schemas' cache.
import type { ResolvedReference, SchemaFormat, SchemaRecord, SchemaSource } from '../core/schemas/types';

export interface ConfluentRegistryOptions {
  /** The registry's base URL, e.g. https://psrc-abc.eu-west-1.aws.confluent.cloud or the sandbox's registryEndpoint. */
  url: string;
  /** Basic auth: the user (an API key on Confluent Cloud) and its password (secret). */
  auth?: { username: string; password: string };
  /** Per request (default 15 s). */
  timeoutMs?: number;
  /** What the schemas' registryName says (default: the URL's host). */
  name?: string;
}

export class ConfluentRegistryError extends Error {
  override name = 'ConfluentRegistryError';
  constructor(
    message: string,
    /** HTTP status; 0 when the registry did not answer. */
    readonly status: number,
    /** Confluent's error_code (40401 subject not found, 40403 schema not found, …), when given. */
    readonly errorCode?: number,
  ) {
    super(message);
  }
}

interface SchemaResponse {
  subject?: string;
  version?: number;
  id?: number;
  schemaType?: string;
  schema: string;
  references?: { name: string; subject: string; version: number }[];
}

function formatOf(schemaType: string | undefined): SchemaFormat {
  const t = (schemaType ?? 'AVRO').toUpperCase();
  if (t === 'AVRO' || t === 'JSON' || t === 'PROTOBUF') return t;
  throw new ConfluentRegistryError(`The registry returned a schema of type ${schemaType}; MSK Tools reads AVRO, JSON and PROTOBUF.`, 200);
}

/** The URL without user info, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(an invalid registry URL)';
  }
}

export class ConfluentSchemaRegistry implements SchemaSource {
  readonly kind = 'confluent' as const;
  readonly name: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly opts: ConfluentRegistryOptions) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new ConfluentRegistryError(`"${opts.url}" is not a URL: give the registry's address, e.g. https://registry.example.com:8081.`, 0);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfluentRegistryError(`The registry URL must start with http:// or https://, not ${u.protocol}.`, 0);
    let auth = opts.auth;
    if (!auth && (u.username || u.password)) auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
    u.username = '';
    u.password = '';
    this.base = u.toString().replace(/\/+$/, '');
    this.name = opts.name ?? u.host;
    this.headers = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (auth) this.headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = `${this.base}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ConfluentRegistryError(`The schema registry at ${safeUrl(this.base)} did not answer ${method} ${path} (${cause?.code ?? cause?.message ?? (err as Error).message}). Check its URL, your network and proxy settings.`, 0);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const e = (parsed ?? {}) as { error_code?: number; message?: string };
      let next = '';
      if (res.status === 401) next = ' Give the registry user and password (Confluent Cloud: a Schema Registry API key and secret).';
      else if (res.status === 403) next = ' The registry user may not read this; check its role bindings or ACLs.';
      throw new ConfluentRegistryError(`The schema registry answered ${res.status} to ${method} ${path}: ${e.message ?? res.statusText}.${next}`, res.status, e.error_code);
    }
    if (parsed === undefined) throw new ConfluentRegistryError(`The schema registry's answer to ${method} ${path} is not JSON: is ${safeUrl(this.base)} a schema registry?`, res.status);
    return parsed as T;
  }

  /** The referenced schemas, each once, depth first (a reference's own references before it). */
  private async references(refs: SchemaResponse['references'], seen = new Set<string>()): Promise<ResolvedReference[]> {
    const out: ResolvedReference[] = [];
    for (const r of refs ?? []) {
      const key = `${r.subject}/${r.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = await this.request<SchemaResponse>('GET', `/subjects/${encodeURIComponent(r.subject)}/versions/${r.version}`);
      out.push(...(await this.references(s.references, seen)), { name: r.name, definition: s.schema });
    }
    return out;
  }

  async byId(id: string): Promise<SchemaRecord> {
    if (!/^\d+$/.test(id)) throw new ConfluentRegistryError(`"${id}" is not a schema id: Confluent ids are whole numbers.`, 0);
    const s = await this.request<SchemaResponse>('GET', `/schemas/ids/${id}`);
    // the subject and version are not in the answer; registries from 5.5 on list them
    let subject = '';
    let version = 0;
    try {
      const uses = await this.request<{ subject: string; version: number }[]>('GET', `/schemas/ids/${id}/versions`);
      if (Array.isArray(uses) && uses.length) ({ subject, version } = uses[0]);
    } catch {
      // an older registry: the schema is still usable, only unnamed
    }
    return { registry: 'confluent', registryName: this.name, name: subject || `schema id ${id}`, version, format: formatOf(s.schemaType), id, definition: s.schema, ...(s.references?.length ? { references: await this.references(s.references) } : {}) };
  }

  async byName(subject: string, version: number | 'latest'): Promise<SchemaRecord> {
    const s = await this.request<SchemaResponse>('GET', `/subjects/${encodeURIComponent(subject)}/versions/${version}`);
    return { registry: 'confluent', registryName: this.name, name: s.subject ?? subject, version: s.version ?? 0, format: formatOf(s.schemaType), id: String(s.id), definition: s.schema, ...(s.references?.length ? { references: await this.references(s.references) } : {}) };
  }

  listSubjects(): Promise<string[]> {
    return this.request<string[]>('GET', '/subjects');
  }

  listVersions(subject: string): Promise<number[]> {
    return this.request<number[]>('GET', `/subjects/${encodeURIComponent(subject)}/versions`);
  }

  /** Registers a schema under the subject (or finds it registered); returns its id. */
  async register(subject: string, schema: { format: SchemaFormat; definition: string; references?: { name: string; subject: string; version: number }[] }): Promise<number> {
    const body = { ...(schema.format !== 'AVRO' ? { schemaType: schema.format } : {}), schema: schema.definition, ...(schema.references?.length ? { references: schema.references } : {}) };
    const out = await this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, body);
    return out.id;
  }
}
