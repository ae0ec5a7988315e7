// One TCP listener per broker: framing (4-byte size prefix), request header parsing, dispatch,
// in-order responses per connection, fault injection. Nothing a client sends may crash the
// process: a bad frame gets INVALID_REQUEST when the handler can shape one, else the connection closes.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { BrokerInfo, Cluster } from './cluster';
import type { Faults } from './faults';
import type { ApiHandler, ConnectionState, ListenerInfo, RequestContext } from './protocol/handler';
import { NO_RESPONSE } from './protocol/handler';
import type { HandlerTable } from './protocol/handlers';
import { ProtocolError, Reader, Writer } from './protocol/primitives';
import { ApiKey, apiName } from './protocol/api-keys';
import { ErrorCode } from './protocol/errors';

export const MAX_FRAME_BYTES = 100 * 1024 * 1024;
const MAX_QUEUED_FRAMES = 64;

let nextConnectionId = 1;

/**
 * SaslHandshake v0 (auth layer): after it, the client sends bare SASL tokens, size-prefixed but with
 * no request header, until authentication ends. A handler puts a RawSaslTokenHook under this key in
 * conn.data; while it is there, frames go to it. It returns the token to send back (size-prefixed),
 * or null to close the connection; it removes itself when the exchange is over.
 */
export const RAW_SASL_TOKEN_HOOK = 'sasl.rawTokenHook';
export type RawSaslTokenHook = (token: Buffer) => Buffer | null | Promise<Buffer | null>;

/** How a listener carries bytes: plain TCP, or TLS with these options (SSL and SASL_SSL listeners). */
export interface TransportOptions {
  tls?: tls.TlsOptions;
}

export interface ServerDeps {
  cluster: Cluster;
  handlers: HandlerTable;
  faults: Faults;
  log: (msg: string) => void;
}

export class BrokerServer {
  private server: net.Server;
  readonly connections = new Set<Connection>();
  readonly listener: ListenerInfo;

  /** TCP sockets of a TLS listener, including those still in the TLS handshake (closed on stop). */
  private readonly tcpSockets = new Set<net.Socket>();

  constructor(readonly broker: BrokerInfo, readonly deps: ServerDeps, listener: Partial<ListenerInfo> = {}, transport: TransportOptions = {}) {
    this.listener = { brokerId: broker.id, host: broker.host, port: broker.port, requiresSasl: false, name: 'plaintext', ...listener };
    const onSocket = (socket: net.Socket) => {
      const c = new Connection(socket, this);
      this.connections.add(c);
      socket.once('close', () => this.connections.delete(c));
    };
    if (transport.tls) {
      this.server = tls.createServer({ handshakeTimeout: 10000, ...transport.tls }, onSocket);
      this.server.on('connection', (s: net.Socket) => {
        this.tcpSockets.add(s);
        s.once('close', () => this.tcpSockets.delete(s));
      });
      this.server.on('tlsClientError', (err) => deps.log(`broker ${broker.id} (${this.listener.name}): TLS handshake failed: ${err.message}`));
    } else {
      this.server = net.createServer(onSocket);
    }
    this.server.on('error', (err) => deps.log(`broker ${broker.id}: listener error: ${err.message}`));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const addr = this.server.address() as net.AddressInfo;
        this.listener.port = addr.port;
        resolve(addr.port);
      });
    });
  }

  dropConnections(): number {
    const n = this.connections.size;
    for (const c of [...this.connections]) c.destroy();
    return n;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.dropConnections();
      for (const s of [...this.tcpSockets]) s.destroy();
    });
  }
}

class Connection {
  readonly state: ConnectionState;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private frames: Buffer[] = [];
  private processing = false;
  private closed = false;

  constructor(readonly socket: net.Socket, readonly server: BrokerServer) {
    this.state = {
      id: nextConnectionId++,
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
      listener: server.listener,
      authenticated: !server.listener.requiresSasl,
      data: new Map(),
      closeAfterResponse: false,
    };
    socket.setNoDelay(true);
    socket.on('data', (d) => this.onData(d));
    socket.on('error', () => this.destroy());
    socket.on('close', () => { this.closed = true; });
  }

  private get log() {
    return this.server.deps.log;
  }

  destroy(): void {
    this.closed = true;
    this.frames = [];
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    if (this.closed) return;
    this.chunks.push(d);
    this.buffered += d.length;
    while (this.buffered >= 4) {
      const size = this.peekSize();
      if (size < 0 || size > MAX_FRAME_BYTES) {
        this.log(`broker ${this.server.broker.id}: closing ${this.state.remote}: frame size ${size} out of range`);
        this.destroy();
        return;
      }
      if (this.buffered < 4 + size) break;
      this.frames.push(this.take(4 + size).subarray(4));
    }
    if (this.frames.length > MAX_QUEUED_FRAMES) this.socket.pause();
    if (!this.processing) void this.process();
  }

  private peekSize(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    const head = Buffer.concat(this.chunks, Math.min(this.buffered, 8));
    return head.readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let at = 0;
      while (at < n) {
        const c = this.chunks[0];
        const k = Math.min(c.length, n - at);
        c.copy(out, at, 0, k);
        at += k;
        if (k === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(k);
      }
    }
    this.buffered -= n;
    return out;
  }

