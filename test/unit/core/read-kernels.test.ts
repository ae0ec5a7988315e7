// The read path's kernels: CRC-32C (WebAssembly slicing-by-16 and the JavaScript slicing-by-8), the
// JSON string scan and the JSON string escaper, against published vectors, a bit-by-bit reference and each other; the
// JsonlBuilder lines they serve, byte for byte against jsonlLine (JSON.stringify) for every byte
// class and invalid UTF-8; and the record visitor against the object decoder.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { join } from 'path';
import { crc32c, crc32cJs } from '../../../src/core/protocol/crc32c';
import { ESC_PIECE, SCAN_ESCAPE, SCAN_HIGH, wasmKernels } from '../../../src/core/protocol/wasm';
import { JsonlBuilder, jsonlLine, scanJs, type PrintableMessage } from '../../../src/core/messages';
import { encodeRecordBatch, readBatch, readHeaders, visitBatch, type RecordHeader, type RecordVisitor } from '../../../src/core/protocol/record-batch';
import { Codec } from '../../../src/core/codecs';
import { prng } from '../../helpers/prng';

const root = join(__dirname, '..', '..', '..');

/** CRC-32C bit by bit, straight from the polynomial: the reference both table versions must match. */
function crcBitwise(buf: Uint8Array, seed = 0): number {
  let c = ~seed >>> 0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

function randomBytes(rnd: () => number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (rnd() * 256) | 0;
  return b;
}

describe('read-path kernels', () => {
  it('the generated module is what scripts/wasm-kernels.mjs assembles, and it loads', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/wasm-kernels.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.ok(wasmKernels(), 'WebAssembly kernels unavailable in plain Node');
  });

  describe('CRC-32C', () => {
    // RFC 3720 (iSCSI) B.4, and the check value of the CRC catalogue
    const vectors: [string, Buffer, number][] = [
      ['"123456789"', Buffer.from('123456789'), 0xe3069283],
      ['32 zero bytes', Buffer.alloc(32, 0), 0x8a9136aa],
      ['32 bytes of 0xff', Buffer.alloc(32, 0xff), 0x62a8ab43],
      ['32 ascending bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e],
      ['32 descending bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c],
      ['nothing', Buffer.alloc(0), 0],
    ];
    for (const [name, buf, crc] of vectors) {
      it(`known vector: ${name}`, () => {
        assert.strictEqual(crc32cJs(buf), crc);
        assert.strictEqual(crc32c(buf), crc);
        assert.strictEqual(wasmKernels()!.crc32c(buf, 0, buf.length, 0), crc);
      });
    }

    it('WebAssembly, JavaScript and the bitwise reference agree on random buffers, ranges and seeds', () => {
      const rnd = prng(0xc5c);
      const k = wasmKernels()!;
      for (let i = 0; i < 300; i++) {
        // lengths around the 16-byte steps, the 128-byte switch to WebAssembly and the 48 KiB pieces
        const n = i < 100 ? i : i < 200 ? (rnd() * 4000) | 0 : 49152 - 40 + ((rnd() * 80) | 0) + (i % 3) * 49152;
        const buf = randomBytes(rnd, n + 20);
        const start = (rnd() * 20) | 0;
        const end = start + n;
        const seed = i % 4 === 0 ? 0 : (rnd() * 2 ** 32) >>> 0;
        const ref = crcBitwise(buf.subarray(start, end), seed);
        assert.strictEqual(crc32cJs(buf, start, end, seed), ref, `js, n=${n}`);
        assert.strictEqual(crc32c(buf, start, end, seed), ref, `crc32c, n=${n}`);
        assert.strictEqual(k.crc32c(buf, start, end, seed), ref, `foreign, n=${n}`);
        const staged = k.stage(buf);
        assert.strictEqual(k.crc32c(staged, start, end, seed), ref, `staged, n=${n}`);
      }
    });

    it('a CRC continued from a seed equals the CRC of the whole', () => {
      const buf = randomBytes(prng(7), 200000);
      assert.strictEqual(crc32c(buf, 100000, 200000, crc32c(buf, 0, 100000)), crc32c(buf));
    });

    it('staging grows the memory for a batch larger than it holds, and keeps the bytes', () => {
      const buf = randomBytes(prng(8), 5 * 1024 * 1024 + 3);
      const staged = wasmKernels()!.stage(buf);
      assert.ok(staged.equals(buf));
      assert.strictEqual(crc32c(staged), crcBitwise(buf));
    });
  });

  describe('JSON string scan', () => {
    const expected = (c: number) => (c < 0x20 || c === 0x22 || c === 0x5c ? SCAN_ESCAPE : c >= 0x80 ? SCAN_HIGH : 0);

    it('flags every byte value alike in WebAssembly and JavaScript, wherever it sits (SIMD body or tail)', () => {
      const k = wasmKernels()!;
      for (let c = 0; c < 256; c++) {
        for (const len of [1, 15, 16, 17, 33, 100]) {
          for (const at of new Set([0, len >> 1, len - 1])) {
            const b = Buffer.alloc(len + 2, 0x61);
            b[1 + at] = c;
            const want = expected(c);
            assert.strictEqual(scanJs(b, 1, 1 + len), want, `js byte ${c} len ${len} at ${at}`);
            assert.strictEqual(k.scan(b, 1, 1 + len), want, `wasm byte ${c} len ${len} at ${at}`);
            assert.strictEqual(k.scan(k.stage(b), 1, 1 + len), want, `staged byte ${c} len ${len} at ${at}`);
          }
        }
      }
    });

    it('reports both kinds together, and nothing for plain text', () => {
      const k = wasmKernels()!;
      const both = Buffer.from('plain text then é then a "quote" and more plain text');
      assert.strictEqual(k.scan(both, 0, both.length), SCAN_ESCAPE | SCAN_HIGH);
      const plain = Buffer.from('abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 !#$%&\'()*+,-./:;<=>?@[]^_`{|}~\x7f');
      assert.strictEqual(k.scan(plain, 0, plain.length), 0);
      assert.strictEqual(k.scan(plain, 5, 5), 0);
    });
  });

  describe('JSON string escaper', () => {
    /** The reference, a byte at a time: JSON.stringify's escape of each byte below 0x80, every other byte as it is. */
    const reference = (b: Uint8Array): Buffer =>
      Buffer.concat(Array.from(b, (c) => (c < 0x80 ? Buffer.from(JSON.stringify(String.fromCharCode(c)).slice(1, -1), 'latin1') : Buffer.from([c]))));
    const escaped = (b: Buffer, start: number, n: number, staged: boolean): Buffer => {
      const k = wasmKernels()!;
      return Buffer.from(k.escapePiece(staged ? k.stage(b) : b, start, n));
    };

    it('escapes every byte value as JSON.stringify does, wherever it sits, among plain bytes, quotes or control bytes', () => {
      // fillers: none to escape (the copy path), quotes and backslashes (the shuffle path), a control byte (the byte path)
      const fillers = [0x61, 0x22, 0x5c, 0x0a];
      for (let c = 0; c < 256; c++) {
        for (const fill of fillers) {
          for (const len of [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 50]) {
            for (const at of new Set([0, 7, 8, 15, len >> 1, len - 1].filter((a) => a < len))) {
              const b = Buffer.alloc(len + 2, 0x61);
              for (let i = 0; i < len; i++) if (i % 3 === 1) b[1 + i] = fill;
              b[1 + at] = c;
              const want = reference(b.subarray(1, 1 + len));
              for (const staged of [false, true]) assert.deepStrictEqual(escaped(b, 1, len, staged), want, `byte ${c} fill ${fill} len ${len} at ${at} staged ${staged}`);
            }
          }
        }
      }
    });

    it('matches the reference on random bytes of every density, up to a whole piece, staged or not', () => {
      const rnd = prng(0xe5c);
      const alphabets = [
        [0x22, 0x5c, 0x61, 0x62], // mostly escapes
        [0x22, 0x7b, 0x3a, 0x2c, 0x31, 0x61, 0x61, 0x61], // JSON-like
        Array.from({ length: 256 }, (_, i) => i), // any byte
        [0x00, 0x1f, 0x08, 0x0d, 0x61, 0xc3, 0xa9], // control bytes and UTF-8
      ];
      for (let i = 0; i < 400; i++) {
        const n = i < 300 ? (rnd() * 200) | 0 : ESC_PIECE - ((rnd() * 40) | 0);
        const alphabet = alphabets[i % alphabets.length];
        const b = Buffer.allocUnsafe(n + 3);
        for (let j = 0; j < b.length; j++) b[j] = alphabet[(rnd() * alphabet.length) | 0];
        const want = reference(b.subarray(3, 3 + n));
        for (const staged of [false, true]) assert.deepStrictEqual(escaped(b, 3, n, staged), want, `n ${n} alphabet ${i % alphabets.length} staged ${staged}`);
      }
    });

    it('all control bytes in a piece: six bytes out for each, within the output area', () => {
      const b = Buffer.alloc(ESC_PIECE, 0x01);
      const out = escaped(b, 0, ESC_PIECE, false);
      assert.strictEqual(out.length, 6 * ESC_PIECE);
      assert.strictEqual(out.subarray(0, 12).toString('latin1'), '\\u0001\\u0001');
    });
  });

  describe('JsonlBuilder', () => {
    const msg = (value: Buffer | null, key: Buffer | null = null, headers: PrintableMessage['headers'] = []): PrintableMessage => ({
      topic: 'tópic "x"', partition: 2, offset: 9007199254740991, timestamp: 1700000000123, key, value, headers,
    });
    const built = (ms: PrintableMessage[]) => {
      const b = new JsonlBuilder(16);
      for (const m of ms) b.add(m);
      return b.take().toString('utf8');
    };

    it('writes every single byte value as jsonlLine does (JSON.stringify, or base64 for invalid UTF-8)', () => {
      for (let c = 0; c < 256; c++) {
        const m = msg(Buffer.from([c]), Buffer.from([0x41, c, 0x42]));
        const line = built([m]);
        assert.strictEqual(line, jsonlLine(m), `byte ${c}`);
        const parsed = JSON.parse(line) as { value: unknown };
        assert.deepStrictEqual(parsed.value, c < 0x80 ? String.fromCharCode(c) : { base64: Buffer.from([c]).toString('base64') });
      }
    });

    it('keeps valid UTF-8 as it is and marks invalid UTF-8, in long values too', () => {
      const cases = [
        Buffer.from('x'.repeat(40) + 'naïve 日本語 😀 ' + 'y'.repeat(40)),
        Buffer.concat([Buffer.from('a'.repeat(40)), Buffer.from([0xc3]), Buffer.from('b'.repeat(40))]), // truncated sequence
        Buffer.concat([Buffer.from('a'.repeat(20)), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b')]), // an encoded surrogate
        Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), // a 5-byte form
        Buffer.from('tab\there, newline\nthere, "quotes", back\\slash, ' + 'é'.repeat(30)),
        Buffer.alloc(0),
      ];
      for (const v of cases) {
        const m = msg(v, v, [{ key: 'h"1', value: v }, { key: 'h2', value: null }]);
        assert.strictEqual(built([m]), jsonlLine(m), v.toString('hex'));
      }
      const parsed = JSON.parse(built([msg(cases[1])])) as { value: { base64: string } };
      assert.deepStrictEqual(Buffer.from(parsed.value.base64, 'base64'), cases[1]);
    });

    it('escapes values longer than the escaper takes at once, a UTF-8 character across the pieces included', () => {
      const rnd = prng(0x10e);
      for (const n of [ESC_PIECE - 1, ESC_PIECE, ESC_PIECE + 1, 3 * ESC_PIECE + 17]) {
        const parts: string[] = [];
        let len = 0;
        while (len < n) {
          const p = ['"', '\\', '\n', 'é', '日', '😀', 'abc', '\u0001'][(rnd() * 8) | 0];
          parts.push(p);
          len += Buffer.byteLength(p);
        }
        const v = Buffer.from(parts.join(''));
        const m = msg(v);
        assert.strictEqual(built([m]), jsonlLine(m), `n ${n}`);
        const staged = wasmKernels()!.stage(v);
        const b = new JsonlBuilder(8);
        b.addRecord(m.topic, m.partition, m.offset, m.timestamp, staged, 0, -1, 0, v.length, null);
        assert.strictEqual(b.take().toString('utf8'), jsonlLine(m));
      }
    });

    it('matches jsonlLine on random values, from ordinary buffers and from staged WebAssembly memory', () => {
      const rnd = prng(0x15a);
      const k = wasmKernels()!;
      for (let i = 0; i < 500; i++) {
        const n = (rnd() * 300) | 0;
        const alphabet = i % 3 === 0 ? 256 : i % 3 === 1 ? 0x80 : 0x5f; // any byte, ASCII, printable (+0x20)
        const v = Buffer.allocUnsafe(n);
        for (let j = 0; j < n; j++) v[j] = alphabet === 0x5f ? 0x20 + ((rnd() * 0x5f) | 0) : (rnd() * alphabet) | 0;
        const m = msg(v, i % 5 === 0 ? null : v.subarray(0, n >> 1));
        const want = jsonlLine(m);
        assert.strictEqual(built([m]), want);
        // the same record by positions in a staged copy (as the peek sink gives them)
        const src = Buffer.concat([Buffer.from('..'), v, Buffer.from('..')]);
        const staged = k.stage(src);
        const b = new JsonlBuilder(8);
        b.addRecord(m.topic, m.partition, m.offset, m.timestamp, staged, 2, m.key === null ? -1 : n >> 1, 2, n, null);
        assert.strictEqual(b.take().toString('utf8'), want);
      }
    });

    it('given its kernels: the same lines through another module copy\'s kernels, or none (the JavaScript scan and JSON.stringify)', () => {
      const rnd = prng(0xbad);
      for (let i = 0; i < 200; i++) {
        const v = Buffer.allocUnsafe((rnd() * 200) | 0);
        for (let j = 0; j < v.length; j++) v[j] = i % 2 ? (rnd() * 256) | 0 : [0x22, 0x5c, 0x0a, 0x61, 0xc3, 0xa9][(rnd() * 6) | 0];
        const m = msg(v, v.subarray(0, v.length >> 1));
        for (const k of [null, wasmKernels()]) {
          const b = new JsonlBuilder(8, k);
          b.add(m);
          assert.strictEqual(b.take().toString('utf8'), jsonlLine(m), `kernels ${k ? 'given' : 'none'}`);
        }
      }
    });

    it('writes numbers as String() does: negative timestamps, zero, unsafe integers', () => {
      for (const t of [-1, 0, 7, 10, 99, 100, 1e15, -123456789, 2 ** 53, 1e21]) {
        const m = { ...msg(null), timestamp: t, offset: Math.abs(t) };
        assert.strictEqual(built([m]), jsonlLine(m), String(t));
      }
    });

    it('counts offsets up in place across digit boundaries, and reuses or rewrites timestamps, as String() writes them', () => {
      const ms: PrintableMessage[] = [];
      const starts = [0, 8, 98, 998, 99999998, 2 ** 53 - 3];
      for (const s of starts) for (let i = 0; i < 4; i++) ms.push({ ...msg(null), partition: s % 3, offset: s + i, timestamp: [5, 5, 6, -1, 9, 10][(s + i) % 6] });
      ms.push({ ...msg(null), offset: 7, timestamp: 7 }, { ...msg(null), offset: 8, timestamp: 8 }); // down, then up again
      assert.strictEqual(built(ms), ms.map(jsonlLine).join(''));
    });

    it('grows past its first buffer and starts again in the buffer take() is given', () => {
      const ms = Array.from({ length: 50 }, (_, i) => msg(Buffer.from(`value ${i} `.repeat(i))));
      const b = new JsonlBuilder(8);
      for (const m of ms) b.add(m);
      const reuse = Buffer.alloc(1024);
      assert.strictEqual(b.take(reuse).toString('utf8'), ms.map(jsonlLine).join(''));
      b.add(ms[3]);
      const out = b.take();
      assert.strictEqual(out.toString('utf8'), jsonlLine(ms[3]));
      assert.strictEqual(out.buffer, reuse.buffer);
    });
  });

  describe('the record visitor (RecordVisitor, the one decoder under readBatch)', () => {
    const records = Array.from({ length: 40 }, (_, i) => ({
      key: i % 4 === 0 ? null : Buffer.from(`k${i}`),
      value: i % 7 === 0 ? null : Buffer.from(`value ${i} `.repeat(i % 9)),
      headers: i % 3 === 0 ? [{ key: Buffer.from(`h${i}`), value: i % 2 ? null : Buffer.from(`hv${i}`) }, { key: Buffer.from('x'), value: Buffer.alloc(0) }] : null,
      timestamp: 1700000000000 + i * 3,
    }));

    interface Seen { offset: number; timestamp: number; key: Buffer | null; value: Buffer | null; headers: RecordHeader[] }
    class Collect implements RecordVisitor {
      seen: Seen[] = [];
      constructor(private readonly max = Infinity) {}
      record(buf: Buffer, offset: number, timestamp: number, keyAt: number, keyLen: number, valueAt: number, valueLen: number, headerCount: number, headersAt: number, recordEnd: number): boolean {
        if (this.seen.length >= this.max) return false;
        const copy = (at: number, len: number) => (len < 0 ? null : Buffer.from(buf.subarray(at, at + len)));
        const headers = readHeaders(buf, headersAt, headerCount, recordEnd).map((h) => ({ key: h.key, value: h.value && Buffer.from(h.value) }));
        this.seen.push({ offset, timestamp, key: copy(keyAt, keyLen), value: copy(valueAt, valueLen), headers });
        return true;
      }
    }

    for (const codec of [Codec.None, Codec.Gzip, Codec.Lz4]) {
      it(`gives what readBatch gives, staged or not, skipping before fromOffset and stopping when told (codec ${codec})`, () => {
        const batch = encodeRecordBatch(records, { baseOffset: 1000, codec });
        const objects: Seen[] = [];
        readBatch(batch, (offset, timestamp, key, value, headers) => ({ offset, timestamp, key, value, headers: headers ?? [] }), objects, { fromOffset: 1005 });
        for (const stage of [false, true]) {
          const all = new Collect();
          visitBatch(batch, all, { fromOffset: 1005, stage });
          assert.deepStrictEqual(all.seen, objects.map((o) => ({ ...o, key: o.key && Buffer.from(o.key), value: o.value && Buffer.from(o.value) })));
          assert.strictEqual(all.seen.length, 35);
          assert.deepStrictEqual(all.seen[1].headers, [{ key: 'h6', value: Buffer.from('hv6') }, { key: 'x', value: Buffer.alloc(0) }]);
          const some = new Collect(3);
          visitBatch(batch, some, { stage });
          assert.deepStrictEqual(some.seen.map((s) => s.offset), [1000, 1001, 1002]);
        }
      });
    }

    it('a corrupt byte fails the CRC check, staged or not', () => {
      const batch = encodeRecordBatch(records, { baseOffset: 0 });
      batch[batch.length - 5] ^= 1;
      for (const stage of [false, true]) assert.throws(() => visitBatch(batch, new Collect(), { stage }), /fails its CRC-32C check/);
      assert.doesNotThrow(() => visitBatch(batch, new Collect(), { verifyCrc: false }));
    });
  });
});
