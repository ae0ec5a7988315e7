// The CLI's record sinks (peek --format value / jsonl as records are decoded) print exactly what
// formatBatch prints for the same messages as objects, staged or not, across flushes, and keep the
// order when values that may carry a schema-registry header are held for decodeBatch.
import * as assert from 'assert';
import { formatBatch, JsonlSink, ValueSink } from '../../../src/cli/peek';
import { encodeRecordBatch, readBatch, readHeaders, visitBatch } from '../../../src/core/protocol/record-batch';
import { parseValueSchema } from '../../../src/core/schemas/topic-settings';
import type { PeekedMessage } from '../../../src/kafka/peek';
import type { SchemaSession } from '../../../src/core/schemas/index';

const TOPIC = 'orders';

function batchOf(values: (Buffer | null)[], baseOffset: number): Buffer {
  return encodeRecordBatch(values.map((value, i) => ({
    key: i % 3 === 0 ? null : Buffer.from(`key-${i}`),
    value,
    headers: i % 4 === 1 ? [{ key: Buffer.from('trace'), value: Buffer.from(`t${i}`) }, { key: Buffer.from('none'), value: null }] : null,
    timestamp: 1700000000000 + i,
  })), { baseOffset });
}

function asMessages(batch: Buffer, partition: number): PeekedMessage[] {
  const out: PeekedMessage[] = [];
  readBatch(batch, (offset, timestamp, key, value, headers) => ({ topic: TOPIC, partition, offset, timestamp, timestampType: 'create' as const, key, value, headers: headers ?? [] }), out);
  return out;
}

function collector() {
  const chunks: Buffer[] = [];
  const write = (chunk: string | Buffer, written?: () => void) => {
    chunks.push(Buffer.from(chunk)); // a copy: the sink may reuse its buffer once `written` is called
    written?.();
    return undefined;
  };
  return { chunks, write, text: () => Buffer.concat(chunks).toString('latin1') };
}

const noSchemas = (): Promise<SchemaSession> => Promise.reject(new Error('no registry should be needed'));

describe('peek record sinks', () => {
  const values = [
    Buffer.from('plain text'), null, Buffer.alloc(0), Buffer.from('quote " and \\ and \n'), Buffer.from([0xff, 0xfe, 0x00]),
    Buffer.from('naïve'), Buffer.from('x'.repeat(5000)),
    Buffer.from([0x00, 0x41]), // starts like a Confluent header, too short to be one: held, then printed as it is
    Buffer.from('after the held one'), Buffer.from([0x03]), Buffer.from('last'),
  ];
  const batches = [batchOf(values, 100), batchOf(values.slice(0, 5), 500)];

  for (const stage of [false, true]) {
    it(`value: each value and a newline, as formatBatch writes them${stage ? ' (staged batches)' : ''}`, async () => {
      const out = collector();
      const sink = new ValueSink(out.write);
      const want: Buffer[] = [];
      for (const [p, b] of batches.entries()) {
        sink.partition();
        visitBatch(b, sink, { stage });
        await sink.flush();
        want.push(formatBatch(asMessages(b, p), 'value') as Buffer);
      }
      assert.deepStrictEqual(Buffer.concat(out.chunks), Buffer.concat(want));
    });

    it(`jsonl: the lines formatBatch writes, in order around held values${stage ? ' (staged batches)' : ''}`, async () => {
      const out = collector();
      const setting = parseValueSchema('auto');
      assert.ok(setting.ok);
      const sink = new JsonlSink(TOPIC, out.write, noSchemas, setting.setting, readHeaders);
      let want = '';
      for (const [p, b] of batches.entries()) {
        sink.partition(p, 'create');
        visitBatch(b, sink, { stage });
        await sink.flush();
        want += (formatBatch(asMessages(b, p), 'jsonl') as Buffer).toString('latin1');
      }
      assert.strictEqual(out.text(), want);
      const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as { offset: number; value: unknown; headers: unknown[] });
      assert.deepStrictEqual(lines.map((l) => l.offset), [...values.keys()].map((i) => 100 + i).concat([500, 501, 502, 503, 504]));
      assert.strictEqual(lines[7].value, '\u0000A'); // not a header after all: the bytes as text
      assert.deepStrictEqual(lines[1].headers, [{ key: 'trace', value: 't1' }, { key: 'none', value: null }]);
    });
  }

  it('--value-schema none holds nothing; glue holds every value (all go through decodeBatch)', () => {
    const none = parseValueSchema('none');
    const glue = parseValueSchema('glue');
    assert.ok(none.ok && glue.ok);
    const held = (setting: typeof none.setting) => {
      const sink = new JsonlSink(TOPIC, collector().write, noSchemas, setting, readHeaders);
      sink.partition(0, 'create');
      visitBatch(batches[0], sink);
      return (sink as unknown as { held: PeekedMessage[] }).held.length;
    };
    assert.strictEqual(held(none.setting), 0);
    assert.strictEqual(held(glue.setting), values.length);
  });
});
