// What a stored batch keeps alive: its own bytes, not a shared allocation pool's slab.
import { strict as assert } from 'node:assert';
import { PartitionLog } from '../../../src/sandbox/log';
import { buildBatch, splitBatches } from '../../../src/sandbox/protocol/record-batch';

describe('sandbox partition log memory', () => {
  it('a small stored batch owns exactly its bytes (a pooled copy would keep an 8 KiB slab alive)', () => {
    const log = new PartitionLog();
    for (let i = 0; i < 3; i++) {
      const split = splitBatches(buildBatch([{ key: Buffer.from('k'), value: Buffer.from(`small-${i}`) }]));
      assert.ok(split.ok);
      if (split.ok) log.append(split.batches[0]);
    }
    for (const b of log.batches) {
      assert.ok(b.length < 4096, 'small enough for Node\'s buffer pool');
      assert.equal(b.buffer.byteLength, b.length, 'the batch is not a slice of a larger allocation');
    }
    assert.equal(log.highWatermark, 3);
  });
});
