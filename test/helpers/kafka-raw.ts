// A minimal raw Kafka client for protocol tests: sends hand-built requests, returns response bodies.
import * as net from 'node:net';
import { Reader, Writer } from '../../src/sandbox/protocol/primitives';

export interface RawResponse {
  correlationId: number;
  /** Reader positioned after the response header v0 (correlation id). */
  body: Reader;
  frame: Buffer;
}

export class RawClient {
  private socket!: net.Socket;
  private buf = Buffer.alloc(0);
  private waiting: ((frame: Buffer | null) => void)[] = [];
  private frames: Buffer[] = [];
  private nextCorrelation = 1;
  closed = false;

  static async connect(hostPort: string): Promise<RawClient> {
    const c = new RawClient();
    const [host, port] = hostPort.split(',')[0].split(':');
    await new Promise<void>((resolve, reject) => {
      c.socket = net.connect(Number(port), host, resolve);
      c.socket.once('error', reject);
    });
    c.socket.on('data', (d) => c.onData(d));
    c.socket.on('close', () => {
      c.closed = true;
      for (const w of c.waiting.splice(0)) w(null);
    });
    c.socket.on('error', () => {});
    return c;
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) break;
      const frame = this.buf.subarray(4, 4 + size);
      this.buf = this.buf.subarray(4 + size);
      const w = this.waiting.shift();
      if (w) w(frame);
      else this.frames.push(frame);
    }
  }

  /** Sends raw bytes (e.g. a malformed frame). */
  write(b: Buffer): void {
    this.socket.write(b);
  }

  /** Next response frame, or null when the connection closes first (or after timeoutMs). */
  nextFrame(timeoutMs = 5000): Promise<Buffer | null> {
    const f = this.frames.shift();
    if (f) return Promise.resolve(f);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== done);
        resolve(null);
      }, timeoutMs);
      const done = (frame: Buffer | null) => {
        clearTimeout(t);
        resolve(frame);
      };
      this.waiting.push(done);
    });
  }

  /** Encodes request header v1 (or v2 when flexibleHeader) + body and sends it; returns the correlation id. */
  send(apiKey: number, version: number, body: (w: Writer) => void, opts: { flexibleHeader?: boolean; clientId?: string | null; correlationId?: number } = {}): number {
    const correlationId = opts.correlationId ?? this.nextCorrelation++;
    const w = new Writer();
    w.int16(apiKey).int16(version).int32(correlationId).nullableString(opts.clientId === undefined ? 'raw-test' : opts.clientId);
    if (opts.flexibleHeader) w.taggedFields();
    body(w);
    const payload = w.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    this.socket.write(Buffer.concat([size, payload]));
    return correlationId;
  }

  async request(apiKey: number, version: number, body: (w: Writer) => void, opts: { flexibleHeader?: boolean; flexibleResponseHeader?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
    const id = this.send(apiKey, version, body, opts);
    const frame = await this.nextFrame(opts.timeoutMs ?? 10000);
    if (!frame) throw new Error(`no response to api ${apiKey} v${version} (connection closed or timed out)`);
    const r = new Reader(frame);
    const correlationId = r.int32();
    if (correlationId !== id) throw new Error(`correlation id ${correlationId}, expected ${id}`);
    if (opts.flexibleResponseHeader) r.taggedFields();
    return { correlationId, body: r, frame };
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A cached connection to broker `id` of a cluster under test, opened again when it was closed. */
export async function brokerClient(peer: { clients: Map<number, RawClient>; brokers: Map<number, string> }, id: number): Promise<RawClient> {
  let c = peer.clients.get(id);
  if (!c || c.closed) {
    c = await RawClient.connect(peer.brokers.get(id)!);
    peer.clients.set(id, c);
  }
  return c;
}
