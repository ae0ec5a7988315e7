// Byte-level checks of the Glue and Confluent wire formats, and a fuzz test of the header readers.
import * as assert from 'assert';
import { deflateSync, inflateSync } from 'zlib';
import { prng } from '../../helpers/prng';
import {
  detectSchemaHeader,
  readConfluentHeader,
  readGlueHeader,
  readMessageIndexes,
  readSchemaHeader,
  readUVarint,
  SchemaWireError,
  unwrapConfluentMessage,
  unwrapGlueMessage,
  writeConfluentMessage,
  writeGlueMessage,
  writeMessageIndexes,
  zigzagDecode,
  zigzagEncode,
} from '../../../src/core/schemas/wire';

const ID = 'b7e1c3a4-5d6f-4a8b-9c0d-1e2f3a4b5c6d';
const ID_BYTES = Buffer.from('b7e1c3a45d6f4a8b9c0d1e2f3a4b5c6d', 'hex');

describe('schemas: Glue wire format', () => {
  it('writes header version 3, compression 0, the 16 UUID bytes, then the payload as is', () => {
    const out = writeGlueMessage(ID, Buffer.from('payload'));
    assert.deepStrictEqual(out, Buffer.concat([Buffer.from([3, 0]), ID_BYTES, Buffer.from('payload')]));
    assert.deepStrictEqual(readGlueHeader(out), { kind: 'glue', compression: 'none', schemaVersionId: ID, payloadOffset: 18 });
    assert.deepStrictEqual(unwrapGlueMessage(out).payload, Buffer.from('payload'));
  });

  it('writes compression byte 5 and a zlib stream that zlib itself inflates; reads it back', () => {
    const payload = Buffer.from('x'.repeat(500));
    const out = writeGlueMessage(ID, payload, 'zlib');
    assert.equal(out[0], 3);
    assert.equal(out[1], 5);
    assert.deepStrictEqual(out.subarray(2, 18), ID_BYTES);
    assert.deepStrictEqual(inflateSync(out.subarray(18)), payload);
    assert.ok(out.length < 100, 'the repetitive payload is compressed');
    assert.deepStrictEqual(unwrapGlueMessage(out).payload, payload);
  });

  it('reads a zlib payload written by another deflater (level 9), and rejects a broken zlib stream with the reason', () => {
    const payload = Buffer.from(JSON.stringify({ a: 1, b: 'two' }));
    const msg = Buffer.concat([Buffer.from([3, 5]), ID_BYTES, deflateSync(payload, { level: 9 })]);
    assert.deepStrictEqual(unwrapGlueMessage(msg).payload, payload);
    const broken = Buffer.concat([Buffer.from([3, 5]), ID_BYTES, Buffer.from([0x78, 0x9c, 1, 2, 3])]);
    assert.throws(() => unwrapGlueMessage(broken), (e: Error) => e instanceof SchemaWireError && /does not inflate/.test(e.message));
  });

  it('is not detected for another header version, another compression byte, or fewer than 18 bytes', () => {
    const good = writeGlueMessage(ID, Buffer.alloc(0));
    assert.equal(good.length, 18);
    assert.equal(detectSchemaHeader(good), 'glue');
    assert.equal(detectSchemaHeader(good.subarray(0, 17)), undefined);
    assert.equal(detectSchemaHeader(Buffer.concat([Buffer.from([2, 0]), ID_BYTES])), undefined);
    assert.equal(detectSchemaHeader(Buffer.concat([Buffer.from([3, 1]), ID_BYTES])), undefined);
    assert.throws(() => unwrapGlueMessage(Buffer.concat([Buffer.from([3, 1]), ID_BYTES])), /compression byte 1/);
  });

  it('refuses a schema version id that is not a UUID', () => {
    assert.throws(() => writeGlueMessage('not-a-uuid', Buffer.alloc(1)), SchemaWireError);
  });
});

