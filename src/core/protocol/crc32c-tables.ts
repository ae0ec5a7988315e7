// The slicing-by-N tables of CRC-32C (Castagnoli, reflected polynomial 0x82f63b78): table k at
// [256 k, 256 k + 256) of `t`. The JavaScript CRC (crc32c.ts) uses 8 of them, the WebAssembly one
// (wasm.ts) 16, written into its memory.
export const CRC32C_POLY = 0x82f63b78;

export function fillCrc32cTables(t: Int32Array, slices: number): void {
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CRC32C_POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < slices; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
}