  private async process(): Promise<void> {
    this.processing = true;
    try {
      while (this.frames.length > 0 && !this.closed) {
        const frame = this.frames.shift()!;
        if (this.frames.length <= MAX_QUEUED_FRAMES / 2 && this.socket.isPaused()) this.socket.resume();
        await this.handleFrame(frame);
      }
    } catch (err) {
      this.log(`broker ${this.server.broker.id}: internal error, closing ${this.state.remote}: ${(err as Error).stack ?? err}`);
      this.destroy();
    } finally {
      this.processing = false;
    }
  }

  private async handleFrame(frame: Buffer): Promise<void> {
    const { cluster, handlers, faults } = this.server.deps;
    const brokerId = this.server.broker.id;
    const rawSasl = this.state.data.get(RAW_SASL_TOKEN_HOOK) as RawSaslTokenHook | undefined;
    if (rawSasl) {
      const reply = await rawSasl(frame);
      if (this.closed) return;
      if (reply === null) return this.destroy();
      const size = Buffer.allocUnsafe(4);
      size.writeInt32BE(reply.length, 0);
      this.socket.write(Buffer.concat([size, reply]));
      return;
    }
    if (frame.length < 8) {
      this.log(`broker ${brokerId}: closing ${this.state.remote}: ${frame.length}-byte frame has no request header`);
      this.destroy();
      return;
    }
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const correlationId = frame.readInt32BE(4);
    const handler = handlers.get(apiKey);
    if (!handler) {
      this.log(`broker ${brokerId}: closing ${this.state.remote}: unsupported api key ${apiKey}`);
      this.destroy();
      return;
    }
    const supported = apiVersion >= handler.minVersion && apiVersion <= handler.maxVersion;
    if (!supported && apiKey !== ApiKey.ApiVersions) {
      this.log(`broker ${brokerId}: closing ${this.state.remote}: ${handler.name} v${apiVersion} not supported (${handler.minVersion}-${handler.maxVersion})`);
      this.destroy();
      return;
    }
    if (!this.state.authenticated && !handler.allowUnauthenticated) {
      this.log(`broker ${brokerId}: closing ${this.state.remote}: ${handler.name} before authentication`);
      this.destroy();
      return;
    }
    const flexible = supported && handler.flexibleFrom !== undefined && apiVersion >= handler.flexibleFrom;
    const body = new Reader(frame, 8);
    let clientId: string | null;
    try {
      clientId = body.nullableString();
      if (flexible) body.taggedFields();
    } catch {
      this.log(`broker ${brokerId}: ${this.state.remote}: malformed request header`);
      this.respondInvalid(handler, apiVersion, correlationId, flexible);
      return;
    }

    const decision = faults.decide(brokerId, apiKey);
    if (decision.drop === 'before') {
      this.log(`broker ${brokerId}: fault: dropping ${this.state.remote} before ${handler.name}`);
      this.destroy();
      return;
    }
    const ctx: RequestContext = {
      cluster,
      broker: this.server.broker,
      conn: this.state,
      apiKey,
      apiVersion,
      correlationId,
      clientId,
      handlers,
      forcedError: decision.forcedError,
      log: this.server.deps.log,
    };
    let result;
    try {
      result = await handler.handle(ctx, body);
    } catch (err) {
      if (err instanceof ProtocolError || err instanceof RangeError) {
        this.log(`broker ${brokerId}: ${this.state.remote}: malformed ${handler.name} v${apiVersion}: ${err.message}`);
        this.respondInvalid(handler, apiVersion, correlationId, flexible);
        return;
      }
      throw err;
    }
    if (decision.drop === 'after') {
      this.log(`broker ${brokerId}: fault: dropping ${this.state.remote} after ${handler.name}`);
      this.destroy();
      return;
    }
    if (decision.delayMs) await new Promise((r) => setTimeout(r, decision.delayMs));
    if (this.closed) return;
    if (result !== NO_RESPONSE) this.send(correlationId, result, flexible && apiKey !== ApiKey.ApiVersions);
    if (this.state.closeAfterResponse) this.socket.end();
  }

  private respondInvalid(handler: ApiHandler, version: number, correlationId: number, flexible: boolean): void {
    const body = handler.errorResponse?.(version, ErrorCode.INVALID_REQUEST) ?? null;
    if (!body) {
      this.destroy();
      return;
    }
    this.send(correlationId, body, flexible && handler.apiKey !== ApiKey.ApiVersions);
  }

  /** Response header v0 (correlation id), or v1 (plus empty tagged fields) for flexible versions. */
  private send(correlationId: number, body: Writer, headerV1: boolean): void {
    const chunks = body.toChunks();
    const head = Buffer.allocUnsafe(headerV1 ? 9 : 8);
    head.writeInt32BE(body.length + head.length - 4, 0);
    head.writeInt32BE(correlationId, 4);
    if (headerV1) head[8] = 0;
    this.socket.cork();
    this.socket.write(head);
    for (const c of chunks) this.socket.write(c);
    this.socket.uncork();
  }
}

export { apiName };
