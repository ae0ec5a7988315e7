// The Glue Schema Registry emulator over HTTP: AWS JSON 1.1 as @aws-sdk/client-glue sends it with
// an endpoint override (POST /, X-Amz-Target: AWSGlue.<Operation>, a JSON body). Like the sandbox's
// other AWS emulators, requests are not signature-checked: any static credentials do. Loopback only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, parseJsonObject, sendJson, startEmulatorServer, type JsonObjectBody } from '../http';
import { GlueApiError, GlueRegistryStore, type GlueDataFormat, type GlueSeedSchema } from './store';

export interface GlueApiOptions {
  region: string;
  accountId?: string;
  /** 0 (the default): a free port. */
  port?: number;
  host?: string;
  schemas?: GlueSeedSchema[];
  /** Parses a definition before it is stored (the sandbox passes its codecs); without it any text is taken. */
  checkDefinition?: (format: GlueDataFormat, definition: string) => Promise<void>;
}

export interface GlueApiHandle {
  /** Give it to the SDK: `new GlueClient({ endpoint, region, credentials })`. */
  endpoint: string;
  store: GlueRegistryStore;
  stop(): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

type ErrorType = GlueApiError['type'] | 'UnknownOperationException' | 'SerializationException' | 'InternalServiceException';

function send(res: ServerResponse, status: number, body: unknown, errorType?: ErrorType): void {
  sendJson(res, status, errorType ? { __type: errorType, Message: (body as { message: string }).message } : body, JSON_11, errorType);
}

async function handle(store: GlueRegistryStore, req: IncomingMessage, body: Buffer): Promise<[number, unknown, ErrorType?]> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = /^AWSGlue\.(\w+)$/.exec(target)?.[1];
  if (req.method !== 'POST' || operation === undefined) {
    return [400, { message: `The Glue emulator expects POST / with X-Amz-Target: AWSGlue.<Operation>; got ${req.method} with "${target}".` }, 'UnknownOperationException'];
  }
  const parsed: JsonObjectBody = body.length === 0 ? { ok: true, value: {} } : parseJsonObject(body);
  if (!parsed.ok) return [400, { message: parsed.reason === 'syntax' ? 'The request body is not valid JSON.' : 'The request body must be a JSON object.' }, 'SerializationException'];
  const input = parsed.value;
  try {
    switch (operation) {
      case 'CreateRegistry':
        return [200, store.createRegistry(input)];
      case 'GetRegistry':
        return [200, store.getRegistry(input)];
      case 'ListRegistries':
        return [200, store.listRegistries(input)];
      case 'CreateSchema':
        return [200, await store.createSchema(input)];
      case 'GetSchema':
        return [200, store.getSchema(input)];
      case 'ListSchemas':
        return [200, store.listSchemas(input)];
      case 'ListSchemaVersions':
        return [200, store.listSchemaVersions(input)];
      case 'GetSchemaVersion':
        return [200, store.getSchemaVersion(input)];
      case 'GetSchemaByDefinition':
        return [200, store.getSchemaByDefinition(input)];
      case 'RegisterSchemaVersion':
        return [200, await store.registerSchemaVersion(input)];
      default:
        return [400, { message: `The sandbox's Glue emulator does not implement ${operation}; it serves the Schema Registry calls (CreateRegistry, GetRegistry, ListRegistries, CreateSchema, GetSchema, ListSchemas, ListSchemaVersions, GetSchemaVersion, GetSchemaByDefinition, RegisterSchemaVersion).` }, 'UnknownOperationException'];
    }
  } catch (err) {
    if (err instanceof GlueApiError) return [400, { message: err.message }, err.type];
    return [500, { message: `The Glue emulator failed: ${err instanceof Error ? err.message : String(err)}` }, 'InternalServiceException'];
  }
}

export async function startGlueApi(options: GlueApiOptions): Promise<GlueApiHandle> {
  const store = new GlueRegistryStore({ region: options.region, accountId: options.accountId ?? '123456789012' }, options.schemas);
  store.checkDefinition = options.checkDefinition;
  const server = await startEmulatorServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tooLarge: (res) => send(res, 413, { message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }, 'SerializationException'),
    handle: (req, res, body) => {
      void handle(store, req, body).then(([status, out, type]) => send(res, status, out, type));
    },
  });
  return { endpoint: server.endpoint, store, stop: () => server.stop() };
}
