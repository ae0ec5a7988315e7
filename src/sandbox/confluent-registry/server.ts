// A Confluent-compatible Schema Registry over HTTP, on its own port: the REST calls clients make
// (subjects, versions, schemas by id, register, lookup, config, compatibility), with optional basic
// auth as Confluent Cloud and secured registries require. Loopback only.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, parseJsonObject, startEmulatorServer } from '../http';
import { ConfluentRegistryStore, RegistryApiError, type ConfluentSchemaType, type ConfluentSeedSubject } from './store';

export interface ConfluentRegistryOptions {
  /** 0 (the default): a free port. */
  port?: number;
  host?: string;
  subjects?: ConfluentSeedSubject[];
  /** When set, every request needs this user (HTTP basic auth). */
  auth?: { username: string; password: string };
  checkSchema?: (type: ConfluentSchemaType, schema: string, references: { name: string; schema: string }[]) => Promise<void>;
}

export interface ConfluentRegistryHandle {
  /** The registry's URL, e.g. http://127.0.0.1:18081 */
  endpoint: string;
  store: ConfluentRegistryStore;
  stop(): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

function send(res: ServerResponse, status: number, body: unknown, contentType = CONTENT_TYPE): void {
  const payload = typeof body === 'string' && contentType !== CONTENT_TYPE ? body : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="msk-tools-sandbox-registry"';
  res.writeHead(status, headers);
  res.end(payload);
}

function authorised(req: IncomingMessage, auth: { username: string; password: string }): boolean {
  const m = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  if (!m) return false;
  const given = Buffer.from(Buffer.from(m[1], 'base64').toString('utf8'));
  const want = Buffer.from(`${auth.username}:${auth.password}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

function bodyOf(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const parsed = parseJsonObject(body);
  if (!parsed.ok) throw new RegistryApiError(400, 400, parsed.reason === 'syntax' ? 'The request body is not valid JSON.' : 'The request body must be a JSON object.');
  return parsed.value;
}

async function route(store: ConfluentRegistryStore, method: string, path: string[], body: Buffer): Promise<[number, unknown, string?]> {
  const [a, b, c, d, e] = path;
  const n = path.length;
  if (method === 'GET' && n === 0) return [200, {}];
  if (a === 'subjects') {
    if (method === 'GET' && n === 1) return [200, store.listSubjects()];
    if (method === 'POST' && n === 2) return [200, store.lookup(b, bodyOf(body))];
    if (c === 'versions') {
      if (method === 'GET' && n === 3) return [200, store.listVersions(b)];
      if (method === 'POST' && n === 3) return [200, await store.register(b, bodyOf(body))];
      if (method === 'GET' && n === 4) return [200, store.getVersion(b, d)];
      if (method === 'GET' && n === 5 && e === 'schema') return [200, store.getVersionSchema(b, d), 'text/plain'];
    }
  }
  if (a === 'schemas' && b === 'ids' && method === 'GET') {
    if (n === 3) return [200, store.getSchemaById(c)];
    if (n === 4 && d === 'schema') {
      const s = store.getSchemaById(c) as { schema: string };
      return [200, s.schema, 'text/plain'];
    }
    if (n === 4 && d === 'subjects') return [200, store.getSubjectsOfId(c)];
    if (n === 4 && d === 'versions') return [200, store.getVersionsOfId(c)];
  }
  if (a === 'schemas' && b === 'types' && method === 'GET' && n === 2) return [200, ['AVRO', 'JSON', 'PROTOBUF']];
  if (a === 'config') {
    if (method === 'GET') return [200, store.getConfig(n === 2 ? b : undefined)];
    if (method === 'PUT' && n <= 2) return [200, store.setConfig(n === 2 ? b : undefined, bodyOf(body))];
  }
  if (a === 'compatibility' && b === 'subjects' && d === 'versions' && method === 'POST' && n === 5) {
    // the sandbox keeps no compatibility rules: a schema that parses is compatible
    store.getVersion(c, e);
    return [200, { is_compatible: true }];
  }
  throw new RegistryApiError(404, 404, `The sandbox's registry has no ${method} /${path.join('/')}; it serves /subjects, /subjects/{subject}/versions[/{version}], /schemas/ids/{id}, /config and /compatibility.`);
}

export async function startConfluentRegistry(options: ConfluentRegistryOptions = {}): Promise<ConfluentRegistryHandle> {
  const store = new ConfluentRegistryStore(options.subjects);
  store.checkSchema = options.checkSchema;
  const server = await startEmulatorServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tooLarge: (res) => send(res, 413, { error_code: 413, message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }),
    handle: (req, res, body) => {
      if (options.auth && !authorised(req, options.auth)) {
        send(res, 401, { error_code: 401, message: 'Unauthorized: give the registry user and password (HTTP basic auth).' });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://registry');
      let path: string[];
      try {
        path = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
      } catch {
        send(res, 400, { error_code: 400, message: 'The request path has a malformed percent-encoding.' });
        return;
      }
      route(store, req.method ?? 'GET', path, body).then(
        ([status, out, type]) => send(res, status, out, type),
        (err: unknown) => {
          if (err instanceof RegistryApiError) send(res, err.status, { error_code: err.errorCode, message: err.message });
          else send(res, 500, { error_code: 50001, message: `The sandbox's registry failed: ${err instanceof Error ? err.message : String(err)}` });
        },
      );
    },
  });
  return { endpoint: server.endpoint, store, stop: () => server.stop() };
}