describe('schemas: Confluent wire format', () => {
  it('writes magic 0 and the schema id as 4 big-endian bytes, then the payload', () => {
    const out = writeConfluentMessage(0x01020304, Buffer.from([0xaa, 0xbb]));
    assert.deepStrictEqual(out, Buffer.from([0, 1, 2, 3, 4, 0xaa, 0xbb]));
    assert.deepStrictEqual(readConfluentHeader(out), { kind: 'confluent', schemaId: 0x01020304, payloadOffset: 5 });
    assert.deepStrictEqual(unwrapConfluentMessage(out).rest, Buffer.from([0xaa, 0xbb]));
  });

  it('writes Protobuf message indexes between the id and the payload: [0] as the single byte 0', () => {
    assert.deepStrictEqual(writeConfluentMessage(7, Buffer.from([8, 1]), [0]), Buffer.from([0, 0, 0, 0, 7, 0, 8, 1]));
    // [1]: count 1 (zigzag 2), index 1 (zigzag 2)
    assert.deepStrictEqual(writeConfluentMessage(7, Buffer.from([8, 1]), [1]), Buffer.from([0, 0, 0, 0, 7, 2, 2, 8, 1]));
    // [2, 0, 70]: count 3 (6), 2 (4), 0 (0), 70 (140 = 0x8c 0x01)
    assert.deepStrictEqual(writeMessageIndexes([2, 0, 70]), Buffer.from([6, 4, 0, 0x8c, 0x01]));
  });

  it('reads message indexes back, the single 0 shortcut included, and says where the payload starts', () => {
    assert.deepStrictEqual(readMessageIndexes(Buffer.from([0, 9]), 0), { indexes: [0], next: 1 });
    assert.deepStrictEqual(readMessageIndexes(Buffer.from([2, 2, 9]), 0), { indexes: [1], next: 2 });
    assert.deepStrictEqual(readMessageIndexes(Buffer.from([6, 4, 0, 0x8c, 0x01, 9]), 0), { indexes: [2, 0, 70], next: 5 });
    // written as [0] in full (count 1, index 0) rather than the shortcut: still [0]
    assert.deepStrictEqual(readMessageIndexes(Buffer.from([2, 0]), 0), { indexes: [0], next: 2 });
  });

  it('rejects truncated, negative and oversized index lists', () => {
    assert.equal(readMessageIndexes(Buffer.from([4, 2]), 0), undefined); // count 2, one index
    assert.equal(readMessageIndexes(Buffer.from([1]), 0), undefined); // count -1
    assert.equal(readMessageIndexes(Buffer.from([2, 1]), 0), undefined); // index -1
    assert.equal(readMessageIndexes(Buffer.from([0xfe, 0x01]), 0), undefined); // count 127
    assert.equal(readMessageIndexes(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 0), undefined); // a varint longer than 5 bytes
  });

  it('is not detected for schema id 0, a negative id, another magic byte, or fewer than 5 bytes', () => {
    assert.equal(detectSchemaHeader(Buffer.from([0, 0, 0, 0, 1])), 'confluent');
    assert.equal(detectSchemaHeader(Buffer.from([0, 0, 0, 0, 0])), undefined);
    assert.equal(detectSchemaHeader(Buffer.from([0, 0x80, 0, 0, 1])), undefined);
    assert.equal(detectSchemaHeader(Buffer.from([1, 0, 0, 0, 1])), undefined);
    assert.equal(detectSchemaHeader(Buffer.from([0, 0, 0, 1])), undefined);
    assert.equal(detectSchemaHeader(Buffer.from('{"plain":"json"}')), undefined);
    assert.throws(() => writeConfluentMessage(0, Buffer.alloc(0)), SchemaWireError);
  });

  it('zigzag and varints agree with their definitions', () => {
    for (const [n, z] of [[0, 0], [-1, 1], [1, 2], [-2, 3], [2147483647, 4294967294], [-2147483648, 4294967295]]) {
      assert.equal(zigzagEncode(n), z);
      assert.equal(zigzagDecode(z), n);
    }
    assert.deepStrictEqual(readUVarint(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), 0), { value: 4294967295, next: 5 });
    assert.equal(readUVarint(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x1f]), 0), undefined); // 35 bits
  });
});

describe('schemas: header readers under fuzzing', () => {
  it('10,000 random and mutated inputs: no exception escapes, and every detection is consistent with the bytes', () => {
    const rand = prng(0x5eed10);
    const int = (n: number) => Math.floor(rand() * n);
    const seeds = [
      writeGlueMessage(ID, Buffer.from('hello')),
      writeGlueMessage(ID, Buffer.from('hello hello hello'), 'zlib'),
      writeConfluentMessage(42, Buffer.from([8, 150, 1])),
      writeConfluentMessage(42, Buffer.from([8, 150, 1]), [3, 1, 4]),
      Buffer.from('{"id":1}'),
    ];
    const counts = { glue: 0, confluent: 0, none: 0 };
    for (let i = 0; i < 10_000; i++) {
      let buf: Buffer;
      if (i % 2 === 0) {
        buf = Buffer.from(Array.from({ length: int(40) }, () => (rand() < 0.3 ? [0, 3, 5][int(3)] : int(256))));
      } else {
        buf = Buffer.from(seeds[int(seeds.length)]);
        const edits = 1 + int(4);
        for (let e = 0; e < edits; e++) {
          const op = int(3);
          if (op === 0 && buf.length) buf[int(buf.length)] = int(256);
          else if (op === 1) buf = buf.subarray(0, int(buf.length + 1));
          else buf = Buffer.concat([buf, Buffer.from([int(256)])]);
        }
      }
      // each reader on its own, at every offset for the index reader
      const kind = detectSchemaHeader(buf);
      const header = readSchemaHeader(buf);
      assert.equal(kind, header?.kind);
      if (kind === 'glue') {
        assert.ok(buf.length >= 18 && buf[0] === 3 && (buf[1] === 0 || buf[1] === 5), buf.toString('hex'));
        try {
          unwrapGlueMessage(buf);
        } catch (err) {
          assert.ok(err instanceof SchemaWireError, `${buf.toString('hex')}: ${String(err)}`);
        }
      } else if (kind === 'confluent') {
        assert.ok(buf.length >= 5 && buf[0] === 0 && buf.readUInt32BE(1) >= 1 && buf.readUInt32BE(1) <= 0x7fffffff, buf.toString('hex'));
        unwrapConfluentMessage(buf);
      }
      for (let off = 0; off <= buf.length; off++) {
        const idx = readMessageIndexes(buf, off);
        if (idx) {
          assert.ok(idx.next > off && idx.next <= buf.length && idx.indexes.length >= 1 && idx.indexes.every((x) => Number.isInteger(x) && x >= 0));
          // what was read writes back to an equivalent list
          assert.deepStrictEqual(readMessageIndexes(writeMessageIndexes(idx.indexes), 0)?.indexes, idx.indexes);
        }
      }
      counts[kind ?? 'none']++;
    }
    assert.ok(counts.glue > 100 && counts.confluent > 100 && counts.none > 1000, JSON.stringify(counts));
    // non-buffers are not schema messages either
    for (const v of [undefined, null, 'string', 42, {}, [0, 0, 0, 0, 1]]) assert.equal(detectSchemaHeader(v), undefined);
  });
});
