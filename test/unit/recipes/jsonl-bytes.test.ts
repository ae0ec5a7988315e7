// The bytes fast path of JSONL files (src/core/recipes/jsonl-bytes.ts) against the general parser
// (parseJsonMessages on the decoded text): whenever the fast path answers, it gives the same
// messages (as UTF-8 bytes) on the same lines and the general parser finds no error; it answers
// for plain files, and declines every line the general parser would read differently.
import * as assert from 'node:assert/strict';
import { parseJsonMessages } from '../../../src/core/recipes/index';
import { NO_FIELD, NULL_FIELD, pickPacked, plainJsonlMessages } from '../../../src/core/recipes/jsonl-bytes';
import { prng } from '../../helpers/prng';

/** The fast path's answer as the general parser's shape (text values), or null. */
function fast(buf: Buffer): { messages: { key?: string | null; value: string | null }[]; lines: number[] } | null {
  const r = plainJsonlMessages(buf);
  if (!r) return null;
  const text = (at: number, len: number) => (len === NULL_FIELD ? null : r.buf.toString('utf8', at, at + len));
  const messages: { key?: string | null; value: string | null }[] = [];
  for (let i = 0; i < r.count; i++) {
    const value = text(r.valueAt[i], r.valueLen[i]);
    messages.push(r.keyLen[i] === NO_FIELD ? { value } : { key: text(r.keyAt[i], r.keyLen[i]), value });
  }
  assert.deepEqual([r.keyAt.length, r.keyLen.length, r.valueAt.length, r.valueLen.length, r.lines.length], Array(5).fill(r.count));
  return { messages, lines: [...r.lines] };
}

function general(text: string): { messages: { key?: string | null; value: string | null }[]; lines: number[]; errors: number } {
  const p = parseJsonMessages(text, 'jsonl');
  return {
    messages: p.messages.map((m) => ('key' in m ? { key: m.key ?? null, value: m.value } : { value: m.value })),
    lines: p.ranges.map((r) => r.start.line),
    errors: p.errors.length,
  };
}

/** The same bytes at every alignment (the word loop reads 4 bytes at a time from the buffer's memory). */
function atOffsets(bytes: Buffer): Buffer[] {
  return [0, 1, 2, 3].map((k) => {
    const big = Buffer.alloc(bytes.length + 8, 0x22);
    bytes.copy(big, k);
    return big.subarray(k, k + bytes.length);
  });
}

function agree(bytes: Buffer, label: string): boolean {
  const g = general(bytes.toString('utf8'));
  let answered = false;
  for (const b of atOffsets(bytes)) {
    const f = fast(b);
    if (f === null) continue;
    answered = true;
    assert.equal(g.errors, 0, `${label}: the fast path took a file with errors: ${JSON.stringify(bytes.toString('latin1'))}`);
    assert.deepEqual(f.messages, g.messages, `${label}: ${JSON.stringify(bytes.toString('latin1'))}`);
    assert.deepEqual(f.lines, g.lines, `${label}: lines of ${JSON.stringify(bytes.toString('latin1'))}`);
  }
  return answered;
}

