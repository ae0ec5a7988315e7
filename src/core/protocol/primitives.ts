// Kafka wire primitives: a bounds-checked Reader and a chunked Writer, shared by the sandbox broker
// and the client requests kafkajs lacks (src/kafka). Pure: no network, no clock.
// All multi-byte integers are big-endian. int64 values are read as JS numbers where the protocol
// uses them for offsets/timestamps (exact up to 2^53, which no sandbox log reaches); use
// int64Big() when the full range matters (e.g. producer ids from a client).

/** Thrown when a request does not decode; the server answers INVALID_REQUEST or closes. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export class Reader {
  offset: number;
  readonly end: number;

  constructor(readonly buf: Buffer, offset = 0, end = buf.length) {
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (n < 0 || at + n > this.end) {
      throw new ProtocolError(`truncated: need ${n} bytes at ${at}, have ${this.end - at}`);
    }
    this.offset = at + n;
    return at;
  }

  int8(): number { return this.buf.readInt8(this.need(1)); }
  uint8(): number { return this.buf.readUInt8(this.need(1)); }
  bool(): boolean { return this.buf.readUInt8(this.need(1)) !== 0; }
  int16(): number { return this.buf.readInt16BE(this.need(2)); }
  int32(): number { return this.buf.readInt32BE(this.need(4)); }
  uint32(): number { return this.buf.readUInt32BE(this.need(4)); }
  int64Big(): bigint { return this.buf.readBigInt64BE(this.need(8)); }
  /** int64 as a number (offsets, timestamps, producer ids allocated by us). */
  int64(): number {
    const at = this.need(8);
    const hi = this.buf.readInt32BE(at);
    const lo = this.buf.readUInt32BE(at + 4);
    return hi * 4294967296 + lo;
  }
  float64(): number { return this.buf.readDoubleBE(this.need(8)); }

  uuid(): Buffer { return this.raw(16); }

  /** Unsigned LEB128 varint (up to 32 bits), used by compact forms and tagged fields. */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.uint8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ProtocolError('uvarint too long');
  }

  /** Signed zigzag varint (32-bit), used inside records. */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Signed zigzag varlong (64-bit) as a number; exact within ±2^53. */
  varlong(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.uint8();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      mul *= 128;
    }
    throw new ProtocolError('varlong too long');
  }

  raw(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolError('null where a string is required');
    return s;
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    const at = this.need(len);
    return this.buf.toString('utf8', at, at + len);
  }

  compactString(): string {
    const s = this.compactNullableString();
    if (s === null) throw new ProtocolError('null where a compact string is required');
    return s;
  }

  compactNullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const at = this.need(n - 1);
    return this.buf.toString('utf8', at, at + n - 1);
  }

  /** int32-length bytes; returns a view into the request buffer (no copy). */
  bytes(): Buffer {
    const b = this.nullableBytes();
    if (b === null) throw new ProtocolError('null where bytes are required');
    return b;
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    return this.raw(len);
  }

  compactNullableBytes(): Buffer | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return this.raw(n - 1);
  }

  private count(n: number, minItemBytes: number): number {
    // A hostile length must not make us allocate or loop for billions of items.
    if (n * minItemBytes > this.remaining) throw new ProtocolError(`array length ${n} exceeds the frame`);
    return n;
  }

  array<T>(item: (r: Reader) => T): T[] {
    const a = this.nullableArray(item);
    if (a === null) throw new ProtocolError('null where an array is required');
    return a;
  }

  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n < 0) return null;
    this.count(n, 1);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = item(this);
    return out;
  }

  compactArray<T>(item: (r: Reader) => T): T[] {
    const a = this.compactNullableArray(item);
    if (a === null) throw new ProtocolError('null where a compact array is required');
    return a;
  }

  compactNullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.uvarint();
    if (n === 0) return null;
    this.count(n - 1, 1);
    const out = new Array<T>(n - 1);
    for (let i = 0; i < n - 1; i++) out[i] = item(this);
    return out;
  }

  int32Array(): number[] { return this.array((r) => r.int32()); }
  stringArray(): string[] { return this.array((r) => r.string()); }

  /** Skips a tagged-field section (flexible versions); returns the tags seen. */
  taggedFields(): Map<number, Buffer> {
    const n = this.uvarint();
    this.count(n, 2);
    const tags = new Map<number, Buffer>();
    for (let i = 0; i < n; i++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      tags.set(tag, this.raw(size));
    }
    return tags;
  }
}

const CHUNK = 4096;

