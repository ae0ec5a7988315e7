// One TCP listener per broker: framing (4-byte size prefix), request header parsing, dispatch,
// in-order responses per connection, fault injection. Nothing a client sends may crash the
// process: a bad frame gets INVALID_REQUEST when the handler can shape one, else the connection closes.
// Resource limits, as Kafka's broker applies them: a size cap per frame (512 KiB before SASL
// authentication, socket.request.max.bytes after), a memory budget for frames being received,
// shared by all connections (receive-budget.ts), and connections.max.idle.ms.
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
import { ReceiveBudget, type BudgetWaiter } from './receive-budget';

/** Kafka's socket.request.max.bytes default: the largest frame an authenticated connection may send. */
export const DEFAULT_SOCKET_REQUEST_MAX_BYTES = 100 * 1024 * 1024;
/**
 * Kafka's sasl.server.max.receive.size default: the largest frame before authentication completes.
 * Kafka applies it to the SASL exchange; here it covers every frame a connection sends before it is
 * authenticated on a SASL listener, so an anonymous client cannot make the broker hold large buffers.
 */
export const UNAUTHENTICATED_MAX_FRAME_BYTES = 512 * 1024;
/** Kafka's connections.max.idle.ms default (10 minutes). */
export const DEFAULT_CONNECTIONS_MAX_IDLE_MS = 10 * 60 * 1000;
/**
 * Default memory budget for request frames being received, all connections together (Kafka's
 * queued.max.request.bytes, unbounded there by default). Twice the largest frame, so two maximal
 * requests can be received at once and nothing waits in ordinary use.
 */
export const DEFAULT_QUEUED_MAX_REQUEST_BYTES = 2 * DEFAULT_SOCKET_REQUEST_MAX_BYTES;
const MAX_QUEUED_FRAMES = 64;

/** Limits shared by the listeners of one sandbox (see startBroker's options). */
export interface ConnectionLimits {
  /** Largest frame after authentication (or on a listener without SASL). */
  socketRequestMaxBytes: number;
  /** Largest frame before authentication on a SASL listener. */
  unauthenticatedMaxBytes: number;
  /** A connection with no traffic and no request in progress for this long is closed. */
  connectionsMaxIdleMs: number;
  /** Bytes of frames being received or waiting to be handled, across all connections. */
  budget: ReceiveBudget;
}

export function defaultConnectionLimits(): ConnectionLimits {
  return {
    socketRequestMaxBytes: DEFAULT_SOCKET_REQUEST_MAX_BYTES,
    unauthenticatedMaxBytes: UNAUTHENTICATED_MAX_FRAME_BYTES,
    connectionsMaxIdleMs: DEFAULT_CONNECTIONS_MAX_IDLE_MS,
    budget: new ReceiveBudget(DEFAULT_QUEUED_MAX_REQUEST_BYTES),
  };
}

let nextConnectionId = 1;

/**
 * SaslHandshake v0 (auth layer): after it, the client sends bare SASL tokens, size-prefixed but with
 * no request header, until authentication ends. A handler puts a RawSaslTokenHook under this key in
 * conn.data; while it is there, frames go to it. It returns the token to send back (size-prefixed),
 * or null to close the connection; it removes itself when the exchange is over.
 */
export const RAW_SASL_TOKEN_HOOK = 'sasl.rawTokenHook';
/**
 * KIP-368: conn.data key of the time (ms since the epoch) the authenticated session ends, set by the
 * SASL handlers. Past it, any request but SaslHandshake/SaslAuthenticate closes the connection, as
 * Kafka does for a client that did not re-authenticate in time.
 */
export const SASL_SESSION_EXPIRES_AT = 'sasl.sessionExpiresAt';
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
  /** Default: defaultConnectionLimits(), with a budget of this server's own. */
  limits?: ConnectionLimits;
}

export class BrokerServer {
  private server: net.Server;
  readonly connections = new Set<Connection>();
  readonly listener: ListenerInfo;

  /** TCP sockets of a TLS listener, including those still in the TLS handshake (closed on stop). */
  private readonly tcpSockets = new Set<net.Socket>();
  readonly limits: ConnectionLimits;
  /** TCP connections accepted so far (tests count a client's connection attempts). */
  accepted = 0;

