// kafkajs's socketFactory must return a socket synchronously, but a tunnelled stream (an SSH channel,
// a SOCKS5 connection) exists only after a handshake. PendingSocket is a Duplex that stands in for it:
// writes wait for the stream, its data flows back, and a failure to open destroys it with that error
// (kafkajs then reports it as a connection error).
import { Duplex } from 'node:stream';

export class PendingSocket extends Duplex {
  private target: Duplex | null = null;
  private readonly ready: Promise<Duplex | null>;

  constructor(open: () => Promise<Duplex>, onOpen?: () => void) {
    super({ allowHalfOpen: false });
    this.ready = open().then(
      (target) => {
        if (this.destroyed) {
          target.destroy();
          return null;
        }
        this.attach(target);
        onOpen?.();
        return target;
      },
      (err: unknown) => {
        this.destroy(err instanceof Error ? err : new Error(String(err)));
        return null;
      },
    );
  }

  private attach(target: Duplex): void {
    this.target = target;
    target.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) target.pause();
    });
    target.on('end', () => this.push(null));
    target.on('error', (err: Error) => this.destroy(err));
    target.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }

  override _read(): void {
    this.target?.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.target) {
      this.target.write(chunk, encoding, cb);
      return;
    }
    void this.ready.then((t) => (t ? t.write(chunk, encoding, cb) : cb(new Error('tunnel closed before it opened'))));
  }

  override _final(cb: (err?: Error | null) => void): void {
    void this.ready.then((t) => {
      t?.end();
      cb();
    });
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.target?.destroy();
    cb(err);
  }

  // The net.Socket methods kafkajs calls (network/connection.js, socketFactory.js). Keepalive is the
  // tunnel's business (SSH keepalives, the proxy's TCP connection), and unref has no handle to act on.
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  ref(): this {
    return this;
  }
}
