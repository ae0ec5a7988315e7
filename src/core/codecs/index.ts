// Kafka's record-batch compression codecs, in pure JavaScript: used to write compressed batches
// (the sandbox's demo seed) and to read them (peek). The attribute values are Kafka's.
import { gunzipSync, gzipSync } from 'zlib';
import * as snappy from 'snappyjs';
import { decompress as zstdDecompress } from 'fzstd';
import { lz4CompressFrame, lz4DecompressFrame } from './lz4';

export { kafkaLz4FrameProblem, lz4CompressFrame, lz4DecompressFrame } from './lz4';

export enum Codec {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

export const codecNames: Record<Codec, string> = {
  [Codec.None]: 'none',
  [Codec.Gzip]: 'gzip',
  [Codec.Snappy]: 'snappy',
  [Codec.Lz4]: 'lz4',
  [Codec.Zstd]: 'zstd',
};

export function compress(codec: Codec, data: Buffer): Buffer {
  switch (codec) {
    case Codec.None:
      return data;
    case Codec.Gzip:
      return gzipSync(data);
    case Codec.Snappy:
      return Buffer.from(snappy.compress(new Uint8Array(data)));
    case Codec.Lz4:
      return lz4CompressFrame(data); // as Kafka writes them: FLG 0x60, independent 64 KiB blocks
    case Codec.Zstd:
      return zstdRawFrame(data);
    default:
      throw new Error(`unknown compression codec ${codec as number}`);
  }
}

export function decompress(codec: Codec, data: Buffer): Buffer {
  switch (codec) {
    case Codec.None:
      return data;
    case Codec.Gzip:
      return gunzipSync(data);
    case Codec.Snappy:
      return snappyDecompress(data);
    case Codec.Lz4:
      return lz4DecompressFrame(data);
    case Codec.Zstd:
      return Buffer.from(zstdDecompress(new Uint8Array(data)));
    default:
      throw new Error(`unknown compression codec ${codec as number}`);
  }
}

// Java producers write snappy in xerial's framing: a magic header, then length-prefixed raw blocks.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

function snappyDecompress(data: Buffer): Buffer {
  if (data.length >= 16 && data.subarray(0, 8).equals(XERIAL_MAGIC)) {
    const parts: Buffer[] = [];
    let off = 16; // magic (8), version (4), compatible version (4)
    while (off + 4 <= data.length) {
      const len = data.readUInt32BE(off);
      off += 4;
      if (off + len > data.length) throw new Error('truncated xerial snappy block');
      parts.push(Buffer.from(snappy.uncompress(new Uint8Array(data.subarray(off, off + len)))));
      off += len;
    }
    return Buffer.concat(parts);
  }
  return Buffer.from(snappy.uncompress(new Uint8Array(data)));
}

const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_MAX_BLOCK = 128 * 1024;

/**
 * A valid zstd frame that stores the data in raw (uncompressed) blocks. No pure-JavaScript zstd
 * compressor is well kept, and the frame format is simple: any zstd reader (librdkafka, Kafka) decodes it.
 */
export function zstdRawFrame(data: Buffer): Buffer {
  const blocks = Math.max(1, Math.ceil(data.length / ZSTD_MAX_BLOCK));
  const out = Buffer.alloc(4 + 1 + 4 + blocks * 3 + data.length);
  out.writeUInt32LE(ZSTD_MAGIC, 0);
  out[4] = 0xa0; // frame content size in 4 bytes, single segment, no checksum, no dictionary
  out.writeUInt32LE(data.length, 5);
  let off = 9;
  for (let i = 0; i < blocks; i++) {
    const chunk = data.subarray(i * ZSTD_MAX_BLOCK, (i + 1) * ZSTD_MAX_BLOCK);
    const last = i === blocks - 1 ? 1 : 0;
    const header = last | (0 << 1) | (chunk.length << 3); // block type 0: raw
    out.writeUIntLE(header, off, 3);
    off += 3;
    chunk.copy(out, off);
    off += chunk.length;
  }
  return out;
}
