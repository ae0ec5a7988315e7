// A topic set explicitly to a registry and format (peek's --value-schema, the viewer's
// msk.schemas.topics): parsing, which rule a topic gets, and what decodeValue then does, over real
// codecs (avsc) with an in-memory registry.
import * as assert from 'assert';
import * as avro from 'avsc';
import {
  decodeValue,
  decodeValueNow,
  jsonlSchemaParts,
  mayNeedDecoding,
  parseValueSchema,
  parseValueSchemaEntry,
  SchemaSession,
  topicSchemaRules,
  valueSchemaForTopic,
  writeConfluentMessage,
  writeGlueMessage,
  type SchemaRecord,
  type SchemaSource,
} from '../../../src/core/schemas';

const GLUE_ID = '0a1b2c3d-0000-4000-8000-00000000000a';
const SCHEMA = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }, { name: 'who', type: 'string' }] };
const type = avro.Type.forSchema(SCHEMA as avro.Schema);

class Source implements SchemaSource {
  calls = 0;
  constructor(readonly kind: 'glue' | 'confluent', private readonly record: SchemaRecord) {}
  byId(id: string) {
    this.calls++;
    return id === this.record.id ? Promise.resolve(this.record) : Promise.reject(new Error(`no ${id}`));
  }
  byName() {
    return Promise.resolve(this.record);
  }
}

function session() {
  const base = { registryName: 'r', name: 'orders', version: 4, format: 'AVRO', definition: JSON.stringify(SCHEMA) } as const;
  const glue = new Source('glue', { ...base, registry: 'glue', id: GLUE_ID });
  const confluent = new Source('confluent', { ...base, registry: 'confluent', id: '7' });
  return { glue, confluent, s: new SchemaSession({ glue, confluent }) };
}

const value = { id: 42, who: 'ann "the" admin' };
const glueMsg = () => writeGlueMessage(GLUE_ID, type.toBuffer(value));
const confluentMsg = () => writeConfluentMessage(7, type.toBuffer(value));
const plain = Buffer.from(JSON.stringify(value));

