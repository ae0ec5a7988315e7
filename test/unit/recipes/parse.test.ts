// The `.msk` parser: blocks, fields, values and templates, each with its range (0-based lines, UTF-16
// columns, end exclusive), and errors that say what to write instead.
import * as assert from 'node:assert/strict';
import { parseRecipe, splitLines, type Range, type RecipeError } from '../../../src/core/recipes/index';

const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const text = (src: string, r: Range) => {
  const lines = splitLines(src);
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
};
const errs = (src: string) => parseRecipe(src).errors.map((e: RecipeError) => `${at(e.range)} ${e.severity}: ${e.detail}`);
const only = (src: string): RecipeError => {
  const e = parseRecipe(src).errors;
  assert.equal(e.length, 1, JSON.stringify(e.map((x) => x.message)));
  return e[0];
};

const ORDERS = [
  '# orders for the checkout tests', //                0
  '### Order created', //                               1
  'topic: orders', //                                   2
  'key: customer-{{int 1 9}}', //                       3
  'header trace-id: {{uuid}}', //                       4
  '// a comment in the head', //                        5
  'partition: 2', //                                    6
  'count: 5', //                                        7
  'timestamp: 2026-01-31T12:00:00Z', //                 8
  '', //                                                9
  '{', //                                               10
  '  "orderId": {{seq}},', //                           11
  '  "amount": {{float 5 50 2}},', //                   12
  '  "note": "{{pick fast "same day"}}"', //            13
  '}', //                                               14
  '', //                                                15
  '### Plain text', //                                  16
  'topic: audit-log', //                                17
  'format: text', //                                    18
  '', //                                                19
  'user {{seq}} logged in', //                          20
  '', //                                                21
].join('\n');

