// HTTP plumbing shared by the sandbox's AWS API emulators (the MSK control plane and Secrets
// Manager): a loopback listener that reads bounded request bodies, JSON replies with the headers
// the AWS SDK reads, and the "is the body a JSON object" check. What each emulator answers, and the
// shape and status code of each of its errors, stay with that emulator.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The largest request body an emulator reads; the calls they serve carry small bodies or none. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Writes `body` as JSON; `errorType`, when given, goes in x-amzn-errortype. */
export function sendJson(res: ServerResponse, status: number, body: unknown, contentType: string, errorType?: string): void {
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(payload), 'x-amzn-requestid': randomUUID() };
  // The SDK reads the error's type from this header to raise the matching exception class.
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(payload);
}

export type JsonObjectBody =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: 'syntax'; detail: string }
  | { ok: false; reason: 'not-object' };

/** Parses a request body that must be a JSON object; each emulator words the failure its own way. */
export function parseJsonObject(body: Buffer): JsonObjectBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'syntax', detail: err instanceof Error ? err.message : String(err) };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'not-object' };
  return { ok: true, value: parsed as Record<string, unknown> };
}

export interface EmulatorServerOptions {
  host: string;
  /** 0: a free port. */
  port: number;
  /** Answers a request whose body passed MAX_BODY_BYTES; the connection is dropped after it. */
  tooLarge(res: ServerResponse): void;
  /** Answers a request whose body has been read in full. */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void;
}

export interface EmulatorServer {
  /** http://host:port, with an IPv6 host in brackets. */
  endpoint: string;
  /** Closes the listener and its kept-alive sockets; calling it again returns the same promise. */
  stop(): Promise<void>;
}

/** Listens on `host`, reads each request body up to MAX_BODY_BYTES and hands it to `handle`. */
export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
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
        options.tooLarge(res);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) options.handle(req, res, Buffer.concat(chunks));
    });
    req.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
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
