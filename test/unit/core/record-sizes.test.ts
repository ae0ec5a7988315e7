// The sizes the producer plans batches with: from a record's lengths alone (a packed JSONL file's
// records, src/core/recipes/jsonl-bytes.ts) they must equal those from the record itself, and both
// the bytes encodeRecordBatch really writes, across the varint steps of lengths and deltas.
import * as assert from 'assert';
import { BATCH_HEADER_SIZE, encodeRecordBatch, plainRecordSizeInBatch, plainSingleRecordBatchSize, recordSizeInBatch, singleRecordBatchSize } from '../../../src/core/protocol/record-batch';

describe('record sizes from lengths (plainRecordSizeInBatch)', () => {
  // zigzag varints step at 64, 8192 and 1048576
  const lengths = [-1, 0, 1, 63, 64, 65, 8191, 8192, 8193, 70000, 1048575, 1048576];
  const deltas = [0, 1, 63, 64, 8191, 8192, 1048576];

  it('equals recordSizeInBatch and singleRecordBatchSize of the same record', () => {
    for (const k of lengths) {
      for (const v of lengths) {
        const rec = { key: k < 0 ? null : Buffer.alloc(k, 0x6b), value: v < 0 ? null : Buffer.alloc(v, 0x76), headers: null, timestamp: 1_700_000_000_000 };
        for (const od of deltas) for (const td of deltas) assert.strictEqual(plainRecordSizeInBatch(k, v, od, td), recordSizeInBatch(rec, od, td), `key ${k} value ${v} deltas ${od}/${td}`);
        assert.strictEqual(plainSingleRecordBatchSize(k, v), singleRecordBatchSize(rec), `key ${k} value ${v}`);
      }
    }
  });

  it('is the size of the batch encodeRecordBatch writes', () => {
    for (const k of [-1, 0, 64, 8192]) {
      for (const v of [-1, 0, 63, 8193, 70000]) {
        const rec = { key: k < 0 ? null : Buffer.alloc(k, 1), value: v < 0 ? null : Buffer.alloc(v, 2), headers: null, timestamp: 5 };
        assert.strictEqual(encodeRecordBatch([rec]).length, plainSingleRecordBatchSize(k, v), `key ${k} value ${v}`);
        const three = encodeRecordBatch([rec, rec, rec]);
        assert.strictEqual(three.length, BATCH_HEADER_SIZE + [0, 1, 2].reduce((n, i) => n + plainRecordSizeInBatch(k, v, i, 0), 0), `3 records, key ${k} value ${v}`);
      }
    }
  });
});
