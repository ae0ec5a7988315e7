import { strict as assert } from 'node:assert';
import { ProtocolError, Reader, Writer } from '../../../src/sandbox/protocol/primitives';
import { crc32c } from '../../../src/sandbox/protocol/crc32c';
import { buildBatch, decodeRecords, splitBatches, OFF_CRC, findRecordAtOrAfter } from '../../../src/sandbox/protocol/record-batch';

describe('sandbox protocol primitives', () => {
  it('writes fixed-width integers big-endian', () => {
    const b = new Writer().int8(-1).int16(0x0102).int32(-2).int64(0x0102030405n).uint32(0xffffffff).toBuffer();
    assert.equal(b.toString('hex'), 'ff' + '0102' + 'fffffffe' + '0000000102030405' + 'ffffffff');
    const r = new Reader(b);
    assert.equal(r.int8(), -1);
    assert.equal(r.int16(), 0x0102);
    assert.equal(r.int32(), -2);
    assert.equal(r.int64(), 0x0102030405);
    assert.equal(r.uint32(), 0xffffffff);
    assert.equal(r.remaining, 0);
  });

  it('reads negative int64 as a number and as a bigint', () => {
    const b = new Writer().int64(-1).int64(-2n).int64(Number.MAX_SAFE_INTEGER).toBuffer();
    const r = new Reader(b);
    assert.equal(r.int64(), -1);
    assert.equal(r.int64Big(), -2n);
    assert.equal(r.int64(), Number.MAX_SAFE_INTEGER);
  });

  it('encodes zigzag varints per the spec (0→00, -1→01, 1→02, 63→7e, -64→7f, 64→8001)', () => {
    const cases: [number, string][] = [[0, '00'], [-1, '01'], [1, '02'], [63, '7e'], [-64, '7f'], [64, '8001'], [300, 'd804'], [-2147483648, 'ffffffff0f']];
    for (const [v, hex] of cases) {
      assert.equal(new Writer().varint(v).toBuffer().toString('hex'), hex, `varint ${v}`);
      assert.equal(new Reader(Buffer.from(hex, 'hex')).varint(), v);
    }
  });

  it('round-trips varlongs beyond 32 bits and unsigned varints', () => {
    for (const v of [0, 1, -1, 2 ** 40, -(2 ** 40), 1700000000000, -1700000000000]) {
      assert.equal(new Reader(new Writer().varlong(v).toBuffer()).varlong(), v);
    }
    assert.equal(new Writer().uvarint(127).toBuffer().toString('hex'), '7f');
    assert.equal(new Writer().uvarint(128).toBuffer().toString('hex'), '8001');
    assert.equal(new Reader(Buffer.from('ffffffff0f', 'hex')).uvarint(), 0xffffffff);
  });

  it('encodes strings, nullable strings, bytes and arrays', () => {
    const b = new Writer().string('ab').nullableString(null).bytes(Buffer.from([1, 2])).nullableBytes(null).int32Array([7]).nullableArray(null, () => {}).toBuffer();
    assert.equal(b.toString('hex'), '00026162' + 'ffff' + '000000020102' + 'ffffffff' + '0000000100000007' + 'ffffffff');
    const r = new Reader(b);
    assert.equal(r.string(), 'ab');
    assert.equal(r.nullableString(), null);
    assert.deepEqual([...r.bytes()], [1, 2]);
    assert.equal(r.nullableBytes(), null);
    assert.deepEqual(r.int32Array(), [7]);
    assert.equal(r.nullableArray((r) => r.int8()), null);
  });

  it('encodes compact forms (length + 1) and skips tagged fields', () => {
    const b = new Writer().compactString('ab').compactNullableString(null).compactArray([1, 2], (w, v) => w.int8(v)).toBuffer();
    assert.equal(b.toString('hex'), '036162' + '00' + '03' + '0102');
    const r = new Reader(Buffer.concat([b, Buffer.from('02' + '0001ff' + '0102aabb' + '07', 'hex')]));
    assert.equal(r.compactString(), 'ab');
    assert.equal(r.compactNullableString(), null);
    assert.deepEqual(r.compactArray((r) => r.int8()), [1, 2]);
    const tags = r.taggedFields();
    assert.deepEqual([...tags.keys()], [0, 1]);
    assert.equal(tags.get(1)!.toString('hex'), 'aabb');
    assert.equal(r.int8(), 7);
  });

  it('throws ProtocolError on truncation and on absurd array lengths', () => {
    assert.throws(() => new Reader(Buffer.from('0005616263', 'hex')).string(), ProtocolError);
    assert.throws(() => new Reader(Buffer.from('7fffffff', 'hex')).array((r) => r.int8()), ProtocolError);
    assert.throws(() => new Reader(Buffer.from('00', 'hex')).int32(), ProtocolError);
    assert.throws(() => new Reader(Buffer.from('ffffffffff', 'hex')).uvarint(), ProtocolError);
  });

  it('appends large buffers by reference without copying', () => {
    const big = Buffer.alloc(10000, 1);
    const w = new Writer().int32(big.length).rawRef(big);
    const chunks = w.toChunks();
    assert.equal(w.length, 10004);
    assert.ok(chunks.includes(big));
  });
});

describe('CRC-32C and record batches', () => {
  it('matches the CRC-32C check value and RFC 3720 vectors', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
    assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
    const inc = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    assert.equal(crc32c(inc), 0x46dd794e);
    assert.equal(crc32c(Buffer.alloc(0)), 0);
  });

  it('builds, splits and decodes v2 batches; detects a bad CRC', () => {
    const b1 = buildBatch([{ key: Buffer.from('k'), value: Buffer.from('v1') }, { value: Buffer.from('v2'), timestampDelta: 5 }], { baseTimestamp: 1000 });
    const b2 = buildBatch([{ value: null }], { baseTimestamp: 2000 });
    const split = splitBatches(Buffer.concat([b1, b2]));
    assert.ok(split.ok);
    if (!split.ok) return;
    assert.equal(split.batches.length, 2);
    assert.equal(split.batches[0].lastOffsetDelta, 1);
    assert.equal(split.batches[0].maxTimestamp, 1005);
    const recs = decodeRecords(b1);
    assert.deepEqual(recs.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null]), [[0, 1000, 'k', 'v1'], [1, 1005, null, 'v2']]);
    assert.deepEqual(findRecordAtOrAfter(b1, 1001), { offsetDelta: 1, timestamp: 1005 });
    const bad = Buffer.from(b1);
    bad.writeUInt32BE((bad.readUInt32BE(OFF_CRC) ^ 1) >>> 0, OFF_CRC);
    const r = splitBatches(bad);
    assert.ok(!r.ok && r.reason === 'crc');
    const trunc = splitBatches(b1.subarray(0, b1.length - 1));
    assert.ok(!trunc.ok && trunc.reason === 'corrupt');
  });
});
