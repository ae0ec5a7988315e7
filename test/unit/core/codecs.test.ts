import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { Codec, codecNames, compress, decompress, kafkaLz4FrameProblem, zstdRawFrame } from '../../../src/core/codecs';
import { xxh32 } from '../../../src/core/codecs/lz4';

/** Debian's `lz4` (the reference LZ4 CLI): required in CI, a loud skip elsewhere. */
function requireLz4(ctx: Mocha.Context): string {
  try {
    return execFileSync('sh', ['-c', 'command -v lz4'], { encoding: 'utf8' }).trim();
  } catch {
    const msg = 'lz4 not found: install it with `apt-get install -y lz4` (scripts/setup.sh does)';
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(msg);
    console.warn(`\n\n  !!! SKIPPING: ${msg}\n\n`);
    ctx.skip();
  }
}

/** Data that compresses, with repeats that cross 64 KiB block boundaries. */
function repetitive(n: number, seed: number): Buffer {
  const phrase = Buffer.from(`record-${seed}-` + 'x'.repeat(seed % 50));
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 997 < 900 ? phrase[i % phrase.length] : (i * 7919 + seed) & 0xff;
  return b;
}

/** Splits an LZ4 frame with FLG 0x60 into its blocks (size word + payload). */
function lz4Blocks(frame: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  let at = 7;
  for (;;) {
    const word = frame.readUInt32LE(at);
    if (word === 0) break;
    const size = word & 0x7fffffff;
    blocks.push(frame.subarray(at, at + 4 + size));
    at += 4 + size;
  }
  return blocks;
}

function sample(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 7)) & 0xff;
  return b;
}