describe('recipe parser (src/core/recipes/parse.ts)', () => {
  describe('blocks and fields, with positions', () => {
    const r = parseRecipe(ORDERS);
    const [a, b] = r.blocks;

    it('reads two blocks without errors', () => {
      assert.deepEqual(r.errors, []);
      assert.equal(r.blocks.length, 2);
      assert.deepEqual(r.blocks.map((x) => [x.index, x.title, x.topic, x.valueKind, x.hasErrors]), [[0, 'Order created', 'orders', 'json', false], [1, 'Plain text', 'audit-log', 'text', false]]);
    });

    it('gives each block its range, from its ### line to its last non-blank line', () => {
      assert.equal(at(a.range), '1:0-14:1');
      assert.equal(at(a.separatorRange!), '1:0-1:17');
      assert.equal(at(b.range), '16:0-20:22');
    });

    it('gives each field and its value a range', () => {
      assert.equal(at(a.topicRange!), '2:7-2:13');
      assert.equal(text(ORDERS, a.topicRange!), 'orders');
      assert.equal(a.key!.text, 'customer-{{int 1 9}}');
      assert.equal(at(a.key!.range), '3:5-3:25');
      assert.equal(a.headers.length, 1);
      assert.equal(a.headers[0].name, 'trace-id');
      assert.equal(at(a.headers[0].nameRange), '4:7-4:15');
      assert.equal(at(a.headers[0].range), '4:0-4:25');
      assert.equal(text(ORDERS, a.headers[0].value.range), '{{uuid}}');
      assert.deepEqual([a.partition, at(a.partitionRange!)], [2, '6:11-6:12']);
      assert.deepEqual([a.count, at(a.countRange!)], [5, '7:7-7:8']);
      assert.deepEqual([a.timestamp, at(a.timestampRange!)], [Date.UTC(2026, 0, 31, 12), '8:11-8:31']);
      assert.equal(at(a.value!.range), '10:0-14:1');
      assert.equal(text(ORDERS, a.value!.range), a.value!.text);
    });

    it('gives each template its range, its name range, its arguments and whether it is inside a JSON string', () => {
      assert.deepEqual(a.templates.map((t) => [t.helper, t.args, at(t.range), at(t.nameRange), t.inJsonString]), [
        ['int', ['1', '9'], '3:14-3:25', '3:16-3:19', false],
        ['uuid', [], '4:17-4:25', '4:19-4:23', false],
        ['seq', [], '11:13-11:20', '11:15-11:18', false],
        ['float', ['5', '50', '2'], '12:12-12:28', '12:14-12:19', false],
        ['pick', ['fast', 'same day'], '13:11-13:35', '13:13-13:17', true],
      ]);
      for (const t of a.templates) assert.equal(text(ORDERS, t.nameRange), t.helper);
    });

    it('takes a block before the first ###, without a title; comment-only blocks are no blocks', () => {
      const p = parseRecipe('// top\ntopic: a\n\nx\n### only a comment\n# nothing here\n###\ntopic: b\n');
      assert.deepEqual(p.blocks.map((x) => [x.title, x.topic, x.separatorRange ? 'sep' : 'none', x.value?.text ?? null]), [['', 'a', 'none', 'x'], ['', 'b', 'sep', null]]);
      assert.equal(p.blocks[1].index, 1);
    });

    it('counts lines as VS Code does: \\r\\n, \\r and \\n each end one', () => {
      const p = parseRecipe('### a\r\ntopic: t\rkey: k\n\n{"a": 1}');
      assert.deepEqual(p.errors, []);
      assert.equal(at(p.blocks[0].key!.range), '2:5-2:6');
      assert.equal(at(p.blocks[0].value!.range), '4:0-4:8');
    });

    it('starts a JSON value at { or [ without a blank line, and a text value after one', () => {
      const p = parseRecipe('topic: t\n[1, {{seq}}]\n###\ntopic: u\n\n  indented text\n  kept as written');
      assert.deepEqual(p.errors, []);
      assert.deepEqual(p.blocks.map((x) => [x.valueKind, x.value?.text]), [['json', '[1, {{seq}}]'], ['text', '  indented text\n  kept as written']]);
    });

    it('has no value (a tombstone) when nothing follows the fields, and count 1 by default', () => {
      const p = parseRecipe('topic: t\nkey: k\n');
      assert.deepEqual([p.blocks[0].value, p.blocks[0].count, p.blocks[0].partition, p.blocks[0].timestamp], [undefined, 1, undefined, undefined]);
    });

    it('reads `format: json` for a value that does not start with { or [, and `format: text` for one that does', () => {
      assert.equal(parseRecipe('topic: t\nformat: json\n\n"a string"').blocks[0].valueKind, 'json');
      const p = parseRecipe('topic: t\nformat: text\n\n{not json');
      assert.deepEqual([p.blocks[0].valueKind, p.errors], ['text', []]);
    });

    it('reads epoch milliseconds and ISO-8601 timestamps with offsets', () => {
      assert.equal(parseRecipe('topic: t\ntimestamp: 1767225600000').blocks[0].timestamp, 1767225600000);
      assert.equal(parseRecipe('topic: t\ntimestamp: 2026-01-01T01:00:00+01:00').blocks[0].timestamp, Date.UTC(2026, 0, 1));
      assert.equal(parseRecipe('topic: t\ntimestamp: 2026-01-01').blocks[0].timestamp, Date.UTC(2026, 0, 1));
    });

    it('keeps `\\{{` out of the templates', () => {
      const p = parseRecipe('topic: t\nkey: \\{{uuid}} {{seq}}');
      assert.deepEqual(p.blocks[0].templates.map((t) => [t.helper, at(t.range)]), [['seq', '1:15-1:22']]);
    });

    it('reads `schema:` into a reference, with its range: Glue with and without a registry, Confluent with a version and a message type', () => {
      const src = '### paid\ntopic: payments\nschema:  confluent:payments-value@3#shop.Refund\n\n{"id": "{{uuid}}"}\n### o\ntopic: orders\nSCHEMA: glue:shop-registry/OrderPlaced@latest\n### p\ntopic: p\nschema: glue:Plain#Name\n';
      const p = parseRecipe(src);
      assert.deepEqual(p.errors, []);
      const [a, b, c] = p.blocks;
      assert.deepEqual(a.schema, { registry: 'confluent', schemaName: 'payments-value', version: 3, messageType: 'shop.Refund' });
      assert.equal(at(a.schemaRange!), '2:9-2:47');
      assert.equal(text(src, a.schemaRange!), 'confluent:payments-value@3#shop.Refund');
      assert.equal(a.valueKind, 'json');
      assert.deepEqual(b.schema, { registry: 'glue', registryName: 'shop-registry', schemaName: 'OrderPlaced', version: 'latest' });
      // read from the right: `#Name` with no version is the message type, and the version is latest
      assert.deepEqual(c.schema, { registry: 'glue', schemaName: 'Plain', version: 'latest', messageType: 'Name' });
      assert.equal(parseRecipe('topic: t\nschema: glue:reg/a#b@2').blocks[0].schema?.schemaName, 'a#b');
    });

    it('counts columns in UTF-16 units, as VS Code does', () => {
      const p = parseRecipe('topic: t\nkey: 😀é{{seq}}');
      assert.equal(at(p.blocks[0].templates[0].range), '1:8-1:15');
    });
  });

  describe('errors a user can act on', () => {
    it('names the field a typo meant', () => {
      const e = parseRecipe('topik: orders\n').errors;
      assert.equal(`${at(e[0].range)} ${e[0].detail}`, '0:0-0:5 unknown field `topik`: did you mean `topic`? (fields: topic, key, header, partition, count, timestamp, format, schema)');
      assert.match(e[1].detail, /this block has no topic: add a line `topic: NAME`/);
    });

    it('points at a `schema:` that is not a reference, and says how to write one', () => {
      assert.deepEqual(errs('topic: t\nschema: avro:orders\n'), ['1:8-1:19 error: `schema`: "avro:orders" names no registry: start with glue: or confluent:, e.g. glue:REGISTRY/SCHEMA@latest, glue:SCHEMA@2 or confluent:SUBJECT@latest (add #MessageType to pick a Protobuf message)']);
      assert.match(only('topic: t\nschema: confluent:x@0\n').detail, /version 0 of "confluent:x@0": versions count from 1/);
      assert.match(only('topic: t\nschema: glue:a/b/c\n').detail, /Glue registry and schema names are letters/);
      assert.equal(at(only('topic: t\nschema: glue:{{uuid}}\n').range), '1:8-1:21');
      const empty = only('topic: t\nschema:\n');
      assert.deepEqual([at(empty.range), empty.detail.slice(0, 30)], ['1:0-1:7', '`schema`: name the schema: glu']);
      assert.match(only('topic: t\nschema: glue:a\nschema: glue:b\n').detail, /`schema` is given twice in this block \(first on line 2\)/);
      assert.equal(parseRecipe('topic: t\nschema: nope\n').blocks[0].hasErrors, true);
    });

    it('says which block lacks a topic, on its ### line', () => {
      assert.deepEqual(errs('### Refund\nkey: k\n'), ['0:0-0:10 error: this block has no topic: add a line `topic: NAME` to "Refund"']);
    });

    it('asks for a blank line between the fields and a text value', () => {
      const e = only('topic: t\nhello world\n');
      assert.equal(at(e.range), '1:0-1:11');
      assert.match(e.detail, /got 'hello world': leave a blank line between the fields and a text value/);
      assert.equal(e.message, `line 2: ${e.detail}`);
    });

    it('warns when a value line looks like a field (a stray blank line)', () => {
      assert.deepEqual(errs('topic: t\n\nkey: k\n'), ['2:0-2:6 warning: this line looks like a field but is part of the value: remove the blank line above it to make it a field']);
    });

    it('refuses a field given twice, naming the first line', () => {
      assert.deepEqual(errs('topic: a\ncount: 2\ncount: 3\n'), ['2:0-2:8 error: `count` is given twice in this block (first on line 2): keep one']);
      // two different headers are fine; the same header twice is not
      assert.deepEqual(errs('topic: a\nheader x: 1\nheader y: 2\n'), []);
      assert.match(only('topic: a\nheader x: 1\nheader x: 2\n').detail, /header `x` is given twice/);
    });

    it('checks every field value and points at it', () => {
      assert.deepEqual(errs('topic: t\npartition: -1\ncount: 0\ntimestamp: yesterday\nformat: xml\n'), [
        "1:11-1:13 error: `partition` must be a non-negative whole number, got '-1'; remove the line to let the producer choose",
        "2:7-2:8 error: `count` must be a whole number from 1 to 1000000, got '0'",
        "3:11-3:20 error: `timestamp` must be epoch milliseconds or an ISO-8601 time such as 2026-01-31T12:00:00Z, got 'yesterday'",
        "4:8-4:11 error: `format` must be json or text, got 'xml'",
      ]);
      assert.match(only('topic: t\ncount: 1000001').detail, /from 1 to 1000000/);
      assert.match(only('topic: t\npartition: 2147483648').detail, /non-negative whole number/);
    });

    it('refuses bad topic names, empty topics and templates in a topic', () => {
      assert.deepEqual(errs('topic: my topic!'), ["0:7-0:16 error: 'my topic!' is not a valid topic name: Kafka allows letters, digits, '.', '_' and '-' (1 to 249 of them)"]);
      assert.match(only('topic:').detail, /`topic` is empty: name the topic/);
      assert.match(only('topic: {{uuid}}').detail, /templates are not allowed in `topic`/);
      assert.match(only(`topic: ${'a'.repeat(250)}`).detail, /not a valid topic name/);
      assert.match(only('topic: ..').detail, /not a valid topic name/);
    });

    it('asks for a header name, and refuses an empty key', () => {
      assert.deepEqual(errs('topic: t\nheader: x\n'), ['1:0-1:9 error: `header` needs a name: write `header NAME: VALUE`, e.g. `header trace-id: {{uuid}}`']);
      assert.match(only('topic: t\nkey:\n').detail, /`key` is empty: remove the line for a null key/);
    });

    it('reports template mistakes at the template: unknown helpers with a suggestion, bad arguments, unclosed or empty templates', () => {
      assert.deepEqual(errs('topic: t\nkey: {{uuuid}}'), ['1:5-1:14 error: unknown template helper `uuuid`: did you mean `uuid`? (helpers: uuid, now, now.ms, seq, int, float, string, hex, pick, bool, faker.MODULE.METHOD)']);
      assert.deepEqual(errs('topic: t\nkey: {{int 9 1}}'), ['1:5-1:16 error: `int` min 9 is above max 1: write {{int MIN MAX}}']);
      assert.deepEqual(errs('topic: t\nkey: {{int a}}'), ["1:5-1:14 error: `int` expects whole numbers, got 'a': write {{int MIN MAX}}"]);
      assert.deepEqual(errs('topic: t\nkey: {{uuid 1}}'), ['1:5-1:15 error: `uuid` takes no arguments, got 1: write {{uuid}}']);
      assert.deepEqual(errs('topic: t\nkey: {{pick}}'), ['1:5-1:13 error: `pick` takes at least 1 argument(s), got 0: write {{pick A B C}}']);
      assert.deepEqual(errs('topic: t\nkey: a {{seq'), ['1:7-1:12 error: a template is not closed: add `}}` on the same line (write `\\{{` for a literal `{{`)']);
      assert.deepEqual(errs('topic: t\nkey: {{}}'), ['1:5-1:9 error: an empty template `{{}}`: name a helper, e.g. `{{uuid}}` (write `\\{{` for a literal `{{`)']);
      assert.match(only('topic: t\nkey: {{faker.person}}').detail, /write `faker.MODULE.METHOD`, e.g. `faker.person.fullName`/);
      assert.match(only('topic: t\nkey: {{string 99999999}}').detail, /length must be a whole number from 0 to 10485760/);
      assert.match(only('topic: t\nkey: {{float 1 2 100}}').detail, /decimals must be 0 to 99/);
    });

    it('checks a JSON value with sample values and points at the first wrong character', () => {
      assert.deepEqual(errs('topic: t\n\n{"a": 1,}'), ["2:8-2:9 error: the value is not valid JSON: a trailing comma before '}' is not allowed in JSON (write `format: text` to send it as text)"]);
      assert.deepEqual(errs('topic: t\n\n{\n  "a": 1\n  "b": 2\n}'), ["4:2-4:3 error: the value is not valid JSON: expected ',' or '}', got '\"' (write `format: text` to send it as text)"]);
      // a string left open marks the line's last character
      assert.deepEqual(errs('topic: t\n\n{"a":\n"x\ny"}'), ['3:1-3:2 error: the value is not valid JSON: a string cannot span lines: close it with " on the same line (write `format: text` to send it as text)']);
      // positions stay right after a `\{{` escape (one character shorter once filled in)
      assert.deepEqual(errs('topic: t\n\n{"a": "\\{{x}}" "b": 1}'), ["2:15-2:16 error: the value is not valid JSON: expected ',' or '}', got '\"' (write `format: text` to send it as text)"]);
    });

    it('asks to quote a template that gives text in JSON, and lets numbers, booleans and numeric picks stand bare', () => {
      assert.deepEqual(errs('topic: t\n\n{"id": {{uuid}}}'), ['2:7-2:15 error: `{{uuid}}` gives text, which JSON must quote: write "{{uuid}}"']);
      assert.deepEqual(errs('topic: t\n\n[{{seq}}, {{now.ms}}, {{int}}, {{float}}, {{bool}}, {{pick 1 2.5 true null}}, {{faker.number.int}}, {{faker.datatype.boolean}}]'), []);
      assert.match(only('topic: t\n\n[{{pick a b}}]').detail, /gives text, which JSON must quote/);
      assert.match(only('topic: t\n\n[{{faker.person.firstName}}]').detail, /gives text, which JSON must quote/);
    });

    it('marks a block with errors, and only that block', () => {
      const p = parseRecipe('### good\ntopic: a\n### bad\ntopic: b\ncount: x\n');
      assert.deepEqual(p.blocks.map((b) => b.hasErrors), [false, true]);
      assert.deepEqual(p.errors.map((e) => e.blockIndex), [1]);
    });

    it('never throws, whatever the text', () => {
      for (const t of ['', '\n', '###', '{{', '}}', '\\', 'header', 'header :', ':', '{', '[', '"', '\u0000', '\ud800', '###\n{', 'topic: t\n\n{"a": "\\u12"}']) {
        const p = parseRecipe(t);
        assert.ok(!p.errors.some((e) => e.detail.includes('please report')), `${JSON.stringify(t)}: ${p.errors.map((e) => e.message).join('; ')}`);
      }
    });
  });
});
