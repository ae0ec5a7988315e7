// Assembles the small WebAssembly module of peek's hot loops (src/core/protocol/wasm.ts loads it)
// and writes it, base64-encoded, into src/core/protocol/wasm-kernels.generated.ts.
//   node scripts/wasm-kernels.mjs           write the file
//   node scripts/wasm-kernels.mjs --check   exit 1 when the file is not what this script writes
// The module is written by hand, instruction by instruction, from the WebAssembly 2.0 binary format
// (with fixed-width SIMD): no toolchain, no npm package. It exports
//   memory "m": the tables of crc32c at TABLES (16 KiB), then scratch space from SCRATCH on;
//   crc(ptr, len, crc) -> crc: CRC-32C (Castagnoli) of [ptr, ptr+len), slicing-by-16 over the
//     tables that the loader writes at TABLES (table k at TABLES + 1024 k), pre- and post-inverted;
//   scan(ptr, len) -> flags: bit 0 when a byte needs escaping in a JSON string (< 0x20, '"', '\'),
//     bit 1 when a byte is >= 0x80 (UTF-8 to be validated); 16 bytes at a time;
//   esc(ptr, len, out) -> outLen: [ptr, ptr+len) as the inside of a JSON string, written at out:
//     '"' and '\' after a backslash, \b \t \n \f \r, other bytes below 0x20 as \u00xx (lower-case
//     hex), every other byte as it is: what JSON.stringify writes for a string of valid UTF-8. It
//     takes 16 bytes at a time: without quotes, backslashes or control bytes they are copied; with
//     quotes or backslashes only, each 8-byte half is shuffled (i8x16.swizzle) with a backslash by
//     the shuffle of its 8 mask bits (the loader writes the 256 shuffles at ESC_SHUFFLES); a control
//     byte sends it to the byte at a time path, from the first byte to escape on. out must have room
//     for 6 len + 16 bytes. The table of escape letters (ESC_TABLE: for each byte the letter after its
//     backslash, or 0; then the 16 hex digits) is a data segment of the module.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(root, 'src/core/protocol/wasm-kernels.generated.ts');

export const TABLES = 0;
/** The escape letters of esc (256 bytes), then its 16 hex digits. */
export const ESC_TABLE = 16384;
/** esc's 256 shuffles (16 bytes each, filled by the loader: src/core/protocol/wasm.ts). */
export const ESC_SHUFFLES = ESC_TABLE + 512;
/** Staging for the bytes of one call over a buffer outside the memory. */
export const FOREIGN = ESC_SHUFFLES + 4096;
/** Where the read path has esc write (64 KiB: room for a piece of ESC_PIECE bytes escaped). */
export const ESC_OUT = 65536;
/** The most bytes the read path gives esc at once: 6 ESC_PIECE + 16 fits in ESC_OUT's 64 KiB. */
export const ESC_PIECE = 10000;
export const SCRATCH = 131072;