/**
 * Builds a message as a list of Buffers. Small fields go into a scratch chunk; large payloads
 * (record batches) can be appended by reference with rawRef() so fetch responses never copy
 * stored data.
 */
export class Writer {
  private chunks: Buffer[] = [];
  private cur: Buffer;
  private pos = 0;
  private flushed = 0;

  constructor(initial = 256) {
    this.cur = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.flushed + this.pos;
  }

  private ensure(n: number): void {
    if (this.cur.length - this.pos >= n) return;
    this.flush();
    this.cur = Buffer.allocUnsafe(Math.max(CHUNK, n));
  }

  private flush(): void {
    if (this.pos > 0) {
      this.chunks.push(this.cur.subarray(0, this.pos));
      this.flushed += this.pos;
      this.cur = this.cur.subarray(this.pos);
      this.pos = 0;
    }
  }

  int8(v: number): this { this.ensure(1); this.cur.writeInt8(v, this.pos); this.pos += 1; return this; }
  uint8(v: number): this { this.ensure(1); this.cur.writeUInt8(v, this.pos); this.pos += 1; return this; }
  bool(v: boolean): this { return this.uint8(v ? 1 : 0); }
  int16(v: number): this { this.ensure(2); this.cur.writeInt16BE(v, this.pos); this.pos += 2; return this; }
  int32(v: number): this { this.ensure(4); this.cur.writeInt32BE(v, this.pos); this.pos += 4; return this; }
  uint32(v: number): this { this.ensure(4); this.cur.writeUInt32BE(v >>> 0, this.pos); this.pos += 4; return this; }
  int64(v: number | bigint): this {
    this.ensure(8);
    this.cur.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }
  float64(v: number): this { this.ensure(8); this.cur.writeDoubleBE(v, this.pos); this.pos += 8; return this; }

  uvarint(v: number): this {
    if (v < 0 || !Number.isInteger(v)) throw new RangeError(`uvarint out of range: ${v}`);
    this.ensure(10);
    while (v >= 0x80) {
      this.cur[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.cur[this.pos++] = v;
    return this;
  }

  varint(v: number): this { return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1); }
  varlong(v: number): this { return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1); }

  /** Copies bytes into the message. */
  raw(b: Buffer): this {
    if (b.length > CHUNK) return this.rawRef(Buffer.from(b));
    this.ensure(b.length);
    b.copy(this.cur, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Appends bytes by reference: the caller must not mutate b until the message is sent. */
  rawRef(b: Buffer): this {
    if (b.length === 0) return this;
    this.flush();
    this.chunks.push(b);
    this.flushed += b.length;
    return this;
  }

  string(s: string): this {
    const len = Buffer.byteLength(s);
    if (len > 32767) throw new RangeError('string longer than 32767 bytes');
    this.int16(len);
    this.ensure(len);
    this.pos += this.cur.write(s, this.pos, 'utf8');
    return this;
  }

  nullableString(s: string | null | undefined): this {
    if (s === null || s === undefined) return this.int16(-1);
    return this.string(s);
  }

  compactString(s: string): this {
    const len = Buffer.byteLength(s);
    this.uvarint(len + 1);
    this.ensure(len);
    this.pos += this.cur.write(s, this.pos, 'utf8');
    return this;
  }

  compactNullableString(s: string | null | undefined): this {
    if (s === null || s === undefined) return this.uvarint(0);
    return this.compactString(s);
  }

  bytes(b: Buffer): this { return this.int32(b.length).raw(b); }

  nullableBytes(b: Buffer | null | undefined): this {
    if (b === null || b === undefined) return this.int32(-1);
    return this.bytes(b);
  }

  array<T>(items: readonly T[], item: (w: Writer, v: T) => void): this {
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null | undefined, item: (w: Writer, v: T) => void): this {
    if (items === null || items === undefined) return this.int32(-1);
    return this.array(items, item);
  }

  compactArray<T>(items: readonly T[], item: (w: Writer, v: T) => void): this {
    this.uvarint(items.length + 1);
    for (const v of items) item(this, v);
    return this;
  }

  int32Array(items: readonly number[]): this { return this.array(items, (w, v) => w.int32(v)); }
  stringArray(items: readonly string[]): this { return this.array(items, (w, v) => w.string(v)); }

  /** An empty tagged-field section. */
  taggedFields(): this { return this.uvarint(0); }

  /** The message as a list of buffers (no copy). */
  toChunks(): Buffer[] {
    this.flush();
    return this.chunks;
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.flushed);
  }
}