describe('compression codecs', () => {
  for (const codec of [Codec.None, Codec.Gzip, Codec.Snappy, Codec.Lz4, Codec.Zstd]) {
    for (const size of [0, 1, 1000, 300_000]) {
      it(`${codecNames[codec]} round-trips ${size} bytes`, () => {
        const data = sample(size);
        assert.ok(decompress(codec, compress(codec, data)).equals(data));
      });
    }
  }

  it('gzip, snappy and lz4 really shrink repetitive data', () => {
    const data = Buffer.from('abcdefgh'.repeat(10_000));
    for (const codec of [Codec.Gzip, Codec.Snappy, Codec.Lz4]) {
      assert.ok(compress(codec, data).length < data.length / 4, codecNames[codec]);
    }
  });

  it('reads snappy in the xerial framing that Java producers write', () => {
    const a = Buffer.from('hello '.repeat(50));
    const b = Buffer.from('world '.repeat(50));
    const block = (x: Buffer) => {
      const c = compress(Codec.Snappy, x);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(c.length);
      return Buffer.concat([len, c]);
    };
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    assert.deepStrictEqual(decompress(Codec.Snappy, Buffer.concat([header, block(a), block(b)])), Buffer.concat([a, b]));
  });

  it('writes zstd frames that the reference zstd tool decodes', function () {
    let zstd: string | undefined;
    try {
      zstd = execFileSync('sh', ['-c', 'command -v zstd'], { encoding: 'utf8' }).trim();
    } catch {
      zstd = undefined;
    }
    const data = sample(200_000);
    const frame = zstdRawFrame(data);
    if (!zstd) {
      // fzstd is an independent decoder, so the frame is still checked against a reader that is not ours
      assert.ok(decompress(Codec.Zstd, frame).equals(data));
      return;
    }
    assert.ok(execFileSync(zstd, ['-d', '-c'], { input: frame, maxBuffer: 1 << 24 }).equals(data));
  });

  describe('lz4 frames as Kafka writes and reads them', () => {
    it('xxHash32 gives the reference values', () => {
      assert.equal(xxh32(Buffer.alloc(0)), 0x02cc5d05);
      assert.equal(xxh32(Buffer.from('a')), 0x550d7456);
      assert.equal(xxh32(Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789')), 0x42ae804d);
    });

    it('writes the header of KafkaLZ4BlockOutputStream: FLG 0x60 (version 01, independent blocks), BD 0x40 (64 KiB), HC 0x82', () => {
      const frame = compress(Codec.Lz4, repetitive(1000, 1));
      assert.equal(frame.subarray(0, 7).toString('hex'), '04224d18604082');
      assert.equal(kafkaLz4FrameProblem(frame), null);
      assert.equal(compress(Codec.Lz4, Buffer.alloc(0)).toString('hex'), '04224d1860408200000000');
    });

    it('cuts the data into 64 KiB blocks', () => {
      const data = repetitive(300_000, 2);
      const blocks = lz4Blocks(compress(Codec.Lz4, data));
      assert.equal(blocks.length, 5);
      assert.ok(blocks.every((b) => (b.readUInt32LE(0) & 0x7fffffff) <= 65536));
    });

    it('the reference lz4 tool decodes our frames, of every size around the block and match limits', function () {
      const lz4 = requireLz4(this);
      for (const [i, n] of [0, 1, 5, 12, 13, 14, 17, 100, 65535, 65536, 65537, 131072, 300_001].entries()) {
        for (const data of [repetitive(n, i), sample(n)]) {
          const out = execFileSync(lz4, ['-d', '-c'], { input: compress(Codec.Lz4, data), maxBuffer: 1 << 24 });
          assert.ok(out.equals(data), `${n} bytes`);
        }
      }
    });

    it('its blocks really are independent: each one decodes alone, without the blocks before it', function () {
      const lz4 = requireLz4(this);
      const data = repetitive(5 * 65536 + 123, 3);
      const frame = compress(Codec.Lz4, data);
      const blocks = lz4Blocks(frame);
      assert.equal(blocks.length, 6);
      blocks.forEach((block, i) => {
        // A frame of this one block only: a match that reached into an earlier block would fail here.
        const alone = Buffer.concat([frame.subarray(0, 7), block, Buffer.alloc(4)]);
        const out = execFileSync(lz4, ['-d', '-c'], { input: alone, maxBuffer: 1 << 24 });
        assert.ok(out.equals(data.subarray(i * 65536, (i + 1) * 65536)), `block ${i}`);
      });
      // ...and the data does compress (the blocks are not just stored raw)
      assert.ok(frame.length < data.length / 4);
    });

    it('reads the frames the reference lz4 tool writes (independent or dependent blocks, checksums, content size, 4 MiB blocks)', function () {
      const lz4 = requireLz4(this);
      const data = repetitive(600_000, 4);
      for (const flags of [[], ['-BD'], ['-BX'], ['--content-size'], ['-B4', '-BD', '-BX'], ['--no-frame-crc', '-9']]) {
        const frame = execFileSync(lz4, ['-c', ...flags], { input: data, maxBuffer: 1 << 24, stdio: 'pipe' });
        assert.ok(decompress(Codec.Lz4, frame).equals(data), flags.join(' ') || 'defaults');
      }
    });

    it('refuses a frame whose content checksum does not match', function () {
      const lz4 = requireLz4(this);
      const frame = Buffer.from(execFileSync(lz4, ['-c'], { input: repetitive(10_000, 5) }));
      frame[frame.length - 1] ^= 0xff;
      assert.throws(() => decompress(Codec.Lz4, frame), /content checksum/);
    });

    it("applies Kafka's header checks: dependent blocks, version, reserved bits, block size, descriptor checksum", function () {
      const lz4 = requireLz4(this);
      // lz4 links blocks only when there are several (over 64 KiB here)
      const dependent = execFileSync(lz4, ['-c', '-B4', '-BD'], { input: repetitive(200_000, 6), stdio: 'pipe' });
      assert.equal(dependent[4] & 0x20, 0);
      assert.equal(kafkaLz4FrameProblem(dependent), 'Dependent block stream is unsupported');
      assert.equal(kafkaLz4FrameProblem(execFileSync(lz4, ['-c', '-B4', '-BI'], { input: repetitive(200_000, 6), stdio: 'pipe' })), null);
      const good = compress(Codec.Lz4, Buffer.from('hello'));
      const withByte = (at: number, v: number) => {
        const b = Buffer.from(good);
        b[at] = v;
        return b;
      };
      assert.equal(kafkaLz4FrameProblem(withByte(0, 0)), 'Stream unsupported (invalid magic bytes)');
      assert.equal(kafkaLz4FrameProblem(withByte(4, 0x61)), 'Reserved bits must be 0');
      assert.equal(kafkaLz4FrameProblem(withByte(4, 0xa0)), 'Version 2 is unsupported');
      assert.equal(kafkaLz4FrameProblem(withByte(5, 0x30)), 'Block size value must be between 4 and 7');
      assert.equal(kafkaLz4FrameProblem(withByte(6, 0x00)), 'Stream frame descriptor corrupted');
      assert.equal(kafkaLz4FrameProblem(good.subarray(0, 4)), 'Stream ended prematurely');
    });
  });
});