const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n) => {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const vec = (items) => [...uleb(items.length), ...items.flat()];
const str = (s) => vec([...Buffer.from(s, 'utf8')]);
const section = (id, body) => [id, ...uleb(body.length), ...body];

const I32 = 0x7f;
const V128 = 0x7b;

// instructions
const get = (i) => [0x20, ...uleb(i)];
const set = (i) => [0x21, ...uleb(i)];
const i32 = (n) => [0x41, ...sleb(n)];
const load = (offset = 0) => [0x28, 0x00, ...uleb(offset)]; // i32.load, align 1 (unaligned reads are allowed)
const load8u = (offset = 0) => [0x2d, 0x00, ...uleb(offset)];
const store8 = (offset = 0) => [0x3a, 0x00, ...uleb(offset)];
const store16 = (offset = 0) => [0x3b, 0x00, ...uleb(offset)];
const eqz = [0x45], ctz = [0x68];
const ifThen = [0x04, 0x40], orElse = [0x05];
const add = [0x6a], sub = [0x6b], and = [0x71], or = [0x72], xor = [0x73], shl = [0x74], shru = [0x76];
const ltu = [0x49], geu = [0x4f], eq = [0x46], ne = [0x47];
const block = [0x02, 0x40], loop = [0x03, 0x40], end = [0x0b], br = (d) => [0x0c, ...uleb(d)], brIf = (d) => [0x0d, ...uleb(d)];
const simd = (op) => [0xfd, ...uleb(op)];
const v128load = [...simd(0x00), 0x00, 0x00];
const v128loadAt = (offset) => [...simd(0x00), 0x00, ...uleb(offset)];
const v128store = [...simd(0x0b), 0x00, 0x00];
const i8x16shuffle = (lanes) => [...simd(0x0d), ...lanes];
const i8x16swizzle = simd(0x0e);
const popcnt = [0x69];
const i8x16splat = simd(0x0f);
const i8x16eq = simd(0x23);
const i8x16ltu = simd(0x26);
const v128or = simd(0x50);
const anyTrue = simd(0x53);
const i8x16bitmask = simd(0x64);

/** T[k][x] for x the table index times 4 on the stack (a byte offset into the table). */
const table = (k) => load(TABLES + 1024 * k);
/** byte j (0..3) of local w, looked up in table k: the byte is shifted straight to a multiple of 4. */
const lookup = (w, j, k) => {
  const index = j === 0 ? [...get(w), ...i32(2), ...shl, ...i32(1020), ...and]
    : [...get(w), ...i32(8 * j - 2), ...shru, ...i32(1020), ...and];
  return [...index, ...table(k)];
};

function crcFunction(slices) {
  // params: 0 ptr, 1 len, 2 crc; locals: 3 end, 4.. the words of one step
  const P = 0, N = 1, C = 2, E = 3, W = 4;
  const words = slices / 4;
  const body = [
    ...get(C), ...i32(-1), ...xor, ...set(C),
    ...get(P), ...get(N), ...add, ...set(E),
    ...block, ...loop,
    ...get(E), ...get(P), ...sub, ...i32(slices), ...ltu, ...brIf(1),
  ];
  for (let w = 0; w < words; w++) {
    body.push(...get(P), ...load(4 * w));
    if (w === 0) body.push(...get(C), ...xor);
    body.push(...set(W + w));
  }
  let first = true;
  for (let w = 0; w < words; w++) {
    for (let j = 0; j < 4; j++) {
      body.push(...lookup(W + w, j, slices - 1 - (4 * w + j)));
      if (!first) body.push(...xor);
      first = false;
    }
  }
  body.push(
    ...set(C),
    ...get(P), ...i32(slices), ...add, ...set(P),
    ...br(0), ...end, ...end,
    // the tail, byte by byte
    ...block, ...loop,
    ...get(P), ...get(E), ...geu, ...brIf(1),
    ...get(C), ...get(P), ...load8u(), ...xor, ...i32(255), ...and, ...i32(2), ...shl, ...table(0),
    ...get(C), ...i32(8), ...shru, ...xor, ...set(C),
    ...get(P), ...i32(1), ...add, ...set(P),
    ...br(0), ...end, ...end,
    ...get(C), ...i32(-1), ...xor,
    ...end,
  );
  return [...vec([[...uleb(1 + words), I32]]), ...body];
}

function scanFunction() {
  // params: 0 ptr, 1 len; locals: 2 end, 3 flags, 4 byte; v128 locals: 5 esc, 6 high, 7 v, 8 ' ', 9 '"', 10 '\'
  const P = 0, N = 1, E = 2, F = 3, B = 4, ESC = 5, HI = 6, V = 7, SP = 8, QU = 9, BS = 10;
  const splat = (c, l) => [...i32(c), ...i8x16splat, ...set(l)];
  const body = [
    ...get(P), ...get(N), ...add, ...set(E),
    ...splat(0x20, SP), ...splat(0x22, QU), ...splat(0x5c, BS),
    ...block, ...loop,
    ...get(E), ...get(P), ...sub, ...i32(16), ...ltu, ...brIf(1),
    ...get(P), ...v128load, ...set(V),
    ...get(ESC),
    ...get(V), ...get(SP), ...i8x16ltu, ...v128or,
    ...get(V), ...get(QU), ...i8x16eq, ...v128or,
    ...get(V), ...get(BS), ...i8x16eq, ...v128or,
    ...set(ESC),
    ...get(HI), ...get(V), ...v128or, ...set(HI),
    ...get(P), ...i32(16), ...add, ...set(P),
    ...br(0), ...end, ...end,
    ...get(ESC), ...anyTrue,
    ...get(HI), ...i8x16bitmask, ...i32(0), ...ne, ...i32(1), ...shl, ...or,
    ...set(F),
    ...block, ...loop,
    ...get(P), ...get(E), ...geu, ...brIf(1),
    ...get(P), ...load8u(), ...set(B),
    ...get(F),
    ...get(B), ...i32(0x20), ...ltu,
    ...get(B), ...i32(0x22), ...eq, ...or,
    ...get(B), ...i32(0x5c), ...eq, ...or,
    ...or,
    ...get(B), ...i32(7), ...shru, ...i32(1), ...shl, ...or,
    ...set(F),
    ...get(P), ...i32(1), ...add, ...set(P),
    ...br(0), ...end, ...end,
    ...get(F),
    ...end,
  ];
  return [...vec([[3, I32], [6, V128]].map(([n, t]) => [...uleb(n), t])), ...body];
}

/** The escape letter of each byte (0: written as it is), as JSON.stringify escapes; then the hex digits. */
function escTable() {
  const t = new Uint8Array(256 + 16);
  for (let c = 0; c < 0x20; c++) t[c] = 0x75; // u
  t[0x08] = 0x62; t[0x09] = 0x74; t[0x0a] = 0x6e; t[0x0c] = 0x66; t[0x0d] = 0x72; // b t n f r
  t[0x22] = 0x22; t[0x5c] = 0x5c;
  t.set(Buffer.from('0123456789abcdef', 'latin1'), 256);
  return t;
}

function escFunction() {
  // params: 0 ptr, 1 len, 2 out; locals: 3 end, 4 o, 5 mask, 6 byte, 7 letter;
  // v128 locals: 8 v, 9 ' ', 10 '"', 11 '\', 12 the bytes below ' ', 13 the quotes and backslashes
  const P = 0, N = 1, OUT = 2, E = 3, O = 4, M = 5, B = 6, C = 7, V = 8, SP = 9, QU = 10, BS = 11, CTL = 12, Q = 13;
  const splat = (c, l) => [...i32(c), ...i8x16splat, ...set(l)];
  const step = (l, n) => [...get(l), ...i32(n), ...add, ...set(l)];
  // the escape of byte B, whose letter C is not 0, at O; O moves past it
  const emit = [
    ...get(O), ...get(C), ...i32(8), ...shl, ...i32(0x5c), ...or, ...store16(),
    ...get(C), ...i32(0x75), ...eq, ...ifThen,
    ...get(O), ...i32(0x3030), ...store16(2),
    ...get(O), ...get(B), ...i32(4), ...shru, ...i32(0x30), ...add, ...store8(4),
    ...get(O), ...get(B), ...i32(15), ...and, ...load8u(ESC_TABLE + 256), ...store8(5),
    ...step(O, 6),
    ...orElse,
    ...step(O, 2),
    ...end,
  ];
  // half h (0: bytes 0-7, 1: bytes 8-15) of v, each quote or backslash after a backslash: a shuffle
  // of the half and a backslash (lane 8) by the half's 8 bits of the mask; O moves past the 8 to 16 bytes
  const lanes = (h) => [...Array.from({ length: 8 }, (_, j) => 8 * h + j), ...Array(8).fill(16)];
  const bits = (h) => (h === 0 ? [...get(M), ...i32(255), ...and] : [...get(M), ...i32(8), ...shru]);
  const expand = (h) => [
    ...get(O),
    ...get(V), ...get(BS), ...i8x16shuffle(lanes(h)),
    ...bits(h), ...i32(4), ...shl, ...v128loadAt(ESC_SHUFFLES),
    ...i8x16swizzle, ...v128store,
    ...get(O), ...bits(h), ...popcnt, ...i32(8), ...add, ...add, ...set(O),
  ];
  const body = [
    ...get(P), ...get(N), ...add, ...set(E),
    ...get(OUT), ...set(O),
    ...splat(0x20, SP), ...splat(0x22, QU), ...splat(0x5c, BS),
    ...block, ...loop,
    ...get(E), ...get(P), ...sub, ...i32(16), ...ltu, ...brIf(1),
    ...get(P), ...v128load, ...set(V),
    ...get(V), ...get(SP), ...i8x16ltu, ...set(CTL),
    ...get(V), ...get(QU), ...i8x16eq, ...get(V), ...get(BS), ...i8x16eq, ...v128or, ...set(Q),
    ...get(CTL), ...anyTrue, ...ifThen,
    // a byte below ' ' (rare): the 16 bytes out, those before the first to escape kept, it escaped
    ...get(O), ...get(V), ...v128store,
    ...get(CTL), ...get(Q), ...v128or, ...i8x16bitmask, ...ctz, ...set(C),
    ...get(P), ...get(C), ...add, ...set(P),
    ...get(O), ...get(C), ...add, ...set(O),
    ...get(P), ...load8u(), ...set(B),
    ...get(B), ...load8u(ESC_TABLE), ...set(C),
    ...emit,
    ...step(P, 1),
    ...br(1),
    ...end,
    ...get(Q), ...i8x16bitmask, ...set(M),
    ...get(M), ...eqz, ...ifThen,
    ...get(O), ...get(V), ...v128store,
    ...step(P, 16), ...step(O, 16), ...br(1),
    ...end,
    ...expand(0), ...expand(1),
    ...step(P, 16),
    ...br(0), ...end, ...end,
    // the tail, byte by byte
    ...block, ...loop,
    ...get(P), ...get(E), ...geu, ...brIf(1),
    ...get(P), ...load8u(), ...set(B),
    ...get(B), ...load8u(ESC_TABLE), ...set(C),
    ...get(C), ...eqz, ...ifThen,
    ...get(O), ...get(B), ...store8(),
    ...step(O, 1),
    ...orElse,
    ...emit,
    ...end,
    ...step(P, 1),
    ...br(0), ...end, ...end,
    ...get(O), ...get(OUT), ...sub,
    ...end,
  ];
  return [...vec([[5, I32], [6, V128]].map(([n, t]) => [...uleb(n), t])), ...body];
}

export function moduleBytes() {
  const types = section(1, vec([
    [0x60, ...vec([I32, I32, I32]), ...vec([I32])], // crc
    [0x60, ...vec([I32, I32]), ...vec([I32])], // scan
  ]));
  const funcs = section(3, vec([uleb(0), uleb(1), uleb(0)]));
  // the tables, the staging areas, then one page of scratch; the loader grows it as it needs
  const memory = section(5, vec([[0x00, ...uleb(SCRATCH / 65536 + 1)]]));
  const exports = section(7, vec([
    [...str('m'), 0x02, ...uleb(0)],
    [...str('crc'), 0x00, ...uleb(0)],
    [...str('scan'), 0x00, ...uleb(1)],
    [...str('esc'), 0x00, ...uleb(2)],
  ]));
  const code = section(10, vec([crcFunction(16), scanFunction(), escFunction()].map((f) => [...uleb(f.length), ...f])));
  // active segment 0 of memory 0 at ESC_TABLE
  const data = section(11, vec([[0x00, ...i32(ESC_TABLE), ...end, ...vec([...escTable()])]]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...funcs, ...memory, ...exports, ...code, ...data]);
}

export function generatedSource() {
  const b64 = Buffer.from(moduleBytes()).toString('base64');
  const lines = b64.match(/.{1,100}/g).map((l) => `  '${l}' +`).join('\n');
  return `// Generated by scripts/wasm-kernels.mjs: do not edit (run \`node scripts/wasm-kernels.mjs\`).
// The WebAssembly module of peek's hot loops: CRC-32C slicing-by-16, a 16-byte-wide JSON string
// scan, and a JSON string escaper. See the script for its exports and memory layout.
export const TABLES = ${TABLES};
export const ESC_TABLE = ${ESC_TABLE};
export const ESC_SHUFFLES = ${ESC_SHUFFLES};
export const FOREIGN = ${FOREIGN};
export const ESC_OUT = ${ESC_OUT};
export const ESC_PIECE = ${ESC_PIECE};
export const SCRATCH = ${SCRATCH};
export const WASM_KERNELS_BASE64 =
${lines.slice(0, -2)};
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const src = generatedSource();
  if (process.argv.includes('--check')) {
    let cur = '';
    try { cur = readFileSync(OUT, 'utf8'); } catch { /* missing */ }
    if (cur !== src) {
      console.error(`${OUT} is out of date: run node scripts/wasm-kernels.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, src);
    console.log(`wrote ${OUT} (${moduleBytes().length} bytes of WebAssembly)`);
  }
}
