// The Secrets Manager emulator over HTTP: AWS JSON 1.1, as `@aws-sdk/client-secrets-manager` speaks
// it with an endpoint override (POST /, X-Amz-Target: secretsmanager.<Operation>, a JSON body).
// Only the read calls MSK clients make: GetSecretValue and ListSecrets. Loopback only.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

const MAX_BODY_BYTES = 1024 * 1024;
const JSON_11 = 'application/x-amz-json-1.1';

type ErrorType = SecretsApiError['type'] | 'UnknownOperationException' | 'SerializationException' | 'InternalServiceError';

function send(res: ServerResponse, status: number, body: unknown, errorType?: ErrorType): void {
  const payload = JSON.stringify(errorType ? { __type: errorType, message: (body as { message: string }).message } : body);
  const headers: Record<string, string | number> = { 'content-type': JSON_11, 'content-length': Buffer.byteLength(payload), 'x-amzn-requestid': randomUUID() };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(payload);
}

function handle(store: SecretStore, req: IncomingMessage, body: Buffer): [number, unknown, ErrorType?] {
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = /^secretsmanager\.(\w+)$/.exec(target)?.[1];
  if (req.method !== 'POST' || operation === undefined) {
    return [400, { message: `The Secrets Manager emulator expects POST / with X-Amz-Target: secretsmanager.<Operation>; got ${req.method} with "${target}".` }, 'UnknownOperationException'];
  }
  let parsed: unknown;
  try {
    parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    return [400, { message: 'The request body is not valid JSON.' }, 'SerializationException'];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [400, { message: 'The request body must be a JSON object.' }, 'SerializationException'];
  const input = parsed as Record<string, unknown>;
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
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answer at once and drop the connection rather than buffer whatever a client keeps sending.
        refused = true;
        res.shouldKeepAlive = false;
        send(res, 413, { message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` }, 'SerializationException');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const [status, out, type] = handle(store, req, Buffer.concat(chunks));
      send(res, status, out, type);
    });
    req.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
    store,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // The SDK keeps sockets alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
