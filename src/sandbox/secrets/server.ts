// The Secrets Manager emulator over HTTP: AWS JSON 1.1, as `@aws-sdk/client-secrets-manager` speaks
// it with an endpoint override (POST /, X-Amz-Target: secretsmanager.<Operation>, a JSON body).
// Only the read calls MSK clients make: GetSecretValue and ListSecrets. Loopback only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, parseJsonObject, sendJson, startEmulatorServer, type JsonObjectBody } from '../http';
import { SecretsApiError, SecretStore, type SecretConfig } from './store';

export interface SecretsApiOptions {
  secrets: SecretConfig[];
  region: string;
  accountId?: string;
  /** 0 (the default): a free port. */
  port?: number;
  host?: string;
}

export interface SecretsApiHandle {
  /** Give it to the SDK: `new SecretsManagerClient({ endpoint, region, credentials })`. */
  endpoint: string;
  store: SecretStore;
  stop(): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

type ErrorType = SecretsApiError['type'] | 'UnknownOperationException' | 'SerializationException' | 'InternalServiceError';

function send(res: ServerResponse, status: number, body: unknown, errorType?: ErrorType): void {
  sendJson(res, status, errorType ? { __type: errorType, message: (body as { message: string }).message } : body, JSON_11, errorType);
}

function handle(store: SecretStore, req: IncomingMessage, body: Buffer): [number, unknown, ErrorType?] {
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = /^secretsmanager\.(\w+)$/.exec(target)?.[1];
  if (req.method !== 'POST' || operation === undefined) {
    return [400, { message: `The Secrets Manager emulator expects POST / with X-Amz-Target: secretsmanager.<Operation>; got ${req.method} with "${target}".` }, 'UnknownOperationException'];
  }
  const parsed: JsonObjectBody = body.length === 0 ? { ok: true, value: {} } : parseJsonObject(body);
  if (!parsed.ok) {
    return [400, { message: parsed.reason === 'syntax' ? 'The request body is not valid JSON.' : 'The request body must be a JSON object.' }, 'SerializationException'];
  }
  const input = parsed.value;
  try {
    switch (operation) {
      case 'GetSecretValue':
        return [200, store.getSecretValue(input)];
      case 'ListSecrets':
        return [200, store.listSecrets(input)];
      default:
        return [400, { message: `The sandbox's Secrets Manager emulator does not implement ${operation}; it serves GetSecretValue and ListSecrets.` }, 'UnknownOperationException'];
    }
  } catch (err) {
    if (err instanceof SecretsApiError) return [400, { message: err.message }, err.type];
    return [500, { message: `The Secrets Manager emulator failed: ${err instanceof Error ? err.message : String(err)}` }, 'InternalServiceError'];
  }
}

export async function startSecretsApi(options: SecretsApiOptions): Promise<SecretsApiHandle> {
  const store = new SecretStore(options.secrets, { region: options.region, accountId: options.accountId ?? '123456789012' });
  const server = await startEmulatorServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tooLarge: (res) => send(res, 413, { message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }, 'SerializationException'),
    handle: (req, res, body) => {
      const [status, out, type] = handle(store, req, body);
      send(res, status, out, type);
    },
  });
  return { endpoint: server.endpoint, store, stop: () => server.stop() };
}