describe('schemas: a topic set to a registry and format', () => {
  it('parses the flag form and the setting form, and says what is wrong', () => {
    assert.deepStrictEqual(parseValueSchema('glue'), { ok: true, setting: { registry: 'glue' } });
    assert.deepStrictEqual(parseValueSchema('Confluent:PROTOBUF'), { ok: true, setting: { registry: 'confluent', format: 'PROTOBUF' } });
    assert.deepStrictEqual(parseValueSchema('auto:avro'), { ok: true, setting: { registry: 'auto', format: 'AVRO' } });
    assert.deepStrictEqual(parseValueSchemaEntry({ registry: 'none' }), { ok: true, setting: { registry: 'none' } });
    assert.deepStrictEqual(parseValueSchemaEntry({ registry: 'glue', format: 'json' }), { ok: true, setting: { registry: 'glue', format: 'JSON' } });
    const bad = (r: ReturnType<typeof parseValueSchema>) => (r.ok ? '' : r.problem);
    assert.match(bad(parseValueSchema('glu')), /"glu" is not one of auto, glue, confluent, none/);
    assert.match(bad(parseValueSchema('glue:xml')), /"xml" is not one of avro, json, protobuf/);
    assert.match(bad(parseValueSchema('none:avro')), /none decodes nothing/);
    assert.match(bad(parseValueSchemaEntry({ registry: 'glue', fromat: 'avro' })), /unknown member "fromat"/);
    assert.match(bad(parseValueSchemaEntry(['glue'])), /give \{"registry": "glue"\}/);
  });

  it('a topic takes its exact name first, else the most specific glob, else auto; bad entries are reported and left out', () => {
    const { rules, problems } = topicSchemaRules({
      'orders-*': { registry: 'glue', format: 'avro' },
      'orders-eu-*': 'confluent',
      'orders-eu-raw': { registry: 'none' },
      'pay?ents': 'glue:protobuf',
      'b-*': 'confluent', '*-z': 'glue', // the same number of literal characters: code-point order, "*-z" first
      'broken': { registry: 'glu' },
      'a.b': 'none',
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /msk\.schemas\.topics\["broken"\]: the registry "glu" is not one of/);
    assert.deepStrictEqual(valueSchemaForTopic('orders-us-1', rules), { registry: 'glue', format: 'AVRO' });
    assert.deepStrictEqual(valueSchemaForTopic('orders-eu-1', rules), { registry: 'confluent' });
    assert.deepStrictEqual(valueSchemaForTopic('orders-eu-raw', rules), { registry: 'none' });
    assert.deepStrictEqual(valueSchemaForTopic('payments', rules), { registry: 'glue', format: 'PROTOBUF' });
    assert.deepStrictEqual(valueSchemaForTopic('b-z', rules), { registry: 'glue' });
    assert.deepStrictEqual(valueSchemaForTopic('broken', rules), { registry: 'auto' });
    // "." is a literal in a topic name, not a wildcard
    assert.deepStrictEqual(valueSchemaForTopic('aXb', rules), { registry: 'auto' });
    assert.deepStrictEqual(valueSchemaForTopic('a.b', rules), { registry: 'none' });
    assert.match(topicSchemaRules(['x']).problems[0], /is not an object/);
    assert.deepStrictEqual(topicSchemaRules(undefined), { rules: [], problems: [] });
  });

  it('none: the raw bytes even behind a valid header, and nothing is asked of the registry', async () => {
    const { s, glue } = session();
    assert.deepStrictEqual(await decodeValue(glueMsg(), s, { expect: { registry: 'none' } }), {});
    assert.equal(glue.calls, 0);
    assert.equal(mayNeedDecoding(glueMsg(), { registry: 'none' }), false);
  });

  it('glue: decodes Glue values; a plain or Confluent value keeps its bytes with the reason; a tombstone stays null', async () => {
    const { s, confluent } = session();
    const ok = await decodeValue(glueMsg(), s, { expect: { registry: 'glue' } });
    assert.deepStrictEqual(ok.decoded, value);
    const noHeader = await decodeValue(plain, s, { expect: { registry: 'glue' } });
    assert.equal(noHeader.decoded, undefined);
    assert.match(noHeader.error ?? '', /^The topic is set to Glue Schema Registry, but this value has no Glue header .*the first byte is 123, not 3\. If the topic also holds other values, set the topic's schema setting .* to auto\.$/);
    const other = await decodeValue(confluentMsg(), s, { expect: { registry: 'glue' } });
    assert.equal(other.wire, 'confluent');
    assert.match(other.error ?? '', /set to Glue Schema Registry, but this value has a Confluent Schema Registry header/);
    assert.equal(confluent.calls, 0, 'a Confluent value is not looked up when the topic is set to Glue');
    // a Glue value with a bad compression byte: the specific reason
    const badCompression = glueMsg();
    badCompression[1] = 9;
    assert.match((await decodeValue(badCompression, s, { expect: { registry: 'glue' } })).error ?? '', /Unknown Glue compression byte 9/);
    assert.deepStrictEqual(await decodeValue(null, s, { expect: { registry: 'glue' } }), {});
    // what a JSONL line shows: the bytes and the reason
    const parts = jsonlSchemaParts(noHeader, plain)!;
    assert.equal(parts.value, `{"base64":"${plain.toString('base64')}"}`);
    assert.match(parts.extra, /"schemaError":"The topic is set to Glue/);
    assert.equal(mayNeedDecoding(plain, { registry: 'glue' }), true);
    assert.equal(mayNeedDecoding(plain, { registry: 'auto' }), false);
  });

  it('confluent: decodes Confluent values only, and says so for a Glue one', async () => {
    const { s } = session();
    assert.deepStrictEqual((await decodeValue(confluentMsg(), s, { expect: { registry: 'confluent' } })).decoded, value);
    const glue = await decodeValue(glueMsg(), s, { expect: { registry: 'confluent' } });
    assert.match(glue.error ?? '', /set to Confluent Schema Registry, but this value has a Glue Schema Registry header: Not a Confluent Schema Registry message: the first byte is 3/);
  });

  it('a format given is checked against the registry\'s: a mismatch keeps the bytes and names both formats', async () => {
    const { s } = session();
    assert.deepStrictEqual((await decodeValue(glueMsg(), s, { expect: { registry: 'glue', format: 'AVRO' } })).decoded, value);
    const wrong = await decodeValue(glueMsg(), s, { expect: { registry: 'glue', format: 'PROTOBUF' } });
    assert.equal(wrong.decoded, undefined);
    assert.equal(wrong.schema?.name, 'orders');
    assert.match(wrong.error ?? '', /^The topic is set to PROTOBUF, but Glue Schema Registry says orders version 4 is AVRO: check the topic's schema setting/);
    // auto with a format: detection by header, the format still checked
    const auto = await decodeValue(confluentMsg(), s, { expect: { registry: 'auto', format: 'JSON' } });
    assert.match(auto.error ?? '', /set to JSON, but Confluent Schema Registry says orders version 4 is AVRO/);
    assert.deepStrictEqual(await decodeValue(plain, s, { expect: { registry: 'auto', format: 'JSON' } }), {});
  });

  it('decodeValueNow: undefined until the schema id has been looked up, then what decodeValue gives, without a promise', async () => {
    const { s, glue } = session();
    assert.equal(decodeValueNow(glueMsg(), s, { json: true }), undefined);
    assert.equal(glue.calls, 0, 'it asks no registry');
    // no lookup needed: answered at once
    assert.deepStrictEqual(decodeValueNow(plain, s), {});
    assert.match(decodeValueNow(plain, s, { expect: { registry: 'glue' } })?.error ?? '', /no Glue header/);
    const slow = await decodeValue(glueMsg(), s, { json: true });
    const now = decodeValueNow(glueMsg(), s, { json: true });
    assert.deepStrictEqual({ ...now, json: now?.json?.toString() }, { ...slow, json: slow.json?.toString() });
    assert.equal(glue.calls, 1);
    // a failed lookup is never answered at once: decodeValue gives its cached reason
    const unknown = writeGlueMessage('0a1b2c3d-0000-4000-8000-0000000000ff', Buffer.from([2]));
    assert.match((await decodeValue(unknown, s)).error ?? '', /no 0a1b2c3d/);
    assert.equal(decodeValueNow(unknown, s), undefined);
  });

  it('the json option gives the same text as the decoded value, as UTF-8 bytes', async () => {
    const { s } = session();
    const r = await decodeValue(glueMsg(), s, { json: true });
    assert.equal(r.decoded, undefined);
    assert.equal(r.json?.toString('utf8'), JSON.stringify(value));
    const parts = jsonlSchemaParts(r, glueMsg())!;
    assert.equal(parts.bytes?.toString('utf8'), JSON.stringify(value));
    assert.match(parts.extra, /^,"schema":\{"registry":"glue".*"name":"orders","version":4/);
  });
});