describe('JSONL bytes fast path (plainJsonlMessages)', () => {
  it('answers for plain records, with views of the file\'s bytes and the lines of the general parser', () => {
    const text = [
      '{"value":"a"}',
      '',
      '  {"key":"k1","value":"héllo wörld 😀"}  ',
      '{ "value" : null , "key" : null }',
      '\t{"key":"k2", "value":"' + 'x'.repeat(1000) + '"}\t',
      '{"value":""}\r',
      '{"value":"last"}',
    ].join('\n');
    const buf = Buffer.from(text);
    const r = plainJsonlMessages(buf);
    assert.ok(r, 'the fast path answers');
    assert.equal(r.count, 6);
    assert.equal(r.buf, buf, 'the ranges are of the file itself, not a copy');
    assert.equal(r.buf.toString('utf8', r.valueAt[1], r.valueAt[1] + r.valueLen[1]), 'héllo wörld 😀');
    assert.deepEqual([r.keyLen[0], r.keyLen[2], r.valueLen[2], r.valueLen[4]], [NO_FIELD, NULL_FIELD, NULL_FIELD, 0]);
    assert.ok(agree(buf, 'plain'));
    assert.deepEqual([...r.lines], [0, 2, 3, 4, 5, 6]);
  });

  it('picks records by index, in the order given, with their lines (a --count cycle, the set without some)', () => {
    const r = plainJsonlMessages(Buffer.from('{"value":"a"}\n\n{"key":"k","value":"b"}\n{"value":null}\n'))!;
    const p = pickPacked(r, [2, 0, 1, 0]);
    assert.equal(p.count, 4);
    assert.deepEqual([...p.lines], [3, 0, 2, 0]);
    assert.deepEqual([...p.valueLen], [NULL_FIELD, 1, 1, 1]);
    assert.deepEqual([...p.keyLen], [NO_FIELD, NO_FIELD, 1, NO_FIELD]);
    assert.equal(p.buf.toString('utf8', p.valueAt[2], p.valueAt[2] + 1), 'b');
  });

  it('declines what it does not read itself: escapes, control characters, invalid UTF-8, other fields and forms', () => {
    const declined = [
      '{"value":"a\\nb"}', '{"value":"a\\"b"}', '{"value":"tab\there"}', '{"value":"nul\u0000"}', '{"value":{"id":1}}', '{"value":1}',
      '{"key":1,"value":"v"}', '{"value":"v","headers":{"h":"1"}}', '{"value":"v","partition":0}', '{"value":"v","value":"w"}',
      '{"key":"k"}', '{"value":"v"', '{"value":"v"}x', '["value"]', '{"value":"v",}', '\uFEFF{"value":"v"}', '{"value":"v"}\r\r',
      '{"value":"a"}\r{"value":"b"}', '{"v\\u0061lue":"v"}', '{"value":nul}', '{"value":"v"}\u000b',
    ];
    // the same, in strings long enough for the WebAssembly scan
    const long = 'y'.repeat(70);
    declined.push(`{"value":"${long}\\n${long}"}`, `{"value":"${long}\\"${long}"}`, `{"key":"${long}\t","value":"v"}`, `{"value":"${long}\u0001"}`, `{"value":"${long}`);
    for (const line of declined) assert.equal(plainJsonlMessages(Buffer.from(`{"value":"ok"}\n${line}\n`)), null, line);
    assert.equal(plainJsonlMessages(Buffer.from([0x7b, 0x22, 0x76, 0x61, 0x6c, 0x75, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), null, 'invalid UTF-8');
    assert.equal(plainJsonlMessages(Buffer.from('{"value":"\xed\xa0\x80"}', 'latin1')), null, 'an encoded surrogate');
    assert.equal(plainJsonlMessages(Buffer.from(`{"value":"${long}\xff${long}"}`, 'latin1')), null, 'invalid UTF-8 in a long string');
    assert.ok(plainJsonlMessages(Buffer.from(`{"value":"${long}é${long}"}`)), 'valid UTF-8 in a long string');
  });

  it('agrees with the general parser on 5,000 random and mutated files', () => {
    const r = prng(9);
    const pieces = ['{', '}', '"', '\\', ':', ',', ' ', '\t', '\r', '\n', 'key', 'value', 'null', '"key"', '"value"', 'é', '😀', '\u0001', 'abc', 'x'.repeat(9),
      '{"value":"', '"}', '{"key":"', '","value":"', '\\n', '\\u00e9', 'headers', '1', '{"value":null}'];
    let answered = 0;
    for (let n = 0; n < 5000; n++) {
      const lines: Buffer[] = [];
      const count = 1 + Math.floor(r() * 5);
      for (let i = 0; i < count; i++) {
        const kind = r();
        let line: Buffer;
        if (kind < 0.5) {
          // a plain record, sometimes mutated
          // some long enough for the WebAssembly scan (48 bytes and more), most shorter
          const len = r() < 0.3 ? 40 + Math.floor(r() * 80) : Math.floor(r() * 12);
          let v = '';
          for (let k = 0; k < len; k++) v += r() < 0.9 ? String.fromCharCode(0x20 + Math.floor(r() * 0x5f)) : pick(r, ['é', '😀', '€', 'ü']);
          v = v.replace(/["\\]/g, '');
          const withKey = r() < 0.4;
          let s = withKey ? `{"key":${r() < 0.2 ? 'null' : `"k${n}"`},"value":"${v}"}` : `{"value":"${v}"}`;
          if (r() < 0.3) {
            const at = Math.floor(r() * (s.length + 1));
            s = s.slice(0, at) + pick(r, pieces) + s.slice(at + (r() < 0.5 ? 1 : 0));
          }
          line = Buffer.from(s);
          if (r() < 0.03) line = Buffer.concat([line.subarray(0, Math.floor(line.length / 2)), Buffer.from([0x80 + Math.floor(r() * 0x7f)]), line.subarray(Math.floor(line.length / 2))]);
        } else if (kind < 0.6) line = Buffer.from(pick(r, ['', ' ', '\t', '\r']));
        else {
          let s = '';
          const len = Math.floor(r() * 10);
          for (let k = 0; k < len; k++) s += pick(r, pieces);
          line = Buffer.from(s);
        }
        lines.push(line);
      }
      const bytes = Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from(r() < 0.1 ? '\r\n' : '\n'), l] : [l])));
      if (agree(bytes, `file ${n}`)) answered++;
    }
    assert.ok(answered > 1000, `the fast path answered for ${answered} files only`);
  });
});

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}
