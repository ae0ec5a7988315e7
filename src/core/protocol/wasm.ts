// The WebAssembly kernels of the read path (assembled by scripts/wasm-kernels.mjs): CRC-32C
// slicing-by-16, a 16-byte-wide scan for bytes that a JSON string cannot hold as they are, and the
// escaper of such bytes. They are about 3x (CRC) and 20x (scan) faster than the same loops in
// JavaScript, whose byte-by-byte reads are bounds-checked one by one; the escaper writes a JSON value
// of 1 KB about 10x faster than decoding it to a string, JSON.stringify and encoding it again.
//
// WebAssembly reads only its own memory, so bytes are either copied into a small staging area per
// call (`foreign`) or, on the hot path, a whole record batch is copied once into the scratch area
// (stage) and decoded from there. The memory:
//   [TABLES, +16 KiB)          the CRC tables
//   [ESC_TABLE, +512)          the escaper's letters and hex digits (a data segment of the module)
//   [ESC_SHUFFLES, +4 KiB)     the escaper's 256 shuffles (fillEscShuffles)
//   [FOREIGN, ESC_OUT)         bytes of one call over a buffer outside the memory, in pieces
//   [ESC_OUT, +64 KiB)         what the escaper writes, ESC_PIECE bytes of input at a time
//   [SCRATCH, ...)             one staged batch (grown on demand; growing detaches older views)
// Without WebAssembly (e.g. node --jitless) wasmKernels() is null and callers use their JavaScript
// loops. The module is compiled on first use (well under a millisecond: it is 1.3 KB).
import { fillCrc32cTables } from './crc32c-tables';
import { ESC_OUT, ESC_PIECE, ESC_SHUFFLES, FOREIGN, SCRATCH, TABLES, WASM_KERNELS_BASE64 } from './wasm-kernels.generated';

const FOREIGN_SIZE = ESC_OUT - FOREIGN;
const PAGE = 65536;

/** Bit of `scan`'s answer: a byte below 0x20, a quote or a backslash. */
export const SCAN_ESCAPE = 1;
/** Bit of `scan`'s answer: a byte at or above 0x80 (UTF-8 that must be validated). */
export const SCAN_HIGH = 2;
/** The most bytes escapePiece takes at once. */
export { ESC_PIECE };

// The few WebAssembly JS API members used (the project's lib is ES2022, without DOM typings).
interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface Exports {
  m: Memory;
  crc(ptr: number, len: number, crc: number): number;
  scan(ptr: number, len: number): number;
  esc(ptr: number, len: number, out: number): number;
}

/**
 * The escaper's shuffle for each 8 bits of mask m (a byte to escape where a bit is set): the lanes of
 * the 8 bytes in order, each escaped one after lane 8 (which holds a backslash); 0x80 (a zero lane)
 * fills the rest of the 16.
 */
export function fillEscShuffles(t: Uint8Array): void {
  for (let m = 0; m < 256; m++) {
    let at = m * 16;
    for (let j = 0; j < 8; j++) {
      if (m & (1 << j)) t[at++] = 8;
      t[at++] = j;
    }
    while (at < m * 16 + 16) t[at++] = 0x80;
  }
}

export class Kernels {
  private heap: Uint8Array;

  constructor(private readonly x: Exports) {
    this.heap = new Uint8Array(x.m.buffer);
    fillCrc32cTables(new Int32Array(x.m.buffer, TABLES, 256 * 16), 16);
    fillEscShuffles(this.heap.subarray(ESC_SHUFFLES, ESC_SHUFFLES + 4096));
  }

  /** True when buf is a view of this memory (a staged batch): the kernels read it in place. */
  owns(buf: Uint8Array): boolean {
    return buf.buffer === this.x.m.buffer;
  }

  /** CRC-32C of buf[start, end), continuing from seed (the CRC of the bytes before). */
  crc32c(buf: Uint8Array, start: number, end: number, seed: number): number {
    if (this.owns(buf)) return this.x.crc(buf.byteOffset + start, end - start, seed) >>> 0;
    let crc = seed;
    for (let at = start; at < end; at += FOREIGN_SIZE) {
      const n = Math.min(FOREIGN_SIZE, end - at);
      this.heap.set(buf.subarray(at, at + n), FOREIGN);
      crc = this.x.crc(FOREIGN, n, crc) >>> 0;
    }
    return crc;
  }

  /** SCAN_ESCAPE | SCAN_HIGH as found in buf[start, end). */
  scan(buf: Uint8Array, start: number, end: number): number {
    if (this.owns(buf)) return this.x.scan(buf.byteOffset + start, end - start);
    let flags = 0;
    for (let at = start; at < end; at += FOREIGN_SIZE) {
      const n = Math.min(FOREIGN_SIZE, end - at);
      this.heap.set(buf.subarray(at, at + n), FOREIGN);
      flags |= this.x.scan(FOREIGN, n);
    }
    return flags;
  }

  /**
   * buf[start, start + n) (n at most ESC_PIECE) as the inside of a JSON string: what JSON.stringify
   * writes between the quotes for the string of these bytes, when they are valid UTF-8. Returns a view
   * of this memory, valid until the next call.
   */
  escapePiece(buf: Uint8Array, start: number, n: number): Uint8Array {
    let ptr = buf.byteOffset + start;
    if (!this.owns(buf)) {
      this.heap.set(buf.subarray(start, start + n), FOREIGN);
      ptr = FOREIGN;
    }
    return this.heap.subarray(ESC_OUT, ESC_OUT + this.x.esc(ptr, n, ESC_OUT));
  }

  /**
   * A copy of src[start, end) in the scratch area, as a Buffer over this memory. It is valid until
   * the next stage() (which overwrites it, and may grow the memory, which empties older views).
   */
  stage(src: Uint8Array, start = 0, end = src.length): Buffer {
    const n = end - start;
    const need = SCRATCH + n - this.x.m.buffer.byteLength;
    if (need > 0) {
      this.x.m.grow(Math.ceil(need / PAGE));
      this.heap = new Uint8Array(this.x.m.buffer);
    }
    this.heap.set(start === 0 && end === src.length ? src : src.subarray(start, end), SCRATCH);
    return Buffer.from(this.x.m.buffer, SCRATCH, n);
  }
}

function load(): Kernels | null {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm) return null;
  try {
    const mod = new wasm.Module(Buffer.from(WASM_KERNELS_BASE64, 'base64'));
    return new Kernels(new wasm.Instance(mod, {}).exports as Exports);
  } catch {
    return null; // no WebAssembly (--jitless, a locked-down host): the JavaScript loops serve
  }
}

let loaded: Kernels | null | undefined;

/** The kernels (compiled on the first call), or null where WebAssembly is unavailable. */
export function wasmKernels(): Kernels | null {
  return loaded === undefined ? (loaded = load()) : loaded;
}
