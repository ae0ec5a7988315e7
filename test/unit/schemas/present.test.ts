import * as assert from 'assert';
import { jsonlSchemaParts, schemaLabel } from '../../../src/core/schemas';

const schema = { registry: 'glue', registryName: 'msk-sandbox-registry', name: 'OrderPlaced', version: 2, format: 'AVRO', id: '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f' } as const;

describe('schemas: presenting decoded messages', () => {
  it('labels a schema with its name, version, format and registry', () => {
    assert.equal(schemaLabel(schema), 'OrderPlaced v2 · AVRO · Glue msk-sandbox-registry');
    assert.equal(schemaLabel({ ...schema, registry: 'confluent', registryName: '127.0.0.1:18081', format: 'PROTOBUF', messageType: 'a.B' }), 'OrderPlaced v2 · PROTOBUF a.B · Confluent 127.0.0.1:18081');
  });

  it('gives a JSONL line the decoded value with the schema beside it, or the raw bytes with the reason', () => {
    assert.equal(jsonlSchemaParts({}, Buffer.from('plain')), undefined);
    const ok = jsonlSchemaParts({ wire: 'glue', schemaId: schema.id, schema, decoded: { orderId: 1 } }, Buffer.from([3]))!;
    const line = JSON.parse(`{"value":${ok.value}${ok.extra}}`) as Record<string, unknown>;
    assert.deepStrictEqual(line, { value: { orderId: 1 }, schema });
    const raw = Buffer.from([0, 0, 0, 0, 9, 1]);
    const bad = jsonlSchemaParts({ wire: 'confluent', schemaId: '9', error: 'Confluent Schema Registry has no schema 9 (40403)' }, raw)!;
    assert.deepStrictEqual(JSON.parse(`{"value":${bad.value}${bad.extra}}`), { value: { base64: raw.toString('base64') }, schemaId: '9', schemaError: 'Confluent Schema Registry has no schema 9 (40403)' });
    const expected = jsonlSchemaParts({ error: 'The topic is set to Glue Schema Registry, but this value has no Glue header' }, Buffer.from('{}'))!;
    assert.match(expected.extra, /schemaError/);
  });
});
