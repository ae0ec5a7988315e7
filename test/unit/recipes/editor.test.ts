// The pure parts of the editor support: what to complete where, the template under the cursor, folding
// ranges, and MSK003 for a recipe message above its topic's max.message.bytes.
import * as assert from 'node:assert/strict';
import { completionContext, foldingRanges, fakerDocsUrl, oversizeFindings, OVERSIZE_RULE, parseRecipe, recordBatchBytes, sampleMessage, templateAt } from '../../../src/core/recipes/index';
import { rules } from '../../../src/core/lint/index';

/** The text with `|` removed, and the position where it stood. */
function at(src: string): [string, { line: number; character: number }] {
  const i = src.indexOf('|');
  const before = src.slice(0, i);
  const line = before.split('\n').length - 1;
  return [src.slice(0, i) + src.slice(i + 1), { line, character: i - (before.lastIndexOf('\n') + 1) }];
}
const ctx = (src: string) => completionContext(...at(src));

describe('recipe editor support (src/core/recipes/editor.ts, oversize.ts)', () => {
  describe('completion context', () => {
    it('offers helpers inside an open {{, with the name typed so far and whether }} follows', () => {
      assert.deepEqual(ctx('topic: t\nkey: {{|'), { kind: 'helper', prefix: '', start: 7, end: 7, closed: false });
      assert.deepEqual(ctx('topic: t\nkey: {{u|}}'), { kind: 'helper', prefix: 'u', start: 7, end: 8, closed: true });
      assert.deepEqual(ctx('topic: t\n\n{"a": "{{faker.person.f|"}'), { kind: 'helper', prefix: 'faker.person.f', start: 9, end: 23, closed: false });
      assert.deepEqual(ctx('topic: t\nkey: {{ se|q}} {{uuid}}'), { kind: 'helper', prefix: 'se', start: 8, end: 11, closed: true });
    });

    it('offers nothing in a template\'s arguments, after a closed one, or after \\{{', () => {
      assert.equal(ctx('topic: t\nkey: {{int 1|'), undefined);
      assert.equal(ctx('topic: t\n\nx {{seq}} |'), undefined);
      assert.equal(ctx('topic: t\n\nx \\{{|'), undefined);
    });

    it('offers field names at the start of a head line, and not in a value or a comment', () => {
      assert.deepEqual(ctx('### a\ntopic: t\nco|'), { kind: 'field', prefix: 'co', start: 0, end: 2 });
      assert.deepEqual(ctx('|'), { kind: 'field', prefix: '', start: 0, end: 0 });
      assert.deepEqual(ctx('### a\n# note\n  |'), { kind: 'field', prefix: '', start: 2, end: 2 });
      assert.equal(ctx('### a\ntopic: t\n\nco|'), undefined, 'after the blank line: the value');
      assert.equal(ctx('### a\ntopic: t\n{\n  |'), undefined, 'inside a JSON value');
      assert.equal(ctx('# co|'), undefined);
    });

    it('offers topics after topic: and formats after format:', () => {
      assert.deepEqual(ctx('### a\ntopic: ord|'), { kind: 'topic', prefix: 'ord', start: 7, end: 10 });
      assert.deepEqual(ctx('topic:|'), { kind: 'topic', prefix: '', start: 6, end: 6 });
      assert.deepEqual(ctx('topic: t\nformat: |'), { kind: 'format', prefix: '', start: 8, end: 8 });
    });

    it('offers the registries after schema:, up to their colon, and nothing past it', () => {
      assert.deepEqual(ctx('topic: t\nschema: |'), { kind: 'schema', prefix: '', start: 8, end: 8 });
      assert.deepEqual(ctx('topic: t\nschema: gl|ue:reg/x'), { kind: 'schema', prefix: 'gl', start: 8, end: 13 });
      assert.equal(ctx('topic: t\nschema: glue:re|'), undefined);
    });

    it('offers nothing on a ### line', () => {
      assert.equal(ctx('### Or|'), undefined);
    });
  });

  it('finds the template under the cursor, at either brace', () => {
    const r = parseRecipe('topic: t\nkey: a-{{uuid}}\n\n{"n": {{seq}}}');
    assert.equal(templateAt(r, { line: 1, character: 7 })?.helper, 'uuid');
    assert.equal(templateAt(r, { line: 1, character: 15 })?.helper, 'uuid');
    assert.equal(templateAt(r, { line: 1, character: 5 }), undefined);
    assert.equal(templateAt(r, { line: 3, character: 9 })?.helper, 'seq');
  });

  it('folds each block, and each JSON object or array over several lines (not braces of templates or strings)', () => {
    const r = parseRecipe([
      '### one', //          0
      'topic: a', //         1
      '', //                 2
      '{', //                3
      '  "s": "{ [",', //    4
      '  "n": {{int 1 2}},', // 5
      '  "items": [', //     6
      '    1,', //           7
      '    2', //            8
      '  ]', //              9
      '}', //                10
      '### two', //          11
      'topic: b', //         12
      '### three', //        13
    ].join('\n'));
    assert.deepEqual(foldingRanges(r), [
      { start: 0, end: 10, kind: 'block' },
      { start: 6, end: 8, kind: 'json' },
      { start: 3, end: 9, kind: 'json' },
      { start: 11, end: 12, kind: 'block' },
    ]);
  });

  it('links a Faker helper to its page', () => {
    assert.equal(fakerDocsUrl('faker.person.firstName'), 'https://fakerjs.dev/api/person.html#firstname');
    assert.equal(fakerDocsUrl('uuid'), undefined);
  });

  describe('MSK003: a message above its topic\'s max.message.bytes on a connected cluster', () => {
    const src = '### big\ntopic: orders\n\n{"blob": "{{string 2000}}"}\n### small\ntopic: orders\n\n{"n": {{seq}}}\n### elsewhere\ntopic: other\n\n{"blob": "{{string 5000}}"}';
    const recipe = parseRecipe(src);

    it('is the linter\'s rule: same id, severity and doc page', () => {
      const rule = rules.find((r) => r.meta.id === 'MSK003')!;
      assert.equal(OVERSIZE_RULE, rule.meta);
    });

    it('flags the block whose sample message makes a batch above the smallest limit among the clusters that have the topic', () => {
      const big = recordBatchBytes(sampleMessage(recipe.blocks[0])!);
      assert.ok(big > 2000 && big < 2100, String(big));
      const clusters = [
        { name: 'prod', brokers: ['b-1:9098'], topicMaxMessageBytes: { orders: 2048 } },
        { name: 'dev', brokers: ['localhost:9092'], topicMaxMessageBytes: { orders: 1_048_588 } },
      ];
      const found = oversizeFindings(recipe, clusters);
      assert.deepEqual(found.map((f) => [f.ruleId, f.severity, f.blockIndex, f.bytes, f.limit, f.cluster, f.range.start.line]), [['MSK003', 'error', 0, big, 2048, 'prod', 3]]);
      assert.match(found[0].message, new RegExp(`record batch of ${big} bytes .* above the max.message.bytes of topic orders on prod \\(2048 bytes\\).*MESSAGE_TOO_LARGE`));
      // at the limit exactly, the broker takes it
      assert.deepEqual(oversizeFindings(recipe, [{ name: 'x', brokers: [], topicMaxMessageBytes: { orders: big } }]), []);
    });

    it('says nothing without a cluster that knows the topic', () => {
      assert.deepEqual(oversizeFindings(recipe, []), []);
      assert.deepEqual(oversizeFindings(recipe, [{ name: 'x', brokers: [], topicMaxMessageBytes: { unrelated: 10 } }]), []);
      assert.deepEqual(oversizeFindings(parseRecipe('topic: constructor\n\nx'), [{ name: 'x', brokers: [], topicMaxMessageBytes: {} }]), []);
    });
  });
});
