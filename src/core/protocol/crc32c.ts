// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78). Record batches v2 carry this checksum over
// the bytes from `attributes` to the end of the batch. The WebAssembly kernel (./wasm.ts,
// slicing-by-16) computes it where WebAssembly runs; crc32cJs, slicing-by-8 in JavaScript, is the
// fallback and the reference the tests hold the kernel to.
import { fillCrc32cTables } from './crc32c-tables';
import { wasmKernels } from './wasm';

const T = new Int32Array(256 * 8);
fillCrc32cTables(T, 8);

/** CRC-32C of buf[start, end) in JavaScript (slicing-by-8), as an unsigned 32-bit number. */
export function crc32cJs(buf: Uint8Array, start = 0, end = buf.length, seed = 0): number {
  let crc = ~seed;
  let i = start;
  const last8 = end - 8;
  while (i <= last8) {
    const a = crc ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
    crc =
      T[7 * 256 + (a & 0xff)] ^
      T[6 * 256 + ((a >>> 8) & 0xff)] ^
      T[5 * 256 + ((a >>> 16) & 0xff)] ^
      T[4 * 256 + (a >>> 24)] ^
      T[3 * 256 + buf[i + 4]] ^
      T[2 * 256 + buf[i + 5]] ^
      T[256 + buf[i + 6]] ^
      T[buf[i + 7]];
    i += 8;
  }
  while (i < end) crc = T[(crc ^ buf[i++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** Below this many bytes the JavaScript loop beats copying the bytes into WebAssembly memory. */
const WASM_MIN_BYTES = 128;

/** CRC-32C of buf[start, end) as an unsigned 32-bit number; seed is the CRC of the bytes before. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length, seed = 0): number {
  const k = end - start >= WASM_MIN_BYTES ? wasmKernels() : null;
  return k ? k.crc32c(buf, start, end, seed) : crc32cJs(buf, start, end, seed);
}
