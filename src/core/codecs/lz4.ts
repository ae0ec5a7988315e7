// LZ4 frames as Kafka uses them (the LZ4 frame format, lz4/doc/lz4_Frame_format.md, and the block
// format, lz4_Block_format.md). Written here rather than taken from lz4js: lz4js writes FLG 0x40
// with blocks that reach back into earlier blocks, which Kafka's reader (KafkaLZ4BlockInputStream,
// in the Java client and in the broker) refuses with "Dependent block stream is unsupported".
//
// The writer does what KafkaLZ4BlockOutputStream does: FLG 0x60 (version 01, independent blocks,
// no checksums, no content size), BD 0x40 (64 KiB blocks), each block compressed on its own (its
// matches never reach before the block) or stored raw when compression does not shrink it.
// The reader is lenient (dependent blocks, content size, block and content checksums are read,
// as the `lz4` tool writes them); `kafkaLz4FrameProblem` applies Kafka's stricter header checks.

const MAGIC = 0x184d2204;
const FLG_VERSION_01 = 0x40;
const FLG_BLOCK_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
/** BD with block maximum size code 4 = 64 KiB, Kafka's default (BLOCKSIZE_64KB). */
const BD_64KB = 0x40;
const BLOCK_64KB = 64 * 1024;
const RAW_BLOCK = 0x80000000;

const MIN_MATCH = 4;
/** The last 5 bytes of a block are always literals. */
const LAST_LITERALS = 5;
/** The last match must start at least 12 bytes before the end of the block. */
const MF_LIMIT = 12;
const MAX_OFFSET = 65535;
const HASH_LOG = 16;

// ---- xxHash32 (the frame's header, block and content checksums) ----

const P1 = 2654435761;
const P2 = 2246822519;
const P3 = 3266489917;
const P4 = 668265263;
const P5 = 374761393;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
const round = (acc: number, input: number): number => Math.imul(rotl((acc + Math.imul(input, P2)) | 0, 13), P1);

