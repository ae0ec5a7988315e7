// One connection to one broker: a socket from the connection factory, ApiVersions first, then SASL
// when the auth asks for it, then pipelined requests matched to responses by correlation id (Kafka
// answers each connection's requests in order). Response frames are assembled into one buffer each,
// and decoders read views of it, so record batches are never copied on the way in. On plain TCP the
// socket reads a large frame's bytes straight into that buffer (net's onread), with no chunk copied.
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import type { ISocketFactory, SASLOptions } from 'kafkajs';
import { ApiKey, apiName } from '../../core/protocol/api-keys';
import { decodeApiVersions, decodeSaslAuthenticate, decodeSaslHandshake, pickVersion, type VersionRange } from '../../core/protocol/client-requests';
import { errorName } from '../../core/protocol/errors';
import { Reader, Writer } from '../../core/protocol/primitives';
import { openBrokerSocket } from '../connection';
import { saslExchange } from './sasl';

/** A broker answered with a Kafka error code. */
export class KafkaProtocolError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'KafkaProtocolError';
  }
}

/** The connection closed (or failed) before the answer came: the request may be retried on a new one. */
export class ConnectionClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionClosedError';
  }
}

export interface BrokerConnectionOptions {
  host: string;
  port: number;
  socketFactory: ISocketFactory;
  ssl?: ConnectionOptions;
  sasl?: SASLOptions;
  clientId?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

interface Pending {
  correlationId: number;
  apiKey: number;
  resolve: (frame: Buffer) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class BrokerConnection {
  private socket!: Duplex;
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private header = Buffer.alloc(4);
  private headerFill = 0;
  private frame: Buffer | null = null;
  private frameFill = 0;
  /** Where reads land between large frames (onread): frames inside it are copied out before delivery. */
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private versions = new Map<number, VersionRange>();
  private closeError: Error | null = null;
  /** When the SASL session ends (KIP-368): the client opens a new connection before then. */
  sessionExpiresAt = Infinity;

  private constructor(readonly host: string, readonly port: number, private readonly opts: BrokerConnectionOptions) {}

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get closed(): boolean {
    return this.closeError !== null;
  }

  /** Closed, or its SASL session is about to end: use a new connection for new requests. */
  get stale(): boolean {
    return this.closed || Date.now() >= this.sessionExpiresAt;
  }

  static async open(opts: BrokerConnectionOptions): Promise<BrokerConnection> {
    const c = new BrokerConnection(opts.host, opts.port, opts);
    c.socket = await openBrokerSocket(opts.socketFactory, opts.host, opts.port, opts.ssl, opts.connectTimeoutMs ?? 10000, {
      buffer: () => c.nextReadBuffer(),
      callback: (n: number, buf: Uint8Array) => {
        c.onRead(n, buf);
        return true;
      },
    });
    c.socket.on('data', (d: Buffer) => c.onData(d, false));
    c.socket.on('error', (err: Error) => c.fail(new ConnectionClosedError(`connection to ${c.address} failed: ${err.message}`)));
    c.socket.on('close', () => c.fail(new ConnectionClosedError(`the broker ${c.address} closed the connection`)));
    try {
      const av = await c.request(ApiKey.ApiVersions, 0, () => {}, decodeApiVersions);
      if (av.errorCode !== 0) throw new KafkaProtocolError(av.errorCode, `ApiVersions: ${errorName(av.errorCode)}`);
      c.versions = av.apis;
      if (opts.sasl) await c.authenticate(opts.sasl);
    } catch (err) {
      c.close();
      throw err;
    }
    return c;
  }

  /** The version of apiKey to use with this broker. */
  version(apiKey: number): number {
    return pickVersion(apiKey, this.versions.get(apiKey), apiName(apiKey));
  }

  supports(apiKey: number): boolean {
    return this.versions.has(apiKey);
  }

  private async authenticate(sasl: SASLOptions): Promise<void> {
    const exchange = saslExchange(sasl);
    const hs = await this.request(ApiKey.SaslHandshake, 1, (w) => w.string(exchange.mechanism), decodeSaslHandshake);
    if (hs.errorCode !== 0) {
      throw new KafkaProtocolError(hs.errorCode, `SASL ${exchange.mechanism} authentication failed: the broker offers ${hs.mechanisms.join(', ') || 'no mechanism'} (${errorName(hs.errorCode)})`);
    }
    const v = this.version(ApiKey.SaslAuthenticate);
    let server: Buffer | null = null;
    for (;;) {
      const msg = await exchange.step(server);
      if (msg === null) break;
      const res = await this.request(ApiKey.SaslAuthenticate, v, (w) => w.bytes(msg), (r) => decodeSaslAuthenticate(r, v));
      if (res.errorCode !== 0) {
        throw new KafkaProtocolError(res.errorCode, `SASL ${exchange.mechanism} authentication failed: ${res.errorMessage ?? errorName(res.errorCode)}`);
      }
      if (res.sessionLifetimeMs > 0) this.sessionExpiresAt = Date.now() + res.sessionLifetimeMs * 0.9;
      server = res.authBytes;
    }
  }

  /** Sends a request (pipelined: no waiting for earlier answers) and decodes its answer. */
  request<T>(apiKey: number, version: number, encode: (w: Writer) => void, decode: (r: Reader) => T, timeoutMs = this.opts.requestTimeoutMs ?? 30000): Promise<T> {
    if (this.closeError) return Promise.reject(this.closeError);
    const correlationId = this.nextCorrelationId++;
    const w = new Writer(512);
    w.int32(0); // size, patched below
    w.int16(apiKey).int16(version).int32(correlationId).nullableString(this.opts.clientId ?? 'msk-tools');
    encode(w);
    const chunks = w.toChunks();
    chunks[0].writeInt32BE(w.length - 4, 0);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new ConnectionClosedError(`${apiName(apiKey)} to ${this.address} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(correlationId, {
        correlationId, apiKey, timer, reject,
        resolve: (frame) => {
          try {
            const r = new Reader(frame, 4); // past the correlation id (response header v0)
            resolve(decode(r));
          } catch (err) {
            reject(new Error(`${apiName(apiKey)} v${version} answer from ${this.address} does not decode: ${err instanceof Error ? err.message : String(err)}`));
          }
        },
      });
      if (chunks.length === 1) this.socket.write(chunks[0]);
      else for (const c of chunks) this.socket.write(c);
    });
  }

  /** onread: the rest of the frame being assembled, else the read buffer. */
  private nextReadBuffer(): Uint8Array {
    return this.frame === null ? this.readBuffer : this.frame.subarray(this.frameFill);
  }

  private onRead(n: number, buf: Uint8Array): void {
    if (buf === this.readBuffer) {
      this.onData(this.readBuffer.subarray(0, n), true);
      return;
    }
    // the bytes went straight into the frame
    this.frameFill += n;
    if (this.frame !== null && this.frameFill === this.frame.length) {
      const frame = this.frame;
      this.frame = null;
      this.deliver(frame);
    }
  }

  /** `reused`: d is the read buffer, which the next read overwrites (a frame inside it is copied). */
  private onData(d: Buffer, reused: boolean): void {
    let at = 0;
    while (at < d.length) {
      if (this.frame === null) {
        const take = Math.min(4 - this.headerFill, d.length - at);
        d.copy(this.header, this.headerFill, at, at + take);
        this.headerFill += take;
        at += take;
        if (this.headerFill < 4) return;
        const size = this.header.readInt32BE(0);
        if (size < 4 || size > 1024 * 1024 * 1024) {
          this.fail(new ConnectionClosedError(`the broker ${this.address} sent a frame of ${size} bytes`));
          return;
        }
        this.headerFill = 0;
        // the frame wholly inside this chunk: a view, no copy (unless the chunk is the read buffer)
        if (d.length - at >= size) {
          const frame = reused ? Buffer.from(d.subarray(at, at + size)) : d.subarray(at, at + size);
          at += size;
          this.deliver(frame);
          continue;
        }
        this.frame = Buffer.allocUnsafe(size);
        this.frameFill = 0;
      }
      const take = Math.min(this.frame.length - this.frameFill, d.length - at);
      d.copy(this.frame, this.frameFill, at, at + take);
      this.frameFill += take;
      at += take;
      if (this.frameFill === this.frame.length) {
        const frame = this.frame;
        this.frame = null;
        this.deliver(frame);
      }
    }
  }

  private deliver(frame: Buffer): void {
    const id = frame.readInt32BE(0);
    const p = this.pending.get(id);
    if (!p) {
      this.fail(new ConnectionClosedError(`the broker ${this.address} answered an unknown correlation id ${id}`));
      return;
    }
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(frame);
  }

  private fail(err: Error): void {
    if (this.closeError) return;
    this.closeError = err;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    this.socket?.destroy();
  }

  /** In-flight requests fail with ConnectionClosedError. */
  close(): void {
    this.fail(new ConnectionClosedError(`the connection to ${this.address} was closed`));
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }
}