  constructor(readonly broker: BrokerInfo, readonly deps: ServerDeps, listener: Partial<ListenerInfo> = {}, transport: TransportOptions = {}) {
    this.limits = deps.limits ?? defaultConnectionLimits();
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
      this.server.on('tlsClientError', (err: Error) => deps.log(`broker ${broker.id} (${this.listener.name}): TLS handshake failed: ${err.message}`));
    } else {
      this.server = net.createServer(onSocket);
    }
    this.server.on('error', (err) => deps.log(`broker ${broker.id}: listener error: ${err.message}`));
    this.server.on('connection', () => this.accepted++);
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
  /** Received bytes not yet cut into frames. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** A frame whose size is reserved but whose body is still arriving, copied in as it comes. */
  private partial: { buf: Buffer; at: number } | null = null;
  /** Whole frames waiting to be handled, in order. */
  private frames: Buffer[] = [];
  /** Bytes this connection holds in the shared budget (partial frame plus queued frames). */
  private reserved = 0;
  /** Size of the frame being handled now (its reservation is released when it finishes). */
  private inHandling = 0;
  /** Set while waiting for room in the budget; reading is paused meanwhile. */
  private budgetWaiter: BudgetWaiter | null = null;
  private woken = false;
  private pausedForQueue = false;
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
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
    // Node's socket timeout fires after this long with no bytes read or written.
    socket.setTimeout(server.limits.connectionsMaxIdleMs);
    socket.on('timeout', () => this.onIdle());
  }

  private get log() {
    return this.server.deps.log;
  }

  private get budget(): ReceiveBudget {
    return this.server.limits.budget;
  }

  destroy(): void {
    if (!this.closed) {
      this.closed = true;
      this.frames = [];
      this.chunks = [];
      this.buffered = 0;
      this.partial = null;
      if (this.budgetWaiter) this.budget.cancel(this.budgetWaiter);
      this.budgetWaiter = null;
      // Frames still being handled give their bytes back as they finish (see process()).
      const held = this.reserved - this.inHandling;
      this.reserved = this.inHandling;
      if (held > 0) this.budget.release(held);
    }
    this.socket.destroy();
  }

  private onIdle(): void {
    if (this.closed) return;
    // A request in progress (a long-poll Fetch, a JoinGroup barrier) or a wait for budget is not idleness.
    if (this.processing || this.frames.length > 0 || this.budgetWaiter) {
      this.socket.setTimeout(this.server.limits.connectionsMaxIdleMs);
      return;
    }
    this.log(`broker ${this.server.broker.id}: closing ${this.state.remote}: idle for ${this.server.limits.connectionsMaxIdleMs} ms (connections.max.idle.ms)`);
    this.destroy();
  }

  private onData(d: Buffer): void {
    if (this.closed) return;
    this.chunks.push(d);
    this.buffered += d.length;
    this.pump();
  }

  /** Cuts frames out of the received bytes; checks each size as soon as its 4 bytes are in. */
  private pump(): void {
    while (!this.closed && !this.budgetWaiter) {
      if (this.partial) {
        const p = this.partial;
        while (p.at < p.buf.length && this.buffered > 0) {
          const c = this.chunks[0];
          const k = Math.min(c.length, p.buf.length - p.at);
          c.copy(p.buf, p.at, 0, k);
          p.at += k;
          this.buffered -= k;
          if (k === c.length) this.chunks.shift();
          else this.chunks[0] = c.subarray(k);
        }
        if (p.at < p.buf.length) break;
        this.frames.push(p.buf);
        this.partial = null;
        continue;
      }
      if (this.buffered < 4) break;
      const size = this.peekSize();
      const cap = this.state.authenticated ? this.server.limits.socketRequestMaxBytes : this.server.limits.unauthenticatedMaxBytes;
      if (size < 0 || size > cap) {
        const why = size < 0 ? 'negative' : this.state.authenticated ? `over socket.request.max.bytes (${cap})` : `over the ${cap}-byte limit before authentication`;
        this.log(`broker ${this.server.broker.id}: closing ${this.state.remote}: frame size ${size} ${why}`);
        this.destroy();
        return;
      }
      const granted = this.budget.tryReserve(size, this.woken);
      this.woken = false;
      if (!granted) {
        const waiter: BudgetWaiter = () => {
          this.budgetWaiter = null;
          this.woken = true;
          this.pump();
        };
        this.budgetWaiter = waiter;
        this.budget.wait(waiter);
        break;
      }
      this.reserved += size;
      this.take(4);
      if (this.buffered >= size) {
        this.frames.push(this.take(size));
      } else {
        // Copy the body into its own buffer as it arrives, so the socket's chunks are freed at once.
        this.partial = { buf: Buffer.allocUnsafe(size), at: 0 };
      }
    }
    this.updateFlow();
    if (!this.processing && !this.closed) void this.process();
  }

  /** Pauses reading while waiting for budget or when many frames queue up; resumes otherwise. */
  private updateFlow(): void {
    if (this.closed) return;
    if (this.frames.length > MAX_QUEUED_FRAMES) this.pausedForQueue = true;
    else if (this.frames.length <= MAX_QUEUED_FRAMES / 2) this.pausedForQueue = false;
    const pause = this.pausedForQueue || this.budgetWaiter !== null;
    if (pause && !this.socket.isPaused()) this.socket.pause();
    else if (!pause && this.socket.isPaused()) this.socket.resume();
  }

  private peekSize(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    const head = Buffer.concat(this.chunks, Math.min(this.buffered, 8));
    return head.readInt32BE(0);
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0); // an empty frame: there may be no chunk left
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
        this.updateFlow();
        this.inHandling = frame.length;
        try {
          await this.handleFrame(frame);
        } finally {
          this.inHandling = 0;
          this.reserved -= frame.length;
          this.budget.release(frame.length);
        }
      }
    } catch (err) {
      this.log(`broker ${this.server.broker.id}: internal error, closing ${this.state.remote}: ${(err as Error).stack ?? String(err)}`);
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
    const sessionEnd = this.state.data.get(SASL_SESSION_EXPIRES_AT) as number | undefined;
    if (sessionEnd !== undefined && apiKey !== ApiKey.SaslHandshake && apiKey !== ApiKey.SaslAuthenticate && Date.now() >= sessionEnd) {
      this.log(`broker ${brokerId}: closing ${this.state.remote}: its SASL session expired before ${handler.name} (re-authenticate within session_lifetime_ms; connections.max.reauth.ms)`);
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