export function xxh32(buf: Uint8Array, seed = 0): number {
  const n = buf.length;
  const u32 = (i: number): number => (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) >>> 0;
  let i = 0;
  let h: number;
  if (n >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    for (; i <= n - 16; i += 16) {
      v1 = round(v1, u32(i));
      v2 = round(v2, u32(i + 4));
      v3 = round(v3, u32(i + 8));
      v4 = round(v4, u32(i + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + n) | 0;
  for (; i + 4 <= n; i += 4) h = Math.imul(rotl((h + Math.imul(u32(i), P3)) | 0, 17), P4);
  for (; i < n; i++) h = Math.imul(rotl((h + Math.imul(buf[i], P5)) | 0, 11), P1);
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The frame descriptor's HC byte: the second byte of xxh32 over FLG, BD (and content size). */
function headerChecksum(descriptor: Uint8Array): number {
  return (xxh32(descriptor) >>> 8) & 0xff;
}

// ---- blocks ----

function writeLength(out: Buffer, op: number, rest: number): number {
  for (; rest >= 255; rest -= 255) out[op++] = 255;
  out[op++] = rest;
  return op;
}

/**
 * Compresses one block on its own: the hash table is fresh and only holds positions of this
 * block, so no match refers to bytes before it (what "independent blocks" means).
 * Returns null when the result would not be smaller than the input.
 */
export function compressBlock(src: Uint8Array): Buffer | null {
  const n = src.length;
  const out = Buffer.alloc(n + Math.ceil(n / 255) + 16);
  let op = 0;
  let anchor = 0;
  const emit = (litEnd: number, offset: number, matchLen: number): void => {
    const lit = litEnd - anchor;
    const ml = matchLen - MIN_MATCH;
    out[op++] = (Math.min(lit, 15) << 4) | (matchLen === 0 ? 0 : Math.min(ml, 15));
    if (lit >= 15) op = writeLength(out, op, lit - 15);
    out.set(src.subarray(anchor, litEnd), op);
    op += lit;
    if (matchLen === 0) return;
    out[op++] = offset & 0xff;
    out[op++] = offset >>> 8;
    if (ml >= 15) op = writeLength(out, op, ml - 15);
  };
  if (n > MF_LIMIT) {
    const table = new Int32Array(1 << HASH_LOG).fill(-1);
    const lastMatchStart = n - MF_LIMIT;
    const matchLimit = n - LAST_LITERALS;
    const read32 = (i: number): number => src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24);
    let ip = 0;
    while (ip <= lastMatchStart) {
      const seq = read32(ip);
      const h = Math.imul(seq, P1) >>> (32 - HASH_LOG);
      const ref = table[h];
      table[h] = ip;
      if (ref < 0 || ip - ref > MAX_OFFSET || read32(ref) !== seq) {
        ip++;
        continue;
      }
      let len = MIN_MATCH;
      while (ip + len < matchLimit && src[ref + len] === src[ip + len]) len++;
      emit(ip, ip - ref, len);
      ip += len;
      anchor = ip;
    }
  }
  emit(n, 0, 0); // last literals
  return op < n ? out.subarray(0, op) : null;
}

/** Decodes one block into out at op; matches may reach back to `floor` (the block start if independent). */
function decodeBlock(src: Uint8Array, out: Growable, floor: number, maxSize: number): void {
  let ip = 0;
  const end = src.length;
  const start = out.length;
  const need = (k: number): void => {
    if (ip + k > end) throw new Error('lz4: truncated block');
  };
  const readLength = (): number => {
    let total = 0;
    let b: number;
    do {
      need(1);
      b = src[ip++];
      total += b;
    } while (b === 255);
    return total;
  };
  while (ip < end) {
    const token = src[ip++];
    let lit = token >>> 4;
    if (lit === 15) lit += readLength();
    need(lit);
    out.append(src.subarray(ip, ip + lit));
    ip += lit;
    if (ip === end) break;
    need(2);
    const offset = src[ip] | (src[ip + 1] << 8);
    ip += 2;
    let ml = token & 15;
    if (ml === 15) ml += readLength();
    ml += MIN_MATCH;
    if (offset === 0 || out.length - offset < floor) throw new Error('lz4: match offset out of range');
    out.copyMatch(offset, ml);
    if (out.length - start > maxSize) throw new Error('lz4: block exceeds its maximum size');
  }
  if (out.length - start > maxSize) throw new Error('lz4: block exceeds its maximum size');
}

class Growable {
  buf = Buffer.alloc(1024);
  length = 0;
  private reserve(k: number): void {
    if (this.length + k <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + k));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  copyMatch(offset: number, len: number): void {
    this.reserve(len);
    const b = this.buf;
    let from = this.length - offset;
    if (offset >= len) {
      b.copyWithin(this.length, from, from + len);
      this.length += len;
      return;
    }
    // Byte by byte: an overlapping match repeats the bytes it is producing (offset < len).
    for (let i = 0; i < len; i++) b[this.length++] = b[from++];
  }
}

// ---- frames ----

/** Writes an LZ4 frame as Kafka's KafkaLZ4BlockOutputStream does (FLG 0x60, BD 0x40, 64 KiB independent blocks). */
export function lz4CompressFrame(data: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(7);
  header.writeUInt32LE(MAGIC, 0);
  header[4] = FLG_VERSION_01 | FLG_BLOCK_INDEPENDENT;
  header[5] = BD_64KB;
  header[6] = headerChecksum(header.subarray(4, 6));
  parts.push(header);
  for (let at = 0; at < data.length; at += BLOCK_64KB) {
    const chunk = data.subarray(at, Math.min(data.length, at + BLOCK_64KB));
    const packed = compressBlock(chunk);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(packed ? packed.length : (chunk.length | RAW_BLOCK) >>> 0, 0);
    parts.push(size, packed ?? Buffer.from(chunk));
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

const BLOCK_MAX_SIZES: Record<number, number> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

/** Reads an LZ4 frame (independent or dependent blocks, optional checksums and content size). */
export function lz4DecompressFrame(frame: Uint8Array): Buffer {
  if (frame.length < 7) throw new Error('lz4: frame too short');
  const view = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.readUInt32LE(0) !== MAGIC) throw new Error('lz4: not an LZ4 frame (bad magic number)');
  const flg = view[4];
  if (flg >>> 6 !== 1) throw new Error(`lz4: frame version ${flg >>> 6} is not supported`);
  const maxBlock = BLOCK_MAX_SIZES[(view[5] >>> 4) & 7];
  if (maxBlock === undefined) throw new Error('lz4: invalid block maximum size');
  let pos = 6;
  if (flg & FLG_CONTENT_SIZE) pos += 8;
  if (pos >= view.length) throw new Error('lz4: frame too short');
  if (view[pos] !== headerChecksum(view.subarray(4, pos))) throw new Error('lz4: frame descriptor checksum mismatch');
  pos++;
  const independent = (flg & FLG_BLOCK_INDEPENDENT) !== 0;
  const out = new Growable();
  for (;;) {
    if (pos + 4 > view.length) throw new Error('lz4: truncated frame (no end mark)');
    const word = view.readUInt32LE(pos);
    pos += 4;
    if (word === 0) break;
    const raw = (word & RAW_BLOCK) !== 0;
    const size = word & 0x7fffffff;
    if (size > maxBlock) throw new Error(`lz4: block of ${size} bytes exceeds the maximum ${maxBlock}`);
    if (pos + size > view.length) throw new Error('lz4: truncated block');
    const block = view.subarray(pos, pos + size);
    pos += size;
    if (flg & FLG_BLOCK_CHECKSUM) {
      if (pos + 4 > view.length) throw new Error('lz4: truncated block checksum');
      if (view.readUInt32LE(pos) !== xxh32(block)) throw new Error('lz4: block checksum mismatch');
      pos += 4;
    }
    if (raw) out.append(block);
    else decodeBlock(block, out, independent ? out.length : 0, maxBlock);
  }
  const result = Buffer.from(out.buf.subarray(0, out.length));
  if (flg & FLG_CONTENT_CHECKSUM) {
    if (pos + 4 > view.length) throw new Error('lz4: truncated content checksum');
    if (view.readUInt32LE(pos) !== xxh32(result)) throw new Error('lz4: content checksum mismatch');
  }
  return result;
}

/**
 * What Kafka's KafkaLZ4BlockInputStream refuses in a frame's header, in its order and words
 * (magic, FLG reserved bits, block independence, version, BD fields, header checksum), or null.
 * The broker runs this reader on every lz4 batch it validates.
 */
export function kafkaLz4FrameProblem(frame: Uint8Array): string | null {
  if (frame.length < 6) return 'Stream ended prematurely';
  const view = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.readUInt32LE(0) !== MAGIC) return 'Stream unsupported (invalid magic bytes)';
  const flg = view[4];
  if ((flg & 3) !== 0) return 'Reserved bits must be 0';
  if ((flg & FLG_BLOCK_INDEPENDENT) === 0) return 'Dependent block stream is unsupported';
  if (flg >>> 6 !== 1) return `Version ${flg >>> 6} is unsupported`;
  const bd = view[5];
  if ((bd & 0x0f) !== 0) return 'Reserved2 field must be 0';
  const size = (bd >>> 4) & 7;
  if (size < 4 || size > 7) return 'Block size value must be between 4 and 7';
  if ((bd & 0x80) !== 0) return 'Reserved3 field must be 0';
  let pos = 6;
  if (flg & FLG_CONTENT_SIZE) {
    if (view.length < pos + 8) return 'Stream ended prematurely';
    pos += 8;
  }
  if (view.length <= pos || view[pos] !== headerChecksum(view.subarray(4, pos))) return 'Stream frame descriptor corrupted';
  return null;
}
